//! Identifiers: newtypes so that a lead id can never be passed where a command id is expected.
//!
//! The crate never mints ids: the host supplies them (from its database, a UUID generator,
//! its identity provider), so that replay and tests stay deterministic.

use std::fmt;

use smol_str::SmolStr;

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
        /// Held inline when it is at most 23 bytes long (cloning it copies 24 bytes, with no
        /// allocation and no atomic reference count), behind a shared string otherwise
        /// (cloning it costs no allocation either).
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "schema", schemars(transparent))]
        pub struct $name(#[cfg_attr(feature = "schema", schemars(with = "String"))] SmolStr);

        impl $name {
            /// Wraps the host's identifier.
            #[must_use]
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(SmolStr::new(id))
            }

            /// The identifier as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(SmolStr::from(id))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.as_str()).finish()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        /// Writes the identifier as a plain string.
        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// Reads a string, as `String` does, but into the id directly: a short id is copied
        /// inline, a long one into one shared allocation.
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_string(SmolStrVisitor).map(Self)
            }
        }
    };
}

/// Visits a string into a `SmolStr`, accepting what serde's `String` visitor accepts.
#[cfg(feature = "serde")]
struct SmolStrVisitor;

#[cfg(feature = "serde")]
impl serde::de::Visitor<'_> for SmolStrVisitor {
    type Value = SmolStr;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<SmolStr, E> {
        Ok(SmolStr::new(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<SmolStr, E> {
        Ok(SmolStr::from(value))
    }

    fn visit_bytes<E: serde::de::Error>(self, value: &[u8]) -> Result<SmolStr, E> {
        std::str::from_utf8(value)
            .map(SmolStr::new)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(value), &self))
    }

    fn visit_byte_buf<E: serde::de::Error>(self, value: Vec<u8>) -> Result<SmolStr, E> {
        String::from_utf8(value)
            .map(SmolStr::from)
            .map_err(|e| E::invalid_value(serde::de::Unexpected::Bytes(e.as_bytes()), &self))
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
