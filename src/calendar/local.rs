//! The local timeline: open seconds counted along local wall-clock time, as if the zone had
//! no transitions. `F(x)` is the number of open seconds from a fixed origin up to the local
//! second `x` (seconds since 1970-01-01T00:00 local), computed in O(log special days): whole
//! weeks from the weekly total, corrected by a prefix sum over the sorted special days
//! (holidays and exceptions), then the intervals of `x`'s own day.

use chrono::{Datelike, NaiveDate};

use super::interval::{DAY, Interval};
use super::search::gallop;
use super::spec::{CalendarSpec, WEEKDAYS};

const DAY_I: i64 = DAY as i64;
/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// The day number of a local date: days since 1970-01-01.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE
}

/// Weekday of a day number, Monday = 0 (1970-01-01 was a Thursday).
fn weekday_index(day: i64) -> usize {
    // rem_euclid(7) lies in 0..7.
    usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0)
}

fn total(intervals: &[Interval]) -> i64 {
    intervals.iter().map(|i| i64::from(i.len_seconds())).sum()
}

/// Open seconds of a day's intervals before second `s` of the day.
fn open_before(intervals: &[Interval], s: i64) -> i64 {
    intervals
        .iter()
        .map(|i| (s - i64::from(i.start_seconds())).clamp(0, i64::from(i.len_seconds())))
        .sum()
}

/// The second of the day at which `need` (>= 1) open seconds of the day have passed; the end
/// of the day when the day has fewer.
fn second_reaching(intervals: &[Interval], need: i64) -> i64 {
    let mut acc = 0;
    for i in intervals {
        let len = i64::from(i.len_seconds());
        if acc + len >= need {
            return i64::from(i.start_seconds()) + (need - acc);
        }
        acc += len;
    }
    DAY_I
}

/// The indexes of the local timeline.
#[derive(Debug, Clone)]
pub(crate) struct LocalIndex {
    /// The weekly schedule, Monday first.
    week: [Vec<Interval>; 7],
    /// `cum[r]`: open seconds of weekdays `0..r` (Monday first); `cum[7]` is the week total.
    cum: [i64; 8],
    /// Day numbers of special days (holidays and exceptions), sorted, distinct.
    days: Vec<i64>,
    /// The schedule of each special day (empty for a holiday).
    hours: Vec<Vec<Interval>>,
    /// `before[i]`: sum over special days `< i` of (their open seconds - their weekday's).
    before: Vec<i64>,
    /// `end[i]`: `F` at the end of special day `i`.
    end: Vec<i64>,
}

impl LocalIndex {
    /// Builds the indexes of a checked, normalized spec (whose weekly total is positive).
    pub(crate) fn new(spec: &CalendarSpec) -> Self {
        let week = WEEKDAYS.map(|d| spec.week.day(d).to_vec());
        let mut cum = [0_i64; 8];
        for (r, intervals) in week.iter().enumerate() {
            cum[r + 1] = cum[r] + total(intervals);
        }
        // Merge the sorted holidays and exceptions; a holiday wins over an exception.
        let mut special: Vec<(i64, Vec<Interval>)> = Vec::new();
        let (mut h, mut e) = (
            spec.holidays.iter().peekable(),
            spec.exceptions.iter().peekable(),
        );
        loop {
            match (h.peek(), e.peek()) {
                (Some(&&hd), Some(ex)) if hd <= ex.date => {
                    if hd == ex.date {
                        e.next();
                    }
                    special.push((day_number(hd), Vec::new()));
                    h.next();
                }
                (_, Some(ex)) => {
                    special.push((day_number(ex.date), ex.hours.clone()));
                    e.next();
                }
                (Some(&&hd), None) => {
                    special.push((day_number(hd), Vec::new()));
                    h.next();
                }
                (None, None) => break,
            }
        }
        let mut index = Self {
            week,
            cum,
            days: special.iter().map(|s| s.0).collect(),
            hours: Vec::with_capacity(special.len()),
            before: Vec::with_capacity(special.len() + 1),
            end: Vec::with_capacity(special.len()),
        };
        let mut before = 0;
        for (day, hours) in special {
            index.before.push(before);
            let actual = total(&hours);
            let nominal = total(index.weekday(day));
            index.end.push(index.nominal(day) + before + actual);
            before += actual - nominal;
            index.hours.push(hours);
        }
        index.before.push(before);
        index
    }

