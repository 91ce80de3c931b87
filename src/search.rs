//! The built-in search, render side: the per-language index written as
//! `/LANG/search-index.json`, and the text normalisation that the browser
//! script (`themes/portal/static/assets/search.js`) mirrors. Pure: data in,
//! a string out; the write stage puts it on disk.
//!
//! # Why the index is a list of documents, not an inverted index
//!
//! The file holds each page's display text once — title, summary, partners,
//! topics, dates and the first [`BODY_CHARS`] characters of the body — and
//! the script folds and tokenises it when the first query arrives. An
//! inverted index was the alternative, and it loses on every count here:
//!
//! - **Size.** Results show a title and a snippet with the matches marked, so
//!   the original text has to be shipped anyway; postings would come on top
//!   of it, not instead of it. Chinese makes it worse: every character starts
//!   a bigram, so the postings of a Chinese body outweigh the body itself.
//! - **Simplicity.** Prefix matching as the reader types, exact-diacritic
//!   ranking and highlighting all need the text; with the text at hand they
//!   are a few loops, with postings they would need the text *and* the
//!   postings to agree.
//! - **Scale.** A partnership portal has hundreds of pages, not hundreds of
//!   thousands; folding a few hundred kilobytes once in the browser takes
//!   milliseconds.
//!
//! Keys are one or two letters and empty fields are left out, because the
//! file is downloaded by every reader who searches. The format:
//!
//! ```json
//! {"v":1,"docs":[{"u":"/vi/articles/x/","t":"Title","s":"Summary",
//!   "d":"2025-10-17","dd":"17 tháng 10, 2025","p":["Lenovo"],"k":["AI"],
//!   "x":"Body text, at most ~2000 characters…"}]}
//! ```
//!
//! [`fold`] and [`tokens`] are the reference definition of matching: the
//! script implements the same rules, and both test suites pin the same
//! examples, so a query typed in the browser matches what these functions
//! say it should.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// How many characters of a body the index keeps. Enough for a page's
/// opening, where the words a reader searches for usually are, without
/// letting one long report dominate the download.
pub const BODY_CHARS: usize = 2000;

/// Version of the index format, so the script can refuse a file it does not
/// understand instead of showing wrong results after a partial deploy.
const FORMAT_VERSION: u32 = 1;

/// One page to index.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc<'a> {
    /// Root-relative URL, base path included, e.g. `/vi/articles/x/`.
    pub url: &'a str,
    /// The page title as shown.
    pub title: &'a str,
    /// The summary as shown.
    pub summary: &'a str,
    /// Plain text of the body, already stripped of markup.
    pub body: &'a str,
    /// Display names of the partners the page is about.
    pub partners: Vec<&'a str>,
    /// Display names of the page's topics.
    pub topics: Vec<&'a str>,
    /// ISO date (`2025-10-17`), or empty; sorts results newest first.
    pub date: &'a str,
    /// The date as readers of this language write it, or empty.
    pub date_display: &'a str,
}

/// The index file as serialised; see the module comment for the format.
#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    docs: Vec<IndexedDoc<'a>>,
}

/// One document of the index, with short keys and empty fields omitted.
#[derive(Serialize)]
struct IndexedDoc<'a> {
    u: &'a str,
    t: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    s: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    d: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    dd: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    p: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    k: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    x: String,
}

/// The search index of one language as compact JSON, to be written as
/// `/LANG/search-index.json`. Text is NFC with runs of white space collapsed,
/// and `<` is escaped as `\u003c`, so the file stays valid JSON and inert
/// even if a template ever inlines it in a `<script>` element.
pub fn index_json(docs: &[SearchDoc]) -> String {
    let index = Index {
        v: FORMAT_VERSION,
        docs: docs
            .iter()
            .map(|doc| IndexedDoc {
                u: doc.url,
                t: clean(doc.title),
                s: clean(doc.summary),
                d: doc.date,
                dd: doc.date_display,
                p: doc.partners.iter().map(|name| clean(name)).collect(),
                k: doc.topics.iter().map(|name| clean(name)).collect(),
                x: truncate(&clean(doc.body), BODY_CHARS),
            })
            .collect(),
    };
    let json = serde_json::to_string(&index).expect("the index has only strings and numbers");
    // `<` can only occur inside JSON strings, where `\u003c` means the same.
    json.replace('<', "\\u003c")
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

/// Tokens of a text for matching, in order and with repeats: folded words
/// split on anything that is not a letter or digit; runs of Han, Hiragana,
/// Katakana and Hangul, which are written without spaces, become overlapping
/// bigrams (`联想集团` → `联想`, `想集`, `集团`), and a lone character stays a
/// unigram. Bigrams let a two-character query find a word inside a longer
/// run without a dictionary.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    for c in match_form(text).chars() {
        if is_cjk(c) {
            take_word(&mut word, &mut out);
            run.push(c);
        } else if c.is_alphanumeric() {
            take_run(&mut run, &mut out);
            word.push(c);
        } else {
            take_word(&mut word, &mut out);
            take_run(&mut run, &mut out);
        }
    }
    take_word(&mut word, &mut out);
    take_run(&mut run, &mut out);
    out
}

