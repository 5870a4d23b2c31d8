//! The built-in rule scorer: fit rules on attributes, engagement rules on activities with
//! decay and caps, graded on the fit × engagement grid.

use std::cmp::Ordering;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::activity::{Activity, ActivityKind};
use crate::attribute::AttributeValue;

use super::card::{Contribution, Part, ScoreCard, ScoreSummary};
use super::condition::cmp_short;
use super::config::{Condition, Decay, ScoringConfig};
use super::decay::{CompiledDecay, MICRO, round_half_away, round_micro};
use super::engagement_table::EngagementTable;
use super::error::ScoringConfigError;
use super::scorer::{Profile, Scorer};
use super::validate::validate;

/// The fit rules reading one attribute: looked up once per lead.
#[derive(Debug, Clone)]
struct AttributeGroup {
    attribute: String,
    /// `(points, condition)` of each rule on the attribute.
    rules: Vec<(i64, Condition)>,
}

#[derive(Debug, Clone)]
struct CompiledFit {
    /// Index into `groups`.
    group: usize,
    /// Index into the group's rules.
    slot: usize,
    reason: String,
}

#[derive(Debug, Clone)]
struct CompiledEngagement {
    cap_micro: Option<i64>,
}

/// An engagement rule as one activity of its kind sees it.
#[derive(Debug, Clone, Copy)]
struct Term {
    /// Index of the rule (and of its accumulator).
    rule: usize,
    /// `points × MICRO`, saturated: an activity at full weight.
    full: i64,
    /// The same as a float, for weights strictly between 0 and 1.
    full_f64: f64,
}

/// The engagement rules of one activity kind sharing one decay: the decay's weight is
/// computed once per activity, then applied to each rule's points.
#[derive(Debug, Clone)]
struct DecayGroup {
    decay: CompiledDecay,
    terms: Vec<Term>,
}

/// Scores leads by a validated [`ScoringConfig`].
///
/// - **Fit**: each fit rule whose condition holds adds its points.
/// - **Engagement**: each engagement rule adds `points × weight(age)` for every activity of its
///   kind at or before `now` (activities after `now` are ignored), in exact fixed point
///   (micro-points), clamps the sum to `±cap`, and rounds it to whole points, half away from
///   zero. The result does not depend on the order of activities.
/// - **Total**: `max(0, fit + engagement)`; see [`ScoreCard`] for how the floor is reported.
/// - **Grade**: the fit grade of the fit points and the band of the engagement points.
///
/// Two paths: [`Scorer::score`] builds the card with a reason per rule that fired;
/// [`Scorer::summary`] and [`Scorer::total`] compute the same numbers without allocating
/// (attribute lookups are grouped at load time: one map lookup per distinct attribute).
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};
/// use leadflow::scoring::{
///     AttributeType, Condition, Decay, EngagementRule, FitRule, Profile, RuleScorer, Scorer,
///     ScoringConfig, ScoringConfigError,
/// };
///
/// let mut config = ScoringConfig {
///     attributes: [("email".to_owned(), AttributeType::Text),
///                  ("employees".to_owned(), AttributeType::Number)].into(),
///     fit_rules: vec![
///         FitRule { name: "mid_market".into(), attribute: "employees".into(),
///                   condition: Condition::Range { min: Some(200.0), max: Some(2000.0) },
///                   points: 30 },
///         FitRule { name: "free_mail".into(), attribute: "email".into(),
///                   condition: Condition::FreeMail, points: -20 },
///     ],
///     engagement_rules: vec![EngagementRule {
///         name: "demo_request".into(), kind: ActivityKind::FormFill, points: 40,
///         cap: Some(60), decay: Decay::HalfLife { days: 30.0 },
///     }],
///     grades: Default::default(),
///     bands: Default::default(),
/// };
/// let scorer = RuleScorer::new(config.clone())?;
///
/// let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
/// let mut attributes = Attributes::new();
/// attributes.insert("employees".into(), AttributeValue::number(500.0)?);
/// attributes.insert("email".into(), "jo@acme.io".into());
/// let activities = [Activity::new(ActivityKind::FormFill, now - TimeDelta::days(30))];
/// let card = scorer.score(&Profile::new(&attributes, &activities), now);
/// assert_eq!((card.fit(), card.engagement(), card.total()), (30, 20, 50));
/// assert_eq!(card.grade().to_string(), "C3");
///
/// // A rule on an attribute nobody declared is refused at load time, by name.
/// config.fit_rules[1].attribute = "e-mail".into();
/// assert!(matches!(RuleScorer::new(config),
///     Err(ScoringConfigError::UndeclaredAttribute { rule, .. }) if rule.index == 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct RuleScorer {
    config: ScoringConfig,
    groups: Vec<AttributeGroup>,
    fit: Vec<CompiledFit>,
    engagement: Vec<CompiledEngagement>,
    /// The engagement rules of each activity kind ([`kind_index`]), grouped by decay.
    by_kind: [Vec<DecayGroup>; KIND_COUNT],
    /// The engagement rules laid out flat, for the summary path.
    table: EngagementTable,
}

