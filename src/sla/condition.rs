//! The conditions a goal is made of: triggers that start and stop its clock, conditions that
//! pause it, and the filter that says which leads it applies to.

use crate::attribute::AttributeValue;
use crate::event::{Event, EventEnvelope};
use crate::id::{Source, TeamId};
use crate::owner::Owner;
use crate::stage::Stage;

use super::error::SlaError;

/// The names of the events a [`Trigger::Event`] may name ([`Event::name`]).
pub const EVENT_NAMES: [&str; 17] = [
    "captured",
    "attributes_updated",
    "activity_recorded",
    "qualified_mql",
    "handed_off",
    "accepted",
    "rejected",
    "qualified_sql",
    "converted_to_opportunity",
    "opportunity_updated",
    "won",
    "lost",
    "recycled",
    "disqualified",
    "promoted_to_advocate",
    "reassigned",
    "sub_status_set",
];

/// Something that happens at one event of the history and starts or stops a goal's clock.
///
/// A goal lists several triggers; any of them fires.
///
/// ```
/// use leadflow::Stage;
/// use leadflow::sla::Trigger;
/// let start = Trigger::Entered { stage: Stage::HandedOff };
/// let stop = Trigger::OwnerActivities { count: 1 };
/// # let _ = (start, stop);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Trigger {
    /// An event moved the lead into `stage` (a capture enters its first stage).
    Entered {
        /// The stage entered.
        stage: Stage,
    },
    /// An event moved the lead out of `stage`.
    Left {
        /// The stage left.
        stage: Stage,
    },
    /// An event of this kind occurred, named as in [`Event::name`] (`"accepted"`, …).
    Event {
        /// The event's snake-case name.
        name: String,
    },
    /// The `count`-th activity made by the lead's owner: an [`Activity`](crate::Activity)
    /// whose `by` is the user who owned the lead when it was recorded. As a stop trigger it
    /// counts from the moment the clock started; as a start trigger, from the cycle's start.
    OwnerActivities {
        /// How many owner activities it takes (at least 1).
        count: u32,
    },
}

impl Trigger {
    pub(crate) fn validate(&self, goal: &str) -> Result<(), SlaError> {
        match self {
            Trigger::Event { name } if !EVENT_NAMES.contains(&name.as_str()) => {
                Err(SlaError::UnknownEvent {
                    goal: goal.to_owned(),
                    event: name.clone(),
                })
            }
            Trigger::OwnerActivities { count: 0 } => Err(SlaError::ZeroActivities {
                goal: goal.to_owned(),
            }),
            _ => Ok(()),
        }
    }

    /// Whether this trigger fires at `envelope`, which moved the lead from `before` to
    /// `after`; `owner_activities` is the running count including this event.
    pub(crate) fn fires(
        &self,
        envelope: &EventEnvelope,
        before: &LeadView<'_>,
        after: &LeadView<'_>,
        owner_activities: u32,
        is_owner_activity: bool,
    ) -> bool {
        match self {
            Trigger::Entered { stage } => envelope.event.target_stage() == Some(*stage),
            Trigger::Left { stage } => {
                envelope.event.target_stage().is_some()
                    && before.stage == Some(*stage)
                    && after.stage != Some(*stage)
            }
            Trigger::Event { name } => envelope.event.name() == name,
            Trigger::OwnerActivities { count } => is_owner_activity && owner_activities == *count,
        }
    }
}

/// A state of the lead during which a goal's clock is paused.
///
/// A goal lists several; the clock is paused while any holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PauseCondition {
    /// The lead's sub-status is this one (for example `"waiting on prospect"`).
    SubStatus {
        /// The sub-status.
        sub_status: String,
    },
    /// The lead is in this stage (for example [`Stage::Nurture`]).
    Stage {
        /// The stage.
        stage: Stage,
    },
}

impl PauseCondition {
    pub(crate) fn holds(&self, view: &LeadView<'_>) -> bool {
        match self {
            PauseCondition::SubStatus { sub_status } => view.sub_status == Some(sub_status),
            PauseCondition::Stage { stage } => view.stage == Some(*stage),
        }
    }
}

/// Matches a text attribute against allowed values (a list attribute matches when any of its
/// items is allowed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AttributeMatch {
    /// The attribute's name.
    pub attribute: String,
    /// The allowed values.
    pub values: Vec<String>,
}

impl AttributeMatch {
    fn matches(&self, value: Option<&AttributeValue>) -> bool {
        match value {
            Some(AttributeValue::Text(text)) => self.values.iter().any(|v| v == text),
            Some(AttributeValue::List(items)) => items
                .iter()
                .any(|item| self.values.iter().any(|v| v == item)),
            _ => false,
        }
    }
}

/// Which leads a goal applies to. Every part left empty matches any lead; the parts given
/// must all match.
///
/// The filter is judged on the lead as it stood right after the event that started the
/// clock, so a later change (a new grade, a new owner) never moves a running clock to
/// another goal, and evaluating at a past `now` gives what it gave then.
///
/// ```
/// use leadflow::sla::LeadFilter;
/// let filter = LeadFilter::any().grades(["A"]).owner_teams(["emea"]);
/// assert!(!filter.is_any());
/// assert!(LeadFilter::any().is_any());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LeadFilter {
    /// The lead is in one of these stages.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub stages: Vec<Stage>,
    /// The lead's grade (read from the policy's grade attribute) is one of these.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub grades: Vec<String>,
    /// The lead came from one of these sources.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub sources: Vec<Source>,
    /// A segment attribute has one of these values.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub segment: Option<AttributeMatch>,
    /// The owner is in one of these teams.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub owner_teams: Vec<TeamId>,
}

