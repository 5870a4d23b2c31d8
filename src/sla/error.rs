//! Why an SLA policy or commitment was refused.

/// Why an SLA policy, a set of policy versions or a commitment was refused at validation.
///
/// Evaluation itself never fails: every check happens once, when the
/// [`SlaEvaluator`](super::SlaEvaluator) is built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SlaError {
    /// No policy version was given. Pass at least one [`SlaPolicy`](super::SlaPolicy).
    #[error("no sla policy given")]
    NoPolicy,
    /// Two policies share a version number. Give every version its own number.
    #[error("sla policy version {version} is given twice")]
    DuplicateVersion {
        /// The repeated version.
        version: u32,
    },
    /// A policy holds more goals than [`MAX_GOALS`](super::MAX_GOALS), or an evaluator more
    /// policy versions than [`MAX_POLICIES`](super::MAX_POLICIES). Merge goals, or keep only
    /// the versions still in force for the histories evaluated.
    #[error("{count} {what}, at most {max}")]
    TooMany {
        /// What there are too many of (`goals`, `policies`).
        what: &'static str,
        /// How many were given.
        count: usize,
        /// The cap.
        max: usize,
    },
    /// Two goals of one policy share a name. Rename one: reports are keyed by goal name.
    #[error("policy version {version} has two goals named {goal:?}")]
    DuplicateGoal {
        /// The policy version.
        version: u32,
        /// The repeated name.
        goal: String,
    },
    /// A goal measures business time on a calendar the host did not supply. Add the
    /// calendar to the [`Calendars`](super::Calendars) or fix the name.
    #[error("goal {goal:?} uses unknown calendar {calendar:?}")]
    UnknownCalendar {
        /// The goal.
        goal: String,
        /// The calendar name it asks for.
        calendar: String,
    },
    /// A warning threshold outside (0, 1]. Give a fraction of the target such as `0.75`.
    #[error("goal {goal:?} has warning threshold {warning}, expected a fraction in (0, 1]")]
    InvalidWarning {
        /// The goal.
        goal: String,
        /// The threshold given.
        warning: f64,
    },
    /// A target that is zero, negative or beyond the representable range. Give a positive
    /// duration.
    #[error("goal {goal:?} has a target of {seconds} s, expected a positive duration")]
    InvalidTarget {
        /// The goal.
        goal: String,
        /// The target given, in seconds.
        seconds: i64,
    },
    /// A goal without a start or without a stop condition would never run or never stop.
    /// Give at least one trigger of each.
    #[error("goal {goal:?} has no {which} condition")]
    MissingCondition {
        /// The goal.
        goal: String,
        /// `"start"` or `"stop"`.
        which: &'static str,
    },
    /// A trigger names an event that does not exist. Use an event's snake-case name as in
    /// [`Event::name`](crate::Event::name), for example `"accepted"`.
    #[error("goal {goal:?} names unknown event {event:?}")]
    UnknownEvent {
        /// The goal.
        goal: String,
        /// The name given.
        event: String,
    },
    /// A trigger counts zero owner activities, which would fire before anything happened.
    /// Count at least one.
    #[error("goal {goal:?} counts zero owner activities")]
    ZeroActivities {
        /// The goal.
        goal: String,
    },
    /// A commitment with a fraction outside [0, 1] or a non-finite one. Give for example
    /// `0.95` for 95 %.
    #[error("commitment fraction {fraction} is outside [0, 1]")]
    InvalidFraction {
        /// The fraction given.
        fraction: f64,
    },
}