/// Fit rules walk a lead's attributes beside their sorted attribute names when the lead has
/// at most this many attributes per attribute read; otherwise they look each one up.
const MERGE_FACTOR: usize = 4;

impl RuleScorer {
    /// Validates and compiles a configuration.
    ///
    /// # Errors
    /// A [`ScoringConfigError`] naming the first offending rule (section, index, name): an
    /// undeclared attribute, a condition that cannot apply to the declared type, a NaN or
    /// infinite number, points outside ±[`MAX_POINTS`](super::MAX_POINTS), a cap outside
    /// `1..=`[`MAX_CAP`](super::MAX_CAP), a decay period outside
    /// `(0, `[`MAX_DECAY_DAYS`](super::MAX_DECAY_DAYS)`]`, an empty range or list, a missing
    /// or duplicate name, more than [`MAX_RULES`](super::MAX_RULES) rules in a section; or
    /// thresholds that are not strictly descending.
    pub fn new(config: ScoringConfig) -> Result<Self, ScoringConfigError> {
        validate(&config)?;
        // One group per distinct attribute, sorted by name (for the merge walk).
        let mut groups: Vec<AttributeGroup> = config
            .fit_rules
            .iter()
            .map(|rule| rule.attribute.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|attribute| AttributeGroup {
                attribute: attribute.to_owned(),
                rules: Vec::new(),
            })
            .collect();
        let mut fit = Vec::with_capacity(config.fit_rules.len());
        for rule in &config.fit_rules {
            let group = groups
                .binary_search_by(|g| g.attribute.as_str().cmp(&rule.attribute))
                .unwrap_or_default();
            let mut slot = 0;
            if let Some(g) = groups.get_mut(group) {
                slot = g.rules.len();
                g.rules.push((rule.points, rule.condition.clone()));
            }
            fit.push(CompiledFit {
                group,
                slot,
                reason: rule.condition.describe(&rule.attribute),
            });
        }
        let engagement = config
            .engagement_rules
            .iter()
            .map(|rule| CompiledEngagement {
                cap_micro: rule.cap.map(|cap| cap.saturating_mul(MICRO)),
            })
            .collect();
        let mut by_kind: [Vec<DecayGroup>; KIND_COUNT] = Default::default();
        for (i, rule) in config.engagement_rules.iter().enumerate() {
            let Some(groups) = by_kind.get_mut(kind_index(rule.kind)) else {
                continue;
            };
            let decay = CompiledDecay::new(rule.decay);
            #[allow(clippy::cast_precision_loss)] // |points| <= MAX_POINTS
            let term = Term {
                rule: i,
                full: rule.points.saturating_mul(MICRO),
                full_f64: rule.points as f64 * MICRO as f64,
            };
            match groups.iter_mut().find(|g| g.decay == decay) {
                Some(group) => group.terms.push(term),
                None => groups.push(DecayGroup {
                    decay,
                    terms: vec![term],
                }),
            }
        }
        Ok(Self {
            groups,
            fit,
            engagement,
            by_kind,
            table: EngagementTable::new(&config),
            config,
        })
    }