    fn week_total(&self) -> i64 {
        self.cum[7]
    }

    fn weekday(&self, day: i64) -> &[Interval] {
        self.week.get(weekday_index(day)).map_or(&[], Vec::as_slice)
    }

    /// Open seconds of the weekly schedule from the origin to the start of `day`, as if no
    /// day were special.
    fn nominal(&self, day: i64) -> i64 {
        let m = day + 3;
        let r = usize::try_from(m.rem_euclid(7)).unwrap_or(0);
        m.div_euclid(7) * self.week_total() + self.cum.get(r).copied().unwrap_or(0)
    }

    /// The number of special days before `day` (searching from `hint` when that is known
    /// not to exceed it), and the schedule of `day`.
    fn locate(&self, day: i64, hint: usize) -> (usize, &[Interval]) {
        // Local time may run backwards across a fall-back: check the hint.
        let valid = hint
            .checked_sub(1)
            .is_none_or(|p| self.days.get(p).is_some_and(|&d| d < day));
        let hint = if valid { hint } else { 0 };
        let j = gallop(&self.days, hint, |&d| d < day);
        (j, self.schedule(day, j))
    }

    /// The schedule of `day`, given the number `j` of special days before it.
    fn schedule(&self, day: i64, j: usize) -> &[Interval] {
        match self.days.get(j) {
            Some(&d) if d == day => self.hours.get(j).map_or(&[][..], Vec::as_slice),
            _ => self.weekday(day),
        }
    }

    /// Whether local second `x` is open.
    pub(crate) fn is_open(&self, x: i64) -> bool {
        let (day, s) = (x.div_euclid(DAY_I), x.rem_euclid(DAY_I));
        let (_, intervals) = self.locate(day, 0);
        intervals
            .iter()
            .any(|i| i64::from(i.start_seconds()) <= s && s < i64::from(i.end_seconds()))
    }

    /// `F(x)`: open seconds from the origin up to local second `x`.
    pub(crate) fn cumulative(&self, x: i64) -> i64 {
        self.cumulative_from(x, 0).0
    }

    /// `F(x)` and the number of special days before `x`'s day, searching from `hint` on.
    pub(crate) fn cumulative_from(&self, x: i64, hint: usize) -> (i64, usize) {
        let (day, s) = (x.div_euclid(DAY_I), x.rem_euclid(DAY_I));
        let (j, intervals) = self.locate(day, hint);
        let f = self.nominal(day) + self.before.get(j).copied().unwrap_or(0);
        (f + open_before(intervals, s), j)
    }

