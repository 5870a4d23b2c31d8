//! Identifiers: newtypes so that a lead id can never be passed where a command id is expected.
//!
//! The crate never mints ids: the host supplies them (from its database, a UUID generator,
//! its identity provider), so that replay and tests stay deterministic.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{LazyLock, Mutex, PoisonError};

use rustc_hash::FxHasher;

use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID the host generated.
            #[must_use]
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// Builds an id from a 128-bit number; handy for tests and synthetic data.
            #[must_use]
            pub const fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }

            /// The UUID inside.
            #[must_use]
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

uuid_id!(
    /// Identifies one lead across its whole history.
    ///
    /// ```
    /// use leadflow::LeadId;
    /// let id = LeadId::from_u128(7);
    /// assert_eq!(id.to_string(), "00000000-0000-0000-0000-000000000007");
    /// ```
    LeadId
);

uuid_id!(
    /// Identifies one command; a command id seen before makes the command a duplicate
    /// (idempotency), so a host can retry safely.
    CommandId
);

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Interned: each distinct text is stored once for the life of the process, so cloning an
        /// id into every event envelope is a copy and comparing ids compares addresses. Memory
        /// grows with the distinct ids ever made (people, teams, queues, campaigns, sources), not
        /// with events: do not make ids from unbounded, untrusted text.
        #[derive(Debug, Clone, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        // One thin pointer (8 bytes on 64-bit targets, and so is an `Option` of one), not a
        // `&str` (16): ids sit in every envelope, and a pass over histories reads envelopes
        // from memory.
        pub struct $name(&'static &'static str);

        impl $name {
            /// Wraps the host's identifier.
            #[must_use]
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(interned(id.as_ref()))
            }

            /// The identifier as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                self.0
            }
        }

        /// Equal texts are one interned string, so equality is equality of addresses
        /// (consistent with `Ord` and `Hash`, which read the text).
        impl PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                std::ptr::eq(self.0, other.0)
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.0.hash(state);
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self::new(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.0)
            }
        }

        /// Reads a string, as `&str` would, and interns it (no `String` in between).
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(InternedStrVisitor).map(Self)
            }
        }
    };
}

/// The one stored copy of `text`, made on its first sight: every text id holds one of these,
/// so equal ids hold the same address.
///
/// A small cache per thread answers the ids a thread has met recently without the
/// process-wide lock, so threads reading histories at once do not queue on it (a host has
/// few distinct ids, met over and over).
///
/// Should the cache be unavailable (a thread-local can be, while its thread exits), the lock
/// answers alone: nothing panics and the id is the same.
fn interned(text: &str) -> &'static &'static str {
    let slot = recent_slot(text);
    let recent = RECENT
        .try_with(|recent| recent.get(slot).and_then(Cell::get))
        .ok()
        .flatten();
    if let Some(stored) = recent.filter(|stored| **stored == text) {
        return stored;
    }
    let stored = stored_once(text);
    let _ = RECENT.try_with(|recent| {
        if let Some(entry) = recent.get(slot) {
            entry.set(Some(stored));
        }
    });
    stored
}

/// The number of entries of each thread's cache of recent ids (a power of two).
const RECENT_SLOTS: usize = 256;

thread_local! {
    /// The ids this thread interned most recently, direct-mapped by a hash of their text: a
    /// text whose slot holds another simply replaces it.
    static RECENT: [Cell<Option<&'static &'static str>>; RECENT_SLOTS] =
        const { [const { Cell::new(None) }; RECENT_SLOTS] };
}

/// The slot of `text` in a thread's cache of recent ids.
fn recent_slot(text: &str) -> usize {
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    // The top bits are the best mixed.
    usize::try_from(hasher.finish() >> (u64::BITS - RECENT_SLOTS.trailing_zeros()))
        .unwrap_or_default()
}

/// The process-wide copy of `text`, stored on its first sight, behind a pointer of its own:
/// an id holds the address of that stored `&str` (one word) rather than the `&str` itself
/// (two words).
fn stored_once(text: &str) -> &'static &'static str {
    /// Every text any id was made from, each stored once and never freed.
    static TEXTS: LazyLock<Mutex<HashMap<&'static str, &'static &'static str>>> =
        LazyLock::new(Mutex::default);
    // The map is only ever inserted into whole, so a panic elsewhere while the lock was held
    // cannot leave it inconsistent: a poisoned lock is used as it is.
    let mut texts = TEXTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&stored) = texts.get(text) {
        return stored;
    }
    let text: &'static str = Box::leak(Box::from(text));
    let stored: &'static &'static str = Box::leak(Box::new(text));
    texts.insert(text, stored);
    stored
}

/// Visits a string into an interned one, accepting what serde's `String` visitor accepts.
#[cfg(feature = "serde")]
struct InternedStrVisitor;

#[cfg(feature = "serde")]
impl serde::de::Visitor<'_> for InternedStrVisitor {
    type Value = &'static &'static str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<&'static &'static str, E> {
        Ok(interned(value))
    }

    fn visit_bytes<E: serde::de::Error>(self, value: &[u8]) -> Result<&'static &'static str, E> {
        std::str::from_utf8(value)
            .map(interned)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(value), &self))
    }
}

text_id!(
    /// A user of the host's system: a marketer, a sales rep, a manager, an automation.
    ///
    /// ```
    /// use leadflow::UserId;
    /// assert_eq!(UserId::new("rep-ana").as_str(), "rep-ana");
    /// ```
    UserId
);
text_id!(
    /// A shared work queue that sales reps pick leads from.
    QueueId
);
text_id!(
    /// A team (for example "sales-emea"); sales managers act within their team.
    TeamId
);
text_id!(
    /// A marketing campaign that touched a lead or sourced it.
    CampaignId
);
text_id!(
    /// Where a lead came from (for example "webinar", "paid-search", "outbound").
    Source
);
