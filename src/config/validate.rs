//! Validation of a [`PipelineSpec`]: every section, and the references between sections,
//! each error mapped to the path of the offending field.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Weekday;

use crate::calendar::{Calendar, CalendarError, CalendarSpec, ScheduleDay};
use crate::graph::TransitionGraph;
use crate::id::{QueueId, UserId};
use crate::machine::SubStatuses;
use crate::routing::{self, Fallback, Rep, Roster, Router, RoutingConfig, RuleKind};
use crate::scoring::{
    FitRule, RuleRef, RuleScorer, RuleSection, ScoringConfig, ScoringConfigError,
};

use super::error::{ConfigError, ConfigErrorKind as Kind};
use super::spec::{PIPELINE_VERSION, PipelineSpec};

/// The checked version.
pub(crate) fn check_version(version: u32) -> Result<(), ConfigError> {
    if version == PIPELINE_VERSION {
        Ok(())
    } else {
        Err(ConfigError::new(
            "version",
            Kind::UnsupportedVersion {
                found: version.to_string(),
            },
        ))
    }
}

/// The graph of `spec.transitions`.
pub(crate) fn graph(spec: &PipelineSpec) -> Result<TransitionGraph, ConfigError> {
    let Some(transitions) = &spec.transitions else {
        return Ok(TransitionGraph::default());
    };
    let mut seen = BTreeSet::new();
    for (index, t) in transitions.iter().enumerate() {
        let path = || format!("transitions[{index}]");
        if TransitionGraph::narrowed_to(&[(t.from, t.to)]).is_err() {
            return Err(ConfigError::new(
                path(),
                Kind::TransitionNotInDefault {
                    from: t.from,
                    to: t.to,
                },
            ));
        }
        if !seen.insert((t.from, t.to)) {
            return Err(ConfigError::new(
                path(),
                Kind::DuplicateTransition {
                    from: t.from,
                    to: t.to,
                },
            ));
        }
    }
    let edges: Vec<_> = transitions.iter().map(|t| (t.from, t.to)).collect();
    TransitionGraph::narrowed_to(&edges).map_err(|(from, to)| {
        ConfigError::new("transitions", Kind::TransitionNotInDefault { from, to })
    })
}

/// The sub-statuses of `spec`, `None` when unrestricted.
pub(crate) fn sub_statuses(spec: &PipelineSpec) -> Result<Option<SubStatuses>, ConfigError> {
    if spec.sub_statuses.is_empty() {
        return Ok(None);
    }
    let mut allowed = SubStatuses::new();
    for (stage, names) in &spec.sub_statuses {
        let set = allowed.entry(*stage).or_default();
        for (index, name) in names.iter().enumerate() {
            let path = || format!("sub_statuses.{stage}[{index}]");
            if name.trim().is_empty() {
                return Err(ConfigError::new(path(), Kind::BlankSubStatus));
            }
            if !set.insert(name.clone()) {
                return Err(ConfigError::new(
                    path(),
                    Kind::DuplicateSubStatus {
                        sub_status: name.clone(),
                    },
                ));
            }
        }
    }
    Ok(Some(allowed))
}

/// The calendars of `spec`, built.
pub(crate) fn calendars(spec: &PipelineSpec) -> Result<BTreeMap<String, Calendar>, ConfigError> {
    let mut built = BTreeMap::new();
    for (name, calendar) in &spec.calendars {
        let path = format!("calendars.{name}");
        if name.trim().is_empty() {
            return Err(ConfigError::new(path, Kind::BlankCalendarName));
        }
        let built_calendar = Calendar::new(calendar.clone()).map_err(|error| {
            ConfigError::new(
                calendar_path(&path, calendar, &error),
                Kind::Calendar(error),
            )
        })?;
        built.insert(name.clone(), built_calendar);
    }
    Ok(built)
}

