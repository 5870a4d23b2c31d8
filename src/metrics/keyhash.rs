//! A hash map for the integer keys that the passes look up once per lead (packed touch
//! patterns, packed group keys): rustc's multiplicative `FxHash`, one multiplication per
//! word, in place of an ordered map's several comparisons.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

/// A map from packed integer keys, for lookups only: nothing reaches an output in its
/// iteration order (the values are numbers given in order of first appearance). The keys
/// are packed patterns, not host-chosen strings, so collisions can only slow a lookup.
pub(crate) type KeyMap<K, V> = HashMap<K, V, FxBuildHasher>;
