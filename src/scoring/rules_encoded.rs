//! The rule scorer compiled against an encoding: attributes resolved to slots, categorical
//! values interned to codes with their fit points precomputed, activities as kinds and
//! integer timestamps.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::activity::{Activity, ActivityKind};
use crate::attribute::{AttributeValue, Attributes};

use super::card::ScoreSummary;
use super::config::Condition;
use super::error::EncodedScoreError;
use super::rules::RuleScorer;

/// One attribute of an encoded lead, in the slot the [`EncodedRuleScorer`] gave the
/// attribute.
///
/// Numbers are carried as they are (their rules, ranges mostly, are tested per lead); every
/// other value (text, boolean, date, list) is a code from
/// [`EncodedRuleScorer::intern`], whose fit points were computed when it was interned.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", content = "value", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum SlotValue {
    /// The lead has no such attribute.
    #[default]
    Missing,
    /// A number attribute (a finite number, as [`AttributeValue::Number`]).
    Number(f64),
    /// An interned value.
    Code(u32),
}

/// An activity reduced to what the rules read: its kind and its time in whole seconds since
/// the Unix epoch (as [`DateTime::timestamp`], which the rule scorer uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EncodedActivity {
    /// The kind of touch.
    pub kind: ActivityKind,
    /// When, in seconds since 1970-01-01T00:00:00Z.
    pub at: i64,
}

impl From<&Activity> for EncodedActivity {
    fn from(activity: &Activity) -> Self {
        Self {
            kind: activity.kind,
            at: activity.at.timestamp(),
        }
    }
}

/// A value as an ordered key, for interning (numbers by their bits).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ValueKey {
    Text(String),
    Number(u64),
    Bool(bool),
    Date(NaiveDate),
    List(Vec<String>),
}

impl ValueKey {
    fn of(value: &AttributeValue) -> Self {
        match value {
            AttributeValue::Text(t) => ValueKey::Text(t.clone()),
            AttributeValue::Number(n) => ValueKey::Number(n.to_bits()),
            AttributeValue::Bool(b) => ValueKey::Bool(*b),
            AttributeValue::Date(d) => ValueKey::Date(*d),
            AttributeValue::List(l) => ValueKey::List(l.clone()),
        }
    }
}

/// What a rule tests of a number: exactly what [`Condition::matches`] does on
/// [`AttributeValue::Number`].
#[derive(Debug, Clone, Copy)]
enum NumberTest {
    /// `n` finite and in `[min, max)` (unbounded ends as infinities).
    Range { min: f64, max: f64 },
    /// `n == value`.
    Equals(f64),
    /// Any number (`exists`).
    Always,
}

impl NumberTest {
    /// The test of a condition on numbers, or `None` when no number meets it.
    fn of(condition: &Condition) -> Option<Self> {
        match condition {
            Condition::Range { min, max } => Some(NumberTest::Range {
                min: min.unwrap_or(f64::NEG_INFINITY),
                max: max.unwrap_or(f64::INFINITY),
            }),
            Condition::Equals {
                value: AttributeValue::Number(x),
            } => Some(NumberTest::Equals(*x)),
            Condition::Exists => Some(NumberTest::Always),
            _ => None,
        }
    }

    #[inline]
    fn holds(self, n: f64) -> bool {
        match self {
            NumberTest::Range { min, max } => n.is_finite() && n >= min && n < max,
            // Exactly as `AttributeValue`'s equality of numbers.
            #[allow(clippy::float_cmp)]
            NumberTest::Equals(x) => n == x,
            NumberTest::Always => true,
        }
    }
}

/// The fit rules of one attribute and its interned values.
#[derive(Debug, Clone)]
struct Slot {
    attribute: String,
    /// `(points, condition)` of each rule on the attribute.
    rules: Vec<(i64, Condition)>,
    /// The rules a number can meet, as number tests.
    number_rules: Vec<(i64, NumberTest)>,
    /// The points when the attribute is missing.
    missing: i64,
    /// The points of each code.
    points: Vec<i64>,
    /// The value of each code.
    values: Vec<AttributeValue>,
    index: BTreeMap<ValueKey, u32>,
}

