//! The fit × engagement grid: a fit grade A–D and an engagement band 1–4 give a cell A1..D4.

use std::fmt;
use std::str::FromStr;

/// How well a lead fits the ideal customer profile, from its fit points. `A` is best.
///
/// The order is best first: `A < B < C < D`, so "at least B" is `grade <= FitGrade::B`
/// (see [`FitGrade::is_at_least`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FitGrade {
    /// The best fit.
    A,
    /// A good fit.
    B,
    /// A weak fit.
    C,
    /// No fit.
    D,
}

impl FitGrade {
    /// The four grades, best first.
    pub const ALL: [FitGrade; 4] = [FitGrade::A, FitGrade::B, FitGrade::C, FitGrade::D];

    /// Whether this grade is `min` or better.
    #[must_use]
    pub fn is_at_least(self, min: FitGrade) -> bool {
        self <= min
    }

    /// 0 for A … 3 for D.
    #[must_use]
    pub const fn index(self) -> usize {
        match self {
            FitGrade::A => 0,
            FitGrade::B => 1,
            FitGrade::C => 2,
            FitGrade::D => 3,
        }
    }

    const fn letter(self) -> char {
        match self {
            FitGrade::A => 'A',
            FitGrade::B => 'B',
            FitGrade::C => 'C',
            FitGrade::D => 'D',
        }
    }
}

/// How engaged a lead is, from its engagement points. `One` is the most engaged.
///
/// Ordered most engaged first, like [`FitGrade`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EngagementBand {
    /// Band 1: the most engaged.
    One,
    /// Band 2.
    Two,
    /// Band 3.
    Three,
    /// Band 4: barely or not engaged.
    Four,
}

impl EngagementBand {
    /// The four bands, most engaged first.
    pub const ALL: [EngagementBand; 4] = [
        EngagementBand::One,
        EngagementBand::Two,
        EngagementBand::Three,
        EngagementBand::Four,
    ];

    /// Whether this band is `min` or more engaged.
    #[must_use]
    pub fn is_at_least(self, min: EngagementBand) -> bool {
        self <= min
    }

    /// 0 for band 1 … 3 for band 4.
    #[must_use]
    pub const fn index(self) -> usize {
        match self {
            EngagementBand::One => 0,
            EngagementBand::Two => 1,
            EngagementBand::Three => 2,
            EngagementBand::Four => 3,
        }
    }

    const fn digit(self) -> char {
        match self {
            EngagementBand::One => '1',
            EngagementBand::Two => '2',
            EngagementBand::Three => '3',
            EngagementBand::Four => '4',
        }
    }
}

/// A cell of the fit × engagement grid, written `A1` (best) to `D4`.
///
/// With serde it is the string `"A1"`, so it can key a JSON map.
///
/// ```
/// use leadflow::scoring::{EngagementBand, FitGrade, Grade};
/// let grade: Grade = "B2".parse()?;
/// assert_eq!(grade, Grade::new(FitGrade::B, EngagementBand::Two));
/// assert!(Grade::new(FitGrade::A, EngagementBand::One).is_at_least(grade));
/// assert!(!Grade::new(FitGrade::A, EngagementBand::Three).is_at_least(grade));
/// assert!("E1".parse::<Grade>().is_err());
/// # Ok::<(), leadflow::scoring::GradeParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Grade {
    /// The fit grade.
    pub fit: FitGrade,
    /// The engagement band.
    pub band: EngagementBand,
}

impl Grade {
    /// The cell `fit` × `band`.
    #[must_use]
    pub const fn new(fit: FitGrade, band: EngagementBand) -> Self {
        Self { fit, band }
    }

    /// Whether both the fit grade and the band are at least those of `min` (the rectangle
    /// of cells up and to the left of `min`, `min` included).
    #[must_use]
    pub fn is_at_least(self, min: Grade) -> bool {
        self.fit.is_at_least(min.fit) && self.band.is_at_least(min.band)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.fit.letter(), self.band.digit())
    }
}

/// A grid cell could not be read: it is not a letter A–D followed by a digit 1–4.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid grade {text:?}: expected A1..D4")]
pub struct GradeParseError {
    /// The text given. Pass a letter A–D and a digit 1–4, such as `B2`.
    pub text: String,
}

impl FromStr for Grade {
    type Err = GradeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || GradeParseError {
            text: text.to_owned(),
        };
        let mut chars = text.chars();
        let fit = match chars.next() {
            Some('A' | 'a') => FitGrade::A,
            Some('B' | 'b') => FitGrade::B,
            Some('C' | 'c') => FitGrade::C,
            Some('D' | 'd') => FitGrade::D,
            _ => return Err(err()),
        };
        let band = match chars.next() {
            Some('1') => EngagementBand::One,
            Some('2') => EngagementBand::Two,
            Some('3') => EngagementBand::Three,
            Some('4') => EngagementBand::Four,
            _ => return Err(err()),
        };
        if chars.next().is_some() {
            return Err(err());
        }
        Ok(Grade { fit, band })
    }
}

impl TryFrom<String> for Grade {
    type Error = GradeParseError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Grade> for String {
    fn from(grade: Grade) -> Self {
        grade.to_string()
    }
}

/// Fit-point thresholds for the grades: A at `a` points or more, B at `b` or more, C at `c`
/// or more, D below. They must be strictly descending (`a > b > c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GradeThresholds {
    /// Lowest fit points for grade A.
    pub a: i64,
    /// Lowest fit points for grade B.
    pub b: i64,
    /// Lowest fit points for grade C.
    pub c: i64,
}

impl GradeThresholds {
    /// The grade of `fit` points.
    #[must_use]
    pub fn grade(&self, fit: i64) -> FitGrade {
        if fit >= self.a {
            FitGrade::A
        } else if fit >= self.b {
            FitGrade::B
        } else if fit >= self.c {
            FitGrade::C
        } else {
            FitGrade::D
        }
    }

    /// Whether the thresholds are strictly descending.
    #[must_use]
    pub fn is_ordered(&self) -> bool {
        self.a > self.b && self.b > self.c
    }
}

impl Default for GradeThresholds {
    /// A at 60, B at 40, C at 20.
    fn default() -> Self {
        Self {
            a: 60,
            b: 40,
            c: 20,
        }
    }
}

/// Engagement-point thresholds for the bands: band 1 at `one` points or more, band 2 at
/// `two` or more, band 3 at `three` or more, band 4 below. Strictly descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BandThresholds {
    /// Lowest engagement points for band 1.
    pub one: i64,
    /// Lowest engagement points for band 2.
    pub two: i64,
    /// Lowest engagement points for band 3.
    pub three: i64,
}

impl BandThresholds {
    /// The band of `engagement` points.
    #[must_use]
    pub fn band(&self, engagement: i64) -> EngagementBand {
        if engagement >= self.one {
            EngagementBand::One
        } else if engagement >= self.two {
            EngagementBand::Two
        } else if engagement >= self.three {
            EngagementBand::Three
        } else {
            EngagementBand::Four
        }
    }

    /// Whether the thresholds are strictly descending.
    #[must_use]
    pub fn is_ordered(&self) -> bool {
        self.one > self.two && self.two > self.three
    }
}

impl Default for BandThresholds {
    /// Band 1 at 60, band 2 at 30, band 3 at 10.
    fn default() -> Self {
        Self {
            one: 60,
            two: 30,
            three: 10,
        }
    }
}
