//! The round-robin cursor: whose turn it is in each pool, kept by the host between decisions.

use std::collections::BTreeMap;
use std::fmt;

use crate::id::{QueueId, UserId};
use crate::routing::territory::TerritoryId;

/// Names a pool of reps whose turns are kept together: a territory's, a segment's or a
/// queue's reps. Rules that route to the same pool share its turns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct PoolKey(String);

impl PoolKey {
    /// The pool of reps covering `territory`: `territory:<name>`.
    #[must_use]
    pub fn territory(territory: &TerritoryId) -> Self {
        Self(format!("territory:{territory}"))
    }

    /// The pool of reps covering `segment`: `segment:<value>`.
    #[must_use]
    pub fn segment(segment: &str) -> Self {
        Self(format!("segment:{segment}"))
    }

    /// The pool of reps working from `queue`: `queue:<id>`.
    #[must_use]
    pub fn queue(queue: &QueueId) -> Self {
        Self(format!("queue:{queue}"))
    }

    /// The key as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PoolKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The turn state of one pool: each rep's credit, as in smooth weighted round robin. A rep
/// missing from it has credit 0. Kept sorted by rep id (serialized as a map from rep id to
/// credit), so a decision merges it with the pool in one pass.
///
/// ```
/// use leadflow::routing::PoolCursor;
/// let cursor = PoolCursor::from_credits([("ben".into(), -1), ("ana".into(), 2)]);
/// assert_eq!(cursor.credit(&"ana".into()), 2);
/// assert_eq!(cursor.credit(&"zoe".into()), 0);
/// assert_eq!(cursor.iter().next(), Some((&"ana".into(), 2)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(from = "BTreeMap<UserId, i64>", into = "BTreeMap<UserId, i64>")
)]
pub struct PoolCursor {
    /// (rep, credit), sorted by rep id, ids unique.
    credits: Vec<(UserId, i64)>,
}

impl PoolCursor {
    /// A state from credits in any order; a rep given twice keeps the last credit.
    #[must_use]
    pub fn from_credits(credits: impl IntoIterator<Item = (UserId, i64)>) -> Self {
        let map: BTreeMap<UserId, i64> = credits.into_iter().collect();
        Self::from(map)
    }

    /// From credits already sorted by rep id with unique ids (what a decision builds).
    pub(crate) fn from_sorted(credits: Vec<(UserId, i64)>) -> Self {
        Self { credits }
    }

    /// The credit of `rep` (0 if unknown).
    #[must_use]
    pub fn credit(&self, rep: &UserId) -> i64 {
        self.credits
            .binary_search_by(|(id, _)| id.cmp(rep))
            .ok()
            .and_then(|i| self.credits.get(i))
            .map_or(0, |(_, credit)| *credit)
    }

    /// Each rep's credit, in rep id order.
    pub fn iter(&self) -> impl Iterator<Item = (&UserId, i64)> {
        self.credits.iter().map(|(id, credit)| (id, *credit))
    }

    /// The number of reps with a credit.
    #[must_use]
    pub fn len(&self) -> usize {
        self.credits.len()
    }

    /// Whether no rep has a credit.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.credits.is_empty()
    }
}

impl From<BTreeMap<UserId, i64>> for PoolCursor {
    fn from(map: BTreeMap<UserId, i64>) -> Self {
        Self {
            credits: map.into_iter().collect(),
        }
    }
}

impl From<PoolCursor> for BTreeMap<UserId, i64> {
    fn from(cursor: PoolCursor) -> Self {
        cursor.credits.into_iter().collect()
    }
}

/// The new turn state of one pool, returned by a round-robin decision for the host to
/// persist (routing itself never mutates the state it is given).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CursorUpdate {
    /// The pool.
    pub pool: PoolKey,
    /// Its new state, replacing the old one.
    pub state: PoolCursor,
}

/// The round-robin state of every pool: plain data the host stores (one row per pool works)
/// and passes to each decision.
///
/// ```
/// use leadflow::routing::RoundRobinState;
/// let state = RoundRobinState::new();
/// assert!(state.pools.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RoundRobinState {
    /// Each pool's turn state.
    #[cfg_attr(feature = "serde", serde(default))]
    pub pools: BTreeMap<PoolKey, PoolCursor>,
}

impl RoundRobinState {
    /// No turns taken yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The state of `pool`, if any turn was taken in it.
    #[must_use]
    pub fn pool(&self, pool: &PoolKey) -> Option<&PoolCursor> {
        self.pools.get(pool)
    }

    /// Applies a decision's update (replacing that pool's state); `None` changes nothing.
    pub fn apply(&mut self, update: Option<&CursorUpdate>) {
        if let Some(update) = update {
            self.pools.insert(update.pool.clone(), update.state.clone());
        }
    }

    /// Applies a decision's update by value (no copy); `None` changes nothing.
    pub fn apply_owned(&mut self, update: Option<CursorUpdate>) {
        if let Some(update) = update {
            self.pools.insert(update.pool, update.state);
        }
    }

    /// The state after a decision's update, leaving `self` as it is.
    #[must_use]
    pub fn applied(&self, update: Option<&CursorUpdate>) -> Self {
        let mut next = self.clone();
        next.apply(update);
        next
    }
}