impl Slot {
    /// The points of the slot's rules for a value (`None`: missing).
    fn points_of(&self, value: Option<&AttributeValue>) -> i64 {
        self.rules
            .iter()
            .filter(|(_, condition)| condition.matches(value))
            .fold(0_i64, |sum, (points, _)| sum.saturating_add(*points))
    }

    /// The points of a number: the rules tested on it, summed with `add`.
    #[inline]
    fn number_points(&self, n: f64, add: impl Fn(i64, i64) -> i64) -> i64 {
        self.number_rules
            .iter()
            .filter(|(_, test)| test.holds(n))
            .fold(0_i64, |sum, (points, _)| add(sum, *points))
    }
}

/// Whether the magnitudes of the slots' rule points add up to at most `i64::MAX`: then no
/// sum of some of them (a slot's points, a lead's fit) overflows.
fn plain_fit(slots: &[Slot]) -> bool {
    slots
        .iter()
        .flat_map(|slot| &slot.rules)
        .try_fold(0_u64, |sum, (points, _)| {
            sum.checked_add(points.unsigned_abs())
        })
        .is_some_and(|sum| sum <= i64::MAX.unsigned_abs())
}

/// A [`RuleScorer`] compiled against an encoding of leads, for hosts that score many leads
/// held in their own (columnar, interned) form: each attribute the fit rules read has a
/// *slot*, each categorical value a code whose fit points are computed once, when it is
/// interned, and activities are kinds with integer timestamps.
///
/// Scoring an encoded lead then adds one precomputed number per slot (numbers are tested
/// against their rules), and runs the engagement rules with the same fixed-point arithmetic
/// as the rule scorer: [`summary`](Self::summary) equals [`Scorer::summary`] of the
/// [`RuleScorer`] on the lead the encoding stands for, to the point.
///
/// [`Scorer::summary`]: super::Scorer::summary
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};
/// use leadflow::scoring::{
///     AttributeType, Condition, Decay, EncodedActivity, EncodedRuleScorer, EngagementRule,
///     FitRule, Profile, RuleScorer, Scorer, ScoringConfig, SlotValue,
/// };
///
/// let config = ScoringConfig {
///     attributes: [("country".to_owned(), AttributeType::Text),
///                  ("employees".to_owned(), AttributeType::Number)].into(),
///     fit_rules: vec![
///         FitRule { name: "dach".into(), attribute: "country".into(),
///                   condition: Condition::OneOf { values: vec!["DE".into(), "AT".into()] },
///                   points: 25 },
///         FitRule { name: "mid_market".into(), attribute: "employees".into(),
///                   condition: Condition::Range { min: Some(200.0), max: Some(2000.0) },
///                   points: 30 },
///     ],
///     engagement_rules: vec![EngagementRule {
///         name: "demo".into(), kind: ActivityKind::FormFill, points: 40, cap: None,
///         decay: Decay::HalfLife { days: 30.0 },
///     }],
///     grades: Default::default(),
///     bands: Default::default(),
/// };
/// let scorer = RuleScorer::new(config)?;
/// let mut encoded = EncodedRuleScorer::new(&scorer);
///
/// // Slots are the attributes the fit rules read, sorted: country, employees.
/// assert_eq!(encoded.slot("employees"), Some(1));
/// // Intern a host's categories once (or encode whole attribute maps).
/// let de = encoded.intern(0, &AttributeValue::text("DE"))?;
/// let values = [SlotValue::Code(de), SlotValue::Number(500.0)];
///
/// let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
/// let demo = Activity::new(ActivityKind::FormFill, now - TimeDelta::days(30));
/// let activities = [EncodedActivity::from(&demo)];
/// let summary = encoded.summary(&values, &activities, now)?;
/// assert_eq!((summary.fit, summary.engagement, summary.total), (55, 20, 75));
///
/// // The same as the rule scorer on the attribute map.
/// let attributes: Attributes = [("country".to_owned(), AttributeValue::text("DE")),
///     ("employees".to_owned(), AttributeValue::number(500.0)?)].into();
/// assert_eq!(scorer.summary(&Profile::new(&attributes, &[demo]), now), summary);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct EncodedRuleScorer {
    scorer: RuleScorer,
    slots: Vec<Slot>,
    /// Whether the magnitudes of all fit rules' points add up to at most `i64::MAX`: then
    /// no sum of some of them overflows, and fit sums need no saturation.
    plain_fit: bool,
}

