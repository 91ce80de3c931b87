//! The built-in search, index side: the text normalisation that the
//! browser script (`themes/portal/static/assets/search.js`) mirrors, and
//! the sharded index written per language ([`index`]). Pure: data in,
//! bytes out; the write stage puts them on disk.
//!
//! [`each_token`] with [`fold_token`] (a quick [`match_form`]), and
//! [`shard_of`] are the reference definition of matching: the script
//! implements the same rules, and both test suites pin the same examples,
//! so a query typed in the browser looks in the shard the index put its
//! words in, and matches what these functions say.

mod clean;
mod gzip;
pub use gzip::{Gzip, Gzips};
pub mod index;
pub mod postings;

pub(crate) use clean::nfc;
pub use clean::{clean, clean_owned};

use unicode_normalization::UnicodeNormalization;

/// How many leading characters of a folded word pick its shard. A prefix
/// query needs this many characters to find its shard (shorter last words
/// match whole words only); four spreads common short words (`the`,
/// `they`, `then`; `ngu`, `nguoi`) over different shards.
pub const KEY_CHARS: usize = 4;

/// The shard of `term` among `shards`: FNV-1a (32 bit) of the UTF-8 bytes
/// of its first [`KEY_CHARS`] characters, or of its first character for a
/// CJK term, so a one-character CJK query finds every bigram it starts.
/// The script computes the same function; both test suites pin examples.
pub fn shard_of(term: &str, shards: usize) -> usize {
    let key_chars = if term.chars().next().is_some_and(is_cjk) {
        1
    } else {
        KEY_CHARS
    };
    let end = term.char_indices().nth(key_chars).map_or(term.len(), |(i, _)| i);
    let mut hash: u32 = 0x811c_9dc5;
    for byte in term[..end].bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % shards.max(1)
}

/// The words of a text as written (lowercase, NFC), in order and with
/// repeats: words split on anything that is not a letter, digit or
/// combining mark; runs of Han, Hiragana, Katakana and Hangul, written
/// without spaces, become overlapping bigrams (`联想集团` → `联想`, `想集`,
/// `集团`), and a lone character stays a unigram. Bigrams let a
/// two-character query find a word inside a longer run without a
/// dictionary. Calls `found(token, plain)`, `plain` when the token is its
/// own folded form (ASCII or CJK), so only the others need [`fold_token`]
/// — which may leave nothing of them. Tokens are slices of the lowercased
/// text: nothing is copied.
pub fn each_token(text: &str, mut found: impl FnMut(&str, bool)) {
    let lower = nfc(text).to_lowercase();
    split(&lower, |token, cjk| found(token, cjk || token.is_ascii()));
}

/// The words of a text as [`each_token`] splits it, before lowercasing, so
/// that a caller meeting the same words again and again lowercases each
/// once: calls `found(word, lowered)`, `word` a slice of the text in NFC;
/// its token is `word` itself when `lowered`, else `word.to_lowercase()`.
/// Lowercasing word by word gives the tokens of the lowercased text
/// because lowercasing keeps every character's class (letter or digit,
/// mark, CJK, other), which a test checks for every character; the one
/// mapping that depends on the neighbours, `Σ` at the end of a word, is
/// left to lowercasing the whole text first.
pub fn each_word(text: &str, found: impl FnMut(&str, bool)) {
    each_word_nfc(text, true, found);
}

