//! Serde helpers: durations serialize as whole seconds (an integer), which keeps the policy
//! format readable and language-neutral.

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer, Serializer};

/// Serializes a duration as whole seconds.
pub(crate) fn serialize<S: Serializer>(
    value: &TimeDelta,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(value.num_seconds())
}

/// Deserializes whole seconds into a duration.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<TimeDelta, D::Error> {
    let seconds = i64::deserialize(deserializer)?;
    TimeDelta::try_seconds(seconds)
        .ok_or_else(|| serde::de::Error::custom(format!("{seconds} s is out of range")))
}
