//! Picking within the matched pool (weighted round robin by turn, or lowest load), and the
//! fallback when nobody qualifies.

use chrono::{DateTime, Utc};

use crate::id::UserId;
use crate::owner::Owner;
use crate::routing::config::{Fallback, Strategy};
use crate::routing::cursor::{CursorUpdate, PoolCursor, RoundRobinState};
use crate::routing::decision::{
    Because, FallbackCause, RoutingDecision, RuleTrace, SkipReason, Skipped,
};
use crate::routing::error::RoutingError;
use crate::routing::roster::{Rep, Roster};
use crate::routing::route::rep_owner;
use crate::routing::router::{Pool, Router};

/// Whether candidate `a` (credit after this turn's weight was added, weight) should take the
/// turn before candidate `b`, given the available reps' total weight.
///
/// Earliest deadline first: a rep whose credit is positive is due a turn, and the one whose
/// next turn is most overdue relative to its weight, `(total - credit) / weight` smallest,
/// goes first. Unlike picking the largest credit (nginx's smooth round robin, which can drift
/// slightly more than one turn from the exact share), this keeps every rep within one turn
/// of `decisions × weight / total`. Why: with an unchanged pool, after `n` decisions a rep's
/// credit is `n·w − c·W` (`c` its turns), so "due" means `c < n·w/W` (it never runs ahead
/// by a whole turn), and the pick is earliest-deadline-first over unit jobs whose `k`-th is
/// due by `k·W/w`; their total rate is exactly one per decision, so EDF meets every deadline
/// (Liu and Layland), hence `c ≥ ⌊n·w/W⌋`. Cross-multiplied in `i128`, so exact.
fn due_before(a: (i64, u32), b: (i64, u32), total: i64) -> bool {
    let key =
        |(credit, weight): (i64, u32)| (i128::from(total) - i128::from(credit), i128::from(weight));
    match (a.0 > 0, b.0 > 0) {
        (true, false) => true,
        (false, true) => false,
        // Nobody due (only after availability changed): the largest credit goes first.
        (false, false) => a.0 > b.0,
        (true, true) => {
            let ((a_gap, a_weight), (b_gap, b_weight)) = (key(a), key(b));
            a_gap.saturating_mul(b_weight) < b_gap.saturating_mul(a_weight)
        }
    }
}

impl Router {
    /// Picks a rep from `pool` by rule `rule`'s strategy, or falls back.
    pub(crate) fn pick(
        &self,
        rule: usize,
        pool: &Pool,
        roster: &Roster,
        cursor: &RoundRobinState,
        now: DateTime<Utc>,
        rules: Vec<RuleTrace>,
    ) -> Result<RoutingDecision, RoutingError> {
        if pool.reps.is_empty() {
            let cause = FallbackCause::EmptyPool { rule };
            return Ok(self.fall_back(Some(rule), cause, rules, Vec::new()));
        }
        let strategy = self.strategy(rule);
        let old = match strategy {
            Strategy::RoundRobin => cursor.pool(&pool.key),
            Strategy::LowestLoad => None,
        };
        let mut skipped = Vec::new();
        // Pass 1: availability, total weight of the available reps.
        let mut reps: Vec<(&Rep, bool)> = Vec::with_capacity(pool.reps.len());
        let mut total: i64 = 0;
        for &index in &pool.reps {
            let rep = self.rep_at(roster, index)?;
            let reason = rep
                .unavailability(now)
                .or_else(|| (rep.weight == 0).then_some(SkipReason::ZeroWeight));
            if let Some(reason) = reason {
                skipped.push(Skipped {
                    rep: rep.id.clone(),
                    reason,
                });
            } else {
                total = total.saturating_add(i64::from(rep.weight));
            }
            reps.push((rep, reason.is_none()));
        }
        let available = reps.len().saturating_sub(skipped.len());
        if available == 0 {
            let cause = FallbackCause::NobodyAvailable { rule };
            return Ok(self.fall_back(Some(rule), cause, rules, skipped));
        }
        let pool_size = reps.len();
        let picked = match strategy {
            Strategy::LowestLoad => lowest_load(&reps).map(|rep| {
                let because = Because::LowestLoad {
                    load: rep.load,
                    pool_size,
                    available,
                };
                (rep, because, None)
            }),
            Strategy::RoundRobin => take_turn(&reps, old, total).map(|(rep, state)| {
                let because = Because::RoundRobin {
                    pool_size,
                    available,
                };
                let update = CursorUpdate {
                    pool: pool.key.clone(),
                    state,
                };
                (rep, because, Some(update))
            }),
        };
        Ok(match picked {
            Some((rep, because, cursor)) => RoutingDecision {
                owner: Some(rep_owner(rep)),
                because,
                rules,
                skipped,
                cursor,
            },
            None => self.fall_back(
                Some(rule),
                FallbackCause::NobodyAvailable { rule },
                rules,
                skipped,
            ),
        })
    }

