//! SLA policies (versioned lists of goals) and the host's named calendars.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::business_time::WorkingTime;

use super::error::SlaError;
use super::goal::{SlaGoal, Target};

/// The attribute the host writes a lead's grade into, unless a policy names another.
pub const DEFAULT_GRADE_ATTRIBUTE: &str = "grade";

/// The most goals one policy version may hold.
pub const MAX_GOALS: usize = 100;

/// The most policy versions an [`SlaEvaluator`](super::SlaEvaluator) may hold.
pub const MAX_POLICIES: usize = 1_000;

/// A version of the SLA between marketing and sales: ordered goals, in force from
/// `effective_from`.
///
/// A lead's cycle keeps the version in force when the cycle started (the latest version
/// whose `effective_from` is at or before the cycle's first event); a new version applies to
/// new cycles only.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use leadflow::sla::{Calendars, SlaGoal, SlaPolicy, SlaError, Target};
/// let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
/// let policy = SlaPolicy::new(1, from)
///     .goal(SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(4))));
/// assert!(policy.validate(&Calendars::new()).is_ok());
///
/// // Business time on a calendar the host did not supply is refused.
/// let bad = SlaPolicy::new(2, from)
///     .goal(SlaGoal::time_to_accept(Target::business(TimeDelta::hours(4), "emea")));
/// assert!(matches!(bad.validate(&Calendars::new()), Err(SlaError::UnknownCalendar { .. })));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlaPolicy {
    /// The version number, unique among the versions the host keeps.
    pub version: u32,
    /// When the version comes into force (for cycles starting then or later).
    pub effective_from: DateTime<Utc>,
    /// The attribute holding the lead's grade, read by [`LeadFilter::grades`](super::LeadFilter).
    #[cfg_attr(feature = "serde", serde(default = "default_grade_attribute"))]
    pub grade_attribute: String,
    /// The goals, in order: among goals of one metric, the first that matches applies.
    pub goals: Vec<SlaGoal>,
}

#[cfg(feature = "serde")]
fn default_grade_attribute() -> String {
    DEFAULT_GRADE_ATTRIBUTE.to_owned()
}

impl SlaPolicy {
    /// An empty policy `version`, in force from `effective_from`.
    #[must_use]
    pub fn new(version: u32, effective_from: DateTime<Utc>) -> Self {
        Self {
            version,
            effective_from,
            grade_attribute: DEFAULT_GRADE_ATTRIBUTE.to_owned(),
            goals: Vec::new(),
        }
    }

    /// The same policy with `goal` appended.
    #[must_use]
    pub fn goal(mut self, goal: SlaGoal) -> Self {
        self.goals.push(goal);
        self
    }

    /// The same policy reading grades from `attribute`.
    #[must_use]
    pub fn grade_attribute(mut self, attribute: impl Into<String>) -> Self {
        self.grade_attribute = attribute.into();
        self
    }

    /// Checks every goal, and that every business calendar is among `calendars`.
    ///
    /// # Errors
    /// The first problem found: [`SlaError::DuplicateGoal`], [`SlaError::InvalidWarning`],
    /// [`SlaError::InvalidTarget`], [`SlaError::MissingCondition`],
    /// [`SlaError::UnknownEvent`], [`SlaError::ZeroActivities`],
    /// [`SlaError::UnknownCalendar`] or [`SlaError::TooMany`] (more than [`MAX_GOALS`]).
    pub fn validate(&self, calendars: &Calendars) -> Result<(), SlaError> {
        if self.goals.len() > MAX_GOALS {
            return Err(SlaError::TooMany {
                what: "goals",
                count: self.goals.len(),
                max: MAX_GOALS,
            });
        }
        let mut names = BTreeSet::new();
        for goal in &self.goals {
            if !names.insert(goal.name.as_str()) {
                return Err(SlaError::DuplicateGoal {
                    version: self.version,
                    goal: goal.name.clone(),
                });
            }
            goal.validate()?;
            calendars.resolve(&goal.name, &goal.target)?;
        }
        Ok(())
    }
}

/// The host's business calendars by name, each measured through [`WorkingTime`].
///
/// Calendar-time targets need none. The crate's business [`Calendar`](crate::Calendar)
/// implements [`WorkingTime`], and so may any host type.
///
/// ```
/// use leadflow::CalendarTime;
/// use leadflow::sla::Calendars;
/// let calendars = Calendars::new().with("round-the-clock", CalendarTime);
/// assert!(calendars.get("round-the-clock").is_some());
/// assert_eq!(calendars.names().collect::<Vec<_>>(), ["round-the-clock"]);
/// ```
#[derive(Clone, Default)]
pub struct Calendars {
    map: BTreeMap<String, Arc<dyn WorkingTime>>,
}

impl Calendars {
    /// No calendars.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The same set with `calendar` under `name` (replacing one of that name).
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, calendar: impl WorkingTime + 'static) -> Self {
        self.insert(name, Arc::new(calendar));
        self
    }

    /// Adds or replaces the calendar named `name`.
    pub fn insert(&mut self, name: impl Into<String>, calendar: Arc<dyn WorkingTime>) {
        self.map.insert(name.into(), calendar);
    }

    /// The calendar named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&dyn WorkingTime> {
        self.map.get(name).map(|c| &**c as &dyn WorkingTime)
    }

    /// The names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The clock that measures `target`: calendar time, or the named business calendar.
    pub(crate) fn resolve(
        &self,
        goal: &str,
        target: &Target,
    ) -> Result<Arc<dyn WorkingTime>, SlaError> {
        match target.calendar_name() {
            None => Ok(Arc::new(crate::business_time::CalendarTime)),
            Some(name) => self
                .map
                .get(name)
                .cloned()
                .ok_or_else(|| SlaError::UnknownCalendar {
                    goal: goal.to_owned(),
                    calendar: name.to_owned(),
                }),
        }
    }
}

impl fmt::Debug for Calendars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.map.keys()).finish()
    }
}
