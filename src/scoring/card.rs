//! The score card: a total, its fit and engagement parts, the grid cell, and the contribution
//! of every rule that fired.

use std::fmt;

use super::grade::{BandThresholds, Grade, GradeThresholds};

/// Which part of the score a contribution belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Part {
    /// Who the lead is: firmographics, role, e-mail domain.
    Fit,
    /// What the lead did: activities.
    Engagement,
    /// The correction that floors a negative total at zero (see [`ScoreCard`]).
    Floor,
}

/// One rule's contribution to a score.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Contribution {
    /// The rule's name (`"floor"` for the floor correction).
    pub rule: String,
    /// The part it counts towards.
    pub part: Part,
    /// Its points (may be negative).
    pub points: i64,
    /// Why, in words: the rule's condition, and for activities the count and decay.
    pub reason: String,
}

impl Contribution {
    /// A contribution of `points` by `rule` to `part`.
    #[must_use]
    pub fn new(
        rule: impl Into<String>,
        part: Part,
        points: i64,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            rule: rule.into(),
            part,
            points,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Contribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+} {}: {}", self.points, self.rule, self.reason)
    }
}

/// The name of the floor correction's contribution.
pub const FLOOR_RULE: &str = "floor";

/// A lead's score, explained.
///
/// Invariants, upheld by [`ScoreCard::new`]:
/// - `fit()` is the sum of the [`Part::Fit`] contributions and `engagement()` the sum of the
///   [`Part::Engagement`] ones (saturating, so they cannot overflow);
/// - `total()` is `max(0, fit + engagement)`;
/// - the contributions sum exactly to `total()`: when `fit + engagement` is negative, a last
///   contribution named [`FLOOR_RULE`] (`"floor"`, [`Part::Floor`]) adds back exactly what
///   brings the total to zero, and says so (exact as long as the sums stay within `i64`,
///   which the bounds of the [`RuleScorer`](super::RuleScorer) guarantee);
/// - the grade is the fit grade of `fit()` by the grade thresholds and the engagement band of
///   `engagement()` by the band thresholds.
///
/// A card read back with serde is taken as written (it is a record of a past score).
///
/// ```
/// use leadflow::scoring::{BandThresholds, Contribution, GradeThresholds, Part, ScoreCard};
/// let card = ScoreCard::new(
///     vec![
///         Contribution::new("free_mail", Part::Fit, -30, "email is at a free-mail domain"),
///         Contribution::new("web_visits", Part::Engagement, 12, "3 web_visit at 4 points"),
///     ],
///     &GradeThresholds::default(),
///     &BandThresholds::default(),
/// );
/// assert_eq!((card.fit(), card.engagement(), card.total()), (-30, 12, 0));
/// assert_eq!(card.contributions().last().unwrap().points, 18); // the floor
/// assert_eq!(card.contributions().iter().map(|c| c.points).sum::<i64>(), card.total());
/// assert_eq!(card.grade().to_string(), "D3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScoreCard {
    total: i64,
    fit: i64,
    engagement: i64,
    grade: Grade,
    contributions: Vec<Contribution>,
}

impl ScoreCard {
    /// A card from the contributions of the rules that fired, graded by the thresholds.
    ///
    /// Any [`Part::Floor`] contribution passed in is dropped: the floor is computed here.
    #[must_use]
    pub fn new(
        contributions: Vec<Contribution>,
        grades: &GradeThresholds,
        bands: &BandThresholds,
    ) -> Self {
        let mut contributions = contributions;
        contributions.retain(|c| c.part != Part::Floor);
        let (mut fit, mut engagement) = (0_i64, 0_i64);
        for c in &contributions {
            match c.part {
                Part::Fit => fit = fit.saturating_add(c.points),
                Part::Engagement => engagement = engagement.saturating_add(c.points),
                Part::Floor => {}
            }
        }
        let summary = ScoreSummary::new(fit, engagement, grades, bands);
        let raw = fit.saturating_add(engagement);
        if raw < 0 {
            contributions.push(Contribution::new(
                FLOOR_RULE,
                Part::Floor,
                summary.total.saturating_sub(raw),
                format!("the total floors at zero (raw {raw})"),
            ));
        }
        Self {
            total: summary.total,
            fit,
            engagement,
            grade: summary.grade,
            contributions,
        }
    }

    /// The score: `max(0, fit + engagement)`.
    #[must_use]
    pub fn total(&self) -> i64 {
        self.total
    }

    /// The fit part (may be negative).
    #[must_use]
    pub fn fit(&self) -> i64 {
        self.fit
    }

    /// The engagement part (may be negative).
    #[must_use]
    pub fn engagement(&self) -> i64 {
        self.engagement
    }

    /// The grid cell.
    #[must_use]
    pub fn grade(&self) -> Grade {
        self.grade
    }

    /// The contributions: fit rules, then engagement rules, in configuration order, then the
    /// floor correction if any. Only rules that fired are listed: fit rules whose condition
    /// held, engagement rules with at least one activity that still counts after decay.
    #[must_use]
    pub fn contributions(&self) -> &[Contribution] {
        &self.contributions
    }

    /// The card without its explanations.
    #[must_use]
    pub fn summary(&self) -> ScoreSummary {
        ScoreSummary {
            total: self.total,
            fit: self.fit,
            engagement: self.engagement,
            grade: self.grade,
        }
    }
}

impl fmt::Display for ScoreCard {
    /// One line per contribution under a heading, for logs and examples.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "score {} ({}): fit {}, engagement {}",
            self.total, self.grade, self.fit, self.engagement
        )?;
        for c in &self.contributions {
            writeln!(f, "  {c}")?;
        }
        Ok(())
    }
}

/// A score without explanations: what [`Scorer::summary`](super::Scorer::summary) returns,
/// cheap to compute and to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScoreSummary {
    /// `max(0, fit + engagement)`.
    pub total: i64,
    /// The fit part.
    pub fit: i64,
    /// The engagement part.
    pub engagement: i64,
    /// The grid cell.
    pub grade: Grade,
}

impl ScoreSummary {
    /// The summary of these parts, graded by the thresholds.
    #[must_use]
    pub fn new(
        fit: i64,
        engagement: i64,
        grades: &GradeThresholds,
        bands: &BandThresholds,
    ) -> Self {
        Self {
            total: fit.saturating_add(engagement).max(0),
            fit,
            engagement,
            grade: Grade::new(grades.grade(fit), bands.band(engagement)),
        }
    }
}