    /// The fallback decision of rule `rule` (`None`: the default fallback).
    pub(crate) fn fall_back(
        &self,
        rule: Option<usize>,
        cause: FallbackCause,
        rules: Vec<RuleTrace>,
        skipped: Vec<Skipped>,
    ) -> RoutingDecision {
        let owner = match self.fallback(rule) {
            Fallback::Queue { queue } => Some(self.queue_owner(queue)),
            Fallback::Manager { id, team } => {
                let owner = Owner::user(id.clone());
                Some(match team {
                    Some(team) => owner.in_team(team.clone()),
                    None => owner,
                })
            }
            Fallback::Unassigned => None,
        };
        RoutingDecision {
            owner,
            because: Because::Fallback { cause },
            rules,
            skipped,
            cursor: None,
        }
    }
}

/// The available rep with the lowest load; ties go to the first (smallest id).
fn lowest_load<'r>(reps: &[(&'r Rep, bool)]) -> Option<&'r Rep> {
    let mut best: Option<&Rep> = None;
    for &(rep, available) in reps {
        if available && best.is_none_or(|b| rep.load < b.load) {
            best = Some(rep);
        }
    }
    best
}

/// Whose turn it is among the available reps, and the pool's new credits: every available
/// rep earns its weight, the chosen one pays the available reps' total weight; unavailable
/// reps keep their credit.
fn take_turn<'r>(
    reps: &[(&'r Rep, bool)],
    old: Option<&PoolCursor>,
    total: i64,
) -> Option<(&'r Rep, PoolCursor)> {
    let mut credits: Vec<(UserId, i64)> = Vec::with_capacity(reps.len());
    let mut best: Option<(usize, i64, u32)> = None;
    // Both the pool and the old state are in rep id order: merge them, no lookups.
    let mut previous = old.map(|c| c.iter().peekable());
    for (position, &(rep, available)) in reps.iter().enumerate() {
        let mut credit = 0;
        if let Some(previous) = previous.as_mut() {
            while let Some(&(id, value)) = previous.peek() {
                // Equal ids (interned: one address): this rep's credit.
                if *id == rep.id {
                    credit = value;
                    previous.next();
                    break;
                }
                if *id > rep.id {
                    break;
                }
                previous.next(); // a rep no longer in the pool
            }
        }
        if available {
            credit = credit.saturating_add(i64::from(rep.weight));
            let better = best.is_none_or(|(_, b_credit, b_weight)| {
                due_before((credit, rep.weight), (b_credit, b_weight), total)
            });
            if better {
                best = Some((position, credit, rep.weight));
            }
        }
        credits.push((rep.id.clone(), credit));
    }
    let (position, ..) = best?;
    let rep = reps.get(position)?.0;
    let slot = credits.get_mut(position)?;
    slot.1 = slot.1.saturating_sub(total);
    Some((rep, PoolCursor::from_sorted(credits)))
}
