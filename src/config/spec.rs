//! The pipeline configuration as data: what a host stores, reviews and loads.

use std::collections::BTreeMap;

use crate::calendar::CalendarSpec;
use crate::routing::{Queue, RoutingConfig};
use crate::scoring::{Definition, ScoringConfig};
use crate::sla::{Commitment, SlaPolicy};
use crate::stage::Stage;

/// The configuration version this build reads and writes.
pub const PIPELINE_VERSION: u32 = 1;

/// One allowed stage change, `from -> to`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Transition {
    /// The stage the lead leaves.
    pub from: Stage,
    /// The stage it enters.
    pub to: Stage,
}

/// The serialized form of a [`Pipeline`](super::Pipeline), version 1: plain data, not yet
/// validated. Every section but `version` may be left out.
///
/// | field | meaning | when absent |
/// |---|---|---|
/// | `version` | the format version, `1` | an error |
/// | `transitions` | the allowed transitions, a narrowing of the default graph | the default graph |
/// | `sub_statuses` | each stage's allowed sub-statuses (a stage not listed allows none) | any sub-status |
/// | `calendars` | business calendars by name | none |
/// | `scoring` | the rule scorer's configuration, declaring the attributes | no rules, no attributes |
/// | `qualification` | the definition of a good lead (the MQL guard) | every lead qualifies |
/// | `queues` | the queues leads are routed to | none |
/// | `routing` | the routing rules | no rules, unassigned |
/// | `sla` | the SLA policy: goals with targets in calendar time or on a named calendar | no goals |
/// | `commitments` | period commitments (MQL volume, fraction within the SLA, MQLs worked) | none |
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(title = "leadflow pipeline configuration")
)]
pub struct PipelineSpec {
    /// The format version; this build reads `1`.
    pub version: u32,
    /// The allowed transitions: a subset of the default graph. Absent: the default graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<Vec<Transition>>,
    /// Each stage's allowed sub-statuses. When any stage is listed, a stage not listed
    /// allows none; when the map is empty, any sub-status is allowed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sub_statuses: BTreeMap<Stage, Vec<String>>,
    /// Business calendars by name, for business-time targets.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// The rule scorer's configuration; it declares the attributes other sections may name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<ScoringConfig>,
    /// The agreed definition of a good lead: the guard on Inquiry→MQL and Nurture→MQL.
    #[serde(default)]
    pub qualification: Definition,
    /// The queues leads may be routed to, with their teams.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<Queue>,
    /// The routing rules.
    #[serde(default)]
    pub routing: RoutingConfig,
    /// The SLA policy; its business-time goals name calendars of `calendars`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<SlaPolicy>,
    /// The period commitments; a `within_sla` commitment names a metric of the SLA's goals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
}

impl PipelineSpec {
    /// An empty version-1 pipeline: the default graph, no rules.
    #[must_use]
    pub fn new() -> Self {
        Self {
            version: PIPELINE_VERSION,
            transitions: None,
            sub_statuses: BTreeMap::new(),
            calendars: BTreeMap::new(),
            scoring: None,
            qualification: Definition::default(),
            queues: Vec::new(),
            routing: RoutingConfig::default(),
            sla: None,
            commitments: Vec::new(),
        }
    }
}

impl Default for PipelineSpec {
    fn default() -> Self {
        Self::new()
    }
}