    /// The configuration it was built from.
    #[must_use]
    pub fn config(&self) -> &ScoringConfig {
        &self.config
    }

    /// The fit rules grouped by attribute, sorted by attribute name: `(attribute,
    /// [(points, condition)])`.
    pub(super) fn attribute_groups(&self) -> impl Iterator<Item = (&str, &[(i64, Condition)])> {
        self.groups
            .iter()
            .map(|g| (g.attribute.as_str(), g.rules.as_slice()))
    }

    fn fit_points(&self, profile: &Profile<'_>) -> i64 {
        let mut fit = 0_i64;
        let mut add = |group: &AttributeGroup, value| {
            for (points, condition) in &group.rules {
                if condition.matches(value) {
                    fit = fit.saturating_add(*points);
                }
            }
        };
        let attributes = profile.attributes;
        if attributes.len() <= MERGE_FACTOR.saturating_mul(self.groups.len()) {
            // Walk the lead's attributes and the groups together, both sorted by name.
            let mut g = 0;
            for (name, v) in attributes {
                while let Some(group) = self.groups.get(g) {
                    match cmp_short(&group.attribute, name) {
                        Ordering::Less => {
                            add(group, None);
                            g += 1;
                        }
                        Ordering::Equal => {
                            add(group, Some(v));
                            g += 1;
                            break;
                        }
                        Ordering::Greater => break,
                    }
                }
                if g >= self.groups.len() {
                    break;
                }
            }
            for group in self.groups.get(g..).unwrap_or_default() {
                add(group, None);
            }
        } else {
            for group in &self.groups {
                add(group, attributes.get(&group.attribute));
            }
        }
        fit
    }

    /// Adds every activity's micro-points to its rules' accumulators (`micro`, one per
    /// engagement rule) and counts them in `counts` (when it is as long). One pass over the
    /// activities; each activity's age is computed once.
    fn accumulate(
        &self,
        activities: &[Activity],
        now: DateTime<Utc>,
        micro: &mut [i64],
        counts: &mut [usize],
    ) {
        let now = now.timestamp();
        for activity in activities {
            let Some(groups) = self.by_kind.get(kind_index(activity.kind)) else {
                continue;
            };
            if groups.is_empty() {
                continue;
            }
            let age = now.saturating_sub(activity.at.timestamp());
            if age < 0 {
                continue;
            }
            for group in groups {
                if group.decay.is_step() {
                    if group.decay.weight(age) == 0.0 {
                        continue;
                    }
                    for term in &group.terms {
                        add(micro, counts, term.rule, term.full);
                    }
                } else {
                    let weight = group.decay.weight(age);
                    if weight == 0.0 {
                        continue;
                    }
                    for term in &group.terms {
                        add(
                            micro,
                            counts,
                            term.rule,
                            round_half_away(term.full_f64 * weight),
                        );
                    }
                }
            }
        }
    }

    /// The engagement points alone, from the flat table (the same sums as
    /// [`accumulate`](Self::accumulate), which the explained path keeps for its counts).
    fn engagement_points(&self, activities: &[Activity], now: DateTime<Utc>) -> i64 {
        self.table.points(
            activities.iter().map(|a| (a.kind, a.at.timestamp())),
            now.timestamp(),
        )
    }

    /// The flat engagement table, shared with the encoded scorer.
    pub(super) fn engagement_table(&self) -> &EngagementTable {
        &self.table
    }
}

/// Adds one activity's micro-points `m` to rule `r`'s accumulator, and counts it when
/// `counts` is as long and `m` is not zero.
#[inline]
fn add(micro: &mut [i64], counts: &mut [usize], r: usize, m: i64) {
    if m == 0 {
        return;
    }
    if let Some(sum) = micro.get_mut(r) {
        *sum = sum.saturating_add(m);
    }
    if let Some(count) = counts.get_mut(r) {
        *count += 1;
    }
}