/// Ends the current word, if any.
fn take_word(word: &mut String, out: &mut Vec<String>) {
    if !word.is_empty() {
        out.push(std::mem::take(word));
    }
}

/// Ends the current CJK run, if any, as bigrams (or one unigram).
fn take_run(run: &mut Vec<char>, out: &mut Vec<String>) {
    match run.len() {
        0 => {}
        1 => out.push(run[0].to_string()),
        _ => out.extend(run.windows(2).map(|pair| pair.iter().collect::<String>())),
    }
    run.clear();
}

/// Whether a character belongs to a script written without spaces between
/// words: Han, Hiragana, Katakana or Hangul. Ranges, not the Unicode script
/// property, because the script must test exactly the same ranges and the
/// standard library has no script property.
fn is_cjk(c: char) -> bool {
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

/// Text as the index stores it: NFC, which is what the script expects and is
/// the shorter form, with white space collapsed to single spaces.
fn clean(text: &str) -> String {
    // Most text is NFC already; the quick check spares composing it again.
    let composed;
    let nfc = if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        text
    } else {
        composed = text.nfc().collect::<String>();
        &composed
    };
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The first `max` characters of a text, cut after the last space if there
/// is one near the end (so no half word is indexed), else at `max`.
fn truncate(text: &str, max: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let head = &text[..cut];
    match head.rfind(' ') {
        Some(space) if head[space..].chars().count() < 100 => head[..space].to_string(),
        _ => head.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(url: &'a str, title: &'a str, body: &'a str) -> SearchDoc<'a> {
        SearchDoc {
            url,
            title,
            body,
            ..SearchDoc::default()
        }
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
    fn no_tokens_in_blank_or_punctuation() {
        assert!(tokens("").is_empty());
        assert!(tokens(" — , … ").is_empty());
    }

    #[test]
    fn index_parses_back_with_every_field() {
        let docs = [SearchDoc {
            url: "/vi/articles/hop-tac/",
            title: "Hợp tác với Lenovo",
            summary: "Tóm tắt",
            body: "Nội dung\n\n  bài   viết",
            partners: vec!["Lenovo"],
            topics: vec!["Trí tuệ nhân tạo"],
            date: "2025-10-17",
            date_display: "17 tháng 10, 2025",
        }];
        let json = index_json(&docs);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["v"], 1);
        let entry = &value["docs"][0];
        assert_eq!(entry["u"], "/vi/articles/hop-tac/");
        assert_eq!(entry["t"], "Hợp tác với Lenovo");
        assert_eq!(entry["s"], "Tóm tắt");
        assert_eq!(entry["x"], "Nội dung bài viết");
        assert_eq!(entry["p"][0], "Lenovo");
        assert_eq!(entry["k"][0], "Trí tuệ nhân tạo");
        assert_eq!(entry["d"], "2025-10-17");
        assert_eq!(entry["dd"], "17 tháng 10, 2025");
        assert!(json.contains("Hợp tác với Lenovo"), "{json}");
    }

    #[test]
    fn index_leaves_out_empty_fields() {
        let json = index_json(&[doc("/en/", "Home", "")]);
        assert_eq!(json, r#"{"v":1,"docs":[{"u":"/en/","t":"Home"}]}"#);
    }

    #[test]
    fn index_escapes_script_end_and_quotes() {
        let title = r#"Say "hi" </script><script>alert(1)</script> \ done"#;
        let json = index_json(&[doc("/en/x/", title, "a < b & c > d")]);
        assert!(!json.contains("</script"), "{json}");
        assert!(!json.contains('<'), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["docs"][0]["t"], title);
        assert_eq!(value["docs"][0]["x"], "a < b & c > d");
    }

    #[test]
    fn index_stores_nfc() {
        let json = index_json(&[doc("/vi/", "Ho\u{31b}\u{323}p", "")]);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["docs"][0]["t"], "Hợp");
    }

    #[test]
    fn index_truncates_long_bodies_at_a_word() {
        let body = "từ ".repeat(1000);
        let json = index_json(&[doc("/vi/", "T", &body)]);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let x = value["docs"][0]["x"].as_str().unwrap();
        assert!(x.chars().count() <= BODY_CHARS, "{}", x.len());
        assert!(x.chars().count() > BODY_CHARS - 100);
        assert!(x.ends_with("từ"), "{x}");
    }

    #[test]
    fn index_truncates_spaceless_text_at_a_character() {
        let body = "联想".repeat(2000);
        let json = index_json(&[doc("/zh/", "T", &body)]);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["docs"][0]["x"].as_str().unwrap().chars().count(), BODY_CHARS);
    }
}