/// [`each_word`], checking that `text` is NFC only `if check`: a page's
/// body text is, having been [`clean`]ed, and is most of the text read.
pub(crate) fn each_word_nfc(text: &str, check: bool, mut found: impl FnMut(&str, bool)) {
    let text = if check {
        nfc(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    if text.contains('Σ') {
        split(&text.to_lowercase(), |word, _| found(word, true));
    } else {
        // CJK characters have no case.
        split(&text, found);
    }
}

/// Splits `text` into the words and CJK bigrams of [`each_token`]: calls
/// `found(token, cjk)` with slices of `text`. Generic, so that the caller's
/// closure is inlined into the loop over every character of the site.
fn split(text: &str, mut found: impl FnMut(&str, bool)) {
    let mut word: Option<usize> = None;
    // The CJK characters of the current run: where each starts and ends.
    let mut run: Vec<(usize, usize)> = Vec::new();
    let end_run = |run: &mut Vec<(usize, usize)>, found: &mut dyn FnMut(&str, bool)| {
        if let [(start, end)] = run[..] {
            found(&text[start..end], true);
        }
        for pair in run.windows(2) {
            found(&text[pair[0].0..pair[1].1], true);
        }
        run.clear();
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is most of the text, and is classed without decoding.
        let b = bytes[i];
        let (c, len) = if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                if run.is_empty() {
                    word.get_or_insert(i);
                    i += 1;
                    continue;
                }
            } else if word.is_none() && run.is_empty() {
                i += 1;
                continue;
            }
            (char::from(b), 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (c, c.len_utf8())
        };
        let at = i;
        i += len;
        match class(c, word.is_some()) {
            Class::Word => {
                if !run.is_empty() {
                    end_run(&mut run, &mut found);
                }
                word.get_or_insert(at);
            }
            Class::Cjk => {
                if let Some(start) = word.take() {
                    found(&text[start..at], false);
                }
                run.push((at, i));
            }
            Class::Other => {
                if let Some(start) = word.take() {
                    found(&text[start..at], false);
                }
                if !run.is_empty() {
                    end_run(&mut run, &mut found);
                }
            }
        }
    }
    if let Some(start) = word.take() {
        found(&text[start..], false);
    }
    end_run(&mut run, &mut found);
}

/// What a character is to [`split`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Part of a word: a letter or digit, or a combining mark U+0300–U+036F
    /// after one (`in_word`).
    Word,
    /// Han, Hiragana, Katakana or Hangul.
    Cjk,
    /// Anything else, which ends a word.
    Other,
}

/// The [`Class`] of `c`, `in_word` when it follows a letter or digit.
fn class(c: char, in_word: bool) -> Class {
    if c.is_ascii_alphanumeric() {
        Class::Word
    } else if c.is_ascii() {
        Class::Other
    } else if is_cjk(c) {
        Class::Cjk
    } else if is_alphanumeric(c) || (in_word && ('\u{300}'..='\u{36f}').contains(&c)) {
        Class::Word
    } else {
        Class::Other
    }
}

/// `c.is_alphanumeric()`, without the table look-up for the Latin letters
/// Vietnamese is written with: in U+00C0–U+024F all but `×` and `÷`, and
/// all of U+1E00–U+1EFF, are letters.
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// A hash map keyed by words, with a hash quicker than the standard one on
/// short keys, which is all that indexing looks up: eight bytes at a time,
/// each step a folded 64 × 64-bit multiply. Keys are the site's own text,
/// so there is no one to flood it with collisions; no map is read in its
/// own order, so the hash never shows in a file.
pub(crate) type WordMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// A quick hash of `bytes` with [`WordHasher`]: the check that tells a
/// page's body, or a cache record, from another (not a defence against
/// forged input, which the site's own files are not).
pub(crate) fn quick_check(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<WordHasher>::default().hash_one(bytes)
}

/// The state of [`WordMap`]'s hash.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    /// Mixes eight bytes in: the high and low halves of their product
    /// with an odd constant, folded together, so every bit of the input
    /// reaches the low bits that pick a bucket.
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let mut eights = bytes.chunks_exact(8);
        for eight in &mut eights {
            self.mix(u64::from_le_bytes(eight.try_into().expect("eight bytes")));
        }
        // The last bytes, read as whole words (overlapping ones already
        // read), not copied to a buffer, which would stall the load that
        // reads the buffer back; with the length, so that no two keys
        // differ only in it.
        let word = |at: usize, len: usize| -> u64 {
            match len {
                8 => u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes")),
                _ => u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))),
            }
        };
        let last = match n {
            0 => 0,
            1..=3 => u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16,
            4..=7 => word(0, 4) | word(n - 4, 4) << 32,
            _ if eights.remainder().is_empty() => return self.mix(n as u64),
            _ => word(n - 8, 8),
        };
        self.mix(last);
        self.mix(n as u64);
    }

    fn write_u64(&mut self, word: u64) {
        self.mix(word);
    }

    fn write_u8(&mut self, byte: u8) {
        self.mix(u64::from(byte) << 56);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Normalises text for matching: lowercase (with final `ς` as `σ`, as case
/// folding does), then Unicode NFD, combining marks U+0300–U+036F dropped,
/// `đ` → `d`, and NFC again — `Hợp Tác` → `hop tac`. Lowercasing comes first
/// so that a capital whose lowercase form carries a mark (`İ` → `i̇`) loses
/// it too. Chinese, Japanese and Korean text passes through unchanged.
pub fn match_form(text: &str) -> String {
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'ς' => 'σ',
            c => c,
        })
        .nfc()
        .collect()
}

