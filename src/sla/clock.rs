//! One goal's clock over one cycle of a lead's history.

use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::business_time::WorkingTime;
use crate::event::EventEnvelope;

use super::condition::{LeadView, Trigger};
use super::goal::SlaGoal;
use super::outcome::{Escalation, GoalReport, Outcome, PauseSpan, Stop, StopCause, Timeline};

/// A goal ready to run: its definition, its clock and what reports share.
pub(crate) struct ResolvedGoal {
    pub(crate) spec: SlaGoal,
    pub(crate) name: Arc<str>,
    pub(crate) metric: Arc<str>,
    pub(crate) clock: Arc<dyn WorkingTime>,
    pub(crate) warning_after: TimeDelta,
}

/// What a clock walks over: the history, the cycle's event range and the lead as it stood
/// before the cycle.
pub(crate) struct CycleSpan<'h> {
    pub(crate) history: &'h [EventEnvelope],
    pub(crate) range: Range<usize>,
    pub(crate) entry: LeadView<'h>,
    /// When the next cycle began (at or before `now`), if it did.
    pub(crate) end: Option<DateTime<Utc>>,
    pub(crate) now: DateTime<Utc>,
    pub(crate) grade_attribute: &'h str,
}

/// The running sums of a clock.
struct Meter<'g> {
    clock: &'g dyn WorkingTime,
    target: TimeDelta,
    elapsed: TimeDelta,
    /// The start of the current running interval and the time used before it.
    running: Option<(DateTime<Utc>, TimeDelta)>,
    /// The instant the target was used up, once an interval crossed it.
    crossed: Option<DateTime<Utc>>,
}

impl Meter<'_> {
    fn resume(&mut self, at: DateTime<Utc>) {
        self.running = Some((at, self.elapsed));
    }

    /// Ends the running interval at `at`, if one runs.
    fn halt(&mut self, at: DateTime<Utc>) {
        if let Some((since, before)) = self.running.take() {
            let segment = self.clock.elapsed(since, at);
            self.elapsed = before.checked_add(&segment).unwrap_or(TimeDelta::MAX);
            if self.crossed.is_none() && before < self.target && self.elapsed >= self.target {
                self.crossed = self.clock.add(since, self.target - before);
            }
        }
    }

    /// The deadline if the clock runs on from its current interval.
    fn projected(&self, interval: Option<(DateTime<Utc>, TimeDelta)>) -> Option<DateTime<Utc>> {
        self.crossed.or_else(|| {
            interval.and_then(|(since, before)| {
                (before < self.target)
                    .then(|| self.clock.add(since, self.target - before))
                    .flatten()
            })
        })
    }
}

/// A clock walked to its stop or to `now`.
struct Walk<'g, 'h> {
    meter: Meter<'g>,
    started: DateTime<Utc>,
    pauses: Vec<PauseSpan>,
    stopped: Option<Stop>,
    /// The running interval the clock was in when it stopped or at `now`.
    last_interval: Option<(DateTime<Utc>, TimeDelta)>,
    owner: Option<&'h crate::owner::Owner>,
}

/// Runs `goal` over the cycle; `None` when its clock did not start in the cycle (by `now`)
/// or its filter did not match the lead when it started.
pub(crate) fn run(goal: &ResolvedGoal, span: &CycleSpan<'_>) -> Option<GoalReport> {
    walk(goal, span).map(|walk| finish(goal, walk))
}

