//! Building a worklist: each lead's most urgent open sales goal, scored and explained.

use chrono::{DateTime, Utc};

use crate::event::EventEnvelope;
use crate::id::UserId;
use crate::lead::Lead;
use crate::scoring::{Profile, Scorer};
use crate::sla::{GoalReport, LeadSla, Outcome, SlaEvaluator, SlaGoal, Trigger};
use crate::stage::{Stage, Team};

use super::entry::{NextAction, Scope, WorklistEntry};
use super::key::Urgency;
use super::list::Worklist;

/// Whether a lead in `stage` can be on a worklist: handed off, accepted, or further in an
/// open sales stage.
#[must_use]
pub fn is_open_stage(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::HandedOff | Stage::Sal | Stage::Sql | Stage::Opportunity
    )
}

/// Collects the entries of one scope at one `now`, lead by lead, then sorts them.
///
/// A lead gets an entry when, at `now`, it is owned within the scope, it stands in an open
/// sales stage ([`is_open_stage`]) and a sales goal of its current cycle has a clock that
/// still runs (running, at risk, or breached and not stopped). Paused clocks wait on someone
/// else and do not put a lead on the list.
///
/// ```
/// use chrono::{DateTime, TimeDelta, TimeZone, Utc};
/// use leadflow::*;
/// use leadflow::scoring::{BandThresholds, GradeThresholds, Profile, ScoreCard};
/// use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
/// use leadflow::worklist::{NextAction, Scope, WorklistBuilder};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let policy = SlaPolicy::new(1, t0 - TimeDelta::days(1))
///     .goal(SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(4))));
/// let evaluator = SlaEvaluator::new(&[policy], &Calendars::new())?;
/// let flat = |_: &Profile<'_>, _: DateTime<Utc>| {
///     ScoreCard::new(vec![], &GradeThresholds::default(), &BandThresholds::default())
/// };
///
/// let machine = Machine::new();
/// let mia = Actor::new("mia", Role::Marketer);
/// let mut history = Vec::new();
/// for (n, action) in [Action::capture(), Action::QualifyMql,
///                     Action::HandOff { to: Owner::user("ana") }].into_iter().enumerate() {
///     let lead = replay(&history)?;
///     let command = Command::new(LeadId::from_u128(1), CommandId::from_u128(n as u128),
///         mia.clone(), t0, lead.as_ref().map_or(0, Lead::version), action);
///     history.extend(machine.decide(lead.as_ref(), &command)?.into_events());
/// }
///
/// let mut builder = WorklistBuilder::new(Scope::user("ana"), &evaluator, &flat,
///                                        t0 + TimeDelta::hours(1));
/// assert!(builder.add_history(&history));
/// let list = builder.build();
/// assert_eq!(list.entries()[0].next_action, NextAction::AcceptOrReject);
/// # Ok(())
/// # }
/// ```
pub struct WorklistBuilder<'a> {
    scope: Scope,
    evaluator: &'a SlaEvaluator,
    scorer: &'a dyn Scorer,
    now: DateTime<Utc>,
    entries: Vec<crate::worklist::WorklistEntry>,
}

impl std::fmt::Debug for WorklistBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorklistBuilder")
            .field("scope", &self.scope)
            .field("evaluator", &self.evaluator)
            .field("now", &self.now)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl<'a> WorklistBuilder<'a> {
    /// An empty builder for `scope` at `now`.
    #[must_use]
    pub fn new(
        scope: Scope,
        evaluator: &'a SlaEvaluator,
        scorer: &'a dyn Scorer,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            scope,
            evaluator,
            scorer,
            now,
            entries: Vec::new(),
        }
    }

    /// Adds one lead from its history (events after `now` are ignored); returns whether it
    /// made the list. The lead is folded first, and evaluated and scored only if its owner
    /// and stage qualify.
    pub fn add_history(&mut self, history: &[EventEnvelope]) -> bool {
        let Some(lead) = fold(history, self.now) else {
            return false;
        };
        if !self.qualifies(&lead) {
            return false;
        }
        let sla = self.evaluator.evaluate(history, self.now);
        self.add_evaluated(&lead, &sla)
    }

    /// Adds one lead the host already folded and evaluated at the same `now` (a cached
    /// state); returns whether it made the list.
    pub fn add_evaluated(&mut self, lead: &Lead, sla: &LeadSla) -> bool {
        if !self.qualifies(lead) {
            return false;
        }
        match entry(lead, sla, self.evaluator, self.scorer, self.now) {
            Some(entry) => {
                self.entries.push(entry);
                true
            }
            None => false,
        }
    }

    fn qualifies(&self, lead: &Lead) -> bool {
        is_open_stage(lead.stage()) && self.scope.matches(lead.owner())
    }

    /// The sorted worklist.
    #[must_use]
    pub fn build(self) -> Worklist {
        Worklist::from_entries(self.entries)
    }
}

