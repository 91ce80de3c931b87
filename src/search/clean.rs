//! Text as the index reads and stores it: NFC, with white space
//! collapsed ([`clean`]), checked and collapsed a byte at a time, since
//! the plain text of every page goes through here.

use unicode_normalization::UnicodeNormalization;

/// Text in NFC, borrowed when it is already (most text is).
pub(crate) fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if plain_nfc(text) || unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Whether `text` has only characters below U+0300, in U+1E00–U+1EFF
/// and in U+2002–U+207F (ASCII, Vietnamese written precomposed, and the
/// punctuation that smart quotes write), which are NFC without the
/// look-ups: a test checks that each of them is NFC on its own and never
/// combines. Reads bytes: UTF-8 lead bytes C2–CB start U+0080–U+02FF,
/// E1 B8–E1 BB start U+1E00–U+1EFF, and E2 80–E2 81 start U+2000–U+207F,
/// of which U+2000 and U+2001 (E2 80 80, E2 80 81) are not NFC.
fn plain_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time.
        if let Some(eight) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        match bytes[i] {
            0..=0x7f => i += 1,
            0xc2..=0xcb => i += 2,
            0xe1 if matches!(bytes[i + 1], 0xb8..=0xbb) => i += 3,
            0xe2 if general_punctuation(bytes[i + 1], bytes[i + 2]) => i += 3,
            _ => return false,
        }
    }
    true
}

/// Whether E2 `second` `third` is a character of U+2002–U+207F, which
/// [`plain_nfc`] takes as NFC.
fn general_punctuation(second: u8, third: u8) -> bool {
    second == 0x81 || second == 0x80 && !matches!(third, 0x80 | 0x81)
}

/// Text as the index stores it: NFC, which is what the script expects and is
/// the shorter form, with white space collapsed to single spaces. Borrowed
/// when it is already so, as the plain text of a page's body is by the
/// time its fragment shows it.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let nfc = nfc(text);
    if collapsed(&nfc) {
        return nfc;
    }
    std::borrow::Cow::Owned(collapse(&nfc))
}

/// [`clean`] of an owned text, given back when it is clean already.
pub fn clean_owned(text: String) -> String {
    if let Some(cleaned) = collapse_plain(&text) {
        return cleaned;
    }
    match clean(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(cleaned) => cleaned,
    }
}

/// Whether the character at byte `i` of `text` is white space (as
/// [`char::is_whitespace`] says), and how many bytes to step: the
/// character's length when it is white space, else one byte (onto its
/// continuation bytes, which are never white space). Reads bytes: beside
/// ASCII, white space is U+0085, U+00A0 (C2 85, C2 A0), U+1680 (E1 9A
/// 80), U+2000–U+200A, U+2028, U+2029, U+202F (E2 80 xx), U+205F (E2 81
/// 9F) and U+3000 (E3 80 80); a test checks every character.
#[inline(always)]
fn white_at(bytes: &[u8], i: usize) -> (bool, usize) {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b' ' | b'\t'..=b'\r' => (true, 1),
        0xc2 if matches!(next(1), 0x85 | 0xa0) => (true, 2),
        0xe1 if next(1) == 0x9a && next(2) == 0x80 => (true, 3),
        0xe2 if next(1) == 0x80 && matches!(next(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) => (true, 3),
        0xe2 if next(1) == 0x81 && next(2) == 0x9f => (true, 3),
        0xe3 if next(1) == 0x80 && next(2) == 0x80 => (true, 3),
        _ => (false, 1),
    }
}

/// Whether `text` has no white space but single spaces between words:
/// [`collapse`] would give it back as it is.
fn collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let (mut i, mut after_space) = (0, false);
    while i < bytes.len() {
        if bytes[i] == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            i += 1;
            continue;
        }
        after_space = false;
        let (white, len) = white_at(bytes, i);
        if white {
            return false;
        }
        i += len;
    }
    true
}

/// The words of `text` (split on white space) joined by single spaces:
/// `text.split_whitespace()` joined, in one pass over bytes. Words one
/// space apart are copied together, so text is copied a line at a time,
/// not a word at a time.
fn collapse(text: &str) -> String {
    collapse_with(text, |bytes, i| Some(white_at(bytes, i))).expect("every byte is read")
}

