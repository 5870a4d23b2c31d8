//! Time zones: an IANA zone (feature `tz`, via chrono-tz) or a fixed UTC offset. Used by
//! business calendars and by periods ("March in Europe/Berlin").

use std::fmt;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};

/// Why a zone could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ZoneError {
    /// The name is neither a known IANA zone nor a `±HH:MM` offset. Check the spelling
    /// (`America/New_York`), or enable the `tz` feature for IANA names.
    #[error("unknown time zone {name:?}")]
    Unknown {
        /// The name given.
        name: String,
    },
    /// A fixed offset beyond ±24 hours.
    #[error("offset of {seconds} s is out of range")]
    OffsetOutOfRange {
        /// The offset given.
        seconds: i32,
    },
}

/// A time zone: UTC, a fixed offset, or (feature `tz`) an IANA zone with its DST rules.
///
/// Serialized as its name: `"UTC"`, `"+05:30"`, `"America/New_York"`.
///
/// ```
/// use leadflow::Zone;
/// let utc = Zone::parse("UTC")?;
/// let india = Zone::parse("+05:30")?;
/// assert_eq!(india.to_string(), "+05:30");
/// assert!(Zone::parse("Mars/Olympus").is_err());
/// # Ok::<(), leadflow::ZoneError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// A fixed offset from UTC (UTC itself is offset zero).
    Fixed(FixedOffset),
    /// An IANA zone.
    #[cfg(feature = "tz")]
    Iana(chrono_tz::Tz),
}

impl Default for Zone {
    fn default() -> Self {
        Zone::utc()
    }
}

impl Zone {
    /// UTC.
    #[must_use]
    pub fn utc() -> Self {
        Zone::Fixed(Utc.fix())
    }

    /// A fixed offset east of UTC, in seconds.
    ///
    /// # Errors
    /// [`ZoneError::OffsetOutOfRange`] beyond ±24 hours.
    pub fn fixed(seconds_east: i32) -> Result<Self, ZoneError> {
        FixedOffset::east_opt(seconds_east)
            .map(Zone::Fixed)
            .ok_or(ZoneError::OffsetOutOfRange {
                seconds: seconds_east,
            })
    }

    /// A zone from its name: `UTC`, `Z`, `±HH:MM`, or (feature `tz`) an IANA name.
    ///
    /// # Errors
    /// [`ZoneError::Unknown`] when the name is none of these.
    pub fn parse(name: &str) -> Result<Self, ZoneError> {
        if name == "UTC" || name == "Z" {
            return Ok(Zone::utc());
        }
        if let Some(offset) = parse_offset(name) {
            return Zone::fixed(offset);
        }
        #[cfg(feature = "tz")]
        if let Ok(tz) = name.parse::<chrono_tz::Tz>() {
            return Ok(Zone::Iana(tz));
        }
        Err(ZoneError::Unknown {
            name: name.to_owned(),
        })
    }

    /// The offset from UTC in force at `t`.
    #[must_use]
    pub fn offset_at(&self, t: DateTime<Utc>) -> FixedOffset {
        #[cfg(not(feature = "tz"))]
        let _ = t;
        match self {
            Zone::Fixed(offset) => *offset,
            #[cfg(feature = "tz")]
            Zone::Iana(tz) => tz.offset_from_utc_datetime(&t.naive_utc()).fix(),
        }
    }

