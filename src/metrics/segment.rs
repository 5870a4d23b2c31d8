//! Segments: a named filter over a lead's stage and attributes, giving membership.

use std::collections::BTreeSet;

use crate::attribute::{AttributeValue, Attributes};
use crate::lead::Lead;
use crate::stage::Stage;

/// One condition on an attribute. A lead without the attribute fails every condition except
/// [`Condition::Absent`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Condition {
    /// The attribute is set.
    Present {
        /// The attribute's name.
        attribute: String,
    },
    /// The attribute is not set.
    Absent {
        /// The attribute's name.
        attribute: String,
    },
    /// The attribute is a text equal to one of `values`.
    TextIn {
        /// The attribute's name.
        attribute: String,
        /// The accepted texts.
        values: Vec<String>,
    },
    /// The attribute is a number at least `min`.
    NumberAtLeast {
        /// The attribute's name.
        attribute: String,
        /// The inclusive lower bound.
        min: f64,
    },
    /// The attribute is a number below `max`.
    NumberBelow {
        /// The attribute's name.
        attribute: String,
        /// The exclusive upper bound.
        max: f64,
    },
    /// The attribute is the flag `value`.
    Flag {
        /// The attribute's name.
        attribute: String,
        /// The expected flag.
        value: bool,
    },
    /// The attribute is a list containing `value`.
    ListContains {
        /// The attribute's name.
        attribute: String,
        /// The expected element.
        value: String,
    },
}

impl Condition {
    /// Whether `attributes` satisfy the condition.
    #[must_use]
    pub fn holds(&self, attributes: &Attributes) -> bool {
        match self {
            Condition::Present { attribute } => attributes.contains_key(attribute),
            Condition::Absent { attribute } => !attributes.contains_key(attribute),
            Condition::TextIn { attribute, values } => {
                matches!(attributes.get(attribute), Some(AttributeValue::Text(t)) if values.contains(t))
            }
            Condition::NumberAtLeast { attribute, min } => {
                matches!(attributes.get(attribute), Some(AttributeValue::Number(n)) if n >= min)
            }
            Condition::NumberBelow { attribute, max } => {
                matches!(attributes.get(attribute), Some(AttributeValue::Number(n)) if n < max)
            }
            Condition::Flag { attribute, value } => {
                matches!(attributes.get(attribute), Some(AttributeValue::Bool(b)) if b == value)
            }
            Condition::ListContains { attribute, value } => {
                matches!(attributes.get(attribute), Some(AttributeValue::List(l)) if l.contains(value))
            }
        }
    }
}

/// A named segment: leads whose current stage is one of `stages` (any stage when empty) and
/// whose attributes meet every condition. Used as a report [`Dimension`](super::Dimension):
/// membership is evaluated on the stage and attributes at the end of each history the host
/// passes in, and a lead may belong to several segments (it is then counted in each).
///
/// ```
/// use leadflow::metrics::{Condition, Segment};
/// use leadflow::{AttributeValue, Attributes, Stage};
///
/// let enterprise = Segment::new("enterprise")
///     .with_condition(Condition::NumberAtLeast { attribute: "employees".into(), min: 1000.0 });
/// let mut attributes = Attributes::new();
/// attributes.insert("employees".into(), AttributeValue::number(5000.0).unwrap());
/// assert!(enterprise.matches(Stage::Mql, &attributes));
/// assert!(!enterprise.matches(Stage::Mql, &Attributes::new()));
/// let open = enterprise.in_stages([Stage::Sal, Stage::Sql]);
/// assert!(!open.matches(Stage::Mql, &attributes));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Segment {
    /// The segment's name, used as the dimension value.
    pub name: String,
    /// The stages a member may be in; empty for any stage.
    #[cfg_attr(feature = "serde", serde(default))]
    pub stages: BTreeSet<Stage>,
    /// The conditions a member meets, all of them.
    #[cfg_attr(feature = "serde", serde(default))]
    pub conditions: Vec<Condition>,
}

impl Segment {
    /// A segment named `name` that every lead belongs to, until narrowed.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            stages: BTreeSet::new(),
            conditions: Vec::new(),
        }
    }

    /// The same segment, narrowed to leads in one of `stages`.
    #[must_use]
    pub fn in_stages(mut self, stages: impl IntoIterator<Item = Stage>) -> Self {
        self.stages.extend(stages);
        self
    }

    /// The same segment with one more condition.
    #[must_use]
    pub fn with_condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// Whether a lead in `stage` with `attributes` is a member.
    #[must_use]
    pub fn matches(&self, stage: Stage, attributes: &Attributes) -> bool {
        (self.stages.is_empty() || self.stages.contains(&stage))
            && self.conditions.iter().all(|c| c.holds(attributes))
    }

    /// Whether `lead` is a member now.
    #[must_use]
    pub fn contains(&self, lead: &Lead) -> bool {
        self.matches(lead.stage(), lead.attributes())
    }
}
