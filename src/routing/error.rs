//! Routing errors: a configuration or roster that cannot be routed with, and a roster that no
//! longer matches the router built from it.

use chrono::{DateTime, Utc};

use crate::id::{QueueId, UserId};
use crate::routing::territory::TerritoryId;

/// Why a [`RoutingConfig`](crate::routing::RoutingConfig) and [`Roster`](crate::routing::Roster)
/// were refused by [`Router::new`](crate::routing::Router::new). Fix the named item and build
/// the router again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ConfigError {
    /// The roster has no reps. Add reps, or route everything to a queue with a roster of at
    /// least one (possibly inactive) rep.
    #[error("the roster has no reps")]
    EmptyRoster,
    /// The configuration or roster holds more items of a kind (`rules`, `territories`,
    /// `reps`, `queues`) than the caps allow ([`MAX_ROUTING_RULES`](crate::routing::MAX_ROUTING_RULES),
    /// [`MAX_TERRITORIES`](crate::routing::MAX_TERRITORIES), [`MAX_REPS`](crate::routing::MAX_REPS),
    /// [`MAX_QUEUES`](crate::routing::MAX_QUEUES)). Split the configuration (a router per
    /// region or team) or merge items.
    #[error("{count} {what}, at most {max}")]
    TooMany {
        /// What there are too many of.
        what: String,
        /// How many were given.
        count: usize,
        /// The cap.
        max: usize,
    },
    /// Two reps share an id. Merge or rename them.
    #[error("rep {rep} appears more than once in the roster")]
    DuplicateRep {
        /// The repeated id.
        rep: UserId,
    },
    /// Two queues share an id. Remove the duplicate.
    #[error("queue {queue} appears more than once in the roster")]
    DuplicateQueue {
        /// The repeated id.
        queue: QueueId,
    },
    /// Two territories share a name. Remove or rename one.
    #[error("territory {territory} is defined more than once")]
    DuplicateTerritory {
        /// The repeated name.
        territory: TerritoryId,
    },
    /// A country or region is in two territories, so a lead's territory would be ambiguous.
    /// Keep it in one.
    #[error("{value:?} is in both territory {first} and territory {second}")]
    OverlappingTerritories {
        /// The country or region.
        value: String,
        /// The first territory that has it.
        first: TerritoryId,
        /// The second territory that has it.
        second: TerritoryId,
    },
    /// A rule names a territory the configuration does not define. Define it or fix the name.
    #[error("rule {rule} names unknown territory {territory}")]
    UnknownTerritory {
        /// The rule's index.
        rule: usize,
        /// The unknown name.
        territory: TerritoryId,
    },
    /// A rep covers a territory the configuration does not define. Define it or fix the name.
    #[error("rep {rep} covers unknown territory {territory}")]
    RepUnknownTerritory {
        /// The rep.
        rep: UserId,
        /// The unknown name.
        territory: TerritoryId,
    },
    /// A rule names a queue the roster does not have. Add the queue to the roster.
    #[error("rule {rule} names unknown queue {queue}")]
    UnknownQueue {
        /// The rule's index.
        rule: usize,
        /// The unknown queue.
        queue: QueueId,
    },
    /// A fallback names a queue the roster does not have; `rule` is `None` for the
    /// configuration's default fallback. Add the queue to the roster.
    #[error("fallback names unknown queue {queue}")]
    FallbackUnknownQueue {
        /// The rule whose fallback it is, or `None` for the default fallback.
        rule: Option<usize>,
        /// The unknown queue.
        queue: QueueId,
    },
    /// A rep works from a queue the roster does not have. Add the queue or fix the name.
    #[error("rep {rep} works from unknown queue {queue}")]
    RepUnknownQueue {
        /// The rep.
        rep: UserId,
        /// The unknown queue.
        queue: QueueId,
    },
    /// A territory or segment rule lists nothing, so it could never match. List at least
    /// one, or remove the rule.
    #[error("rule {rule} ({name}) lists nothing to match")]
    EmptyRule {
        /// The rule's index.
        rule: usize,
        /// The rule's name.
        name: String,
    },
    /// Every rep has weight 0, so round robin could never pick anyone. Give some rep a
    /// positive weight.
    #[error("every rep has weight 0")]
    AllWeightsZero,
    /// An out-of-office range does not end after it starts. Fix the dates.
    #[error("rep {rep} has an absence that does not end after it starts ({start} to {end})")]
    InvalidAbsence {
        /// The rep.
        rep: UserId,
        /// The range's start.
        start: DateTime<Utc>,
        /// The range's end.
        end: DateTime<Utc>,
    },
}

/// Why [`Router::route`](crate::routing::Router::route) could not decide: the roster passed
/// in is not the one the router was built from. Build a new router from the current roster
/// (needed whenever reps join, leave or change what they cover).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RoutingError {
    /// The roster has a different number of reps than when the router was built.
    #[error("the roster has {actual} reps but the router was built with {expected}")]
    RosterLength {
        /// Reps when the router was built.
        expected: usize,
        /// Reps now.
        actual: usize,
    },
    /// The rep at `index` is not the one the router was built with.
    #[error("rep {found} is at index {index} where the router expects {expected}")]
    RepMoved {
        /// The index in `Roster::reps`.
        index: usize,
        /// The rep the router expects.
        expected: UserId,
        /// The rep found.
        found: UserId,
    },
}