/// The worklist of `scope` at `now` over many histories, most urgent first (see
/// [`WorklistKey`](super::WorklistKey) for the order and [`WorklistBuilder`] for which leads
/// make it).
pub fn worklist<H: AsRef<[EventEnvelope]>>(
    scope: &Scope,
    histories: impl IntoIterator<Item = H>,
    evaluator: &SlaEvaluator,
    scorer: &dyn Scorer,
    now: DateTime<Utc>,
) -> Worklist {
    let mut builder = WorklistBuilder::new(scope.clone(), evaluator, scorer, now);
    for history in histories {
        builder.add_history(history.as_ref());
    }
    builder.build()
}

/// The first `n` entries of one rep's worklist at `now`: what a report prints at the end of
/// a period. Render it with `Display`.
pub fn rep_top<H: AsRef<[EventEnvelope]>>(
    rep: impl Into<UserId>,
    n: usize,
    histories: impl IntoIterator<Item = H>,
    evaluator: &SlaEvaluator,
    scorer: &dyn Scorer,
    now: DateTime<Utc>,
) -> Worklist {
    worklist(&Scope::user(rep), histories, evaluator, scorer, now).top(n)
}

/// The lead as of `now`: every event up to `now`, folded without rules.
fn fold(history: &[EventEnvelope], now: DateTime<Utc>) -> Option<Lead> {
    let mut events = history.iter().filter(|e| e.occurred_at <= now);
    let mut lead = Lead::start(events.next()?);
    for envelope in events {
        lead.evolve(envelope);
    }
    Some(lead)
}

/// The urgency of a goal whose clock still runs; `None` for met, paused or stopped goals.
fn urgency(outcome: &Outcome) -> Option<Urgency> {
    match outcome {
        Outcome::Running { remaining, .. } => Some(Urgency::Running {
            remaining: *remaining,
        }),
        Outcome::AtRisk { remaining, .. } => Some(Urgency::AtRisk {
            remaining: *remaining,
        }),
        Outcome::Breached {
            by,
            stopped_at: None,
            ..
        } => Some(Urgency::Breached { overdue: *by }),
        _ => None,
    }
}

fn deadline(outcome: &Outcome) -> Option<DateTime<Utc>> {
    match outcome {
        Outcome::Running { deadline, .. }
        | Outcome::AtRisk { deadline, .. }
        | Outcome::Breached { deadline, .. } => *deadline,
        _ => None,
    }
}

/// The entry of a lead in an open stage, if a sales goal of its current cycle runs.
fn entry(
    lead: &Lead,
    sla: &LeadSla,
    evaluator: &SlaEvaluator,
    scorer: &dyn Scorer,
    now: DateTime<Utc>,
) -> Option<WorklistEntry> {
    let cycle = sla.current()?;
    let (goal, urgency) = cycle
        .goals
        .iter()
        .filter(|g| g.team == Team::Sales)
        .filter_map(|g| Some((g, urgency(&g.outcome)?)))
        .min_by_key(|(_, u)| *u)?;
    let spec = cycle
        .policy_version
        .and_then(|v| evaluator.goal(v, &goal.goal));
    let summary = scorer.summary(&Profile::of(lead), now);
    Some(WorklistEntry {
        lead_id: lead.id(),
        owner: lead.owner().cloned(),
        stage: lead.stage(),
        cycle: cycle.cycle,
        goal: goal.goal.clone(),
        metric: goal.metric.clone(),
        urgency,
        deadline: deadline(&goal.outcome),
        score: summary.total,
        grade: summary.grade,
        next_action: next_action(lead, goal, spec, now),
        escalations: goal.escalations.clone(),
    })
}

/// The next expected action: from the goal's stop triggers, else from the ready-made
/// metric names.
fn next_action(
    lead: &Lead,
    goal: &GoalReport,
    spec: Option<&SlaGoal>,
    now: DateTime<Utc>,
) -> NextAction {
    let stops = spec.map_or(&[][..], |s| s.stop.as_slice());
    let leaves = |stage| {
        stops
            .iter()
            .any(|t| matches!(t, Trigger::Left { stage: s } if *s == stage))
    };
    if leaves(Stage::HandedOff) || (spec.is_none() && &*goal.metric == "time_to_accept") {
        return NextAction::AcceptOrReject;
    }
    let wanted = stops.iter().find_map(|t| match t {
        Trigger::OwnerActivities { count } => Some(*count),
        _ => None,
    });
    match wanted {
        Some(1) => return NextAction::FirstTouch,
        Some(of) => {
            let done = owner_activities_since(lead, goal, now);
            let number = done.saturating_add(1).min(of);
            return NextAction::FollowUp { number, of };
        }
        None => {}
    }
    if spec.is_none() && &*goal.metric == "time_to_first_touch" {
        return NextAction::FirstTouch;
    }
    stops
        .iter()
        .find_map(|t| match t {
            Trigger::Left { stage } => Some(NextAction::MoveOn { from: *stage }),
            _ => None,
        })
        .unwrap_or(NextAction::Work)
}

/// The activities made by the lead's current owner since the goal's clock started.
fn owner_activities_since(lead: &Lead, goal: &GoalReport, now: DateTime<Utc>) -> u32 {
    let Some(user) = lead.owner().and_then(crate::owner::Owner::user_id) else {
        return 0;
    };
    let started = goal.timeline.started;
    let n = lead
        .activities()
        .iter()
        .filter(|a| a.at >= started && a.at <= now && a.by.as_ref() == Some(user))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}
