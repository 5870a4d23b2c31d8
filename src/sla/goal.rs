//! Goals: what must happen within what time, for which leads, and the ready-made goals of the
//! marketing–sales SLA.

use chrono::TimeDelta;

use crate::stage::{Stage, Team};

use super::condition::{LeadFilter, PauseCondition, Trigger};
use super::error::SlaError;

/// How much time a goal allows: calendar time (every second counts) or business time on a
/// named calendar (only its open hours count). Serialized in whole seconds.
///
/// ```
/// use chrono::TimeDelta;
/// use leadflow::sla::Target;
/// let four_business_hours = Target::business(TimeDelta::hours(4), "emea");
/// assert_eq!(four_business_hours.calendar_name(), Some("emea"));
/// let two_days = Target::business_days(2, 8, "emea");
/// assert_eq!(two_days.duration(), TimeDelta::hours(16));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Target {
    /// Calendar time: every second counts.
    Calendar {
        /// The time allowed.
        #[cfg_attr(feature = "serde", serde(rename = "seconds", with = "super::secs"))]
        #[cfg_attr(feature = "schema", schemars(with = "i64"))]
        duration: TimeDelta,
    },
    /// Business time: only the open hours of the named calendar count.
    Business {
        /// The business time allowed.
        #[cfg_attr(feature = "serde", serde(rename = "seconds", with = "super::secs"))]
        #[cfg_attr(feature = "schema", schemars(with = "i64"))]
        duration: TimeDelta,
        /// The calendar's name in the host's [`Calendars`](super::Calendars).
        calendar: String,
    },
}

impl Target {
    /// A calendar-time target.
    #[must_use]
    pub fn calendar(duration: TimeDelta) -> Self {
        Target::Calendar { duration }
    }

    /// A business-time target on the calendar named `calendar`.
    #[must_use]
    pub fn business(duration: TimeDelta, calendar: impl Into<String>) -> Self {
        Target::Business {
            duration,
            calendar: calendar.into(),
        }
    }

    /// `days` business days of `hours_per_day` open hours each on `calendar`: a calendar
    /// open 9:00–17:00 has 8-hour days, so 2 business days are 16 business hours.
    #[must_use]
    pub fn business_days(days: u32, hours_per_day: u32, calendar: impl Into<String>) -> Self {
        Self::business(
            TimeDelta::hours(i64::from(days) * i64::from(hours_per_day)),
            calendar,
        )
    }

    /// The time allowed.
    #[must_use]
    pub fn duration(&self) -> TimeDelta {
        match self {
            Target::Calendar { duration } | Target::Business { duration, .. } => *duration,
        }
    }

    /// The calendar, for a business-time target.
    #[must_use]
    pub fn calendar_name(&self) -> Option<&str> {
        match self {
            Target::Calendar { .. } => None,
            Target::Business { calendar, .. } => Some(calendar),
        }
    }
}

/// The warning threshold of the ready-made goals: at risk once 75 % of the target is used.
pub const DEFAULT_WARNING: f64 = 0.75;

/// One goal of an [`SlaPolicy`](super::SlaPolicy): a clock that starts at a start trigger,
/// stops at a stop trigger, is paused while a pause condition holds, and must stop within
/// the target.
///
/// Goals with the same `metric` compete: in each cycle, the first of them (in policy order)
/// that started with a matching [`LeadFilter`] applies, so a policy can say "grade A: accept
/// within 2 hours; everyone else: within 4".
///
/// ```
/// use chrono::TimeDelta;
/// use leadflow::sla::{LeadFilter, PauseCondition, SlaGoal, Target};
/// let goal = SlaGoal::time_to_first_touch(Target::business(TimeDelta::hours(4), "emea"))
///     .named("first touch, grade A")
///     .for_leads(LeadFilter::any().grades(["A"]))
///     .paused_when(PauseCondition::SubStatus { sub_status: "waiting on prospect".into() })
///     .warning_at(0.5);
/// assert_eq!(goal.metric, "time_to_first_touch");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlaGoal {
    /// The goal's name, unique in its policy; reports are keyed by it.
    pub name: String,
    /// What the goal measures; goals with the same metric compete (first match wins).
    pub metric: String,
    /// The team responsible for meeting it.
    pub team: Team,
    /// Which leads it applies to.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "LeadFilter::is_any")
    )]
    pub filter: LeadFilter,
    /// The clock starts at the first of these in a cycle.
    pub start: Vec<Trigger>,
    /// The clock stops at the first of these after it started.
    pub stop: Vec<Trigger>,
    /// The clock is paused while any of these holds.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub pause: Vec<PauseCondition>,
    /// The time allowed.
    pub target: Target,
    /// The fraction of the target after which a running clock is at risk, in (0, 1].
    pub warning: f64,
}

