//! Periods: half-open spans of time `[start, end)`, such as a month or a quarter in a zone.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};

use crate::zone::Zone;

/// Why a period could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// The end is not after the start. Swap them or widen the span.
    #[error("period end {end} is not after its start {start}")]
    Empty {
        /// The start given.
        start: DateTime<Utc>,
        /// The end given.
        end: DateTime<Utc>,
    },
    /// A month outside 1..=12, a quarter outside 1..=4, or a year beyond chrono's range.
    #[error("invalid calendar period: {what}")]
    Invalid {
        /// What is wrong.
        what: String,
    },
}

/// A half-open span of time `[start, end)`.
///
/// ```
/// use leadflow::{Period, Zone};
/// use chrono::{TimeZone, Utc};
/// let q1 = Period::quarter(2026, 1, Zone::parse("+01:00")?)?;
/// assert_eq!(q1.start(), Utc.with_ymd_and_hms(2025, 12, 31, 23, 0, 0).unwrap());
/// assert!(q1.contains(Utc.with_ymd_and_hms(2026, 3, 31, 22, 59, 59).unwrap()));
/// assert!(!q1.contains(Utc.with_ymd_and_hms(2026, 3, 31, 23, 0, 0).unwrap()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Period {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Period {
    /// The span `[start, end)`.
    ///
    /// # Errors
    /// [`PeriodError::Empty`] unless `start < end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, PeriodError> {
        if start < end {
            Ok(Self { start, end })
        } else {
            Err(PeriodError::Empty { start, end })
        }
    }

    /// The local days `[first, after_last)` in `zone`, from local midnight to local midnight.
    ///
    /// # Errors
    /// [`PeriodError::Empty`] unless `first < after_last`; [`PeriodError::Invalid`] beyond
    /// the representable range.
    pub fn local_days(
        first: NaiveDate,
        after_last: NaiveDate,
        zone: Zone,
    ) -> Result<Self, PeriodError> {
        let midnight = |date: NaiveDate| {
            date.and_hms_opt(0, 0, 0)
                .and_then(|local| zone.first_instant_at_or_after(local))
                .ok_or_else(|| PeriodError::Invalid {
                    what: format!("{date} is out of range"),
                })
        };
        Self::new(midnight(first)?, midnight(after_last)?)
    }

    /// The calendar month `month` (1–12) of `year` in `zone`.
    ///
    /// # Errors
    /// [`PeriodError::Invalid`] for a month outside 1–12 or a year out of range.
    pub fn month(year: i32, month: u32, zone: Zone) -> Result<Self, PeriodError> {
        let invalid = || PeriodError::Invalid {
            what: format!("month {month} of {year}"),
        };
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(invalid)?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(invalid)?;
        Self::local_days(first, next, zone)
    }

    /// The calendar quarter `quarter` (1–4) of `year` in `zone`.
    ///
    /// # Errors
    /// [`PeriodError::Invalid`] for a quarter outside 1–4 or a year out of range.
    pub fn quarter(year: i32, quarter: u32, zone: Zone) -> Result<Self, PeriodError> {
        let invalid = || PeriodError::Invalid {
            what: format!("quarter {quarter} of {year}"),
        };
        if !(1..=4).contains(&quarter) {
            return Err(invalid());
        }
        let first = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1).ok_or_else(invalid)?;
        let next = first
            .checked_add_months(chrono::Months::new(3))
            .ok_or_else(invalid)?;
        Self::local_days(first, next, zone)
    }

    /// The month in `zone` that contains `t`.
    ///
    /// # Errors
    /// [`PeriodError::Invalid`] at the edges of the representable range.
    pub fn month_containing(t: DateTime<Utc>, zone: Zone) -> Result<Self, PeriodError> {
        let local = zone.local(t);
        Self::month(local.year(), local.month(), zone)
    }

    /// The first instant of the period.
    #[must_use]
    pub const fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The first instant after the period.
    #[must_use]
    pub const fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Whether `t` lies in `[start, end)`.
    #[must_use]
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// The period's length.
    #[must_use]
    pub fn duration(&self) -> TimeDelta {
        self.end - self.start
    }

    /// The fraction of the period elapsed at `now`, clamped to `[0, 1]`; for pacing.
    #[must_use]
    pub fn elapsed_fraction(&self, now: DateTime<Utc>) -> f64 {
        let total = self.duration().num_seconds();
        if total <= 0 {
            return 1.0;
        }
        let done = (now.min(self.end) - self.start).num_seconds().max(0);
        #[allow(clippy::cast_precision_loss)] // spans of seconds fit f64 exactly far enough
        let fraction = done as f64 / total as f64;
        fraction.clamp(0.0, 1.0)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}, {})",
            self.start.to_rfc3339(),
            self.end.to_rfc3339()
        )
    }
}
