//! Naive Bayes over categorical attributes, trained on closed leads (won against lost).

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::attribute::{AttributeValue, Attributes};
use crate::lead::Lead;

use super::bayes_model::BayesModel;
use super::error::BayesError;
use super::scorer::Outcome;

/// Vocabularies up to this size are scanned rather than searched when training.
const SMALL_VOCABULARY: usize = 8;

/// The largest smoothing constant accepted.
pub const MAX_ALPHA: f64 = 1_000.0;

/// Won and lost counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ClassCounts {
    /// Won leads.
    pub won: u64,
    /// Lost leads.
    pub lost: u64,
}

impl ClassCounts {
    #[inline]
    pub(super) fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Won => self.won = self.won.saturating_add(1),
            Outcome::Lost => self.lost = self.lost.saturating_add(1),
        }
    }

    fn merge(&mut self, other: ClassCounts) {
        self.won = self.won.saturating_add(other.won);
        self.lost = self.lost.saturating_add(other.lost);
    }
}

/// One feature's counts: per category, and in total (leads where the feature was present).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct FeatureCounts {
    pub(crate) present: ClassCounts,
    pub(crate) categories: BTreeMap<String, ClassCounts>,
}

/// One feature's counts while training in a batch: the categories in order of first
/// appearance, found by a scan while they are few, by an index beyond.
#[derive(Debug, Default)]
struct Tally<'a> {
    present: ClassCounts,
    categories: Vec<(Cow<'a, str>, ClassCounts)>,
    /// The position of each category in `categories`.
    index: BTreeMap<Cow<'a, str>, usize>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, category: Cow<'a, str>, outcome: Outcome) {
        self.present.add(outcome);
        let found = if self.categories.len() <= SMALL_VOCABULARY {
            self.categories
                .iter_mut()
                .find(|(c, _)| super::condition::eq_short(c, &category))
                .map(|(_, counts)| counts)
        } else {
            let i = self.index.get(category.as_ref()).copied();
            i.and_then(|i| self.categories.get_mut(i))
                .map(|(_, counts)| counts)
        };
        if let Some(counts) = found {
            counts.add(outcome);
        } else {
            let mut counts = ClassCounts::default();
            counts.add(outcome);
            self.index.insert(category.clone(), self.categories.len());
            self.categories.push((category, counts));
        }
    }
}

/// The category of an attribute value: text as is, `true`/`false`, numbers and dates in
/// their display form; lists have none (they are not categorical).
pub(crate) fn category(value: &AttributeValue) -> Option<Cow<'_, str>> {
    match value {
        AttributeValue::Text(text) => Some(Cow::Borrowed(text)),
        AttributeValue::Bool(true) => Some(Cow::Borrowed("true")),
        AttributeValue::Bool(false) => Some(Cow::Borrowed("false")),
        AttributeValue::Number(n) => Some(Cow::Owned(n.to_string())),
        AttributeValue::Date(d) => Some(Cow::Owned(d.to_string())),
        AttributeValue::List(_) => None,
    }
}

/// Walks the features (sorted) and the attributes (sorted) together: one pass, no lookups.
pub(crate) fn for_each_present<'a, T>(
    features: &[T],
    name: impl Fn(&T) -> &str,
    attributes: &'a Attributes,
    mut f: impl FnMut(usize, &'a AttributeValue),
) {
    let mut i = 0;
    for (key, value) in attributes {
        while let Some(feature) = features.get(i) {
            match super::condition::cmp_short(name(feature), key) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Equal => {
                    f(i, value);
                    i += 1;
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        if i >= features.len() {
            break;
        }
    }
}

/// Checks a smoothing constant: finite, in `(0, MAX_ALPHA]`.
pub(super) fn check_alpha(alpha: f64) -> Result<(), BayesError> {
    if alpha.is_finite() && alpha > 0.0 && alpha <= MAX_ALPHA {
        Ok(())
    } else {
        Err(BayesError::Smoothing {
            alpha,
            max: MAX_ALPHA,
        })
    }
}

/// Feature names, checked (at least one, none empty, no duplicate) and sorted.
pub(super) fn feature_names<I, S>(features: I) -> Result<Vec<String>, BayesError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut names: Vec<String> = features.into_iter().map(Into::into).collect();
    if names.is_empty() || names.iter().any(String::is_empty) {
        return Err(BayesError::NoFeatures);
    }
    names.sort();
    if let Some(pair) = names.windows(2).find(|w| w.first() == w.get(1)) {
        return Err(BayesError::DuplicateFeature {
            name: pair.first().cloned().unwrap_or_default(),
        });
    }
    Ok(names)
}

/// One feature's evidence in a prediction.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Evidence {
    /// The feature (attribute name).
    pub feature: String,
    /// The lead's category.
    pub category: String,
    /// `ln P(category | won) − ln P(category | lost)`: positive favours winning. Zero for a
    /// category never seen in training (no evidence either way).
    pub log_likelihood_ratio: f64,
    /// Whether the category was seen in training.
    pub seen: bool,
}

