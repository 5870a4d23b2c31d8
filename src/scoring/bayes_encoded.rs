//! Naive Bayes from pre-encoded leads: a dictionary interns each feature's categories to
//! small integers, and training counts codes into flat tallies.

use std::collections::BTreeMap;

use crate::attribute::Attributes;

use super::bayes::{
    ClassCounts, NaiveBayes, category, check_alpha, feature_names, for_each_present,
};
use super::condition::eq_short;
use super::error::BayesError;
use super::scorer::Outcome;

/// The code of an absent feature in an encoded row or column (also what a list value, which
/// has no category, encodes to): no evidence, as a missing attribute in the map path.
pub const MISSING: u32 = u32::MAX;

/// Vocabularies up to this size are scanned rather than searched when interning.
const SMALL_VOCABULARY: usize = 8;

/// One feature's categories, by code (the position) and by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Vocabulary {
    categories: Vec<String>,
    index: BTreeMap<String, u32>,
}

impl Vocabulary {
    fn code(&self, category: &str) -> Option<u32> {
        if self.categories.len() <= SMALL_VOCABULARY {
            let i = self.categories.iter().position(|c| eq_short(c, category))?;
            return u32::try_from(i).ok();
        }
        self.index.get(category).copied()
    }

    fn intern(&mut self, feature: usize, category: &str) -> Result<u32, BayesError> {
        if let Some(code) = self.code(category) {
            return Ok(code);
        }
        let code = u32::try_from(self.categories.len())
            .ok()
            .filter(|&code| code != MISSING)
            .ok_or(BayesError::VocabularyFull { feature })?;
        self.categories.push(category.to_owned());
        self.index.insert(category.to_owned(), code);
        Ok(code)
    }
}

/// Interns the categories of a [`NaiveBayes`] model's features to small integers, for hosts
/// that keep their leads encoded (a columnar store with dictionary-encoded columns, a
/// feature matrix): each feature (in sorted name order, as the model's) numbers its
/// categories from 0 in order of first appearance, and [`MISSING`] stands for an absent
/// feature.
///
/// [`NaiveBayes::train_encoded`] (rows) and [`NaiveBayes::train_columns`] (columns) then
/// train from the codes alone, giving the same model as [`NaiveBayes::train`] on the
/// attribute maps the codes stand for. Categories are those of the map path: text as is,
/// `true`/`false`, numbers and dates in their display form; a list has none and encodes to
/// [`MISSING`]. A category interned but never trained on is not in the model.
///
/// ```
/// use leadflow::{Attributes, AttributeValue};
/// use leadflow::scoring::{FeatureDictionary, MISSING, NaiveBayes, Outcome};
///
/// let mut dictionary = FeatureDictionary::new(["size", "industry"])?;
/// // Features are sorted: industry is 0, size is 1. Intern a host's own dictionary once…
/// let industry = dictionary.feature("industry").unwrap_or_default();
/// let saas = dictionary.intern(industry, "saas")?;
/// let retail = dictionary.intern(industry, "retail")?;
/// // …or encode attribute maps, which interns as it goes.
/// let small: Attributes = [("size".to_owned(), AttributeValue::text("small"))].into();
/// let row = dictionary.encode(&small)?;
/// assert_eq!(row, vec![MISSING, 0]);
///
/// let rows = [[saas, 0], [retail, 0], [saas, MISSING]];
/// let outcomes = [Outcome::Won, Outcome::Lost, Outcome::Won];
/// let model = NaiveBayes::train_encoded(&dictionary, 1.0,
///     rows.iter().map(<[u32; 2]>::as_slice).zip(outcomes))?;
/// assert_eq!(model.classes().won, 2);
/// assert_eq!(model.counts("industry", "saas").map(|c| c.won), Some(2));
/// assert_eq!(model.counts("size", "small").map(|c| c.lost), Some(1));
/// # Ok::<(), leadflow::scoring::BayesError>(())
/// ```
///
/// With the `serde` feature it serializes as its features and, per feature, its categories
/// by code (`{"features": [..], "categories": [[..], ..]}`), and is checked when read back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "DictionaryRepr", into = "DictionaryRepr")
)]
pub struct FeatureDictionary {
    /// Feature names, sorted.
    features: Vec<String>,
    vocabularies: Vec<Vocabulary>,
}