    /// The local wall-clock time at `t`. Within an offset of the ends of the representable
    /// range, where the local time does not exist, it saturates at `NaiveDateTime::MAX` or
    /// `NaiveDateTime::MIN`.
    #[must_use]
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let offset = self.offset_at(t);
        t.naive_utc()
            .checked_add_offset(offset)
            .unwrap_or(if offset.local_minus_utc() > 0 {
                NaiveDateTime::MAX
            } else {
                NaiveDateTime::MIN
            })
    }

    /// The instants whose local wall-clock time is `local`: one, two (a repeated hour when
    /// clocks fall back) or none (skipped when clocks spring forward).
    #[must_use]
    pub fn from_local(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        match self {
            Zone::Fixed(offset) => offset
                .from_local_datetime(&local)
                .map(|t| t.with_timezone(&Utc)),
            #[cfg(feature = "tz")]
            Zone::Iana(tz) => tz
                .from_local_datetime(&local)
                .map(|t| t.with_timezone(&Utc)),
        }
    }

    /// The first instant at or after local time `local`: the instant itself, the earlier of
    /// two in a repeated hour, or the end of a spring-forward gap. `None` only beyond the
    /// representable range.
    #[must_use]
    pub fn first_instant_at_or_after(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.from_local(local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t),
            LocalResult::None => {
                // In a spring-forward gap: the answer is the transition instant, which lies
                // between `local` read with the later offset and with the earlier one. Local
                // time is increasing across a forward jump, so bisect on seconds.
                let as_utc = DateTime::<Utc>::from_naive_utc_and_offset(local, Utc);
                let day = chrono::TimeDelta::days(1);
                let a = self
                    .offset_at(as_utc.checked_sub_signed(day)?)
                    .local_minus_utc();
                let b = self
                    .offset_at(as_utc.checked_add_signed(day)?)
                    .local_minus_utc();
                let mut lo = as_utc - chrono::TimeDelta::seconds(i64::from(a.max(b)));
                let mut hi = as_utc - chrono::TimeDelta::seconds(i64::from(a.min(b)));
                while hi - lo > chrono::TimeDelta::seconds(1) {
                    let mid = lo + (hi - lo) / 2;
                    if self.local(mid) >= local {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                Some(if self.local(lo) >= local { lo } else { hi })
            }
        }
    }

    /// The zone's name, as serialized.
    #[must_use]
    pub fn name(&self) -> String {
        self.to_string()
    }
}

fn parse_offset(name: &str) -> Option<i32> {
    let (sign, rest) = match name.as_bytes().first()? {
        b'+' => (1, &name[1..]),
        b'-' => (-1, &name[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if minutes >= 60 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(offset) if offset.local_minus_utc() == 0 => f.write_str("UTC"),
            Zone::Fixed(offset) => {
                let seconds = offset.local_minus_utc();
                let sign = if seconds < 0 { '-' } else { '+' };
                let abs = seconds.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
            }
            #[cfg(feature = "tz")]
            Zone::Iana(tz) => f.write_str(tz.name()),
        }
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Zone::parse(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[cfg_attr(not(feature = "tz"), allow(dead_code))]
    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, min, 0))
            .unwrap()
    }

    #[test]
    fn fixed_offsets_parse_and_print() {
        assert_eq!(Zone::parse("-03:30").unwrap().to_string(), "-03:30");
        assert_eq!(Zone::parse("+00:00").unwrap().to_string(), "UTC");
        assert!(Zone::parse("+5:30").is_err());
        assert!(Zone::parse("+05:61").is_err());
        assert!(matches!(
            Zone::fixed(90_000),
            Err(ZoneError::OffsetOutOfRange { .. })
        ));
    }

    #[cfg(feature = "tz")]
    #[test]
    fn spring_forward_gap_maps_to_the_transition() {
        let ny = Zone::parse("America/New_York").unwrap();
        // 02:30 does not exist on 2026-03-08; clocks jump from 02:00 EST to 03:00 EDT.
        let t = ny
            .first_instant_at_or_after(local(2026, 3, 8, 2, 30))
            .unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-08T07:00:00+00:00");
        // Havana springs forward at midnight: 00:00 does not exist, 01:00 CDT does.
        let havana = Zone::parse("America/Havana").unwrap();
        let t = havana
            .first_instant_at_or_after(local(2026, 3, 8, 0, 0))
            .unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-08T05:00:00+00:00");
    }

    #[cfg(feature = "tz")]
    #[test]
    fn fall_back_takes_the_earlier_instant() {
        let ny = Zone::parse("America/New_York").unwrap();
        let t = ny
            .first_instant_at_or_after(local(2026, 11, 1, 1, 30))
            .unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-01T05:30:00+00:00");
    }
}
