//! Faster serde for the `DateTime<Utc>` fields of events: the form chrono writes for whole
//! seconds (`2026-03-02T09:00:00Z`) is read and written directly; anything else goes to
//! chrono's own code, so exactly the same strings are accepted and written.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};
use serde::Serializer;
use serde::de::{self, Deserializer, Visitor};

/// Serializes exactly as chrono's `DateTime<Utc>` impl does (RFC 3339, `Z`, fractional
/// seconds only when there are any), without its formatting machinery for whole seconds.
pub(crate) fn serialize_utc<S: Serializer>(
    at: &DateTime<Utc>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut text = [0u8; 20];
    match whole_seconds_text(at, &mut text) {
        Some(text) => serializer.serialize_str(text),
        None => serde::Serialize::serialize(at, serializer),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a whole second in years 0 to 9999, else `None`.
fn whole_seconds_text<'a>(at: &DateTime<Utc>, text: &'a mut [u8; 20]) -> Option<&'a str> {
    let year = u32::try_from(at.year()).ok().filter(|y| *y <= 9999)?;
    if at.nanosecond() != 0 {
        return None;
    }
    let digits = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let [y0, y1] = digits(year / 100);
    let [y2, y3] = digits(year);
    let [mo0, mo1] = digits(at.month());
    let [d0, d1] = digits(at.day());
    let [h0, h1] = digits(at.hour());
    let [mi0, mi1] = digits(at.minute());
    let [s0, s1] = digits(at.second());
    *text = [
        y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0, s1,
        b'Z',
    ];
    std::str::from_utf8(text).ok()
}

/// Deserializes like chrono's `DateTime<Utc>` impl, faster for `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn deserialize_utc<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(UtcVisitor)
}

struct UtcVisitor;

impl Visitor<'_> for UtcVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<DateTime<Utc>, E> {
        match whole_seconds_utc(value.as_bytes()) {
            Some(at) => Ok(at),
            None => value
                .parse::<DateTime<FixedOffset>>()
                .map(|at| at.with_timezone(&Utc))
                .map_err(E::custom),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` with a valid date and time, else `None` (chrono decides).
fn whole_seconds_utc(s: &[u8]) -> Option<DateTime<Utc>> {
    let [
        y0,
        y1,
        y2,
        y3,
        b'-',
        mo0,
        mo1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        mi0,
        mi1,
        b':',
        s0,
        s1,
        b'Z',
    ] = *s
    else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let two = |a: u8, b: u8| Some(digit(a)? * 10 + digit(b)?);
    let year = two(y0, y1)? * 100 + two(y2, y3)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two(mo0, mo1)?, two(d0, d1)?)?;
    let time = date.and_hms_opt(two(h0, h1)?, two(mi0, mi1)?, two(s0, s1)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_form_reads_as_chrono_reads_it() {
        for s in [
            "2026-03-02T09:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2024-02-29T12:34:56Z",
        ] {
            let chrono: DateTime<Utc> = s.parse::<DateTime<FixedOffset>>().unwrap().into();
            assert_eq!(whole_seconds_utc(s.as_bytes()), Some(chrono), "{s}");
        }
    }

    #[test]
    fn whole_seconds_are_written_as_chrono_writes_them() {
        let mut at = "0000-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let step = chrono::TimeDelta::seconds(7_919_993); // about 92 days, odd seconds
        let mut text = [0u8; 20];
        while at.year() < 10_000 {
            let written = whole_seconds_text(&at, &mut text).unwrap();
            assert_eq!(
                written,
                at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            );
            assert_eq!(
                serde_json::to_string(&at).unwrap(),
                format!("\"{written}\""),
                "{at}"
            );
            at += step;
        }
        let fraction = at.with_year(2026).unwrap() + chrono::TimeDelta::milliseconds(5);
        assert_eq!(whole_seconds_text(&fraction, &mut text), None);
    }

    #[test]
    fn anything_else_is_left_to_chrono() {
        for s in [
            "2026-03-02T09:00:00.5Z",
            "2026-03-02t09:00:00Z",
            "2026-03-02T09:00:00+01:00",
            "2026-02-30T09:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02T23:59:60Z",
            "2026-3-02T09:00:00Z",
            "+2026-03-02T09:00:00Z",
        ] {
            assert_eq!(whole_seconds_utc(s.as_bytes()), None, "{s}");
        }
    }
}
