//! Interning of the ids and names a pass meets (campaigns, sources, owners), so that each
//! lead looks its values up by number rather than by comparing strings.

use std::collections::BTreeMap;

/// The number of slots of each cache.
const SLOTS: usize = 512;

/// Numbers distinct strings borrowed from the histories, in order of first appearance.
///
/// In front of the ordered map sit two small direct-mapped caches. The first is keyed by
/// the string's address: hosts that share one `Arc<str>` per id across events find every
/// repeat there. The second is keyed by the content of strings of up to 16 bytes, packed
/// into two words: histories read from storage hold each event's ids in allocations of
/// their own, at a new address every time, and short ids (campaigns, sources, owners) are
/// found there without a string comparison. The caches hold O(1) entries and only speed
/// up lookups; the numbers do not depend on them.
#[derive(Debug)]
pub(crate) struct Interner<'a> {
    ids: BTreeMap<&'a str, usize>,
    names: Vec<&'a str>,
    by_address: Vec<(usize, usize, usize)>,
    by_content: Vec<(ContentKey, usize)>,
}

impl<'a> Interner<'a> {
    pub(crate) fn new() -> Self {
        Self {
            ids: BTreeMap::new(),
            names: Vec::new(),
            by_address: vec![(0, 0, 0); SLOTS],
            by_content: vec![(ContentKey::NONE, 0); SLOTS],
        }
    }

    /// The number of `text`, and whether it is new. Inlined where it is called: a hit in
    /// the address cache is a few instructions, and the rest is behind a call of its own
    /// (which would otherwise make every lookup save and restore registers).
    #[inline]
    pub(crate) fn id(&mut self, text: &'a str) -> (usize, bool) {
        let address = text.as_ptr().addr();
        let address_slot = (address >> 3) % SLOTS;
        if let Some((a, len, id)) = self.by_address.get(address_slot) {
            if *a == address && *len == text.len() && address != 0 {
                return (*id, false);
            }
        }
        self.id_by_content(text, address_slot)
    }

    /// [`id`](Self::id) when the address cache misses: the content cache, then the ordered
    /// map. Out of line, so that an address hit stays small where it is inlined.
    #[inline(never)]
    fn id_by_content(&mut self, text: &'a str, address_slot: usize) -> (usize, bool) {
        let content = ContentKey::of(text);
        let content_slot = content.map(ContentKey::slot);
        if let (Some(key), Some(slot)) = (content, content_slot) {
            if let Some((cached, id)) = self.by_content.get(slot) {
                if *cached == key {
                    let id = *id;
                    self.remember_address(text, address_slot, id);
                    return (id, false);
                }
            }
        }
        self.id_from_map(text, address_slot, content.zip(content_slot))
    }

    /// [`id`](Self::id) when both caches miss: the ordered map, then the caches' slots.
    #[cold]
    #[inline(never)]
    fn id_from_map(
        &mut self,
        text: &'a str,
        address_slot: usize,
        content: Option<(ContentKey, usize)>,
    ) -> (usize, bool) {
        let (id, new) = if let Some(id) = self.ids.get(text) {
            (*id, false)
        } else {
            let id = self.names.len();
            self.ids.insert(text, id);
            self.names.push(text);
            (id, true)
        };
        self.remember_address(text, address_slot, id);
        if let Some((key, slot)) = content {
            if let Some(entry) = self.by_content.get_mut(slot) {
                *entry = (key, id);
            }
        }
        (id, new)
    }

    #[inline]
    fn remember_address(&mut self, text: &str, slot: usize, id: usize) {
        if let Some(entry) = self.by_address.get_mut(slot) {
            *entry = (text.as_ptr().addr(), text.len(), id);
        }
    }

    /// The string numbered `id`.
    pub(crate) fn name(&self, id: usize) -> Option<&'a str> {
        self.names.get(id).copied()
    }
}

/// The content of a string of up to 16 bytes, as the content cache knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ContentKey {
    /// The first and the last eight bytes (four below eight bytes; for one to three bytes,
    /// the first, middle and last byte), which with the length determine the string.
    words: [u64; 2],
    len: usize,
}

impl ContentKey {
    /// The key of an empty cache entry: no string has length `usize::MAX`.
    const NONE: Self = Self {
        words: [0, 0],
        len: usize::MAX,
    };

    /// The key of `text`, or `None` if it is longer than 16 bytes.
    #[inline]
    fn of(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let len = bytes.len();
        if len > 16 {
            return None;
        }
        let words = if let (Some(first), Some(last)) =
            (bytes.first_chunk::<8>(), bytes.last_chunk::<8>())
        {
            [u64::from_le_bytes(*first), u64::from_le_bytes(*last)]
        } else if let (Some(first), Some(last)) =
            (bytes.first_chunk::<4>(), bytes.last_chunk::<4>())
        {
            [
                u64::from(u32::from_le_bytes(*first)),
                u64::from(u32::from_le_bytes(*last)),
            ]
        } else if let (Some(first), Some(last)) = (bytes.first(), bytes.last()) {
            // One to three bytes: the first, the middle and the last cover them all.
            let middle = bytes.get(len / 2).copied().unwrap_or_default();
            [
                u64::from(*first) | u64::from(middle) << 8 | u64::from(*last) << 16,
                0,
            ]
        } else {
            [0, 0]
        };
        Some(Self { words, len })
    }

    /// A slot of the content cache: a multiplicative hash of the key.
    #[inline]
    fn slot(self) -> usize {
        const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
        let mixed = (self.words[0] ^ self.words[1].rotate_left(29) ^ self.len as u64)
            .wrapping_mul(MULTIPLIER);
        // The top bits are the best mixed; SLOTS is a power of two.
        usize::try_from(mixed >> (64 - SLOTS.trailing_zeros())).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::Interner;

    #[test]
    fn numbers_in_order_of_first_appearance_whatever_the_address() {
        let a = String::from("ads");
        let a2 = String::from("ads");
        let b = String::from("blog");
        let mut interner = Interner::new();
        assert_eq!(interner.id(&b), (0, true));
        assert_eq!(interner.id(&a), (1, true));
        assert_eq!(interner.id(&a2), (1, false));
        assert_eq!(interner.id(&a), (1, false));
        assert_eq!(interner.name(0), Some("blog"));
        assert_eq!(interner.name(2), None);
    }

    proptest::proptest! {
        /// Whatever the caches keep, each string gets the number of its first appearance,
        /// also among strings of up to 16 bytes that differ in one byte only (the content
        /// cache keys those) and among copies at other addresses.
        #[test]
        fn numbers_are_those_of_first_appearance(
            base in "[ab]{0,20}",
            edits in proptest::collection::vec((0usize..24, proptest::prelude::any::<bool>(), 0usize..3), 1..200),
        ) {
            let texts: Vec<String> = edits
                .iter()
                .map(|&(position, flip, cut)| {
                    let mut text: Vec<u8> = base.bytes().collect();
                    if let Some(byte) = text.get_mut(position) {
                        if flip {
                            *byte = if *byte == b'a' { b'b' } else { b'a' };
                        }
                    }
                    text.truncate(text.len().saturating_sub(cut));
                    String::from_utf8(text).unwrap_or_default()
                })
                .collect();
            let mut interner = Interner::new();
            let mut seen: Vec<&str> = Vec::new();
            for text in &texts {
                let expected = seen.iter().position(|s| s == text);
                let got = interner.id(text);
                if let Some(id) = expected {
                    proptest::prop_assert_eq!(got, (id, false));
                } else {
                    proptest::prop_assert_eq!(got, (seen.len(), true));
                    seen.push(text);
                }
            }
        }
    }
}