impl FeatureDictionary {
    /// An empty dictionary over `features` (attribute names, sorted here).
    ///
    /// # Errors
    /// [`BayesError::NoFeatures`] for no features or an empty name;
    /// [`BayesError::DuplicateFeature`] for a feature named twice.
    pub fn new<I, S>(features: I) -> Result<Self, BayesError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let features = feature_names(features)?;
        let vocabularies = vec![Vocabulary::default(); features.len()];
        Ok(Self {
            features,
            vocabularies,
        })
    }

    /// The features, sorted: a feature's index is its position here.
    #[must_use]
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// The index of a feature, by name.
    #[must_use]
    pub fn feature(&self, name: &str) -> Option<usize> {
        self.features
            .binary_search_by(|f| f.as_str().cmp(name))
            .ok()
    }

    /// The code of `category` of feature `feature`, interning it if new.
    ///
    /// # Errors
    /// [`BayesError::FeatureOutOfRange`] when there is no such feature;
    /// [`BayesError::VocabularyFull`] when the feature has `u32::MAX` categories already.
    pub fn intern(&mut self, feature: usize, category: &str) -> Result<u32, BayesError> {
        let features = self.features.len();
        self.vocabularies
            .get_mut(feature)
            .ok_or(BayesError::FeatureOutOfRange { feature, features })?
            .intern(feature, category)
    }

    /// The code of a category already interned.
    #[must_use]
    pub fn code(&self, feature: usize, category: &str) -> Option<u32> {
        self.vocabularies.get(feature)?.code(category)
    }

    /// The categories of a feature, by code (empty for no such feature).
    #[must_use]
    pub fn categories(&self, feature: usize) -> &[String] {
        self.vocabularies
            .get(feature)
            .map_or(&[], |v| v.categories.as_slice())
    }

    /// Encodes a lead's attributes into one code per feature, appended to `row` (so many rows
    /// can share one buffer, row after row), interning new categories.
    ///
    /// # Errors
    /// [`BayesError::VocabularyFull`] as [`intern`](Self::intern); `row` is then left with
    /// the codes written so far.
    pub fn encode_into(
        &mut self,
        attributes: &Attributes,
        row: &mut Vec<u32>,
    ) -> Result<(), BayesError> {
        let start = row.len();
        row.resize(start.saturating_add(self.features.len()), MISSING);
        let slots = row.get_mut(start..).unwrap_or_default();
        let mut result = Ok(());
        let vocabularies = &mut self.vocabularies;
        for_each_present(&self.features, String::as_str, attributes, |i, value| {
            let (Some(vocabulary), Some(slot), Some(category)) =
                (vocabularies.get_mut(i), slots.get_mut(i), category(value))
            else {
                return;
            };
            match vocabulary.intern(i, &category) {
                Ok(code) => *slot = code,
                Err(e) => result = Err(e),
            }
        });
        result
    }

    /// Encodes a lead's attributes into a new row; see [`encode_into`](Self::encode_into).
    ///
    /// # Errors
    /// As [`encode_into`](Self::encode_into).
    pub fn encode(&mut self, attributes: &Attributes) -> Result<Vec<u32>, BayesError> {
        let mut row = Vec::with_capacity(self.features.len());
        self.encode_into(attributes, &mut row)?;
        Ok(row)
    }
}

/// The serialized form of a [`FeatureDictionary`].
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct DictionaryRepr {
    features: Vec<String>,
    categories: Vec<Vec<String>>,
}