/// [`match_form`] of a word that [`each_token`] found, quicker for the
/// words of Latin scripts: each character that is ASCII, `đ`, a mark
/// U+0300–U+036F or a letter whose canonical decomposition is an ASCII
/// letter with such marks folds on its own; any other character sends the
/// word through [`match_form`].
pub fn fold_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if c == 'đ' {
            out.push('d');
            continue;
        }
        let mut base = None;
        let mut plain = true;
        unicode_normalization::char::decompose_canonical(c, |d| match base {
            None if ('\u{300}'..='\u{36f}').contains(&d) => {}
            None => base = Some(d),
            Some(_) => plain &= ('\u{300}'..='\u{36f}').contains(&d),
        });
        match base {
            None if ('\u{300}'..='\u{36f}').contains(&c) => {}
            Some(b) if plain && b.is_ascii() && c.is_lowercase() => out.push(b),
            _ => return match_form(token),
        }
    }
    out
}

/// Whether a character belongs to a script written without spaces between
/// words: Han, Hiragana, Katakana or Hangul. Ranges, not the Unicode script
/// property, because the script must test exactly the same ranges and the
/// standard library has no script property.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'   // CJK and Kangxi radicals
        | '\u{3005}' | '\u{3007}'   // iteration mark, ideographic zero
        | '\u{3021}'..='\u{3029}'   // Hangzhou numerals
        | '\u{3038}'..='\u{303B}'
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'   // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // Han extension A
        | '\u{4E00}'..='\u{9FFF}'   // Han
        | '\u{A960}'..='\u{A97F}'   // Hangul Jamo extended A
        | '\u{AC00}'..='\u{D7FF}'   // Hangul syllables, Jamo extended B
        | '\u{F900}'..='\u{FAFF}'   // Han compatibility
        | '\u{FF66}'..='\u{FF9F}'   // halfwidth Katakana
        | '\u{20000}'..='\u{3FFFF}' // Han extensions B and later
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One word of a text as the index reads it: its folded form, which
    /// matching uses, and the form as written (lowercase, marks kept).
    struct Word {
        term: String,
        variant: String,
    }

    /// The words of a text as the index reads them: [`each_token`], and
    /// [`fold_token`] for the tokens that are not their own folded form.
    fn words(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        each_token(text, |token, plain| {
            let term = if plain { token.to_string() } else { fold_token(token) };
            if !term.is_empty() {
                out.push(Word {
                    term,
                    variant: token.to_string(),
                });
            }
        });
        out
    }

    /// The folded forms of a text's [`words`], as queries match them.
    fn tokens(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.term).collect()
    }

    #[test]
    fn folds_case_and_vietnamese_diacritics_alike() {
        assert_eq!(match_form("Hợp tác"), "hop tac");
        assert_eq!(match_form("hop tac"), match_form("Hợp Tác"));
        assert_eq!(match_form("HOP TAC"), match_form("Hợp tác"));
        assert_eq!(match_form("Chuyển đổi số ở Việt Nam"), "chuyen doi so o viet nam");
    }

    #[test]
    fn folds_d_with_stroke() {
        assert_eq!(match_form("đ"), "d");
        assert_eq!(match_form("Đ"), "d");
        assert_eq!(match_form("Đối thoại"), "doi thoai");
    }

    #[test]
    fn folds_decomposed_input_like_composed() {
        // macOS and some editors write Vietnamese decomposed.
        let decomposed = "Ho\u{31b}\u{323}p ta\u{301}c";
        assert_eq!(match_form(decomposed), "hop tac");
    }

    #[test]
    fn folds_capitals_whose_lowercase_has_a_mark() {
        assert_eq!(match_form("İSTANBUL"), "istanbul");
        assert_eq!(match_form("ΟΔΟΣ"), match_form("οδοσ"));
    }

    #[test]
    fn keeps_chinese_japanese_korean() {
        assert_eq!(match_form("联想集团"), "联想集团");
        assert_eq!(match_form("ガイド"), "ガイド");
        assert_eq!(match_form("한국"), "한국");
    }

    #[test]
    fn splits_words_on_punctuation() {
        assert_eq!(
            tokens("Hợp tác chiến lược: AI/ML, 2025!"),
            ["hop", "tac", "chien", "luoc", "ai", "ml", "2025"]
        );
    }

    #[test]
    fn chinese_runs_become_bigrams() {
        assert_eq!(tokens("联想集团"), ["联想", "想集", "集团"]);
        assert_eq!(tokens("联"), ["联"]);
        assert_eq!(tokens("合作，联想"), ["合作", "联想"]);
    }

    #[test]
    fn mixed_scripts_split_at_script_changes() {
        assert_eq!(
            tokens("Lenovo 联想集团 2024"),
            ["lenovo", "联想", "想集", "集团", "2024"]
        );
        assert_eq!(tokens("Lenovo联想2024"), ["lenovo", "联想", "2024"]);
        assert_eq!(tokens("東京とソウル"), ["東京", "京と", "とソ", "ソウ", "ウル"]);
    }

    #[test]
    fn words_keep_their_written_form() {
        let found = words("Hợp tác, HỢP đồng; hop");
        let pairs: Vec<(&str, &str)> = found.iter().map(|w| (w.term.as_str(), w.variant.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("hop", "hợp"),
                ("tac", "tác"),
                ("hop", "hợp"),
                ("dong", "đồng"),
                ("hop", "hop")
            ]
        );
        // Decomposed input is written composed.
        assert_eq!(words("Ho\u{31b}\u{323}p")[0].variant, "hợp");
    }

    #[test]
    fn shards_follow_the_first_four_letters() {
        // Pinned: tests/search_js/search.test.mjs checks the same numbers.
        assert_eq!(shard_of("glasgow", 256), shard_of("glas", 256));
        assert_eq!(shard_of("hop", 256), 136);
        assert_eq!(shard_of("glasgow", 256), 122);
        assert_eq!(shard_of("联想", 64), 2);
        assert_eq!(shard_of("联想", 64), shard_of("联", 64));
        assert_eq!(shard_of("anything", 1), 0);
    }

    #[test]
    fn tokens_fold_as_match_form_does() {
        let ranges = [
            '\u{80}'..='\u{24F}',
            '\u{300}'..='\u{36F}',
            '\u{370}'..='\u{3FF}',
            '\u{1E00}'..='\u{1FFF}',
        ];
        for c in ranges.into_iter().flatten() {
            for token in [format!("{c}"), format!("a{c}"), format!("{c}b{c}")] {
                assert_eq!(fold_token(&token), match_form(&token), "{token:?}");
            }
        }
        for token in ["hợp", "đồng", "nguyễn", "ǖ", "ho\u{31b}\u{323}p", "οδος", "ﬁ", "straße"] {
            assert_eq!(fold_token(token), match_form(token), "{token:?}");
        }
    }

    /// The tokens of a text as [`each_token`] gives them.
    fn lowered(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_token(text, |token, _| out.push(token.to_string()));
        out
    }

    /// The tokens of a text as [`each_word`] gives them, lowercased where it says so.
    fn tokens_of_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_word(text, |word, lowered| {
            out.push(if lowered { word.to_string() } else { word.to_lowercase() });
        });
        out
    }

    #[test]
    fn words_lowercased_one_by_one_are_the_tokens() {
        let text = "HỢP Tác ΟΔΟΣ'Α İstanbul 联想";
        assert_eq!(lowered(text), tokens_of_words(text));
        // Σ is not final when a letter follows the apostrophe: only the
        // whole text tells, which is why such text is lowercased whole.
        assert_eq!(lowered(text)[2], "οδοσ");
        assert_eq!(lowered("ΟΔΟΣ Α")[0], "οδος");
        // Every character that lowercasing changes, among others.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            if lower == c.to_string() {
                continue;
            }
            assert!(!is_cjk(c), "{c:?}");
            assert_eq!(lower.to_lowercase(), lower, "{c:?} lowercases once");
            for text in [
                format!("{c}"),
                format!("a{c}b {c}{c}"),
                format!("联{c}想 {c}\u{301}x"),
                format!("Σ{c} {c}Σ"),
            ] {
                assert_eq!(lowered(&text), tokens_of_words(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn latin_letters_are_alphanumeric_without_the_tables() {
        for c in ('\u{80}'..='\u{24F}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn no_tokens_in_blank_or_punctuation() {
        assert!(tokens("").is_empty());
        assert!(tokens(" — , … ").is_empty());
    }
}
