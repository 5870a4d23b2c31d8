//! The offset transitions of a zone, found once per zone and shared.
//!
//! chrono-tz does not expose its transition table, so it is recovered by probing offsets:
//! once a day (UTC) from 1800 to 2200, then bisecting to the second at each change. This is
//! exact for the tz database shipped with chrono-tz 0.10, where every zone changes its offset
//! only between 1845 and 2100, and never twice within 6.9 days (the closest pair is
//! `America/Boa_Vista`, 2000). Outside 1800–2200 the offset is taken as constant. The table is
//! computed at most once per zone per process (a few milliseconds) and shared by every
//! calendar in that zone.

use std::sync::Arc;

use crate::zone::Zone;

/// A change of a zone's offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Transition {
    /// The first second (Unix time) of the new offset.
    pub(crate) at: i64,
    /// The offset before, in seconds east of UTC.
    pub(crate) before: i64,
    /// The offset from `at` on.
    pub(crate) after: i64,
}

/// 1800-01-01T00:00Z and 2200-01-01T00:00Z: the span scanned for transitions.
const FROM: i64 = -5_364_662_400;
const UNTIL: i64 = 7_258_118_400;
/// Buckets of 2^22 s (about 48.5 days) index the transitions, so that finding the
/// transitions before an instant costs a shift and a few comparisons.
const BUCKET_BITS: u32 = 22;

/// The offset transitions of a zone, in time order, with a bucket index.
#[derive(Debug)]
pub(crate) struct ZoneTable {
    /// The offset before the first transition.
    pub(crate) first_offset: i64,
    /// The transitions, in time order.
    pub(crate) transitions: Vec<Transition>,
    /// `buckets[b]`: the number of transitions before the start of bucket `b`.
    buckets: Vec<usize>,
}

impl ZoneTable {
    fn new(first_offset: i64, transitions: Vec<Transition>) -> Self {
        let mut buckets = Vec::new();
        if !transitions.is_empty() {
            let mut start = FROM;
            while start < UNTIL {
                buckets.push(transitions.partition_point(|t| t.at < start));
                start += 1 << BUCKET_BITS;
            }
        }
        Self {
            first_offset,
            transitions,
            buckets,
        }
    }

    /// The number of transitions at or before Unix second `u`.
    pub(crate) fn count_at_or_before(&self, u: i64) -> usize {
        let Some(&last) = self.transitions.last() else {
            return 0;
        };
        if u >= last.at {
            return self.transitions.len();
        }
        let bucket = usize::try_from((u - FROM) >> BUCKET_BITS).unwrap_or(0);
        let mut count = self.buckets.get(bucket).copied().unwrap_or(0);
        // At most a handful of transitions fall in one bucket.
        while self.transitions.get(count).is_some_and(|t| t.at <= u) {
            count += 1;
        }
        count
    }
}

/// The offset transitions of a zone.
pub(crate) fn transitions(zone: Zone) -> Arc<ZoneTable> {
    match zone {
        Zone::Fixed(offset) => Arc::new(ZoneTable::new(
            i64::from(offset.local_minus_utc()),
            Vec::new(),
        )),
        #[cfg(feature = "tz")]
        Zone::Iana(tz) => cache::get(tz),
    }
}

#[cfg(feature = "tz")]
mod cache {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex, OnceLock, PoisonError};

    use chrono::{DateTime, Offset, TimeZone};

    use super::{FROM, Transition, UNTIL, ZoneTable};

    const STEP: i64 = 86_400;

    type Table = Arc<ZoneTable>;

    static CACHE: OnceLock<Mutex<BTreeMap<&'static str, Table>>> = OnceLock::new();

    pub(super) fn get(tz: chrono_tz::Tz) -> Table {
        let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
        let name = tz.name();
        if let Some(table) = cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
        {
            return table.clone();
        }
        let table = scan(tz);
        cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(name)
            .or_insert(table)
            .clone()
    }

    fn offset(tz: chrono_tz::Tz, t: i64) -> i64 {
        DateTime::from_timestamp(t, 0).map_or(0, |t| {
            i64::from(
                tz.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc(),
            )
        })
    }

    fn scan(tz: chrono_tz::Tz) -> Table {
        let first = offset(tz, FROM);
        let mut found = Vec::new();
        let (mut t, mut current) = (FROM, first);
        while t < UNTIL {
            let next = t + STEP;
            let probe = offset(tz, next);
            if probe == current {
                t = next;
                continue;
            }
            // The offset changes in (t, next]: bisect to its first second.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let after = offset(tz, hi);
            found.push(Transition {
                at: hi,
                before: current,
                after,
            });
            (t, current) = (hi, after);
        }
        Arc::new(ZoneTable::new(first, found))
    }
}