/// [`collapse`], or `None` unless `text` is NFC by [`plain_nfc`]'s test,
/// which it makes in the same pass: [`clean`] of such a text in one pass
/// instead of three (NFC, whether collapsed, collapsed).
fn collapse_plain(text: &str) -> Option<String> {
    collapse_with(text, |bytes, i| {
        let next = || bytes.get(i + 1).copied().unwrap_or(0);
        match bytes[i] {
            b' ' | b'\t'..=b'\r' => Some((true, 1)),
            0..=0x7f | 0x80..=0xbf | 0xc3..=0xcb => Some((false, 1)),
            // U+0085 and U+00A0 are white space; the rest of U+0080–U+00BF is not.
            0xc2 => Some(if matches!(next(), 0x85 | 0xa0) {
                (true, 2)
            } else {
                (false, 1)
            }),
            // U+1E00–U+1EFF; U+1680, the one white space of E1, is not plain.
            0xe1 if matches!(next(), 0xb8..=0xbb) => Some((false, 1)),
            0xe2 if i + 2 < bytes.len() && general_punctuation(bytes[i + 1], bytes[i + 2]) => Some(white_at(bytes, i)),
            _ => None,
        }
    })
}

/// [`collapse`] with `white(bytes, i)` saying whether the character at
/// byte `i` is white space and how many bytes to step (as [`white_at`]),
/// or `None` to give up.
#[inline(always)]
fn collapse_with(text: &str, white: impl Fn(&[u8], usize) -> Option<(bool, usize)>) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Text as it is written out: words one space apart.
    let mut pending: Option<(usize, usize)> = None;
    let flush = |out: &mut String, (start, end): (usize, usize)| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..end]);
    };
    let mut word: Option<usize> = None;
    let mut i = 0;
    loop {
        let (white, len) = if i < bytes.len() { white(bytes, i)? } else { (true, 0) };
        if white {
            if let Some(start) = word.take() {
                pending = match pending {
                    Some((first, end)) if start == end + 1 && bytes[end] == b' ' => Some((first, i)),
                    Some(done) => {
                        flush(&mut out, done);
                        Some((start, i))
                    }
                    None => Some((start, i)),
                };
            }
            if i == bytes.len() {
                break;
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(done) = pending {
        flush(&mut out, done);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_marks_or_rare_letters_is_nfc_as_it_is() {
        let ranges = ['\0'..='\u{2ff}', '\u{1e00}'..='\u{1eff}', '\u{2002}'..='\u{207f}'];
        for c in ranges.into_iter().flatten() {
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "{c:?}");
        }
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let plain =
                c < '\u{300}' || ('\u{1e00}'..='\u{1eff}').contains(&c) || ('\u{2002}'..='\u{207f}').contains(&c);
            assert_eq!(plain_nfc(&format!("a{c}")), plain, "{c:?}");
            // After eight and more ASCII bytes, read eight at a time.
            assert_eq!(plain_nfc(&format!("abcdefgh{c}")), plain, "{c:?}");
            assert_eq!(plain_nfc(&format!("abcdefghijk{c}xyz")), plain, "{c:?}");
        }
        assert!(plain_nfc("Hợp tác"));
        assert_eq!(nfc("Ho\u{31b}\u{323}p"), "Hợp");
    }

    #[test]
    fn collapsing_reads_white_space_as_split_whitespace_does() {
        let old_collapsed = |t: &str| {
            !t.starts_with(' ')
                && !t.ends_with(' ')
                && !t.contains("  ")
                && !t.contains(|c: char| c.is_whitespace() && c != ' ')
        };
        let old_collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut texts: Vec<String> = [
            "",
            " ",
            "a",
            " a ",
            "a  b",
            "a b",
            "Hợp\ntác  và\u{a0}x",
            "联想\u{3000}集团 ",
            " one two  three four\nfive six\u{2003}seven eight \n\n nine",
            "a b c",
            "a \u{a0}b c\td  e",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if c.is_whitespace() || c.len_utf8() > 1 && c < '\u{3100}' {
                texts.extend([format!("{c}"), format!("a{c}b"), format!("ợ{c}{c}ư "), format!("x {c}")]);
            }
        }
        for text in &texts {
            assert_eq!(collapsed(text), old_collapsed(text), "{text:?}");
            assert_eq!(collapse(text), old_collapse(text), "{text:?}");
            // In one pass when plainly NFC, else by the three.
            assert_eq!(collapse_plain(text).is_some(), plain_nfc(text), "{text:?}");
            assert_eq!(clean_owned(text.clone()), clean(text), "{text:?}");
        }
    }
}