impl EncodedRuleScorer {
    /// Compiles a rule scorer against an empty encoding: one slot per attribute its fit
    /// rules read, in attribute-name order, no value interned yet.
    #[must_use]
    pub fn new(scorer: &RuleScorer) -> Self {
        let slots: Vec<Slot> = scorer
            .attribute_groups()
            .map(|(attribute, rules)| {
                let mut slot = Slot {
                    attribute: attribute.to_owned(),
                    rules: rules.to_vec(),
                    number_rules: rules
                        .iter()
                        .filter_map(|(points, c)| Some((*points, NumberTest::of(c)?)))
                        .collect(),
                    missing: 0,
                    points: Vec::new(),
                    values: Vec::new(),
                    index: BTreeMap::new(),
                };
                slot.missing = slot.points_of(None);
                slot
            })
            .collect();
        let plain_fit = plain_fit(&slots);
        Self {
            scorer: scorer.clone(),
            slots,
            plain_fit,
        }
    }

    /// The rule scorer it was compiled from.
    #[must_use]
    pub fn scorer(&self) -> &RuleScorer {
        &self.scorer
    }

    /// The attributes of the slots, in slot order (sorted by name).
    #[must_use]
    pub fn attributes(&self) -> impl ExactSizeIterator<Item = &str> {
        self.slots.iter().map(|s| s.attribute.as_str())
    }

    /// The slot of an attribute, if a fit rule reads it.
    #[must_use]
    pub fn slot(&self, attribute: &str) -> Option<usize> {
        self.slots
            .binary_search_by(|s| s.attribute.as_str().cmp(attribute))
            .ok()
    }

    /// The code of a value of the attribute in `slot`, interning it (and computing its fit
    /// points) if new. Any value can be interned, numbers included (a host's buckets).
    ///
    /// # Errors
    /// [`EncodedScoreError::SlotOutOfRange`] for no such slot;
    /// [`EncodedScoreError::TooManyValues`] when the slot holds `u32::MAX` values already.
    pub fn intern(
        &mut self,
        slot: usize,
        value: &AttributeValue,
    ) -> Result<u32, EncodedScoreError> {
        let slots = self.slots.len();
        let s = self
            .slots
            .get_mut(slot)
            .ok_or(EncodedScoreError::SlotOutOfRange { slot, slots })?;
        let key = ValueKey::of(value);
        if let Some(&code) = s.index.get(&key) {
            return Ok(code);
        }
        let code = u32::try_from(s.values.len())
            .ok()
            .filter(|&c| c != u32::MAX)
            .ok_or(EncodedScoreError::TooManyValues { slot })?;
        let points = s.points_of(Some(value));
        s.points.push(points);
        s.values.push(value.clone());
        s.index.insert(key, code);
        Ok(code)
    }

    /// The value interned under `code` in `slot`.
    #[must_use]
    pub fn value(&self, slot: usize, code: u32) -> Option<&AttributeValue> {
        self.slots
            .get(slot)?
            .values
            .get(usize::try_from(code).ok()?)
    }

    /// Encodes one value for `slot`: a number as [`SlotValue::Number`], anything else
    /// interned ([`SlotValue::Code`]).
    ///
    /// # Errors
    /// As [`intern`](Self::intern).
    pub fn encode_value(
        &mut self,
        slot: usize,
        value: &AttributeValue,
    ) -> Result<SlotValue, EncodedScoreError> {
        match value {
            AttributeValue::Number(n) => {
                let slots = self.slots.len();
                if slot >= slots {
                    return Err(EncodedScoreError::SlotOutOfRange { slot, slots });
                }
                Ok(SlotValue::Number(*n))
            }
            _ => self.intern(slot, value).map(SlotValue::Code),
        }
    }

