//! Interning of the ids and names a pass meets (campaigns, sources, owners), so that each
//! lead looks its values up by number rather than by comparing strings.

use std::collections::BTreeMap;

/// The number of slots of the pointer cache.
const SLOTS: usize = 512;

/// The longest string the content cache holds.
const SHORT: usize = 24;

/// Numbers distinct strings borrowed from the histories, in order of first appearance.
///
/// In front of the ordered map sit two small direct-mapped caches. Strings of up to 24 bytes
/// (text ids of up to 23 bytes are held inside each event, so equal ids have different
/// addresses) are cached by their content, read as three words: a hit costs a hash and three
/// comparisons. Longer strings are cached by address: hosts commonly share one `Arc<str>`
/// per long id across events, and then a lookup costs no string comparison. The caches hold
/// O(1) entries and only speed up lookups; the numbers do not depend on them.
#[derive(Debug)]
pub(crate) struct Interner<'a> {
    ids: BTreeMap<&'a str, usize>,
    names: Vec<&'a str>,
    recent: Vec<(usize, usize, usize)>,
    short: Vec<([u64; 3], usize, usize)>,
}

/// A string of up to [`SHORT`] bytes as three zero-padded words.
fn words(text: &str) -> Option<[u64; 3]> {
    let bytes = text.as_bytes();
    let mut buffer = [0u8; SHORT];
    buffer.get_mut(..bytes.len())?.copy_from_slice(bytes);
    let mut words = [0u64; 3];
    for (word, chunk) in words.iter_mut().zip(buffer.chunks_exact(8)) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        *word = u64::from_le_bytes(eight);
    }
    Some(words)
}

/// The content cache's slot of a short string.
fn short_slot(words: [u64; 3], len: usize) -> usize {
    let [a, b, c] = words;
    let mixed = (a ^ b.rotate_left(21) ^ c.rotate_left(42) ^ len as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // The top bits of the product: SLOTS is a power of two below 2^32.
    (mixed >> 32) as usize % SLOTS
}

impl<'a> Interner<'a> {
    pub(crate) fn new() -> Self {
        Self {
            ids: BTreeMap::new(),
            names: Vec::new(),
            recent: vec![(0, 0, 0); SLOTS],
            // A length no string of the cache has: empty slots never match.
            short: vec![([0; 3], usize::MAX, 0); SLOTS],
        }
    }

    /// The number of `text`, and whether it is new.
    pub(crate) fn id(&mut self, text: &'a str) -> (usize, bool) {
        let Some(words) = words(text) else {
            return self.id_by_address(text);
        };
        let slot = short_slot(words, text.len());
        if let Some((w, len, id)) = self.short.get(slot) {
            if *len == text.len() && *w == words {
                return (*id, false);
            }
        }
        let (id, new) = self.lookup(text);
        if let Some(entry) = self.short.get_mut(slot) {
            *entry = (words, text.len(), id);
        }
        (id, new)
    }

    /// [`Interner::id`] for a long string, cached by address.
    fn id_by_address(&mut self, text: &'a str) -> (usize, bool) {
        let address = text.as_ptr().addr();
        let slot = (address >> 3) % SLOTS;
        if let Some((a, len, id)) = self.recent.get(slot) {
            if *a == address && *len == text.len() && address != 0 {
                return (*id, false);
            }
        }
        let (id, new) = self.lookup(text);
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (address, text.len(), id);
        }
        (id, new)
    }

    /// The number of `text` from the ordered map, numbering it if it is new.
    fn lookup(&mut self, text: &'a str) -> (usize, bool) {
        if let Some(id) = self.ids.get(text) {
            (*id, false)
        } else {
            let id = self.names.len();
            self.ids.insert(text, id);
            self.names.push(text);
            (id, true)
        }
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

    #[test]
    fn short_and_long_strings_keep_their_numbers_through_the_caches() {
        // Strings that differ only by trailing NULs, or by one byte, or that straddle the
        // 24-byte limit of the content cache; each asked twice, from two copies.
        let texts = [
            "a",
            "a\0",
            "a\0\0",
            "",
            "abcdefghijklmnopqrstuvwx",
            "abcdefghijklmnopqrstuvwy",
            "abcdefghijklmnopqrstuvwxy",
            "abcdefghijklmnopqrstuvwxz",
        ];
        let copies: Vec<String> = texts.iter().map(|t| (*t).to_owned()).collect();
        let mut interner = Interner::new();
        for (n, text) in texts.iter().enumerate() {
            assert_eq!(interner.id(text), (n, true));
        }
        for (n, text) in copies.iter().enumerate().rev() {
            assert_eq!(interner.id(text), (n, false));
            assert_eq!(interner.id(texts[n]), (n, false));
        }
        assert_eq!(interner.name(1), Some("a\0"));
    }
}
