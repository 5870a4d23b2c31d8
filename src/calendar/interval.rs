//! Intervals of local wall-clock time within a day, such as `09:00-17:30`.

use std::fmt;
use std::str::FromStr;

use super::error::CalendarError;

/// Seconds in a day.
pub(crate) const DAY: u32 = 86_400;

/// A half-open interval `[start, end)` of local wall-clock time within a day, in seconds
/// after local midnight. `24:00` (86,400 s) is allowed as an end.
///
/// Written and serialized as `"HH:MM-HH:MM"` (seconds are added, `HH:MM:SS`, only when
/// not zero). An interval is only checked when a calendar is built, where it must lie in
/// `00:00`–`24:00` and start before it ends.
///
/// ```
/// use leadflow::calendar::Interval;
/// let morning = Interval::parse("09:00", "12:30")?;
/// assert_eq!(morning.start_seconds(), 9 * 3600);
/// assert_eq!(morning.to_string(), "09:00-12:30");
/// assert_eq!("13:00-24:00".parse::<Interval>()?.end_seconds(), 86_400);
/// assert!(Interval::parse("9h", "12:00").is_err());
/// # Ok::<(), leadflow::CalendarError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    start: u32,
    end: u32,
}

impl Interval {
    /// The interval from `start` to `end` seconds after local midnight.
    #[must_use]
    pub const fn new(start_seconds: u32, end_seconds: u32) -> Self {
        Self {
            start: start_seconds,
            end: end_seconds,
        }
    }

    /// The interval between two times of day written `HH:MM` or `HH:MM:SS`.
    ///
    /// # Errors
    /// [`CalendarError::InvalidTime`] when a time is not written that way.
    pub fn parse(start: &str, end: &str) -> Result<Self, CalendarError> {
        Ok(Self::new(parse_time(start)?, parse_time(end)?))
    }

    /// The start, in seconds after local midnight.
    #[must_use]
    pub const fn start_seconds(&self) -> u32 {
        self.start
    }

    /// The end, in seconds after local midnight (86,400 for `24:00`).
    #[must_use]
    pub const fn end_seconds(&self) -> u32 {
        self.end
    }

    /// The length in seconds (zero when the end is not after the start).
    #[must_use]
    pub const fn len_seconds(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the second `seconds` after local midnight lies in the interval.
    #[must_use]
    pub const fn contains(&self, seconds: u32) -> bool {
        self.start <= seconds && seconds < self.end
    }
}

fn parse_time(text: &str) -> Result<u32, CalendarError> {
    let invalid = || CalendarError::InvalidTime {
        text: text.to_owned(),
    };
    let mut parts = text.split(':');
    let mut field = |max: u32| -> Result<Option<u32>, CalendarError> {
        match parts.next() {
            None => Ok(None),
            Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                let value: u32 = p.parse().map_err(|_| invalid())?;
                if value > max {
                    Err(invalid())
                } else {
                    Ok(Some(value))
                }
            }
            Some(_) => Err(invalid()),
        }
    };
    let hours = field(99)?.ok_or_else(invalid)?;
    let minutes = field(59)?.ok_or_else(invalid)?;
    let seconds = field(59)?.unwrap_or(0);
    if parts.next().is_some() {
        return Err(invalid());
    }
    Ok(hours * 3600 + minutes * 60 + seconds)
}

fn write_time(f: &mut fmt::Formatter<'_>, seconds: u32) -> fmt::Result {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    if s == 0 {
        write!(f, "{h:02}:{m:02}")
    } else {
        write!(f, "{h:02}:{m:02}:{s:02}")
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, self.start)?;
        f.write_str("-")?;
        write_time(f, self.end)
    }
}

impl FromStr for Interval {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (start, end) = s
            .split_once('-')
            .ok_or_else(|| CalendarError::InvalidTime { text: s.to_owned() })?;
        Self::parse(start.trim(), end.trim())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Interval {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Interval".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Local opening hours `HH:MM-HH:MM` (seconds optional), start before end, within 00:00-24:00.",
            "type": "string",
            "pattern": "^\\d{2}:\\d{2}(:\\d{2})?\\s*-\\s*\\d{2}:\\d{2}(:\\d{2})?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_and_print() {
        assert_eq!(parse_time("00:00").unwrap(), 0);
        assert_eq!(parse_time("24:00").unwrap(), 86_400);
        assert_eq!(parse_time("07:05:09").unwrap(), 7 * 3600 + 5 * 60 + 9);
        for bad in [
            "",
            "7:00",
            "07:60",
            "07",
            "07:00:00:00",
            "ab:cd",
            "+1:00",
            "07:00:60",
        ] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        assert_eq!(Interval::new(3661, 86_400).to_string(), "01:01:01-24:00");
        assert_eq!(
            "08:00 - 12:00".parse::<Interval>().unwrap(),
            Interval::new(28_800, 43_200)
        );
    }
}
