//! Plain-text tables for examples and logs.

use std::fmt;

/// A plain-text table: a header row and rows of cells, rendered with aligned columns
/// (text left, numbers right).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(title: impl Into<String>, header: &[&str]) -> Self {
        Self {
            title: title.into(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

fn is_numeric(cell: &str) -> bool {
    let mut chars = cell.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_digit() || c == '-' || c == '+')
        && cell.chars().any(|c| c.is_ascii_digit())
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        if !self.title.is_empty() {
            writeln!(f, "{}", self.title)?;
        }
        let line = |f: &mut fmt::Formatter<'_>, row: &[String], header: bool| -> fmt::Result {
            let mut out = String::new();
            for (n, width) in widths.iter().enumerate() {
                let cell = row.get(n).map_or("", String::as_str);
                if n > 0 {
                    out.push_str("  ");
                }
                let pad = width.saturating_sub(cell.chars().count());
                if !header && n > 0 && is_numeric(cell) {
                    out.extend(std::iter::repeat_n(' ', pad));
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(f, "{}", out.trim_end())
        };
        line(f, &self.header, true)?;
        let rule: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
        writeln!(f, "{}", "-".repeat(rule))?;
        for row in &self.rows {
            line(f, row, false)?;
        }
        Ok(())
    }
}

/// `part / whole` as a percentage with one decimal, or `-` when `whole` is zero.
pub(crate) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".to_owned();
    }
    let tenths = (u128::from(part) * 1000 + u128::from(whole) / 2) / u128::from(whole);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Basis points as a percentage with two decimals, or `-`.
pub(crate) fn bps(value: Option<i64>) -> String {
    match value {
        None => "-".to_owned(),
        Some(v) => {
            let sign = if v < 0 { "-" } else { "" };
            let a = v.unsigned_abs();
            format!("{sign}{}.{:02}%", a / 100, a % 100)
        }
    }
}

/// A duration in seconds as `1d 2h 3m`, or `-`.
pub(crate) fn duration(seconds: Option<i64>) -> String {
    let Some(s) = seconds else {
        return "-".to_owned();
    };
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    if d > 0 {
        format!("{d}d {h}h {m}m")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else {
        format!("{m}m {}s", s % 60)
    }
}

/// Micro-units of a conversion (1 = 1,000,000) with two decimals.
pub(crate) fn micros(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let a = value.unsigned_abs();
    let hundredths = (a + 5_000) / 10_000;
    format!("{sign}{}.{:02}", hundredths / 100, hundredths % 100)
}