/// A naive-Bayes prediction: the probability of winning and why.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Prediction {
    /// P(won | features), in `[0, 1]`.
    pub probability: f64,
    /// `ln` of the odds of winning: the prior log-odds plus every feature's evidence.
    pub log_odds: f64,
    /// The prior log-odds, `ln((won + α) / (lost + α))`.
    pub prior_log_odds: f64,
    /// The evidence of each feature the lead has, in feature-name order. Absent features
    /// (and list values) give no evidence and are not listed.
    pub evidence: Vec<Evidence>,
}

/// The logistic function: odds in log space to a probability.
pub(crate) fn logistic(log_odds: f64) -> f64 {
    1.0 / (1.0 + (-log_odds).exp())
}

/// A naive-Bayes classifier of closed leads, won against lost, over chosen categorical
/// attributes, with additive (Laplace) smoothing `α`:
///
/// - prior: `P(won) = (won + α) / (won + lost + 2α)`;
/// - likelihood: `P(v | c) = (n(v, c) + α) / (n(c) + α·V)` where `n(v, c)` counts leads of
///   class `c` with category `v`, `n(c)` those of class `c` that had the feature at all, and
///   `V` the feature's distinct categories seen in training;
/// - a missing attribute is no evidence (skipped in training and prediction); a category
///   never seen in training is no evidence either.
///
/// The model is its counts, kept in `BTreeMap`s: training one lead at a time
/// ([`observe`](Self::observe)) or all at once ([`train`](Self::train)) gives the same model,
/// in any order, and [`merge`](Self::merge) adds two shards. [`compile`](Self::compile) freezes
/// it into a [`BayesModel`] for fast scoring (it is also a [`Scorer`](super::Scorer)).
///
/// ```
/// use leadflow::{Attributes, AttributeValue};
/// use leadflow::scoring::{NaiveBayes, Outcome};
/// let lead = |industry: &str| -> Attributes {
///     [("industry".to_owned(), AttributeValue::text(industry))].into()
/// };
/// let (saas, retail) = (lead("saas"), lead("retail"));
/// let model = NaiveBayes::train(["industry"], 1.0,
///     [(&saas, Outcome::Won), (&saas, Outcome::Won), (&retail, Outcome::Lost)])?;
/// // prior (2+1)/(3+2) = 3/5; P(saas|won) = 3/4, P(saas|lost) = 1/3:
/// // odds = (3/5 · 3/4) / (2/5 · 1/3) = 27/8, p = 27/35
/// let p = model.predict(&saas).probability;
/// assert!((p - 27.0 / 35.0).abs() < 1e-12);
/// # Ok::<(), leadflow::scoring::BayesError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NaiveBayes {
    /// Feature names, sorted.
    features: Vec<String>,
    alpha: f64,
    classes: ClassCounts,
    counts: Vec<FeatureCounts>,
}

