//! The pipeline configuration's error: the path of the offending field and what is wrong.

use std::fmt;

use crate::calendar::CalendarError;
use crate::routing;
use crate::scoring::{AttributeType, ScoringConfigError};
use crate::sla::SlaError;
use crate::stage::Stage;

/// Why a [`Pipeline`](super::Pipeline) was refused at load: the path of the offending field
/// (`scoring.fit_rules[3].attribute`, `calendars.emea.week.mon[0]`, `.` for the whole
/// document) and what is wrong there. Displayed as `path: message`.
///
/// Fix the field the path names and load again.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The path of the offending field: names joined by `.`, list indexes in brackets.
    pub path: String,
    /// What is wrong with it.
    pub kind: ConfigErrorKind,
}

impl ConfigError {
    /// An error at `path`.
    #[must_use]
    pub fn new(path: impl Into<String>, kind: ConfigErrorKind) -> Self {
        Self {
            path: path.into(),
            kind,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ConfigErrorKind::Calendar(error) => Some(error),
            ConfigErrorKind::Scoring(error) => Some(error),
            ConfigErrorKind::Routing(error) => Some(error),
            ConfigErrorKind::Sla(error) => Some(error),
            _ => None,
        }
    }
}

/// What is wrong at a [`ConfigError`]'s path.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// The text is not valid JSON or TOML, or a field has the wrong shape, an unknown name
    /// or a missing value. Fix the syntax or the field named by the path.
    #[error("{message}")]
    Syntax {
        /// What the reader said.
        message: String,
    },
    /// The document has no `version`. Add `version = 1` (TOML) or `"version": 1` (JSON).
    #[error("missing field `version`: expected version 1")]
    MissingVersion,
    /// The document's version is not one this build reads. Convert it to version 1, or use
    /// a build that reads it.
    #[error("unsupported version {found}: this build reads version 1")]
    UnsupportedVersion {
        /// The version found, as written.
        found: String,
    },
    /// A transition the default graph does not have: a pipeline may narrow the graph, never
    /// widen it. Remove the transition.
    #[error(
        "transition {from} -> {to} is not in the default graph (a pipeline may only narrow it)"
    )]
    TransitionNotInDefault {
        /// Its source stage.
        from: Stage,
        /// Its target stage.
        to: Stage,
    },
    /// A transition is listed twice. Remove the duplicate.
    #[error("transition {from} -> {to} is listed twice")]
    DuplicateTransition {
        /// Its source stage.
        from: Stage,
        /// Its target stage.
        to: Stage,
    },
    /// A sub-status is empty or blank. Name it.
    #[error("sub-status is blank")]
    BlankSubStatus,
    /// A sub-status is listed twice for the same stage. Remove the duplicate.
    #[error("sub-status {sub_status:?} is listed twice")]
    DuplicateSubStatus {
        /// The repeated sub-status.
        sub_status: String,
    },
    /// A calendar's name is blank. Name it.
    #[error("calendar name is blank")]
    BlankCalendarName,
    /// A calendar does not build (a bad zone, time or interval). Fix it as the calendar
    /// error says.
    #[error(transparent)]
    Calendar(CalendarError),
    /// The scoring configuration is refused (bad points, caps, decay, names, thresholds).
    /// Fix the rule as the scoring error says.
    #[error(transparent)]
    Scoring(ScoringConfigError),
    /// The routing configuration is refused (territories, empty rules). Fix it as the
    /// routing error says.
    #[error(transparent)]
    Routing(routing::ConfigError),
    /// The SLA policy or a commitment is refused (a duplicate goal, a missing condition, a
    /// bad target, warning or fraction). Fix it as the SLA error says.
    #[error(transparent)]
    Sla(SlaError),
    /// A commitment names a metric no SLA goal measures. Add the goal or fix the name.
    #[error("unknown metric {metric:?}: no sla goal measures it")]
    UnknownMetric {
        /// The metric named.
        metric: String,
    },
    /// A field names an attribute that `scoring.attributes` does not declare. Declare it
    /// with its type, or fix the name (a typo would otherwise never match).
    #[error("attribute {attribute:?} is not declared in scoring.attributes")]
    UndeclaredAttribute {
        /// The attribute named.
        attribute: String,
    },
    /// A condition cannot apply to the declared type of its attribute (a range on text, a
    /// free-mail test on a number). Change the condition or the declaration.
    #[error("condition {condition} cannot apply to {attribute:?} of type {declared}")]
    TypeMismatch {
        /// The attribute.
        attribute: String,
        /// Its declared type.
        declared: AttributeType,
        /// The condition's name.
        condition: &'static str,
    },
    /// A queue is declared twice in `queues`. Remove the duplicate.
    #[error("queue {queue} is declared twice")]
    DuplicateQueue {
        /// The repeated queue.
        queue: crate::id::QueueId,
    },
    /// A field names a queue that `queues` does not declare. Declare it or fix the name.
    #[error("unknown queue \"{queue}\"")]
    UnknownQueue {
        /// The queue named.
        queue: crate::id::QueueId,
    },
    /// A field names a calendar that `calendars` does not define. Define it or fix the name.
    #[error("unknown calendar {calendar:?}")]
    UnknownCalendar {
        /// The calendar named.
        calendar: String,
    },
}
