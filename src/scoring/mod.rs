//! Lead scoring, the definition of a good lead, and its quarterly review.
//!
//! - [`Scorer`]: an open, object-safe trait (closures work) from a lead's [`Profile`] and
//!   `now` to a [`ScoreCard`]: total, fit and engagement parts, the grid cell ([`Grade`],
//!   A1..D4) and every rule's [`Contribution`] with a reason. Points are integers; the
//!   contributions sum exactly to the total (a `floor` contribution reports the floor at
//!   zero).
//! - [`RuleScorer`]: the built-in scorer, configured as data ([`ScoringConfig`]) and
//!   validated at load ([`ScoringConfigError`] names the offending rule). Fit rules test
//!   attributes ([`Condition`]); engagement rules count activities with caps and [`Decay`].
//!   [`EncodedRuleScorer`] is the same scorer compiled against an encoding (attribute slots,
//!   interned values, [`EncodedActivity`] with integer timestamps) for hosts scoring leads
//!   held in their own columnar form, with the same scores.
//! - [`QualificationCriteria`]: a [`Definition`] (minimum score and grade, required
//!   attributes, [`Exclusion`]s) judged with a scorer; the machine's
//!   [`QualificationGuard`](crate::QualificationGuard) on Inquiry→MQL and Nurture→MQL,
//!   listing each unmet criterion.
//! - [`NaiveBayes`]: won against lost over categorical attributes, with additive smoothing,
//!   trained in batch or one lead at a time with the same result; [`BayesModel`] is its
//!   compiled, fast form and a [`Scorer`] ([`EncodedLead`] for the fastest path). Hosts
//!   holding leads encoded (categories interned to integers by a [`FeatureDictionary`])
//!   train from rows or columns of codes with [`NaiveBayes::train_encoded`] and
//!   [`NaiveBayes::train_columns`], to the same model.
//! - [`Calibration`]: conversion by score band and grid cell, ROC AUC, and the MQL threshold
//!   that best meets an [`Objective`].
//!
//! Two paths score a lead: [`Scorer::score`] explains (a card with a reason per rule, which
//! allocates), [`Scorer::summary`] and [`Scorer::total`] only count (the rule scorer does not
//! allocate there for up to 64 engagement rules). Both give the same numbers.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use leadflow::{Activity, ActivityKind, Attributes};
//! use leadflow::scoring::{Profile, RuleScorer, ScoringConfig, Scorer};
//!
//! # #[cfg(feature = "serde")] {
//! let config: ScoringConfig = serde_json::from_str(r#"{
//!     "attributes": { "country": "text" },
//!     "fit_rules": [ { "name": "dach", "attribute": "country",
//!                      "condition": { "type": "one_of", "values": ["DE", "AT", "CH"] },
//!                      "points": 25 } ],
//!     "engagement_rules": [ { "name": "visits", "kind": "web_visit", "points": 2, "cap": 20,
//!                             "decay": { "type": "window", "days": 30 } } ]
//! }"#).unwrap();
//! let scorer = RuleScorer::new(config).unwrap();
//! let now = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
//! let attributes: Attributes = [("country".to_owned(), "DE".into())].into();
//! let visits = vec![Activity::new(ActivityKind::WebVisit, now); 3];
//! let card = scorer.score(&Profile::new(&attributes, &visits), now);
//! assert_eq!(card.total(), 31);
//! # }
//! ```

mod bayes;
mod bayes_encoded;
mod bayes_model;
mod calibration;
mod card;
mod condition;
mod config;
mod decay;
mod engagement_table;
mod error;
mod grade;
mod qualification;
mod rules;
mod rules_encoded;
mod scorer;
mod validate;

pub use bayes::{ClassCounts, Evidence, MAX_ALPHA, NaiveBayes, Prediction};
pub use bayes_encoded::{FeatureDictionary, MISSING};
pub use bayes_model::{BayesModel, EncodedLead};
pub use calibration::{BandRow, Calibration, Objective, Tally, ThresholdChoice};
pub use card::{Contribution, FLOOR_RULE, Part, ScoreCard, ScoreSummary};
pub use condition::{email_domain, is_domain_in, is_free_mail_domain};
pub use config::{
    AttributeType, Condition, Decay, EngagementRule, FitRule, MAX_CAP, MAX_DECAY_DAYS, MAX_POINTS,
    MAX_RULES, MAX_THRESHOLD, ScoringConfig,
};
pub use decay::decay_weight;
pub use error::{
    BayesError, CalibrationError, EncodedScoreError, RuleRef, RuleSection, ScoringConfigError,
};
pub use grade::{
    BandThresholds, EngagementBand, FitGrade, Grade, GradeParseError, GradeThresholds,
};
pub use qualification::{Definition, Exclusion, QualificationCriteria};
pub use rules::RuleScorer;
pub use rules_encoded::{EncodedActivity, EncodedRuleScorer, SlotValue};
pub use scorer::{Outcome, Profile, Scorer};
