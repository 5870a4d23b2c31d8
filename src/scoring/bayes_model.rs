//! A frozen naive-Bayes model: log-likelihood ratios precomputed for fast scoring, and a
//! [`Scorer`] so it plugs in wherever a scorer is expected.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::attribute::{AttributeValue, Attributes};

use super::bayes::{NaiveBayes, category, for_each_present, logistic};
use super::card::{Contribution, Part, ScoreCard, ScoreSummary};
use super::condition::{cmp_short, eq_short};
use super::grade::{BandThresholds, GradeThresholds};
use super::scorer::{Profile, Scorer};

#[derive(Debug, Clone, PartialEq)]
struct CompiledFeature {
    name: String,
    /// `(category, log-likelihood ratio)`, sorted by category.
    categories: Vec<(String, f64)>,
}

impl CompiledFeature {
    fn position(&self, value: &AttributeValue) -> Option<usize> {
        if let AttributeValue::Text(text) = value {
            return self.position_of(text);
        }
        self.position_of(&category(value)?)
    }

    #[inline]
    fn position_of(&self, category: &str) -> Option<usize> {
        if self.categories.len() <= 8 {
            // A small vocabulary: compare lengths first, scan.
            return self
                .categories
                .iter()
                .position(|(c, _)| eq_short(c, category));
        }
        self.categories
            .binary_search_by(|(c, _)| cmp_short(c, category))
            .ok()
    }

    fn llr(&self, value: &AttributeValue) -> Option<f64> {
        let i = self.position(value)?;
        self.categories.get(i).map(|(_, llr)| *llr)
    }
}

/// A lead's categories as indices into one [`BayesModel`]'s tables, from
/// [`BayesModel::encode`]: for hosts that score the same leads many times, or keep their
/// data in columns, scoring an encoded lead is a sum of array lookups.
///
/// An encoding belongs to the model that made it; with another model it gives meaningless
/// (but never panicking) results.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EncodedLead {
    /// Per feature (in feature-name order), the category's index, or `u32::MAX` when the
    /// feature is absent or its category was never seen.
    indices: Vec<u32>,
}

/// A trained [`NaiveBayes`] frozen for scoring (from [`NaiveBayes::compile`]).
///
/// [`log_odds`](Self::log_odds) and [`probability`](Self::probability) walk the lead's
/// attributes once beside the sorted features, look each category up by binary search and add
/// precomputed ratios: no logarithm and no allocation for text and boolean attributes.
///
/// As a [`Scorer`], the score is `round(100 × probability)`, all of it in the fit part, as one
/// contribution named `naive_bayes` whose reason lists the prior and each feature's evidence
/// (log-likelihoods do not add up as points, so they are not separate contributions). The
/// grade uses the thresholds given with [`with_grading`](Self::with_grading) (by default
/// those of [`GradeThresholds::default`] and [`BandThresholds::default`]; the engagement band
/// is then always 4, as the model reads no activities).
///
/// ```
/// use leadflow::{Attributes, AttributeValue};
/// use leadflow::scoring::{NaiveBayes, Outcome, Profile, Scorer};
/// let lead = |industry: &str| -> Attributes {
///     [("industry".to_owned(), AttributeValue::text(industry))].into()
/// };
/// let (saas, retail) = (lead("saas"), lead("retail"));
/// let trained = NaiveBayes::train(["industry"], 1.0,
///     [(&saas, Outcome::Won), (&saas, Outcome::Won), (&retail, Outcome::Lost)])?;
/// let model = trained.compile();
/// assert!((model.probability(&saas) - trained.predict(&saas).probability).abs() < 1e-12);
/// let now = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
/// assert_eq!(model.total(&Profile::new(&saas, &[]), now), 77); // 27/35 = 0.771…
/// # Ok::<(), leadflow::scoring::BayesError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BayesModel {
    prior: f64,
    features: Vec<CompiledFeature>,
    grades: GradeThresholds,
    bands: BandThresholds,
}