/// The path of a calendar error under `base` (`calendars.<name>`).
fn calendar_path(base: &str, spec: &CalendarSpec, error: &CalendarError) -> String {
    use CalendarError as E;
    let day_path = |day: &ScheduleDay| match day {
        ScheduleDay::Weekday(weekday) => format!("{base}.week.{}", weekday_field(*weekday)),
        ScheduleDay::Date(date) => spec
            .exceptions
            .iter()
            .position(|e| e.date == *date)
            .map_or_else(
                || format!("{base}.exceptions"),
                |i| format!("{base}.exceptions[{i}].hours"),
            ),
    };
    match error {
        E::EmptyInterval { day, .. }
        | E::OutOfDay { day, .. }
        | E::Unordered { day, .. }
        | E::Overlapping { day, .. } => day_path(day),
        E::DuplicateException { date } => spec
            .exceptions
            .iter()
            .enumerate()
            .filter(|(_, e)| e.date == *date)
            .nth(1)
            .map_or_else(
                || format!("{base}.exceptions"),
                |(i, _)| format!("{base}.exceptions[{i}]"),
            ),
        E::NoOpenTime => format!("{base}.week"),
        E::UnknownZone { .. } => format!("{base}.zone"),
        _ => base.to_owned(),
    }
}

/// The field of a weekday in a week schedule.
fn weekday_field(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// An empty scoring configuration: no attributes, no rules, default thresholds.
pub(crate) fn empty_scoring() -> ScoringConfig {
    ScoringConfig {
        attributes: BTreeMap::new(),
        fit_rules: Vec::new(),
        engagement_rules: Vec::new(),
        grades: crate::scoring::GradeThresholds::default(),
        bands: crate::scoring::BandThresholds::default(),
    }
}

/// The path of a scoring error, under `prefix` (`scoring`), and its kind.
fn scoring_error(prefix: &str, error: ScoringConfigError) -> ConfigError {
    use ScoringConfigError as E;
    let at = |rule: &RuleRef, field: &str| {
        let base = format!("{prefix}.{}[{}]", rule.section, rule.index);
        if field.is_empty() {
            base
        } else {
            format!("{base}.{field}")
        }
    };
    let path = match &error {
        E::UndeclaredAttribute { rule, attribute } => {
            return ConfigError::new(
                at(rule, "attribute"),
                Kind::UndeclaredAttribute {
                    attribute: attribute.clone(),
                },
            );
        }
        E::TypeMismatch {
            rule,
            attribute,
            declared,
            condition,
        } => {
            return ConfigError::new(
                at(rule, "condition"),
                Kind::TypeMismatch {
                    attribute: attribute.clone(),
                    declared: *declared,
                    condition,
                },
            );
        }
        E::NotFinite { rule, field } => match (rule.section, *field) {
            (RuleSection::Engagement, "days") => at(rule, "decay.days"),
            (_, field) => at(rule, &format!("condition.{field}")),
        },
        E::PointsOutOfBounds { rule, .. } => at(rule, "points"),
        E::CapOutOfBounds { rule, .. } => at(rule, "cap"),
        E::DecayOutOfBounds { rule, .. } => at(rule, "decay.days"),
        E::EmptyRange { rule } => at(rule, "condition"),
        E::EmptyValue { rule, field } => at(rule, &format!("condition.{field}")),
        E::UnnamedRule { rule } | E::DuplicateRuleName { rule, .. } => at(rule, "name"),
        E::TooManyRules { section, .. } => format!("{prefix}.{section}"),
        E::UnorderedThresholds { which, .. } => format!("{prefix}.{which}"),
    };
    ConfigError::new(path, Kind::Scoring(error))
}

/// The scorer of `spec.scoring` (an empty one when absent).
pub(crate) fn scorer(spec: &PipelineSpec) -> Result<RuleScorer, ConfigError> {
    let config = spec.scoring.clone().unwrap_or_else(empty_scoring);
    RuleScorer::new(config).map_err(|error| scoring_error("scoring", error))
}

/// Checks the qualification definition against the declared attributes.
pub(crate) fn qualification(spec: &PipelineSpec) -> Result<(), ConfigError> {
    let declared = spec
        .scoring
        .as_ref()
        .map(|s| s.attributes.clone())
        .unwrap_or_default();
    let definition = &spec.qualification;
    for (index, name) in definition.required_attributes.iter().enumerate() {
        if !declared.contains_key(name) {
            return Err(ConfigError::new(
                format!("qualification.required_attributes[{index}]"),
                Kind::UndeclaredAttribute {
                    attribute: name.clone(),
                },
            ));
        }
    }
    // Exclusions are checked as fit rules: the same conditions, the same declarations.
    let as_rules = ScoringConfig {
        attributes: declared,
        fit_rules: definition
            .exclusions
            .iter()
            .map(|e| FitRule {
                name: e.name.clone(),
                attribute: e.attribute.clone(),
                condition: e.condition.clone(),
                points: 0,
            })
            .collect(),
        ..empty_scoring()
    };
    match RuleScorer::new(as_rules) {
        Ok(_) => Ok(()),
        Err(error) => {
            let mut error = scoring_error("qualification", error);
            error.path =
                error
                    .path
                    .replacen("qualification.fit_rules", "qualification.exclusions", 1);
            Err(error)
        }
    }
}

/// A placeholder rep, so that the routing configuration can be checked without a roster.
const PLACEHOLDER_REP: &str = "\u{0}pipeline-check";

/// Checks the declared queues and the routing configuration against them.
pub(crate) fn routing(spec: &PipelineSpec) -> Result<(), ConfigError> {
    let mut queues = BTreeSet::new();
    for (index, queue) in spec.queues.iter().enumerate() {
        if !queues.insert(queue.id.clone()) {
            return Err(ConfigError::new(
                format!("queues[{index}]"),
                Kind::DuplicateQueue {
                    queue: queue.id.clone(),
                },
            ));
        }
    }
    let config = &spec.routing;
    let unknown = |path: String, queue: &QueueId| {
        ConfigError::new(
            path,
            Kind::UnknownQueue {
                queue: queue.clone(),
            },
        )
    };
    if let Fallback::Queue { queue } = &config.fallback {
        if !queues.contains(queue) {
            return Err(unknown("routing.fallback.queue".to_owned(), queue));
        }
    }
    for (index, rule) in config.rules.iter().enumerate() {
        if let RuleKind::Queue { queue, .. } = &rule.kind {
            if !queues.contains(queue) {
                return Err(unknown(format!("routing.rules[{index}].kind.queue"), queue));
            }
        }
        if let Some(Fallback::Queue { queue }) = &rule.fallback {
            if !queues.contains(queue) {
                return Err(unknown(
                    format!("routing.rules[{index}].fallback.queue"),
                    queue,
                ));
            }
        }
    }
    let roster = spec.queues.iter().fold(
        Roster::new().with_rep(Rep::new(UserId::new(PLACEHOLDER_REP))),
        |roster, queue| roster.with_queue(queue.clone()),
    );
    match Router::new(config.clone(), &roster) {
        Ok(_) => Ok(()),
        Err(error) => Err(ConfigError::new(
            routing_path(config, &error),
            Kind::Routing(error),
        )),
    }
}

/// The path of a routing configuration error.
fn routing_path(config: &RoutingConfig, error: &routing::ConfigError) -> String {
    use routing::ConfigError as E;
    let territory_index = |id: &routing::TerritoryId, nth: usize| {
        config
            .territories
            .iter()
            .enumerate()
            .filter(|(_, t)| t.id == *id)
            .nth(nth)
            .map_or_else(
                || "routing.territories".to_owned(),
                |(i, _)| format!("routing.territories[{i}]"),
            )
    };
    match error {
        E::DuplicateTerritory { territory } => territory_index(territory, 1),
        E::OverlappingTerritories { second, .. } => territory_index(second, 0),
        E::UnknownTerritory { rule, .. } => format!("routing.rules[{rule}].kind.territories"),
        E::UnknownQueue { rule, .. } => format!("routing.rules[{rule}].kind.queue"),
        E::FallbackUnknownQueue {
            rule: Some(rule), ..
        } => {
            format!("routing.rules[{rule}].fallback.queue")
        }
        E::FallbackUnknownQueue { rule: None, .. } => "routing.fallback.queue".to_owned(),
        E::EmptyRule { rule, .. } => format!("routing.rules[{rule}].kind"),
        _ => "routing".to_owned(),
    }
}