    /// The smallest local second `x` with `F(x) >= w`; `None` beyond the range of `i64`.
    /// The search for special days starts at `hint` when the hint is valid.
    pub(crate) fn inverse(&self, w: i64, hint: usize) -> Option<i64> {
        // The first special day whose end reaches w: the answer lies in the regular stretch
        // before it, or on it.
        let valid = hint
            .checked_sub(1)
            .is_none_or(|p| self.end.get(p).is_some_and(|&e| e < w));
        let hint = if valid { hint } else { 0 };
        let j = gallop(&self.end, hint, |&e| e < w);
        let correction = self.before.get(j).copied().unwrap_or(0);
        let start = match j.checked_sub(1).and_then(|p| self.days.get(p)) {
            Some(&previous) => previous + 1,
            None => i64::MIN,
        };
        // Smallest day whose nominal end (plus the correction) reaches w.
        let target = w - correction;
        let week = self.week_total();
        let q = (target - 1).div_euclid(week);
        let rest = target - q * week;
        let r = (1..8_i64)
            .find(|&r| {
                self.cum
                    .get(usize::try_from(r).unwrap_or(7))
                    .copied()
                    .unwrap_or(week)
                    >= rest
            })
            .unwrap_or(7);
        let mut day = q.checked_mul(7)?.checked_add(r - 4)?.max(start);
        if let Some(&special) = self.days.get(j) {
            day = day.min(special);
        }
        let intervals = self.schedule(day, j);
        let need = w - (self.nominal(day) + correction);
        day.checked_mul(DAY_I)?
            .checked_add(second_reaching(intervals, need))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::LocalIndex;
    use crate::calendar::Calendar;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A hint is only a starting point: whatever hint a caller passes (a stale one from
    /// the other side of a fall-back included), `inverse` answers as if searching from the
    /// start. The open-time values probed are each special day's end and its neighbours,
    /// where a hint one past the answer's special day is most tempting to trust.
    #[test]
    fn inverse_ignores_hints_past_the_answer() {
        let calendar = Calendar::builder("UTC")
            .weekdays("09:00", "17:00")
            .holidays([date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 6)])
            .exception(date(2026, 3, 7), &[("10:00", "12:00")])
            .exception(date(2026, 3, 10), &[("08:00", "18:00")])
            .build()
            .unwrap();
        let index = LocalIndex::new(calendar.spec());
        assert_eq!(index.end.len(), 5);
        let mut probes = 0;
        for &end in &index.end {
            for w in [end - 1, end, end + 1] {
                let expected = index.inverse(w, 0);
                assert!(expected.is_some());
                for hint in 0..=index.end.len() + 1 {
                    assert_eq!(index.inverse(w, hint), expected, "w {w}, hint {hint}");
                    probes += 1;
                }
            }
        }
        assert_eq!(probes, 5 * 3 * 7);
    }

    /// The same for `locate`: a hint past the day (local time runs backwards across a
    /// fall-back that crosses midnight) is not trusted.
    #[test]
    fn locate_ignores_hints_past_the_day() {
        let calendar = Calendar::builder("UTC")
            .weekdays("09:00", "17:00")
            .holidays([date(2026, 3, 3), date(2026, 3, 5)])
            .exception(date(2026, 3, 7), &[("10:00", "12:00")])
            .build()
            .unwrap();
        let index = LocalIndex::new(calendar.spec());
        for &day in &index.days {
            for probe in day - 1..=day + 1 {
                let expected = index.locate(probe, 0);
                for hint in 0..=index.days.len() + 1 {
                    assert_eq!(
                        index.locate(probe, hint),
                        expected,
                        "day {probe}, hint {hint}"
                    );
                }
            }
        }
    }

    /// `inverse` against its definition: the smallest local second `x` with `F(x) >= w`,
    /// found by bisection over `cumulative`, for every quarter hour of open time across
    /// holidays and exceptions with fewer and with more hours than their weekday (a Saturday
    /// opened 10:00-12:00, a long Tuesday).
    #[test]
    fn inverse_is_the_first_second_reaching_the_open_time() {
        let calendar = Calendar::builder("UTC")
            .weekdays("09:00", "17:00")
            .holidays([date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 6)])
            .exception(date(2026, 3, 7), &[("10:00", "12:00")])
            .exception(date(2026, 3, 8), &[("13:00", "14:00")])
            .exception(date(2026, 3, 10), &[("08:00", "18:00")])
            .exception(date(2026, 3, 12), &[("12:00", "13:00")])
            .build()
            .unwrap();
        let index = LocalIndex::new(calendar.spec());
        let day = |d: u32| super::day_number(date(2026, 3, d)) * super::DAY_I;
        let (from, until) = (day(1), day(16));
        let first_reaching = |w: i64| {
            let (mut lo, mut hi) = (from, until);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if index.cumulative(mid) >= w {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            lo
        };
        let (low, high) = (index.cumulative(from) + 1, index.cumulative(until - 1));
        let mut checked = 0;
        for w in (low..=high).step_by(900) {
            assert_eq!(index.inverse(w, 0), Some(first_reaching(w)), "w {w}");
            checked += 1;
        }
        assert!(checked > 200, "{checked}");
    }
}
