//! Validation of the SLA section: goals against the pipeline's calendars and declared
//! attributes, commitments against the goals' metrics.

use std::collections::BTreeMap;

use crate::calendar::Calendar;
use crate::sla::{Calendars, Commitment, SlaError, SlaPolicy};

use super::error::{ConfigError, ConfigErrorKind as Kind};
use super::spec::PipelineSpec;

/// The pipeline's calendars as the SLA evaluator takes them.
pub(crate) fn sla_calendars(calendars: &BTreeMap<String, Calendar>) -> Calendars {
    calendars
        .iter()
        .fold(Calendars::new(), |set, (name, calendar)| {
            set.with(name.clone(), calendar.clone())
        })
}

/// The path of an SLA policy error.
fn policy_path(policy: &SlaPolicy, error: &SlaError) -> String {
    use SlaError as E;
    let goal_index = |name: &str, nth: usize| {
        policy
            .goals
            .iter()
            .enumerate()
            .filter(|(_, g)| g.name == name)
            .nth(nth)
            .map(|(i, _)| i)
    };
    let at = |name: &str, nth: usize, field: &str| {
        goal_index(name, nth).map_or_else(
            || "sla.goals".to_owned(),
            |i| {
                if field.is_empty() {
                    format!("sla.goals[{i}]")
                } else {
                    format!("sla.goals[{i}].{field}")
                }
            },
        )
    };
    match error {
        E::DuplicateGoal { goal, .. } => at(goal, 1, "name"),
        E::UnknownCalendar { goal, .. } => at(goal, 0, "target.calendar"),
        E::InvalidWarning { goal, .. } => at(goal, 0, "warning"),
        E::InvalidTarget { goal, .. } => at(goal, 0, "target.seconds"),
        E::MissingCondition { goal, which } => at(goal, 0, which),
        E::UnknownEvent { goal, .. } | E::ZeroActivities { goal } => at(goal, 0, ""),
        _ => "sla".to_owned(),
    }
}

/// Checks the SLA policy and the commitments.
pub(crate) fn sla(
    spec: &PipelineSpec,
    calendars: &BTreeMap<String, Calendar>,
) -> Result<(), ConfigError> {
    if let Some(policy) = &spec.sla {
        for (index, goal) in policy.goals.iter().enumerate() {
            if let Some(name) = goal.target.calendar_name() {
                if !calendars.contains_key(name) {
                    return Err(ConfigError::new(
                        format!("sla.goals[{index}].target.calendar"),
                        Kind::UnknownCalendar {
                            calendar: name.to_owned(),
                        },
                    ));
                }
            }
            if let Some(segment) = &goal.filter.segment {
                let declared = spec
                    .scoring
                    .as_ref()
                    .is_some_and(|s| s.attributes.contains_key(&segment.attribute));
                if !declared {
                    return Err(ConfigError::new(
                        format!("sla.goals[{index}].filter.segment.attribute"),
                        Kind::UndeclaredAttribute {
                            attribute: segment.attribute.clone(),
                        },
                    ));
                }
            }
        }
        policy
            .validate(&sla_calendars(calendars))
            .map_err(|error| ConfigError::new(policy_path(policy, &error), Kind::Sla(error)))?;
    }
    for (index, commitment) in spec.commitments.iter().enumerate() {
        commitment.validate().map_err(|error| {
            ConfigError::new(
                format!("commitments[{index}].min_fraction"),
                Kind::Sla(error),
            )
        })?;
        if let Commitment::WithinSla { metric, .. } = commitment {
            let known = spec
                .sla
                .as_ref()
                .is_some_and(|p| p.goals.iter().any(|g| g.metric == *metric));
            if !known {
                return Err(ConfigError::new(
                    format!("commitments[{index}].metric"),
                    Kind::UnknownMetric {
                        metric: metric.clone(),
                    },
                ));
            }
        }
    }
    Ok(())
}