impl NaiveBayes {
    /// An untrained model over `features` (attribute names) with smoothing `alpha`.
    ///
    /// # Errors
    /// [`BayesError::Smoothing`] unless `alpha` is finite and in `(0, MAX_ALPHA]`;
    /// [`BayesError::NoFeatures`] for no features or an empty name;
    /// [`BayesError::DuplicateFeature`] for a feature named twice.
    pub fn new<I, S>(features: I, alpha: f64) -> Result<Self, BayesError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        check_alpha(alpha)?;
        let names = feature_names(features)?;
        let counts = vec![FeatureCounts::default(); names.len()];
        Ok(Self {
            features: names,
            alpha,
            classes: ClassCounts::default(),
            counts,
        })
    }

    /// A model trained on `examples` in one batch; the same as [`new`](Self::new) followed
    /// by [`observe`](Self::observe) for each example.
    ///
    /// # Errors
    /// As [`new`](Self::new).
    pub fn train<'a, I, F, S>(features: F, alpha: f64, examples: I) -> Result<Self, BayesError>
    where
        F: IntoIterator<Item = S>,
        S: Into<String>,
        I: IntoIterator<Item = (&'a Attributes, Outcome)>,
    {
        let mut model = Self::new(features, alpha)?;
        // Count into flat per-feature tallies borrowing the categories, then hand the
        // counts over to the maps once: the same counts as observing one example at a time.
        let mut tallies: Vec<Tally<'a>> = model.features.iter().map(|_| Tally::default()).collect();
        let mut classes = ClassCounts::default();
        for (attributes, outcome) in examples {
            classes.add(outcome);
            for_each_present(&model.features, String::as_str, attributes, |i, value| {
                if let (Some(tally), Some(category)) = (tallies.get_mut(i), category(value)) {
                    tally.add(category, outcome);
                }
            });
        }
        model.classes = classes;
        for (counts, tally) in model.counts.iter_mut().zip(tallies) {
            counts.present = tally.present;
            counts.categories = tally
                .categories
                .into_iter()
                .map(|(category, n)| (category.into_owned(), n))
                .collect();
        }
        Ok(model)
    }

    /// Installs counts made elsewhere (the encoded trainers): the classes, and per feature
    /// (in feature order) the leads that had it and the counts of each category seen.
    pub(super) fn install(
        &mut self,
        classes: ClassCounts,
        counts: impl IntoIterator<Item = (ClassCounts, BTreeMap<String, ClassCounts>)>,
    ) {
        self.classes = classes;
        for (mine, (present, categories)) in self.counts.iter_mut().zip(counts) {
            mine.present = present;
            mine.categories = categories;
        }
    }

    /// Learns one closed lead's attributes and outcome.
    pub fn observe(&mut self, attributes: &Attributes, outcome: Outcome) {
        self.classes.add(outcome);
        let counts = &mut self.counts;
        for_each_present(&self.features, String::as_str, attributes, |i, value| {
            let (Some(feature), Some(category)) = (counts.get_mut(i), category(value)) else {
                return;
            };
            feature.present.add(outcome);
            let found = if feature.categories.len() <= SMALL_VOCABULARY {
                // A small map sits in one node: scan it with the inline comparison.
                feature
                    .categories
                    .iter_mut()
                    .find(|(k, _)| super::condition::eq_short(k, &category))
                    .map(|(_, c)| c)
            } else {
                feature.categories.get_mut(category.as_ref())
            };
            if let Some(c) = found {
                c.add(outcome);
            } else {
                let mut c = ClassCounts::default();
                c.add(outcome);
                feature.categories.insert(category.into_owned(), c);
            }
        });
    }

    /// Learns a lead if it is closed ([`Outcome::of`]); returns its outcome, or `None` (and
    /// learns nothing) for an open lead.
    pub fn observe_lead(&mut self, lead: &Lead) -> Option<Outcome> {
        let outcome = Outcome::of(lead)?;
        self.observe(lead.attributes(), outcome);
        Some(outcome)
    }

    /// Adds the counts of a model trained on other leads (another shard).
    ///
    /// # Errors
    /// [`BayesError::Mismatch`] when the features or the smoothing differ.
    pub fn merge(&mut self, other: &NaiveBayes) -> Result<(), BayesError> {
        if self.features != other.features || self.alpha.to_bits() != other.alpha.to_bits() {
            return Err(BayesError::Mismatch);
        }
        self.classes.merge(other.classes);
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            mine.present.merge(theirs.present);
            for (category, counts) in &theirs.categories {
                mine.categories
                    .entry(category.clone())
                    .or_default()
                    .merge(*counts);
            }
        }
        Ok(())
    }

    /// The features, sorted.
    #[must_use]
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// The smoothing constant.
    #[must_use]
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// How many won and lost leads were learnt.
    #[must_use]
    pub fn classes(&self) -> ClassCounts {
        self.classes
    }

    /// The counts of one category of one feature, if seen.
    #[must_use]
    pub fn counts(&self, feature: &str, category: &str) -> Option<ClassCounts> {
        let i = self
            .features
            .binary_search_by(|f| f.as_str().cmp(feature))
            .ok()?;
        self.counts.get(i)?.categories.get(category).copied()
    }

    #[allow(clippy::cast_precision_loss)] // counts far below 2^53
    pub(crate) fn prior_log_odds(&self) -> f64 {
        let won = self.classes.won as f64 + self.alpha;
        let lost = self.classes.lost as f64 + self.alpha;
        (won / lost).ln()
    }

    /// The log-likelihood ratio of a seen category of a feature.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn llr(&self, feature: &FeatureCounts, counts: ClassCounts) -> f64 {
        let distinct = feature.categories.len() as f64;
        let p_won =
            (counts.won as f64 + self.alpha) / (feature.present.won as f64 + self.alpha * distinct);
        let p_lost = (counts.lost as f64 + self.alpha)
            / (feature.present.lost as f64 + self.alpha * distinct);
        p_won.ln() - p_lost.ln()
    }

    pub(crate) fn feature_counts(&self) -> impl Iterator<Item = (&String, &FeatureCounts)> {
        self.features.iter().zip(&self.counts)
    }

    /// The probability that a lead with these attributes is won, with each feature's
    /// evidence. Computed from the counts; [`compile`](Self::compile) gives a faster model
    /// with the same answers.
    #[must_use]
    pub fn predict(&self, attributes: &Attributes) -> Prediction {
        let prior = self.prior_log_odds();
        let mut log_odds = prior;
        let mut evidence = Vec::new();
        for_each_present(&self.features, String::as_str, attributes, |i, value| {
            let (Some(name), Some(feature), Some(category)) =
                (self.features.get(i), self.counts.get(i), category(value))
            else {
                return;
            };
            let seen = feature.categories.get(category.as_ref()).copied();
            let llr = seen.map_or(0.0, |counts| self.llr(feature, counts));
            log_odds += llr;
            evidence.push(Evidence {
                feature: name.clone(),
                category: category.into_owned(),
                log_likelihood_ratio: llr,
                seen: seen.is_some(),
            });
        });
        Prediction {
            probability: logistic(log_odds),
            log_odds,
            prior_log_odds: prior,
            evidence,
        }
    }

    /// Freezes the model for fast scoring: every log-likelihood ratio precomputed.
    #[must_use]
    pub fn compile(&self) -> BayesModel {
        BayesModel::from_naive_bayes(self)
    }
}
