//! Size caps on a routing configuration and roster, checked by
//! [`Router::new`](crate::routing::Router::new) so that no input makes building or routing
//! unboundedly expensive.

use crate::routing::config::RoutingConfig;
use crate::routing::error::ConfigError;
use crate::routing::roster::Roster;

/// The most rules a [`RoutingConfig`] may hold.
pub const MAX_ROUTING_RULES: usize = 1_000;
/// The most territories a [`RoutingConfig`] may hold.
pub const MAX_TERRITORIES: usize = 1_000;
/// The most reps a [`Roster`] may hold.
pub const MAX_REPS: usize = 10_000;
/// The most queues a [`Roster`] may hold.
pub const MAX_QUEUES: usize = 1_000;

/// The first count over its cap, as a [`ConfigError::TooMany`].
pub(crate) fn check(config: &RoutingConfig, roster: &Roster) -> Result<(), ConfigError> {
    for (what, count, max) in [
        ("rules", config.rules.len(), MAX_ROUTING_RULES),
        ("territories", config.territories.len(), MAX_TERRITORIES),
        ("reps", roster.reps.len(), MAX_REPS),
        ("queues", roster.queues.len(), MAX_QUEUES),
    ] {
        if count > max {
            return Err(ConfigError::TooMany {
                what: what.to_owned(),
                count,
                max,
            });
        }
    }
    Ok(())
}