    /// Encodes a lead's attributes: one [`SlotValue`] per slot, appended to `values` (so
    /// many leads can share one buffer), interning new values. Attributes no fit rule reads
    /// are dropped.
    ///
    /// # Errors
    /// As [`intern`](Self::intern); `values` then holds the slots encoded so far.
    pub fn encode_attributes_into(
        &mut self,
        attributes: &Attributes,
        values: &mut Vec<SlotValue>,
    ) -> Result<(), EncodedScoreError> {
        values.reserve(self.slots.len());
        for slot in 0..self.slots.len() {
            let value = self
                .slots
                .get(slot)
                .and_then(|s| attributes.get(&s.attribute));
            let encoded = match value {
                None => SlotValue::Missing,
                Some(value) => self.encode_value(slot, value)?,
            };
            values.push(encoded);
        }
        Ok(())
    }

    /// Encodes a lead's attributes into a new vector; see
    /// [`encode_attributes_into`](Self::encode_attributes_into).
    ///
    /// # Errors
    /// As [`intern`](Self::intern).
    pub fn encode_attributes(
        &mut self,
        attributes: &Attributes,
    ) -> Result<Vec<SlotValue>, EncodedScoreError> {
        let mut values = Vec::with_capacity(self.slots.len());
        self.encode_attributes_into(attributes, &mut values)?;
        Ok(values)
    }

    /// The fit points of an encoded lead's slot values.
    ///
    /// # Errors
    /// As [`summary`](Self::summary).
    pub fn fit(&self, values: &[SlotValue]) -> Result<i64, EncodedScoreError> {
        if values.len() != self.slots.len() {
            return Err(EncodedScoreError::SlotCount {
                expected: self.slots.len(),
                found: values.len(),
            });
        }
        if self.plain_fit {
            self.fit_sum(values, i64::wrapping_add)
        } else {
            self.fit_sum(values, i64::saturating_add)
        }
    }

    /// The fit points of slot values of the right count, summed with `add`: saturating, or
    /// plain when no sum can overflow (the same sums then).
    #[inline]
    fn fit_sum(
        &self,
        values: &[SlotValue],
        add: impl Fn(i64, i64) -> i64 + Copy,
    ) -> Result<i64, EncodedScoreError> {
        let mut fit = 0_i64;
        for (slot, (s, value)) in self.slots.iter().zip(values).enumerate() {
            let points = match *value {
                SlotValue::Missing => s.missing,
                SlotValue::Number(n) => s.number_points(n, add),
                SlotValue::Code(code) => *usize::try_from(code)
                    .ok()
                    .and_then(|c| s.points.get(c))
                    .ok_or(EncodedScoreError::UnknownCode {
                        slot,
                        code,
                        values: s.points.len(),
                    })?,
            };
            fit = add(fit, points);
        }
        Ok(fit)
    }

    /// The engagement points of encoded activities at `now`.
    #[must_use]
    pub fn engagement(&self, activities: &[EncodedActivity], now: DateTime<Utc>) -> i64 {
        self.scorer
            .engagement_table()
            .points(activities.iter().map(|a| (a.kind, a.at)), now.timestamp())
    }

    /// The score of an encoded lead at `now`: `values` one per slot, `activities` in any
    /// order. Equal to the rule scorer's [`summary`](super::Scorer::summary) of the lead
    /// encoded.
    ///
    /// # Errors
    /// [`EncodedScoreError::SlotCount`] unless there is one value per slot;
    /// [`EncodedScoreError::UnknownCode`] for a code never interned in its slot.
    pub fn summary(
        &self,
        values: &[SlotValue],
        activities: &[EncodedActivity],
        now: DateTime<Utc>,
    ) -> Result<ScoreSummary, EncodedScoreError> {
        let fit = self.fit(values)?;
        let config = self.scorer.config();
        Ok(ScoreSummary::new(
            fit,
            self.engagement(activities, now),
            &config.grades,
            &config.bands,
        ))
    }