impl LeadFilter {
    /// The filter that matches every lead.
    #[must_use]
    pub fn any() -> Self {
        Self::default()
    }

    /// Whether it matches every lead.
    #[must_use]
    pub fn is_any(&self) -> bool {
        self == &Self::default()
    }

    /// The same filter, also requiring one of `stages`.
    #[must_use]
    pub fn stages(mut self, stages: impl IntoIterator<Item = Stage>) -> Self {
        self.stages.extend(stages);
        self
    }

    /// The same filter, also requiring one of `grades`.
    #[must_use]
    pub fn grades<S: Into<String>>(mut self, grades: impl IntoIterator<Item = S>) -> Self {
        self.grades.extend(grades.into_iter().map(Into::into));
        self
    }

    /// The same filter, also requiring one of `sources`.
    #[must_use]
    pub fn sources<S: Into<Source>>(mut self, sources: impl IntoIterator<Item = S>) -> Self {
        self.sources.extend(sources.into_iter().map(Into::into));
        self
    }

    /// The same filter, also requiring the attribute `attribute` to be one of `values`.
    #[must_use]
    pub fn segment<S: Into<String>>(
        mut self,
        attribute: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        self.segment = Some(AttributeMatch {
            attribute: attribute.into(),
            values: values.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// The same filter, also requiring the owner to be in one of `teams`.
    #[must_use]
    pub fn owner_teams<S: Into<TeamId>>(mut self, teams: impl IntoIterator<Item = S>) -> Self {
        self.owner_teams.extend(teams.into_iter().map(Into::into));
        self
    }

    /// Whether the lead at `history[index]` (events after `now` ignored) matches.
    pub(crate) fn matches(
        &self,
        view: &LeadView<'_>,
        history: &[EventEnvelope],
        index: usize,
        now: chrono::DateTime<chrono::Utc>,
        grade_attribute: &str,
    ) -> bool {
        if !self.stages.is_empty() && !view.stage.is_some_and(|s| self.stages.contains(&s)) {
            return false;
        }
        if !self.sources.is_empty() && !view.source.is_some_and(|s| self.sources.contains(s)) {
            return false;
        }
        if !self.owner_teams.is_empty()
            && !view
                .owner
                .and_then(Owner::team)
                .is_some_and(|t| self.owner_teams.contains(t))
        {
            return false;
        }
        if !self.grades.is_empty() {
            let ok = match attribute_at(history, index, now, grade_attribute) {
                Some(AttributeValue::Text(text)) => self.grades.iter().any(|g| g == text),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        if let Some(segment) = &self.segment {
            if !segment.matches(attribute_at(history, index, now, &segment.attribute)) {
                return false;
            }
        }
        true
    }
}

/// The value of attribute `name` right after `history[index]`, found by scanning back to the
/// latest event that set or removed it (events after `now` ignored). No allocation.
fn attribute_at<'h>(
    history: &'h [EventEnvelope],
    index: usize,
    now: chrono::DateTime<chrono::Utc>,
    name: &str,
) -> Option<&'h AttributeValue> {
    let upto = history.get(..=index)?;
    for envelope in upto.iter().rev() {
        if envelope.occurred_at > now {
            continue;
        }
        match &envelope.event {
            Event::AttributesUpdated { set, remove } => {
                if let Some(value) = set.get(name) {
                    return Some(value);
                }
                if remove.iter().any(|r| r == name) {
                    return None;
                }
            }
            Event::Captured { attributes, .. } => return attributes.get(name),
            _ => {}
        }
    }
    None
}

/// The little of a lead's state the SLA engine reads, borrowed from the history: folding it
/// allocates nothing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LeadView<'h> {
    pub(crate) stage: Option<Stage>,
    pub(crate) sub_status: Option<&'h str>,
    pub(crate) owner: Option<&'h Owner>,
    pub(crate) source: Option<&'h Source>,
}

impl<'h> LeadView<'h> {
    /// Applies one event, as [`Lead::evolve`](crate::Lead::evolve) does for these fields.
    pub(crate) fn apply(&mut self, envelope: &'h EventEnvelope) {
        if let Some(stage) = envelope.event.target_stage() {
            self.stage = Some(stage);
            self.sub_status = None;
        }
        match &envelope.event {
            Event::Captured { owner, source, .. } => {
                self.owner = owner.as_ref();
                self.source = source.as_ref();
            }
            Event::HandedOff { to } | Event::Reassigned { to, .. } => self.owner = Some(to),
            Event::Accepted { owner } => self.owner = Some(owner),
            Event::SubStatusSet { sub_status } => self.sub_status = sub_status.as_deref(),
            _ => {}
        }
    }

    /// Whether `envelope` is an activity made by the user who owns the lead.
    pub(crate) fn is_owner_activity(&self, envelope: &EventEnvelope) -> bool {
        match (&envelope.event, self.owner.and_then(Owner::user_id)) {
            (Event::ActivityRecorded { activity }, Some(owner)) => {
                activity.by.as_ref() == Some(owner)
            }
            _ => false,
        }
    }
}
