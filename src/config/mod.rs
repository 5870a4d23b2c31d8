//! The pipeline configuration (feature `config`): every rule of a pipeline as one value of
//! data, loaded from JSON or TOML and validated at load.
//!
//! A [`Pipeline`] ties together the allowed transitions (a narrowing of the default graph),
//! each stage's sub-statuses, the business calendars, the scorer's configuration, the
//! qualification definition, the queues and the routing rules, the SLA policy and the period
//! commitments. Its serialized form is a
//! [`PipelineSpec`], versioned (`version = 1`; any other version is refused).
//!
//! Loading checks every section and the references between them: rules and criteria that
//! name undeclared attributes, routing rules and fallbacks that name undeclared queues,
//! SLA goals on undefined calendars, commitments on metrics no goal measures, transitions
//! outside the default graph. A [`ConfigError`] names the path of the offending
//! field and says what is wrong there, as `path: message`:
//!
//! ```
//! use leadflow::config::Pipeline;
//! let error = Pipeline::from_toml_str(r#"
//!     version = 1
//!     [scoring.attributes]
//!     country = "text"
//!     [qualification]
//!     required_attributes = ["country", "company"]
//! "#).unwrap_err();
//! assert_eq!(error.to_string(),
//!     r#"qualification.required_attributes[1]: attribute "company" is not declared in scoring.attributes"#);
//! ```
//!
//! A valid pipeline builds the configured [`Machine`] (graph, sub-statuses,
//! the qualification guard judged with the configured scorer), its calendars, and a
//! [`Router`] over the host's roster:
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use leadflow::config::Pipeline;
//! use leadflow::*;
//! let pipeline = Pipeline::from_json_str(r#"{
//!   "version": 1,
//!   "transitions": [{"from": "inquiry", "to": "mql"}, {"from": "mql", "to": "handed_off"}],
//!   "sub_statuses": {"inquiry": ["new", "attempting_contact"]},
//!   "scoring": {"attributes": {"company": "text"}},
//!   "qualification": {"required_attributes": ["company"]}
//! }"#)?;
//! let machine = pipeline.machine();
//! let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
//! let mia = Actor::new("mia", Role::Marketer);
//! let id = LeadId::from_u128(1);
//! let capture = Command::new(id, CommandId::from_u128(1), mia.clone(), at, 0, Action::capture());
//! let lead = replay(&machine.decide(None, &capture)?.into_events())?.expect("captured");
//! // No company yet: the guard refuses, naming the criterion.
//! let qualify = Command::new(id, CommandId::from_u128(2), mia, at, 1, Action::QualifyMql);
//! assert!(matches!(machine.decide(Some(&lead), &qualify), Err(Refusal::GuardUnmet { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod load;
#[cfg(feature = "schema")]
mod schema;
mod spec;
mod validate;
mod validate_sla;

use std::collections::BTreeMap;

pub use error::{ConfigError, ConfigErrorKind};
#[cfg(feature = "schema")]
pub use schema::json_schema;
pub use spec::{PIPELINE_VERSION, PipelineSpec, Transition};

use crate::calendar::Calendar;
use crate::graph::TransitionGraph;
use crate::machine::{Machine, SubStatuses};
use crate::policy::DefaultPolicy;
use crate::routing::{self, Roster, Router};
use crate::scoring::{QualificationCriteria, RuleScorer};
use crate::sla::{Calendars, SlaError, SlaEvaluator};

/// The machine a [`Pipeline`] builds: the default policy and the configured criteria.
pub type PipelineMachine = Machine<DefaultPolicy, QualificationCriteria<RuleScorer>>;

/// A validated pipeline configuration; see the [module docs](self).
///
/// With serde it serializes as its [`PipelineSpec`] and deserializes through
/// [`Pipeline::from_spec`], so it can sit inside a host's own configuration; prefer
/// [`Pipeline::from_json_str`] and [`Pipeline::from_toml_str`] at the top level, whose
/// errors carry the path of the offending field.
///
/// ```
/// use leadflow::Stage;
/// use leadflow::config::Pipeline;
/// let pipeline = Pipeline::from_toml_str(r#"
///     version = 1
///     transitions = [{ from = "inquiry", to = "mql" }, { from = "mql", to = "handed_off" }]
/// "#)?;
/// assert!(pipeline.graph().allows(Stage::Mql, Stage::HandedOff));
/// assert!(!pipeline.graph().allows(Stage::HandedOff, Stage::Sal));
///
/// // A pipeline may narrow the default graph, never widen it.
/// let error = Pipeline::from_toml_str(r#"
///     version = 1
///     transitions = [{ from = "inquiry", to = "customer" }]
/// "#).unwrap_err();
/// assert_eq!(error.path, "transitions[0]");
/// # Ok::<(), leadflow::config::ConfigError>(())
/// ```
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "PipelineSpec", into = "PipelineSpec")]
pub struct Pipeline {
    spec: PipelineSpec,
    graph: TransitionGraph,
    sub_statuses: Option<SubStatuses>,
    calendars: BTreeMap<String, Calendar>,
    criteria: QualificationCriteria<RuleScorer>,
}