    /// The total alone: `summary(..)?.total`.
    ///
    /// # Errors
    /// As [`summary`](Self::summary).
    pub fn total(
        &self,
        values: &[SlotValue],
        activities: &[EncodedActivity],
        now: DateTime<Utc>,
    ) -> Result<i64, EncodedScoreError> {
        let fit = self.fit(values)?;
        Ok(fit.saturating_add(self.engagement(activities, now)).max(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::config::{EngagementRule, FitRule, ScoringConfig};
    use crate::scoring::grade::{BandThresholds, GradeThresholds};
    use proptest::prelude::*;

    /// The fit sum before the plain path: saturating throughout.
    fn saturating_fit(slots: &[Slot], values: &[SlotValue]) -> Option<i64> {
        let mut fit = 0_i64;
        for (s, value) in slots.iter().zip(values) {
            let points = match *value {
                SlotValue::Missing => s.missing,
                SlotValue::Number(n) => s
                    .number_rules
                    .iter()
                    .filter(|(_, test)| test.holds(n))
                    .fold(0_i64, |sum, (points, _)| sum.saturating_add(*points)),
                SlotValue::Code(code) => *s.points.get(usize::try_from(code).ok()?)?,
            };
            fit = fit.saturating_add(points);
        }
        Some(fit)
    }

    fn scorer() -> RuleScorer {
        let config = ScoringConfig {
            attributes: BTreeMap::new(),
            fit_rules: Vec::<FitRule>::new(),
            engagement_rules: Vec::<EngagementRule>::new(),
            grades: GradeThresholds::default(),
            bands: BandThresholds::default(),
        };
        RuleScorer::new(config).unwrap()
    }

    /// A slot of number rules with any points (beyond a validated configuration's, so that
    /// sums overflow), and two codes whose points are any of the rules' sums.
    fn slot() -> impl Strategy<Value = Slot> {
        let points = prop_oneof![
            -10_000_i64..10_000,
            Just(i64::MAX),
            Just(i64::MIN + 1),
            (i64::MIN / 2)..(i64::MAX / 2),
        ];
        let condition = prop_oneof![
            Just(Condition::Exists),
            (-100.0_f64..100.0, 0.0_f64..100.0).prop_map(|(min, span)| Condition::Range {
                min: Some(min),
                max: Some(min + span),
            }),
        ];
        prop::collection::vec((points, condition), 0..5).prop_map(|rules| {
            let mut slot = Slot {
                attribute: String::new(),
                number_rules: rules
                    .iter()
                    .filter_map(|(points, c)| Some((*points, NumberTest::of(c)?)))
                    .collect(),
                rules,
                missing: 0,
                points: Vec::new(),
                values: Vec::new(),
                index: BTreeMap::new(),
            };
            slot.missing = slot.points_of(None);
            for n in [0.0, 50.0] {
                let value = AttributeValue::Number(n);
                slot.points.push(slot.points_of(Some(&value)));
                slot.values.push(value);
            }
            slot
        })
    }

    fn value() -> impl Strategy<Value = SlotValue> {
        prop_oneof![
            Just(SlotValue::Missing),
            (0_u32..2).prop_map(SlotValue::Code),
            (-150.0_f64..150.0).prop_map(SlotValue::Number),
        ]
    }

    proptest! {
        /// The plain fit sum (taken when no sum can overflow) and the saturating one (taken
        /// otherwise) both equal the saturating sum.
        #[test]
        fn fit_equals_the_saturating_sum(
            slots_and_values in prop::collection::vec((slot(), value()), 0..6),
        ) {
            let (slots, values): (Vec<Slot>, Vec<SlotValue>) =
                slots_and_values.into_iter().unzip();
            let encoded = EncodedRuleScorer {
                scorer: scorer(),
                plain_fit: plain_fit(&slots),
                slots,
            };
            let expected = saturating_fit(&encoded.slots, &values);
            prop_assert_eq!(encoded.fit(&values).ok(), expected);
            prop_assert_eq!(
                encoded.fit_sum(&values, i64::saturating_add).ok(),
                expected
            );
        }
    }
}
