//! The words a chunk of pages has met, looked up by their bytes: the
//! table [`super::Chunk::read`] consults for every word of every page.

use crate::search::WordMap;

/// The words a chunk has met, as written and lowercased, with their form's
/// index (`None` when they fold to nothing). Most words are short: their
/// bytes are the key itself, packed into integers, so that a look-up
/// reads the table's slot and not also a string elsewhere in memory, and
/// compares integers instead of calling `memcmp`.
#[derive(Default)]
pub(super) struct Known {
    short: WordMap<Packed, Option<u32>>,
    long: WordMap<Box<str>, Option<u32>>,
}

/// A word of 1 to 15 bytes, packed: its bytes read as words (overlapping
/// when the word is not a multiple of their size), with its length, which
/// with them gives every byte of the word back.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Packed {
    head: u64,
    tail: u64,
    len: u8,
}

impl std::hash::Hash for Packed {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.head ^ self.tail.rotate_left(29) ^ u64::from(self.len));
    }
}

impl Packed {
    /// `word` packed, if it has 1 to 15 bytes.
    fn of(word: &str) -> Option<Packed> {
        let bytes = word.as_bytes();
        let n = bytes.len();
        let four = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes")));
        let eight = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
        let (head, tail) = match n {
            1..=3 => (
                u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16,
                0,
            ),
            4..=7 => (four(0) | four(n - 4) << 32, 0),
            8..=15 => (eight(0), eight(n - 8)),
            _ => return None,
        };
        Some(Packed {
            head,
            tail,
            len: n as u8,
        })
    }
}

impl Known {
    pub(super) fn get(&self, word: &str) -> Option<Option<u32>> {
        match Packed::of(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    pub(super) fn insert(&mut self, word: &str, id: Option<u32>) {
        match Packed::of(word) {
            Some(key) => self.short.insert(key, id),
            None => self.long.insert(word.into(), id),
        };
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use super::*;

    #[test]
    fn packed_words_are_equal_only_when_the_words_are() {
        // Every word of one to twelve letters of "ab", and some of "ợa".
        let mut words: BTreeSet<String> = BTreeSet::new();
        for len in 1..=12u32 {
            for bits in 0..1u32 << len {
                words.insert((0..len).map(|k| if bits >> k & 1 == 1 { 'b' } else { 'a' }).collect());
                if len <= 5 {
                    words.insert((0..len).map(|k| if bits >> k & 1 == 1 { 'ợ' } else { 'a' }).collect());
                }
            }
        }
        let mut seen = HashMap::new();
        let mut known = Known::default();
        for (id, word) in words.iter().enumerate() {
            if let Some(packed) = Packed::of(word) {
                assert_eq!(
                    seen.insert((packed.head, packed.tail, packed.len), word),
                    None,
                    "{word}"
                );
            }
            known.insert(word, Some(id as u32));
        }
        for (id, word) in words.iter().enumerate() {
            assert_eq!(known.get(word), Some(Some(id as u32)), "{word}");
        }
        assert_eq!(known.get("c"), None);
    }
}
