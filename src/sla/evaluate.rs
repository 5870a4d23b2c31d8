//! The evaluator: policy versions resolved against the host's calendars, applied to one
//! lead's history at a given `now`, cycle by cycle.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::event::EventEnvelope;
use crate::stage::Stage;

use super::clock::{self, CycleSpan, ResolvedGoal};
use super::condition::LeadView;
use super::error::SlaError;
use super::goal::SlaGoal;
use super::outcome::{CycleReport, LeadSla};
use super::policy::{Calendars, SlaPolicy};
use super::summary::SlaSummary;

/// A policy version ready to run.
struct Resolved {
    version: u32,
    effective_from: DateTime<Utc>,
    grade_attribute: String,
    goals: Vec<ResolvedGoal>,
    /// Goal indices grouped by metric, groups in order of first appearance.
    groups: Vec<Vec<usize>>,
}

impl Resolved {
    fn new(policy: &SlaPolicy, calendars: &Calendars) -> Result<Self, SlaError> {
        policy.validate(calendars)?;
        let mut goals = Vec::with_capacity(policy.goals.len());
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for (index, spec) in policy.goals.iter().enumerate() {
            match groups.iter_mut().find(|(metric, _)| *metric == spec.metric) {
                Some((_, group)) => group.push(index),
                None => groups.push((spec.metric.as_str(), vec![index])),
            }
            goals.push(ResolvedGoal {
                spec: spec.clone(),
                name: Arc::from(spec.name.as_str()),
                metric: Arc::from(spec.metric.as_str()),
                clock: calendars.resolve(&spec.name, &spec.target)?,
                warning_after: spec.warning_after(),
            });
        }
        Ok(Self {
            version: policy.version,
            effective_from: policy.effective_from,
            grade_attribute: policy.grade_attribute.clone(),
            goals,
            groups: groups.into_iter().map(|(_, group)| group).collect(),
        })
    }
}

/// Evaluates SLA policies over lead histories: validated once, then infallible.
///
/// **Versions.** Built with [`SlaEvaluator::new`] from every policy version the host keeps,
/// each cycle of a lead runs under the latest version whose `effective_from` is at or before
/// the cycle's first event (ties go to the higher version); a cycle that began before any
/// version was in force is reported with no goals. Built with [`SlaEvaluator::fixed`], every
/// cycle runs under the one policy given (for what-if comparisons).
///
/// **Cycles.** A cycle begins at the capture, and again whenever an event brings the lead
/// from an exit stage (Nurture, Disqualified, Lost) back into the progression (for example
/// re-qualified as an MQL after a recycle). A clock still running when its cycle ends stops
/// there ([`StopCause::CycleEnded`](super::StopCause::CycleEnded)).
///
/// **Time.** Only events with `occurred_at <= now` count, so evaluating at a past `now`
/// gives exactly what it gave then. Durations are measured through
/// [`WorkingTime`](crate::WorkingTime): calendar time, or the goal's named calendar.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use leadflow::*;
/// use leadflow::sla::{Calendars, OutcomeKind, SlaEvaluator, SlaGoal, SlaPolicy, Target};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let policy = SlaPolicy::new(1, t0 - TimeDelta::days(30))
///     .goal(SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(4))));
/// let evaluator = SlaEvaluator::new(&[policy], &Calendars::new())?;
///
/// // Captured, qualified and handed off at 9:00; nobody accepts.
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
/// let at = |h| evaluator.evaluate(&history, t0 + TimeDelta::hours(h))
///     .current_goal("time_to_accept").map(|g| g.outcome.kind());
/// assert_eq!(at(1), Some(OutcomeKind::Running));
/// assert_eq!(at(3), Some(OutcomeKind::AtRisk));   // past 75 % of 4 h
/// assert_eq!(at(5), Some(OutcomeKind::Breached));
/// # Ok(())
/// # }
/// ```
pub struct SlaEvaluator {
    versions: Vec<Resolved>,
    fixed: bool,
}

impl fmt::Debug for SlaEvaluator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlaEvaluator")
            .field(
                "versions",
                &self.versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            )
            .field("fixed", &self.fixed)
            .finish()
    }
}

impl SlaEvaluator {
    /// An evaluator over every policy version the host keeps.
    ///
    /// # Errors
    /// [`SlaError::NoPolicy`] for an empty slice, [`SlaError::DuplicateVersion`] when two
    /// policies share a version, [`SlaError::TooMany`] for more than
    /// [`MAX_POLICIES`](super::MAX_POLICIES) versions, or the first error of
    /// [`SlaPolicy::validate`](super::SlaPolicy::validate).
    pub fn new(policies: &[SlaPolicy], calendars: &Calendars) -> Result<Self, SlaError> {
        if policies.is_empty() {
            return Err(SlaError::NoPolicy);
        }
        if policies.len() > super::policy::MAX_POLICIES {
            return Err(SlaError::TooMany {
                what: "policies",
                count: policies.len(),
                max: super::policy::MAX_POLICIES,
            });
        }
        let mut versions = policies
            .iter()
            .map(|p| Resolved::new(p, calendars))
            .collect::<Result<Vec<_>, _>>()?;
        versions.sort_by_key(|v| (v.effective_from, v.version));
        let mut seen: Vec<u32> = versions.iter().map(|v| v.version).collect();
        seen.sort_unstable();
        if let Some(pair) = seen.windows(2).find(|w| w.first() == w.get(1)) {
            return Err(SlaError::DuplicateVersion {
                version: pair.first().copied().unwrap_or_default(),
            });
        }
        Ok(Self {
            versions,
            fixed: false,
        })
    }

