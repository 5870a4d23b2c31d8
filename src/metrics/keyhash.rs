//! A hash for the integer keys that the passes look up once per lead (packed touch patterns,
//! packed group keys): one multiplication, in place of an ordered map's several comparisons.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from packed integer keys, for lookups only: nothing reaches an output in its
/// iteration order (the values are numbers given in order of first appearance).
pub(crate) type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// Multiplicative hashing of integer keys (as rustc's `FxHasher`); the keys are packed
/// patterns, not host-chosen strings, so collisions can only slow a lookup.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.add(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    #[allow(clippy::cast_possible_truncation)] // the two halves of the key
    fn write_u128(&mut self, word: u128) {
        self.add(word as u64);
        self.add((word >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