impl BayesModel {
    pub(crate) fn from_naive_bayes(model: &NaiveBayes) -> Self {
        let features = model
            .feature_counts()
            .map(|(name, counts)| CompiledFeature {
                name: name.clone(),
                categories: counts
                    .categories
                    .iter()
                    .map(|(category, c)| (category.clone(), model.llr(counts, *c)))
                    .collect(),
            })
            .collect();
        Self {
            prior: model.prior_log_odds(),
            features,
            grades: GradeThresholds::default(),
            bands: BandThresholds::default(),
        }
    }

    /// The same model grading its points (in the fit part) with these thresholds.
    #[must_use]
    pub fn with_grading(mut self, grades: GradeThresholds, bands: BandThresholds) -> Self {
        self.grades = grades;
        self.bands = bands;
        self
    }

    /// The log-odds of winning: the prior plus the evidence of every feature present.
    #[must_use]
    pub fn log_odds(&self, attributes: &Attributes) -> f64 {
        let mut log_odds = self.prior;
        for_each_present(
            &self.features,
            |f| f.name.as_str(),
            attributes,
            |i, value| {
                if let Some(llr) = self.features.get(i).and_then(|f| f.llr(value)) {
                    log_odds += llr;
                }
            },
        );
        log_odds
    }

    /// Encodes a lead's categories for [`log_odds_encoded`](Self::log_odds_encoded).
    #[must_use]
    pub fn encode(&self, attributes: &Attributes) -> EncodedLead {
        let mut indices = vec![u32::MAX; self.features.len()];
        for_each_present(
            &self.features,
            |f| f.name.as_str(),
            attributes,
            |i, value| {
                let position = self.features.get(i).and_then(|f| f.position(value));
                if let (Some(slot), Some(p)) = (indices.get_mut(i), position) {
                    *slot = u32::try_from(p).unwrap_or(u32::MAX);
                }
            },
        );
        EncodedLead { indices }
    }

    /// The log-odds of an encoded lead; equal to [`log_odds`](Self::log_odds) of the
    /// attributes it was encoded from.
    #[must_use]
    pub fn log_odds_encoded(&self, lead: &EncodedLead) -> f64 {
        let mut log_odds = self.prior;
        for (feature, &index) in self.features.iter().zip(&lead.indices) {
            if let Some((_, llr)) = usize::try_from(index)
                .ok()
                .and_then(|i| feature.categories.get(i))
            {
                log_odds += llr;
            }
        }
        log_odds
    }

    /// The probability of winning, in `[0, 1]`.
    #[must_use]
    pub fn probability(&self, attributes: &Attributes) -> f64 {
        logistic(self.log_odds(attributes))
    }

    #[allow(clippy::cast_possible_truncation)] // in 0..=100
    fn points(&self, attributes: &Attributes) -> i64 {
        (self.probability(attributes) * 100.0).round() as i64
    }
}

impl Scorer for BayesModel {
    fn score(&self, profile: &Profile<'_>, _now: DateTime<Utc>) -> ScoreCard {
        let points = self.points(profile.attributes);
        let mut reason = format!(
            "p(won) = {:.3}; prior log-odds {:+.3}",
            self.probability(profile.attributes),
            self.prior
        );
        for_each_present(
            &self.features,
            |f| f.name.as_str(),
            profile.attributes,
            |i, value| {
                if let (Some(feature), Some(cat)) = (self.features.get(i), category(value)) {
                    match feature.llr(value) {
                        Some(llr) => {
                            let _ = write!(reason, "; {}={cat} {llr:+.3}", feature.name);
                        }
                        None => {
                            let _ = write!(reason, "; {}={cat} unseen", feature.name);
                        }
                    }
                }
            },
        );
        ScoreCard::new(
            vec![Contribution::new("naive_bayes", Part::Fit, points, reason)],
            &self.grades,
            &self.bands,
        )
    }

    fn summary(&self, profile: &Profile<'_>, _now: DateTime<Utc>) -> ScoreSummary {
        ScoreSummary::new(
            self.points(profile.attributes),
            0,
            &self.grades,
            &self.bands,
        )
    }
}
