//! Small shared helpers: a lead as of `now`, exact rounding, parts per million.

use chrono::{DateTime, Utc};

use crate::event::EventEnvelope;
use crate::lead::Lead;
use crate::stage::Stage;

/// One million: probabilities and rates are in parts per million.
pub const PPM: u32 = 1_000_000;

/// The lead as its history stands at `now`: only events at or before `now` are applied, so
/// a forecast can be evaluated at any past instant. `None` when nothing had happened yet.
#[must_use]
pub fn lead_at(history: &[EventEnvelope], now: DateTime<Utc>) -> Option<Lead> {
    let mut events = history.iter().filter(|e| e.occurred_at <= now);
    let mut lead = Lead::start(events.next()?);
    for envelope in events {
        lead.evolve(envelope);
    }
    Some(lead)
}

/// Whether the lead came through marketing: it visited Mql or `HandedOff` before it first
/// reached Sal (a sales-sourced lead enters at Sal).
pub(crate) fn marketing_sourced(lead: &Lead) -> bool {
    lead.visits()
        .iter()
        .take_while(|v| v.stage != Stage::Sal)
        .any(|v| matches!(v.stage, Stage::Mql | Stage::HandedOff))
}

/// `numerator / denominator` rounded half away from zero; `denominator` must be positive.
pub(crate) fn round_div(numerator: i128, denominator: i128) -> i128 {
    if denominator <= 0 {
        return 0;
    }
    let half = denominator / 2;
    if numerator >= 0 {
        numerator.saturating_add(half) / denominator
    } else {
        -(numerator.saturating_neg().saturating_add(half) / denominator)
    }
}

/// `numerator / denominator` rounded up, for non-negative numerator and positive denominator.
pub(crate) fn ceil_div(numerator: u128, denominator: u128) -> u128 {
    if denominator == 0 {
        return 0;
    }
    numerator.div_ceil(denominator)
}

/// A minor-unit amount as `major.minor` text.
pub(crate) fn money_text(minor: i128) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Basis points as a percentage with one decimal.
pub(crate) fn bps_text(bps: u64) -> String {
    format!("{}.{}%", bps / 100, (bps % 100) / 10)
}

/// A plain-text table with aligned columns: text left, numbers right.
pub(crate) fn table(title: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    use std::fmt::Write as _;
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let numeric = |cell: &str| {
        cell.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-')
            && cell.chars().any(|c| c.is_ascii_digit())
    };
    let mut out = String::new();
    if !title.is_empty() {
        let _ = writeln!(out, "{title}");
    }
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            let width = widths.get(i).copied().unwrap_or(0);
            if i > 0 {
                text.push_str("  ");
            }
            if i > 0 && numeric(cell) {
                let _ = write!(text, "{cell:>width$}");
            } else {
                let _ = write!(text, "{cell:<width$}");
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ceil_div, round_div};

    #[test]
    fn division_rounds_half_away_from_zero_on_both_sides() {
        assert_eq!(round_div(5, 2), 3);
        assert_eq!(round_div(4, 3), 1);
        assert_eq!(round_div(-5, 2), -3);
        assert_eq!(round_div(-4, 3), -1);
        assert_eq!(round_div(-7, 7), -1);
        assert_eq!(round_div(7, 0), 0);
        // At the bound it saturates instead of overflowing.
        assert_eq!(round_div(i128::MIN, 2), -(i128::MAX / 2));
        assert_eq!(ceil_div(7, 2), 4);
        assert_eq!(ceil_div(7, 0), 0);
    }
}