impl Pipeline {
    /// Validates `spec`: the version, every section, and the references between them.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the path of the first offending field.
    pub fn from_spec(spec: PipelineSpec) -> Result<Self, ConfigError> {
        validate::check_version(spec.version)?;
        let graph = validate::graph(&spec)?;
        let sub_statuses = validate::sub_statuses(&spec)?;
        let calendars = validate::calendars(&spec)?;
        let scorer = validate::scorer(&spec)?;
        validate::qualification(&spec)?;
        validate::routing(&spec)?;
        validate_sla::sla(&spec, &calendars)?;
        let criteria = QualificationCriteria::with_definition(scorer, spec.qualification.clone());
        Ok(Self {
            spec,
            graph,
            sub_statuses,
            calendars,
            criteria,
        })
    }

    /// Reads and validates a JSON document.
    ///
    /// # Errors
    /// A [`ConfigError`]: the path of the field the reader refused (with the reader's
    /// message, line and column), a missing or unsupported `version`, or a validation error
    /// as in [`Pipeline::from_spec`].
    pub fn from_json_str(text: &str) -> Result<Self, ConfigError> {
        Self::from_spec(load::json(text)?)
    }

    /// Reads and validates a TOML document.
    ///
    /// # Errors
    /// As [`Pipeline::from_json_str`].
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        Self::from_spec(load::toml(text)?)
    }

    /// The configuration as data.
    #[must_use]
    pub fn spec(&self) -> &PipelineSpec {
        &self.spec
    }

    /// The allowed transitions.
    #[must_use]
    pub fn graph(&self) -> &TransitionGraph {
        &self.graph
    }

    /// Each stage's allowed sub-statuses; `None` when any is allowed.
    #[must_use]
    pub fn sub_statuses(&self) -> Option<&SubStatuses> {
        self.sub_statuses.as_ref()
    }

    /// The business calendars by name.
    #[must_use]
    pub fn calendars(&self) -> &BTreeMap<String, Calendar> {
        &self.calendars
    }

    /// The calendar named `name`.
    #[must_use]
    pub fn calendar(&self, name: &str) -> Option<&Calendar> {
        self.calendars.get(name)
    }

    /// The configured scorer.
    #[must_use]
    pub fn scorer(&self) -> &RuleScorer {
        self.criteria.scorer()
    }

    /// The qualification criteria: the definition judged with the configured scorer.
    #[must_use]
    pub fn criteria(&self) -> &QualificationCriteria<RuleScorer> {
        &self.criteria
    }

    /// The machine of this pipeline: the configured graph and sub-statuses, the
    /// [`DefaultPolicy`], and the qualification criteria as the guard.
    #[must_use]
    pub fn machine(&self) -> PipelineMachine {
        let machine = Machine::new()
            .with_graph(self.graph)
            .with_guard(self.criteria.clone());
        match &self.sub_statuses {
            Some(allowed) => machine.with_sub_statuses(allowed.clone()),
            None => machine,
        }
    }

    /// The calendars as the SLA evaluator takes them.
    #[must_use]
    pub fn sla_calendars(&self) -> Calendars {
        validate_sla::sla_calendars(&self.calendars)
    }

    /// An SLA evaluator running every cycle under the configured policy (`None` without an
    /// `sla` section).
    ///
    /// # Errors
    /// None in practice: the policy was validated at load against these calendars. The
    /// [`SlaError`] of [`SlaEvaluator::fixed`] is passed on should that ever change.
    pub fn sla_evaluator(&self) -> Result<Option<SlaEvaluator>, SlaError> {
        self.spec
            .sla
            .as_ref()
            .map(|policy| SlaEvaluator::fixed(policy, &self.sla_calendars()))
            .transpose()
    }

    /// A roster holding the declared queues, for the host to add its reps to.
    #[must_use]
    pub fn roster(&self) -> Roster {
        self.spec
            .queues
            .iter()
            .fold(Roster::new(), |roster, queue| {
                roster.with_queue(queue.clone())
            })
    }

    /// A router of the configured rules over the host's `roster`.
    ///
    /// # Errors
    /// A [`routing::ConfigError`] when the roster does not fit the rules (no reps, a rule's
    /// queue missing from the roster, a rep covering an unknown territory, …).
    pub fn router(&self, roster: &Roster) -> Result<Router, routing::ConfigError> {
        Router::new(self.spec.routing.clone(), roster)
    }
}

impl TryFrom<PipelineSpec> for Pipeline {
    type Error = ConfigError;

    fn try_from(spec: PipelineSpec) -> Result<Self, Self::Error> {
        Self::from_spec(spec)
    }
}

impl From<Pipeline> for PipelineSpec {
    fn from(pipeline: Pipeline) -> Self {
        pipeline.spec
    }
}

impl PartialEq for Pipeline {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}
