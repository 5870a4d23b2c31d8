//! Errors of the scoring module, one enum per concern.

use std::fmt;

use super::config::AttributeType;

/// The section of the configuration a rule sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RuleSection {
    /// `fit_rules`.
    Fit,
    /// `engagement_rules`.
    Engagement,
}

impl fmt::Display for RuleSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RuleSection::Fit => "fit_rules",
            RuleSection::Engagement => "engagement_rules",
        })
    }
}

/// Where an offending rule is: its section, its index there (from 0) and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleRef {
    /// The section.
    pub section: RuleSection,
    /// The index in the section, from 0.
    pub index: usize,
    /// The rule's name.
    pub name: String,
}

impl fmt::Display for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {:?}", self.section, self.index, self.name)
    }
}

/// Why a [`ScoringConfig`](super::ScoringConfig) was refused at load time. Each variant names
/// the offending rule; fix that rule (or the thresholds) and load again.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoringConfigError {
    /// A rule reads an attribute that `attributes` does not declare. Declare it with its type,
    /// or fix the rule's attribute name (a typo would otherwise score a silent zero).
    #[error("{rule}: attribute {attribute:?} is not declared")]
    UndeclaredAttribute {
        /// The rule.
        rule: RuleRef,
        /// The attribute it reads.
        attribute: String,
    },
    /// A rule's condition cannot apply to the declared type (a range on text, an `equals`
    /// with a value of another type). Change the condition or the declaration.
    #[error("{rule}: condition {condition} cannot apply to {attribute:?} of type {declared}")]
    TypeMismatch {
        /// The rule.
        rule: RuleRef,
        /// The attribute.
        attribute: String,
        /// Its declared type.
        declared: AttributeType,
        /// The condition's name.
        condition: &'static str,
    },
    /// A number in a rule is NaN or infinite. Use a finite number.
    #[error("{rule}: {field} is not a finite number")]
    NotFinite {
        /// The rule.
        rule: RuleRef,
        /// Which field (`min`, `max`, `value`, `days`).
        field: &'static str,
    },
    /// A rule's points are outside `±max`. Scale the configuration down.
    #[error("{rule}: points {points} outside -{max}..={max}")]
    PointsOutOfBounds {
        /// The rule.
        rule: RuleRef,
        /// The points given.
        points: i64,
        /// The bound ([`MAX_POINTS`](super::MAX_POINTS)).
        max: i64,
    },
    /// An engagement rule's cap is outside `1..=max`. Drop the cap or bring it in range.
    #[error("{rule}: cap {cap} outside 1..={max}")]
    CapOutOfBounds {
        /// The rule.
        rule: RuleRef,
        /// The cap given.
        cap: i64,
        /// The bound ([`MAX_CAP`](super::MAX_CAP)).
        max: i64,
    },
    /// A decay period is not in `(0, max]` days. Use a positive period of at most a century.
    #[error("{rule}: decay period {days} days outside (0, {max}]")]
    DecayOutOfBounds {
        /// The rule.
        rule: RuleRef,
        /// The period given.
        days: f64,
        /// The bound ([`MAX_DECAY_DAYS`](super::MAX_DECAY_DAYS)).
        max: f64,
    },
    /// A range is empty or open at both ends (`min >= max`, or no bound). Fix its bounds.
    #[error("{rule}: range must have a bound and min < max")]
    EmptyRange {
        /// The rule.
        rule: RuleRef,
    },
    /// A list of values or domains is empty, or a text to look for is empty. Fill it in.
    #[error("{rule}: {field} is empty")]
    EmptyValue {
        /// The rule.
        rule: RuleRef,
        /// Which field.
        field: &'static str,
    },
    /// A rule has no name. Name it: contributions are reported by name.
    #[error("{rule}: rule has no name")]
    UnnamedRule {
        /// The rule.
        rule: RuleRef,
    },
    /// Two rules share a name. Rename one: contributions are reported by name.
    #[error("{rule}: name already used by {first}")]
    DuplicateRuleName {
        /// The second rule with the name.
        rule: RuleRef,
        /// The first one.
        first: RuleRef,
    },
    /// A section holds more than `max` rules. Split the model or merge rules.
    #[error("{section}: {count} rules, at most {max}")]
    TooManyRules {
        /// The section.
        section: RuleSection,
        /// How many rules it holds.
        count: usize,
        /// The bound ([`MAX_RULES`](super::MAX_RULES)).
        max: usize,
    },
    /// Grade or band thresholds are not strictly descending, or exceed
    /// [`MAX_THRESHOLD`](super::MAX_THRESHOLD) in magnitude. Order them best first.
    #[error("{which} thresholds must be strictly descending within ±{max}: got {thresholds:?}")]
    UnorderedThresholds {
        /// `"grades"` or `"bands"`.
        which: &'static str,
        /// The thresholds, best first.
        thresholds: [i64; 3],
        /// The bound.
        max: i64,
    },
}

