//! Interning of the ids and names a pass meets (campaigns, sources, owners), so that each
//! lead looks its values up by number rather than by comparing strings.

use std::collections::BTreeMap;

/// The number of slots of the address cache.
const SLOTS: usize = 512;

/// Numbers distinct strings borrowed from the histories, in order of first appearance.
///
/// In front of the ordered map sits a small direct-mapped cache keyed by the string's
/// address: the crate's text ids are interned (one address for each distinct text, however
/// the events were made or read), so every repeat of an id is found there without a string
/// comparison. The cache holds O(1) entries and only speeds up lookups; the numbers do not
/// depend on it, and a string at a new address (not an interned id) is found in the map.
#[derive(Debug)]
pub(crate) struct Interner<'a> {
    ids: BTreeMap<&'a str, usize>,
    names: Vec<&'a str>,
    by_address: Vec<(usize, usize, usize)>,
}

impl<'a> Interner<'a> {
    pub(crate) fn new() -> Self {
        Self {
            ids: BTreeMap::new(),
            names: Vec::new(),
            by_address: vec![(0, 0, 0); SLOTS],
        }
    }

    /// The number of `text`, and whether it is new. Inlined where it is called: a hit in
    /// the address cache is a few instructions, and the rest is behind a call of its own
    /// (which would otherwise make every lookup save and restore registers).
    #[inline]
    pub(crate) fn id(&mut self, text: &'a str) -> (usize, bool) {
        let address = text.as_ptr().addr();
        let slot = (address >> 3) % SLOTS;
        if let Some((a, len, id)) = self.by_address.get(slot) {
            if *a == address && *len == text.len() && address != 0 {
                return (*id, false);
            }
        }
        self.id_from_map(text, slot)
    }

    /// [`id`](Self::id) when the cache misses: the ordered map, then the cache's slot.
    #[cold]
    #[inline(never)]
    fn id_from_map(&mut self, text: &'a str, slot: usize) -> (usize, bool) {
        let (id, new) = if let Some(id) = self.ids.get(text) {
            (*id, false)
        } else {
            let id = self.names.len();
            self.ids.insert(text, id);
            self.names.push(text);
            (id, true)
        };
        if let Some(entry) = self.by_address.get_mut(slot) {
            *entry = (text.as_ptr().addr(), text.len(), id);
        }
        (id, new)
    }

    /// The string numbered `id`.
    pub(crate) fn name(&self, id: usize) -> Option<&'a str> {
        self.names.get(id).copied()
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
        /// Whatever the cache keeps, each string gets the number of its first appearance,
        /// also among strings that differ in one byte only and among copies at other
        /// addresses.
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