impl CompiledEngagement {
    /// The rule's whole points from its micro-points sum, and whether the cap applied.
    #[inline]
    fn finish(&self, micro: i64) -> (i64, bool) {
        let mut micro = micro;
        let mut capped = false;
        if let Some(cap) = self.cap_micro {
            capped = micro.saturating_abs() > cap;
            micro = micro.clamp(-cap, cap);
        }
        (round_micro(micro), capped)
    }
}

impl Scorer for RuleScorer {
    fn score(&self, profile: &Profile<'_>, now: DateTime<Utc>) -> ScoreCard {
        let values: Vec<Option<&AttributeValue>> = self
            .groups
            .iter()
            .map(|g| profile.attributes.get(&g.attribute))
            .collect();
        let mut contributions = Vec::new();
        for (compiled, rule) in self.fit.iter().zip(&self.config.fit_rules) {
            let value = values.get(compiled.group).copied().flatten();
            let hit = self
                .groups
                .get(compiled.group)
                .and_then(|g| g.rules.get(compiled.slot))
                .is_some_and(|(_, condition)| condition.matches(value));
            if hit {
                contributions.push(Contribution::new(
                    rule.name.clone(),
                    Part::Fit,
                    rule.points,
                    compiled.reason.clone(),
                ));
            }
        }
        let mut micro = vec![0_i64; self.engagement.len()];
        let mut counts = vec![0_usize; self.engagement.len()];
        self.accumulate(profile.activities, now, &mut micro, &mut counts);
        let rules = self.engagement.iter().zip(&self.config.engagement_rules);
        for ((compiled, rule), (&micro, &count)) in rules.zip(micro.iter().zip(&counts)) {
            let (points, capped) = compiled.finish(micro);
            if count == 0 {
                continue;
            }
            let mut reason = format!(
                "{count} × {} at {} points{}",
                kind_name(rule.kind),
                rule.points,
                decay_text(rule.decay)
            );
            if let (true, Some(cap)) = (capped, rule.cap) {
                let _ = write!(reason, ", capped at {cap}");
            }
            contributions.push(Contribution::new(
                rule.name.clone(),
                Part::Engagement,
                points,
                reason,
            ));
        }
        ScoreCard::new(contributions, &self.config.grades, &self.config.bands)
    }

    fn summary(&self, profile: &Profile<'_>, now: DateTime<Utc>) -> ScoreSummary {
        ScoreSummary::new(
            self.fit_points(profile),
            self.engagement_points(profile.activities, now),
            &self.config.grades,
            &self.config.bands,
        )
    }
}

fn decay_text(decay: Decay) -> String {
    match decay {
        Decay::None => String::new(),
        Decay::Linear { days } => format!(", fading linearly over {days} days"),
        Decay::HalfLife { days } => format!(", half-life {days} days"),
        Decay::Window { days } => format!(", within the last {days} days"),
    }
}

pub(super) const KIND_COUNT: usize = ActivityKind::ALL.len();

/// A dense index of an activity kind, below [`KIND_COUNT`].
pub(super) fn kind_index(kind: ActivityKind) -> usize {
    match kind {
        ActivityKind::Email => 0,
        ActivityKind::Call => 1,
        ActivityKind::Meeting => 2,
        ActivityKind::WebVisit => 3,
        ActivityKind::FormFill => 4,
        ActivityKind::Event => 5,
        ActivityKind::Other => 6,
    }
}

/// The snake-case name of an activity kind, as in the configuration.
pub(crate) fn kind_name(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Email => "email",
        ActivityKind::Call => "call",
        ActivityKind::Meeting => "meeting",
        ActivityKind::WebVisit => "web_visit",
        ActivityKind::FormFill => "form_fill",
        ActivityKind::Event => "event",
        ActivityKind::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_index_is_the_position_in_all() {
        for (position, kind) in ActivityKind::ALL.into_iter().enumerate() {
            assert_eq!(kind_index(kind), position, "{kind:?}");
        }
    }
}
