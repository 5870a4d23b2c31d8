//! Load-time validation of a [`ScoringConfig`]: every bad input is a typed error naming the
//! offending rule.

use std::collections::BTreeMap;

use crate::attribute::AttributeValue;

use super::config::{
    Condition, EngagementRule, FitRule, MAX_CAP, MAX_DECAY_DAYS, MAX_POINTS, MAX_RULES,
    MAX_THRESHOLD, ScoringConfig,
};
use super::error::{RuleRef, RuleSection, ScoringConfigError};

/// Checks the whole configuration, rules in order (fit, then engagement), then thresholds.
pub(crate) fn validate(config: &ScoringConfig) -> Result<(), ScoringConfigError> {
    for (section, count) in [
        (RuleSection::Fit, config.fit_rules.len()),
        (RuleSection::Engagement, config.engagement_rules.len()),
    ] {
        if count > MAX_RULES {
            return Err(ScoringConfigError::TooManyRules {
                section,
                count,
                max: MAX_RULES,
            });
        }
    }
    let mut names: BTreeMap<&str, RuleRef> = BTreeMap::new();
    for (index, fit) in config.fit_rules.iter().enumerate() {
        let rule = rule_ref(RuleSection::Fit, index, &fit.name);
        check_name(&rule)?;
        if let Some(first) = names.get(fit.name.as_str()) {
            return Err(ScoringConfigError::DuplicateRuleName {
                rule,
                first: first.clone(),
            });
        }
        validate_fit(config, fit, &rule)?;
        names.insert(&fit.name, rule);
    }
    for (index, engagement) in config.engagement_rules.iter().enumerate() {
        let rule = rule_ref(RuleSection::Engagement, index, &engagement.name);
        check_name(&rule)?;
        if let Some(first) = names.get(engagement.name.as_str()) {
            return Err(ScoringConfigError::DuplicateRuleName {
                rule,
                first: first.clone(),
            });
        }
        validate_engagement(engagement, &rule)?;
        names.insert(&engagement.name, rule);
    }
    let grades = [config.grades.a, config.grades.b, config.grades.c];
    if !config.grades.is_ordered() || grades.iter().any(|t| t.abs() > MAX_THRESHOLD) {
        return Err(ScoringConfigError::UnorderedThresholds {
            which: "grades",
            thresholds: grades,
            max: MAX_THRESHOLD,
        });
    }
    let bands = [config.bands.one, config.bands.two, config.bands.three];
    if !config.bands.is_ordered() || bands.iter().any(|t| t.abs() > MAX_THRESHOLD) {
        return Err(ScoringConfigError::UnorderedThresholds {
            which: "bands",
            thresholds: bands,
            max: MAX_THRESHOLD,
        });
    }
    Ok(())
}

fn rule_ref(section: RuleSection, index: usize, name: &str) -> RuleRef {
    RuleRef {
        section,
        index,
        name: name.to_owned(),
    }
}

fn check_name(rule: &RuleRef) -> Result<(), ScoringConfigError> {
    if rule.name.trim().is_empty() {
        return Err(ScoringConfigError::UnnamedRule { rule: rule.clone() });
    }
    Ok(())
}

fn check_points(points: i64, rule: &RuleRef) -> Result<(), ScoringConfigError> {
    if points.checked_abs().is_none_or(|p| p > MAX_POINTS) {
        return Err(ScoringConfigError::PointsOutOfBounds {
            rule: rule.clone(),
            points,
            max: MAX_POINTS,
        });
    }
    Ok(())
}

fn validate_fit(
    config: &ScoringConfig,
    fit: &FitRule,
    rule: &RuleRef,
) -> Result<(), ScoringConfigError> {
    let Some(&declared) = config.attributes.get(&fit.attribute) else {
        return Err(ScoringConfigError::UndeclaredAttribute {
            rule: rule.clone(),
            attribute: fit.attribute.clone(),
        });
    };
    check_points(fit.points, rule)?;
    let not_finite = |field| ScoringConfigError::NotFinite {
        rule: rule.clone(),
        field,
    };
    let empty = |field| ScoringConfigError::EmptyValue {
        rule: rule.clone(),
        field,
    };
    match &fit.condition {
        Condition::Equals { value } => {
            if !value.is_valid() {
                return Err(not_finite("value"));
            }
            if let AttributeValue::Text(text) = value {
                if text.is_empty() {
                    return Err(empty("value"));
                }
            }
        }
        Condition::Range { min, max } => {
            if min.is_some_and(|m| !m.is_finite()) {
                return Err(not_finite("min"));
            }
            if max.is_some_and(|m| !m.is_finite()) {
                return Err(not_finite("max"));
            }
            let ordered = match (min, max) {
                (Some(min), Some(max)) => min < max,
                (None, None) => false,
                _ => true,
            };
            if !ordered {
                return Err(ScoringConfigError::EmptyRange { rule: rule.clone() });
            }
        }
        Condition::OneOf { values } => {
            if values.is_empty() {
                return Err(empty("values"));
            }
        }
        Condition::Contains { value } => {
            if value.is_empty() {
                return Err(empty("value"));
            }
        }
        Condition::DomainIn { domains } => {
            if domains.is_empty() || domains.iter().any(|d| d.trim().is_empty()) {
                return Err(empty("domains"));
            }
        }
        Condition::Exists | Condition::Missing | Condition::FreeMail => {}
    }
    if !fit.condition.applies_to(declared) {
        return Err(ScoringConfigError::TypeMismatch {
            rule: rule.clone(),
            attribute: fit.attribute.clone(),
            declared,
            condition: fit.condition.name(),
        });
    }
    Ok(())
}

fn validate_engagement(
    engagement: &EngagementRule,
    rule: &RuleRef,
) -> Result<(), ScoringConfigError> {
    check_points(engagement.points, rule)?;
    if let Some(cap) = engagement.cap {
        if !(1..=MAX_CAP).contains(&cap) {
            return Err(ScoringConfigError::CapOutOfBounds {
                rule: rule.clone(),
                cap,
                max: MAX_CAP,
            });
        }
    }
    if let Some(days) = engagement.decay.days() {
        if !days.is_finite() {
            return Err(ScoringConfigError::NotFinite {
                rule: rule.clone(),
                field: "days",
            });
        }
        if days <= 0.0 || days > MAX_DECAY_DAYS {
            return Err(ScoringConfigError::DecayOutOfBounds {
                rule: rule.clone(),
                days,
                max: MAX_DECAY_DAYS,
            });
        }
    }
    Ok(())
}