#[cfg(feature = "serde")]
impl From<FeatureDictionary> for DictionaryRepr {
    fn from(dictionary: FeatureDictionary) -> Self {
        Self {
            features: dictionary.features,
            categories: dictionary
                .vocabularies
                .into_iter()
                .map(|v| v.categories)
                .collect(),
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<DictionaryRepr> for FeatureDictionary {
    type Error = BayesError;

    /// Checks the features (sorted, distinct, as [`FeatureDictionary::new`] makes them),
    /// one list of categories per feature, and no category twice in a list.
    fn try_from(repr: DictionaryRepr) -> Result<Self, BayesError> {
        let mut dictionary = FeatureDictionary::new(repr.features.iter().cloned())?;
        if dictionary.features != repr.features || repr.categories.len() != repr.features.len() {
            return Err(BayesError::CorruptDictionary);
        }
        for (feature, categories) in repr.categories.iter().enumerate() {
            for (code, category) in categories.iter().enumerate() {
                let interned = dictionary.intern(feature, category)?;
                if usize::try_from(interned).ok() != Some(code) {
                    return Err(BayesError::CorruptDictionary);
                }
            }
        }
        Ok(dictionary)
    }
}

/// Won and lost counts indexed by the outcome (no branch on it while counting).
type Pair = [u64; 2];

#[inline]
fn slot(outcome: Outcome) -> usize {
    usize::from(outcome == Outcome::Lost)
}

fn class_counts(pair: Pair) -> ClassCounts {
    ClassCounts {
        won: pair[0],
        lost: pair[1],
    }
}

/// One feature's counts: of each code, and of the leads that had the feature.
struct FeatureTally {
    present: Pair,
    codes: Vec<Pair>,
}

impl FeatureTally {
    /// Counts one code of feature `feature` (its index, for the error).
    #[inline]
    fn add(&mut self, feature: usize, code: u32, outcome: usize) -> Result<(), BayesError> {
        if code == MISSING {
            return Ok(());
        }
        let categories = self.codes.len();
        let pair = usize::try_from(code)
            .ok()
            .and_then(|c| self.codes.get_mut(c))
            .ok_or(BayesError::UnknownCode {
                feature,
                code,
                categories,
            })?;
        if let (Some(n), Some(present)) = (pair.get_mut(outcome), self.present.get_mut(outcome)) {
            *n = n.saturating_add(1);
            *present = present.saturating_add(1);
        }
        Ok(())
    }
}

/// Per feature, the counts of each code and of the leads that had the feature.
struct Tallies {
    classes: Pair,
    features: Vec<FeatureTally>,
}

impl Tallies {
    fn new(dictionary: &FeatureDictionary) -> Self {
        Self {
            classes: [0; 2],
            features: dictionary
                .vocabularies
                .iter()
                .map(|v| FeatureTally {
                    present: [0; 2],
                    codes: vec![[0; 2]; v.categories.len()],
                })
                .collect(),
        }
    }

    #[inline]
    fn count_class(&mut self, outcome: usize) {
        if let Some(n) = self.classes.get_mut(outcome) {
            *n = n.saturating_add(1);
        }
    }

    /// The model: the categories seen (a count above zero), by name.
    fn into_model(
        self,
        dictionary: &FeatureDictionary,
        alpha: f64,
    ) -> Result<NaiveBayes, BayesError> {
        let mut model = NaiveBayes::new(dictionary.features.iter().cloned(), alpha)?;
        let counts =
            self.features
                .into_iter()
                .zip(&dictionary.vocabularies)
                .map(|(tally, vocabulary)| {
                    let categories = tally
                        .codes
                        .into_iter()
                        .zip(&vocabulary.categories)
                        .filter(|(c, _)| c[0] > 0 || c[1] > 0)
                        .map(|(c, name)| (name.clone(), class_counts(c)))
                        .collect::<BTreeMap<_, _>>();
                    (class_counts(tally.present), categories)
                });
        model.install(class_counts(self.classes), counts);
        Ok(model)
    }
}

impl NaiveBayes {
    /// A model trained on encoded rows: each row one code per feature of `dictionary` (in
    /// its feature order, [`MISSING`] for an absent feature) with the lead's outcome. Equal
    /// to [`train`](Self::train) on the attribute maps the rows encode, with the same
    /// features and `alpha`; the counting is a pass over flat arrays.
    ///
    /// See [`FeatureDictionary`] for an example.
    ///
    /// # Errors
    /// As [`new`](Self::new) for `alpha`; [`BayesError::RowWidth`] for a row that is not one
    /// code per feature; [`BayesError::UnknownCode`] for a code the dictionary never gave
    /// out.
    pub fn train_encoded<'r, I>(
        dictionary: &FeatureDictionary,
        alpha: f64,
        rows: I,
    ) -> Result<Self, BayesError>
    where
        I: IntoIterator<Item = (&'r [u32], Outcome)>,
    {
        check_alpha(alpha)?;
        let width = dictionary.features.len();
        let mut tallies = Tallies::new(dictionary);
        for (row, outcome) in rows {
            if row.len() != width {
                return Err(BayesError::RowWidth {
                    expected: width,
                    found: row.len(),
                });
            }
            let outcome = slot(outcome);
            tallies.count_class(outcome);
            for (feature, (tally, &code)) in tallies.features.iter_mut().zip(row).enumerate() {
                tally.add(feature, code, outcome)?;
            }
        }
        tallies.into_model(dictionary, alpha)
    }

    /// A model trained on encoded columns: one column per feature of `dictionary` (in its
    /// feature order), each one code per lead ([`MISSING`] for an absent feature), and the
    /// leads' outcomes. The same model as [`train_encoded`](Self::train_encoded) on the
    /// rows of this table.
    ///
    /// ```
    /// use leadflow::scoring::{FeatureDictionary, MISSING, NaiveBayes, Outcome};
    /// let mut dictionary = FeatureDictionary::new(["industry"])?;
    /// let (saas, retail) = (dictionary.intern(0, "saas")?, dictionary.intern(0, "retail")?);
    /// let industry = [saas, saas, retail, MISSING];
    /// let outcomes = [Outcome::Won, Outcome::Won, Outcome::Lost, Outcome::Lost];
    /// let model = NaiveBayes::train_columns(&dictionary, 1.0, &[industry], &outcomes)?;
    /// // prior (2+1)/(2+1); P(saas|won) = 3/4, P(saas|lost) = 1/3: odds 9/4, p = 9/13
    /// let attributes: leadflow::Attributes = [("industry".to_owned(), "saas".into())].into();
    /// assert!((model.predict(&attributes).probability - 9.0 / 13.0).abs() < 1e-12);
    /// # Ok::<(), leadflow::scoring::BayesError>(())
    /// ```
    ///
    /// # Errors
    /// As [`new`](Self::new) for `alpha`; [`BayesError::RowWidth`] unless there is one
    /// column per feature; [`BayesError::ColumnLength`] for a column not as long as
    /// `outcomes`; [`BayesError::UnknownCode`] for a code the dictionary never gave out.
    pub fn train_columns<C: AsRef<[u32]>>(
        dictionary: &FeatureDictionary,
        alpha: f64,
        columns: &[C],
        outcomes: &[Outcome],
    ) -> Result<Self, BayesError> {
        check_alpha(alpha)?;
        let width = dictionary.features.len();
        if columns.len() != width {
            return Err(BayesError::RowWidth {
                expected: width,
                found: columns.len(),
            });
        }
        let mut tallies = Tallies::new(dictionary);
        for outcome in outcomes {
            tallies.count_class(slot(*outcome));
        }
        for (feature, (tally, column)) in tallies.features.iter_mut().zip(columns).enumerate() {
            let column = column.as_ref();
            if column.len() != outcomes.len() {
                return Err(BayesError::ColumnLength {
                    column: feature,
                    expected: outcomes.len(),
                    found: column.len(),
                });
            }
            for (&code, &outcome) in column.iter().zip(outcomes) {
                tally.add(feature, code, slot(outcome))?;
            }
        }
        tallies.into_model(dictionary, alpha)
    }
}