/// Why a naive-Bayes model could not be built or trained.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BayesError {
    /// The smoothing constant is not finite or not in `(0, max]`. Use 1.0 (Laplace) or a
    /// small positive number.
    #[error("smoothing {alpha} outside (0, {max}]")]
    Smoothing {
        /// The constant given.
        alpha: f64,
        /// The bound ([`MAX_ALPHA`](super::MAX_ALPHA)).
        max: f64,
    },
    /// No features were chosen, or a feature name is empty. Choose at least one attribute.
    #[error("no features, or an empty feature name")]
    NoFeatures,
    /// The same feature was chosen twice. Remove the duplicate.
    #[error("feature {name:?} chosen twice")]
    DuplicateFeature {
        /// The feature.
        name: String,
    },
    /// Two models with different features or smoothing were merged. Merge like with like.
    #[error("models differ in features or smoothing")]
    Mismatch,
    /// A feature index is not below the number of features of the
    /// [`FeatureDictionary`](super::FeatureDictionary). Look the index up with
    /// [`FeatureDictionary::feature`](super::FeatureDictionary::feature).
    #[error("feature index {feature} out of range: {features} features")]
    FeatureOutOfRange {
        /// The index given.
        feature: usize,
        /// How many features there are.
        features: usize,
    },
    /// An encoded row or column holds a code the dictionary never gave out for that feature.
    /// Encode with the same dictionary you train with, and use
    /// [`MISSING`](super::MISSING) for an absent feature.
    #[error("feature {feature}: code {code} unknown, {categories} categories interned")]
    UnknownCode {
        /// The feature's index.
        feature: usize,
        /// The code found.
        code: u32,
        /// How many categories the feature has.
        categories: usize,
    },
    /// An encoded row is not one code per feature, or columnar training was given not one
    /// column per feature. Write exactly one code (or column) per feature, in feature order.
    #[error("{found} codes per row or columns, expected one per feature ({expected})")]
    RowWidth {
        /// The number of features.
        expected: usize,
        /// The row's length, or the number of columns.
        found: usize,
    },
    /// A column's length differs from the number of outcomes. Pass one code per lead.
    #[error("column {column} holds {found} codes, expected {expected}")]
    ColumnLength {
        /// The column (feature index).
        column: usize,
        /// The expected length (or number of columns).
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A [`FeatureDictionary`](super::FeatureDictionary) read back is not one that
    /// [`FeatureDictionary::new`](super::FeatureDictionary::new) and interning could have
    /// made: features not sorted and distinct, not one list of categories per feature, or a
    /// category listed twice. Write dictionaries with serde, do not edit them by hand.
    #[error("feature dictionary is corrupt")]
    CorruptDictionary,
    /// A feature has `u32::MAX` distinct categories: no code is left. Such a feature is not
    /// categorical; leave it out.
    #[error("feature {feature}: too many categories to intern")]
    VocabularyFull {
        /// The feature's index.
        feature: usize,
    },
}

/// Why a value could not be encoded for, or an encoded lead scored by, an
/// [`EncodedRuleScorer`](super::EncodedRuleScorer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodedScoreError {
    /// A slot index is not below the number of slots. Look slots up with
    /// [`EncodedRuleScorer::slot`](super::EncodedRuleScorer::slot).
    #[error("slot {slot} out of range: {slots} slots")]
    SlotOutOfRange {
        /// The index given.
        slot: usize,
        /// How many slots there are.
        slots: usize,
    },
    /// An encoded lead is not one value per slot. Encode every slot, in slot order, with
    /// [`SlotValue::Missing`](super::SlotValue::Missing) for an absent attribute.
    #[error("{found} slot values, expected {expected}")]
    SlotCount {
        /// The number of slots.
        expected: usize,
        /// The number of values given.
        found: usize,
    },
    /// A code was never interned in its slot (an encoding made by another scorer). Encode
    /// with the scorer that scores.
    #[error("slot {slot}: code {code} unknown, {values} values interned")]
    UnknownCode {
        /// The slot.
        slot: usize,
        /// The code found.
        code: u32,
        /// How many values the slot has interned.
        values: usize,
    },
    /// A slot has `u32::MAX` distinct values: no code is left. Pass numbers as
    /// [`SlotValue::Number`](super::SlotValue::Number) rather than interning them.
    #[error("slot {slot}: too many distinct values to intern")]
    TooManyValues {
        /// The slot.
        slot: usize,
    },
}

/// Why a calibration question could not be answered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CalibrationError {
    /// A target rate is NaN or outside `[0, 1]`. Pass a fraction such as `0.9`.
    #[error("target {value} is not a fraction in [0, 1]")]
    InvalidTarget {
        /// The value given.
        value: f64,
    },
    /// Score band edges are not strictly ascending. Sort them and remove duplicates.
    #[error("band edges must be strictly ascending")]
    UnorderedEdges,
}