    /// An evaluator that runs every cycle under `policy`, whatever its `effective_from`.
    ///
    /// # Errors
    /// The first error of [`SlaPolicy::validate`](super::SlaPolicy::validate).
    pub fn fixed(policy: &SlaPolicy, calendars: &Calendars) -> Result<Self, SlaError> {
        Ok(Self {
            versions: vec![Resolved::new(policy, calendars)?],
            fixed: true,
        })
    }

    /// The version a cycle starting at `start` runs under.
    #[must_use]
    pub fn version_at(&self, start: DateTime<Utc>) -> Option<u32> {
        self.resolved_at(start).map(|v| v.version)
    }

    /// The goal named `name` in policy `version`, as the host defined it (the worklist reads
    /// its stop triggers to say what the next expected action is).
    #[must_use]
    pub fn goal(&self, version: u32, name: &str) -> Option<&SlaGoal> {
        self.versions
            .iter()
            .find(|v| v.version == version)?
            .goals
            .iter()
            .map(|g| &g.spec)
            .find(|spec| spec.name == name)
    }

    fn resolved_at(&self, start: DateTime<Utc>) -> Option<&Resolved> {
        if self.fixed {
            return self.versions.first();
        }
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective_from <= start)
    }

    /// The SLA report of one lead's history at `now`: every cycle, every goal whose clock
    /// started by `now`.
    #[must_use]
    pub fn evaluate(&self, history: &[EventEnvelope], now: DateTime<Utc>) -> LeadSla {
        let mut report = LeadSla {
            lead_id: history.first().map(|e| e.lead_id),
            now: Some(now),
            cycles: Vec::new(),
        };
        let mut view = LeadView::default();
        let mut open: Option<(usize, LeadView<'_>)> = None;
        let mut number: u32 = 0;
        for (index, envelope) in history.iter().enumerate() {
            if envelope.occurred_at > now {
                continue;
            }
            let begins = match open {
                None => true,
                Some(_) => reenters(view.stage, envelope),
            };
            if begins {
                if let Some((start, entry)) = open {
                    let span = (start..index, entry, Some(envelope.occurred_at));
                    report.cycles.push(self.cycle(history, span, now, number));
                }
                number = number.saturating_add(1);
                open = Some((index, view));
            }
            view.apply(envelope);
        }
        if let Some((start, entry)) = open {
            let span = (start..history.len(), entry, None);
            report.cycles.push(self.cycle(history, span, now, number));
        }
        report
    }

    fn cycle<'h>(
        &self,
        history: &'h [EventEnvelope],
        (range, entry, end): (std::ops::Range<usize>, LeadView<'h>, Option<DateTime<Utc>>),
        now: DateTime<Utc>,
        number: u32,
    ) -> CycleReport {
        let started_at = history
            .get(range.start)
            .map_or(now, |envelope| envelope.occurred_at);
        let policy = self.resolved_at(started_at);
        let mut goals = Vec::new();
        if let Some(policy) = policy {
            let span = CycleSpan {
                history,
                range,
                entry,
                end,
                now,
                grade_attribute: &policy.grade_attribute,
            };
            for group in &policy.groups {
                let report = group
                    .iter()
                    .filter_map(|&i| policy.goals.get(i))
                    .find_map(|goal| clock::run(goal, &span));
                goals.extend(report);
            }
        }
        CycleReport {
            cycle: number,
            started_at,
            ended_at: end,
            policy_version: policy.map(|p| p.version),
            goals,
        }
    }

    /// Evaluates many leads in one pass and sums their outcomes.
    pub fn summarize<H: AsRef<[EventEnvelope]>>(
        &self,
        histories: impl IntoIterator<Item = H>,
        now: DateTime<Utc>,
    ) -> SlaSummary {
        let mut summary = SlaSummary::new();
        for history in histories {
            summary.add(&self.evaluate(history.as_ref(), now));
        }
        summary
    }
}

/// Whether `envelope` brings a lead in `stage` back from an exit stage into the progression.
fn reenters(stage: Option<Stage>, envelope: &EventEnvelope) -> bool {
    matches!(
        stage,
        Some(Stage::Nurture | Stage::Disqualified | Stage::Lost)
    ) && envelope
        .event
        .target_stage()
        .is_some_and(|s| s.progression_rank().is_some())
}