fn walk<'g, 'h>(goal: &'g ResolvedGoal, span: &CycleSpan<'h>) -> Option<Walk<'g, 'h>> {
    let spec = &goal.spec;
    let now = span.now;
    let mut view = span.entry;
    let mut activities: u32 = 0;
    let mut started: Option<DateTime<Utc>> = None;
    let mut pauses: Vec<PauseSpan> = Vec::new();
    let mut meter = Meter {
        clock: &*goal.clock,
        target: spec.target.duration(),
        elapsed: TimeDelta::zero(),
        running: None,
        crossed: None,
    };
    let events = span.history.get(span.range.clone()).unwrap_or_default();
    for (offset, envelope) in events.iter().enumerate() {
        let at = envelope.occurred_at;
        if at > now {
            continue;
        }
        let before = view;
        view.apply(envelope);
        let owner_activity = before.is_owner_activity(envelope);
        if owner_activity {
            activities = activities.saturating_add(1);
        }
        let fires = |triggers: &[Trigger], count: u32| {
            triggers
                .iter()
                .any(|t| t.fires(envelope, &before, &view, count, owner_activity))
        };
        if started.is_none() {
            if !fires(&spec.start, activities) {
                continue;
            }
            let index = span.range.start + offset;
            if !spec
                .filter
                .matches(&view, span.history, index, now, span.grade_attribute)
            {
                return None;
            }
            started = Some(at);
            activities = 0;
            if spec.pause.iter().any(|p| p.holds(&view)) {
                pauses.push(PauseSpan {
                    paused_at: at,
                    resumed_at: None,
                });
            } else {
                meter.resume(at);
            }
            continue;
        }
        if fires(&spec.stop, activities) {
            let last_interval = meter.running;
            meter.halt(at);
            return Some(Walk {
                meter,
                started: started?,
                pauses,
                stopped: Some(Stop {
                    at,
                    cause: StopCause::Trigger,
                }),
                last_interval,
                owner: before.owner,
            });
        }
        let on_hold = spec.pause.iter().any(|p| p.holds(&view));
        if on_hold && meter.running.is_some() {
            meter.halt(at);
            pauses.push(PauseSpan {
                paused_at: at,
                resumed_at: None,
            });
        } else if !on_hold && meter.running.is_none() {
            end_pause(&mut pauses, at);
            meter.resume(at);
        }
    }
    let started = started?;
    let last_interval = meter.running;
    let stopped = span.end.map(|end| Stop {
        at: end,
        cause: StopCause::CycleEnded,
    });
    meter.halt(stopped.map_or(now, |s| s.at));
    Some(Walk {
        meter,
        started,
        pauses,
        stopped,
        last_interval,
        owner: view.owner,
    })
}

fn finish(goal: &ResolvedGoal, walk: Walk<'_, '_>) -> GoalReport {
    let deadline = walk.meter.projected(walk.last_interval);
    let target = walk.meter.target;
    let elapsed = walk.meter.elapsed;
    let remaining = (target - elapsed).max(TimeDelta::zero());
    let still_running = walk.stopped.is_none() && walk.last_interval.is_some();
    let outcome = if elapsed > target {
        Outcome::Breached {
            deadline,
            by: elapsed - target,
            stopped_at: walk.stopped.map(|s| s.at),
        }
    } else if let Some(stop) = walk.stopped {
        Outcome::Met {
            elapsed,
            stopped_at: stop.at,
        }
    } else if !still_running {
        Outcome::Paused {
            since: walk.pauses.last().map_or(walk.started, |p| p.paused_at),
            remaining,
        }
    } else if elapsed >= goal.warning_after {
        Outcome::AtRisk {
            deadline,
            remaining,
        }
    } else {
        Outcome::Running {
            deadline,
            remaining,
        }
    };
    GoalReport {
        goal: Arc::clone(&goal.name),
        metric: Arc::clone(&goal.metric),
        team: goal.spec.team,
        owner: walk.owner.cloned(),
        target,
        elapsed,
        escalations: escalations(&outcome, target),
        outcome,
        timeline: Timeline {
            started: walk.started,
            pauses: walk.pauses,
            stopped: walk.stopped,
            deadline,
        },
    }
}

/// The suggestions for an outcome: remind the owner when at risk; when breached and still
/// running, also tell the manager, and suggest reassigning after twice the target.
fn escalations(outcome: &Outcome, target: TimeDelta) -> Vec<Escalation> {
    match outcome {
        Outcome::AtRisk { .. } => vec![Escalation::NotifyOwner],
        Outcome::Breached {
            by,
            stopped_at: None,
            ..
        } => {
            let mut list = vec![Escalation::NotifyOwner, Escalation::EscalateToManager];
            if *by >= target {
                list.push(Escalation::Reassign);
            }
            list
        }
        _ => Vec::new(),
    }
}

/// Closes the latest pause at `at`; a pause that ends the instant it began held nothing, so
/// it leaves no trace.
fn end_pause(pauses: &mut Vec<PauseSpan>, at: DateTime<Utc>) {
    match pauses.last_mut() {
        Some(pause) if pause.paused_at == at => {
            pauses.pop();
        }
        Some(pause) => pause.resumed_at = Some(at),
        None => {}
    }
}