impl SlaGoal {
    /// A goal named `name` (also its metric) for `team`, with no filter, no pause
    /// conditions and the [`DEFAULT_WARNING`].
    #[must_use]
    pub fn new(
        name: impl Into<String>,
        team: Team,
        start: Vec<Trigger>,
        stop: Vec<Trigger>,
        target: Target,
    ) -> Self {
        let name = name.into();
        Self {
            metric: name.clone(),
            name,
            team,
            filter: LeadFilter::any(),
            start,
            stop,
            pause: Vec::new(),
            target,
            warning: DEFAULT_WARNING,
        }
    }

    /// Sales accepts or rejects a handed-off lead: from the handoff until the lead leaves
    /// [`Stage::HandedOff`]. Metric `time_to_accept`.
    #[must_use]
    pub fn time_to_accept(target: Target) -> Self {
        Self::new(
            "time_to_accept",
            Team::Sales,
            vec![Trigger::Entered {
                stage: Stage::HandedOff,
            }],
            vec![Trigger::Left {
                stage: Stage::HandedOff,
            }],
            target,
        )
    }

    /// The owner touches a handed-off lead: from the handoff until the first activity made
    /// by the owning user (the stop also comes when sales rejects the lead to Nurture or
    /// Disqualified, which is an answer too). Metric `time_to_first_touch`.
    #[must_use]
    pub fn time_to_first_touch(target: Target) -> Self {
        Self::new(
            "time_to_first_touch",
            Team::Sales,
            vec![Trigger::Entered {
                stage: Stage::HandedOff,
            }],
            vec![
                Trigger::OwnerActivities { count: 1 },
                Trigger::Entered {
                    stage: Stage::Nurture,
                },
                Trigger::Entered {
                    stage: Stage::Disqualified,
                },
            ],
            target,
        )
    }

    /// Follow-up cadence: `activities` activities by the owner within `within` of acceptance
    /// (see [`Target::business_days`]). The clock also stops when the lead moves on from
    /// SAL (qualified, recycled, ruled out). Metric `follow_up_cadence`.
    #[must_use]
    pub fn follow_up_cadence(activities: u32, within: Target) -> Self {
        Self::new(
            "follow_up_cadence",
            Team::Sales,
            vec![Trigger::Entered { stage: Stage::Sal }],
            vec![
                Trigger::OwnerActivities { count: activities },
                Trigger::Left { stage: Stage::Sal },
            ],
            within,
        )
    }

    /// Marketing hands an MQL off: from qualification until the lead leaves
    /// [`Stage::Mql`]. Metric `mql_handoff_wait`.
    #[must_use]
    pub fn mql_handoff_wait(target: Target) -> Self {
        Self::new(
            "mql_handoff_wait",
            Team::Marketing,
            vec![Trigger::Entered { stage: Stage::Mql }],
            vec![Trigger::Left { stage: Stage::Mql }],
            target,
        )
    }

    /// The same goal under another name (the metric stays).
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The same goal measuring another metric.
    #[must_use]
    pub fn with_metric(mut self, metric: impl Into<String>) -> Self {
        self.metric = metric.into();
        self
    }

    /// The same goal for the leads `filter` matches.
    #[must_use]
    pub fn for_leads(mut self, filter: LeadFilter) -> Self {
        self.filter = filter;
        self
    }

    /// The same goal, also paused while `condition` holds.
    #[must_use]
    pub fn paused_when(mut self, condition: PauseCondition) -> Self {
        self.pause.push(condition);
        self
    }

    /// The same goal with another warning threshold (a fraction of the target).
    #[must_use]
    pub fn warning_at(mut self, fraction: f64) -> Self {
        self.warning = fraction;
        self
    }

    /// The same goal with another responsible team.
    #[must_use]
    pub fn owned_by(mut self, team: Team) -> Self {
        self.team = team;
        self
    }

    /// Checks everything but the calendar name.
    pub(crate) fn validate(&self) -> Result<(), SlaError> {
        let goal = || self.name.clone();
        if !(self.warning.is_finite() && self.warning > 0.0 && self.warning <= 1.0) {
            return Err(SlaError::InvalidWarning {
                goal: goal(),
                warning: self.warning,
            });
        }
        if self.target.duration() <= TimeDelta::zero() {
            return Err(SlaError::InvalidTarget {
                goal: goal(),
                seconds: self.target.duration().num_seconds(),
            });
        }
        if self.start.is_empty() {
            return Err(SlaError::MissingCondition {
                goal: goal(),
                which: "start",
            });
        }
        if self.stop.is_empty() {
            return Err(SlaError::MissingCondition {
                goal: goal(),
                which: "stop",
            });
        }
        for trigger in self.start.iter().chain(&self.stop) {
            trigger.validate(&self.name)?;
        }
        Ok(())
    }

    /// The working time used when the clock counts as at risk, in whole seconds (rounded up).
    pub(crate) fn warning_after(&self) -> TimeDelta {
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        let seconds = (self.target.duration().num_seconds() as f64 * self.warning).ceil() as i64;
        TimeDelta::try_seconds(seconds).unwrap_or(TimeDelta::MAX)
    }
}
