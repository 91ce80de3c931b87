//! The search index of one language, as the files a reader's browser
//! fetches: a query loads only the shards of its words, then the fragments
//! of the results it shows.
//!
//! # Format (version 2), under `/LANG/search-index/`
//!
//! - `meta.json`: `{"v":2,"docs":D,"shards":S}`, read first.
//! - `s/N.gz`, N < S: the words whose [`super::shard_of`] is N, as gzipped JSON
//!   `{"term":{"variant":[postings]}}`: for each folded term, its written
//!   forms (`""` when the form is the term itself, as most English words
//!   are), each with a flat list of postings per document, in document
//!   order: `doc delta, head, positions…`. `head` is the fields the form
//!   occurs in (1 title, 2 summary, 4 body) plus 8 × the number of
//!   positions that follow; positions (word numbers in the page, the first
//!   [`MAX_POSITIONS`], the first absolute, then deltas) rank phrases and
//!   near words first. A form found in more than [`FIRST_BLOCK`] pages
//!   keeps positions only in its first block (see [`first_block`]); its
//!   other postings are `doc delta, fields`, enough for AND, counts,
//!   filters, exact-mark, title and summary ranking.
//! - `f/D.gz`: one page's fragment, gzipped JSON `{"u","t","k","d","dd","s","x"}`
//!   (URL, title, kind, ISO date, date as written, summary, whole text).
//! - `filters.gz`: `{"kind":{…},"partner":{…},"topic":{…},"year":{…}}`,
//!   each value a delta-coded list of documents.
//!
//! Documents are numbered newest first (date, then file), so ties in rank
//! fall to the newest page without the date in the index. Files are
//! gzipped by duet and unpacked by the script (`DecompressionStream`):
//! the payload does not depend on the host compressing JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use super::clean;
use super::gzip::Gzip;
use super::postings::{Posting, Shard};

/// Version of the format; the script refuses another one instead of
/// showing wrong results after a partial deploy.
pub const FORMAT_VERSION: u32 = 2;

/// How many positions of a word per page the index keeps: enough to find
/// the phrase a page is about, which comes early, without letting a word
/// that occurs on every line weigh on every query that uses it.
pub const MAX_POSITIONS: usize = 4;

/// How many pages of a written form keep their positions when it is found
/// in more: the newest this many, and this many with the form in their
/// title (then summary). Positions are most of a frequent word's bytes —
/// "hợp" in 10,000 pages takes 44 kB gzipped with them, 1.4 kB without —
/// and a phrase among the newest pages, or in titles, is what the first
/// results show; past them, results rank without phrases.
pub const FIRST_BLOCK: usize = 128;

/// The fields a word is found in, as bits of a posting's head.
pub(crate) const TITLE: u8 = 1;
pub(crate) const SUMMARY: u8 = 2;
pub(crate) const BODY: u8 = 4;

/// What a page is, shown with each result and filterable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A news item.
    Article,
    /// A partner's profile.
    Partner,
    /// A standalone page, such as "About".
    Page,
}

/// The text of one page that its words come from.
#[derive(Debug, Clone, Copy)]
pub struct DocText<'a> {
    /// Title as shown.
    pub title: &'a str,
    /// Summary as shown, or empty.
    pub summary: &'a str,
    /// Plain text of the body in NFC, which its words are read without
    /// checking again; its white space need not be collapsed.
    pub body: &'a str,
}

/// What a result shows of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Fragment<'a> {
    /// Root-relative URL, base path included.
    #[serde(rename = "u")]
    pub url: &'a str,
    /// Title.
    #[serde(rename = "t")]
    pub title: &'a str,
    /// Kind of page.
    #[serde(rename = "k")]
    pub kind: Kind,
    /// ISO date, or empty.
    #[serde(rename = "d", skip_serializing_if = "str::is_empty")]
    pub date: &'a str,
    /// The date as readers of the language write it, or empty.
    #[serde(rename = "dd", skip_serializing_if = "str::is_empty")]
    pub date_display: &'a str,
    /// Summary, or empty.
    #[serde(rename = "s", skip_serializing_if = "str::is_empty")]
    pub summary: &'a str,
    /// The whole plain text of the body, for snippets: already [`clean`],
    /// as the plan's `body_text` gives it.
    #[serde(rename = "x", skip_serializing_if = "str::is_empty")]
    pub text: &'a str,
}

/// The facet values of one page, for filters.
#[derive(Debug, Clone)]
pub struct Facets {
    /// Kind of page.
    pub kind: Kind,
    /// Partner names in the page's language.
    pub partners: Vec<String>,
    /// Topic labels in the page's language.
    pub topics: Vec<String>,
    /// Year of its date.
    pub year: Option<String>,
}

/// How many shards a language of `docs` pages gets: a power of two near
/// one shard per four pages. At 10,000 pages a page adds about 180 bytes of
/// compressed postings (frequent words keep positions only in their first
/// block), a shard averages under 1 kB and one with a word found on every
/// page 5–15 kB, so a query pays for its own words (plus the neighbours
/// that share their first letters), not for the size of the site. Depends
/// only on the number of pages, so an edit never moves a word.
pub fn shard_count(docs: usize) -> usize {
    (docs / 4).next_power_of_two().clamp(1, 1 << 15)
}

/// `meta.json`.
pub fn meta(docs: usize, shards: usize) -> String {
    format!("{{\"v\":{FORMAT_VERSION},\"docs\":{docs},\"shards\":{shards}}}")
}

/// One shard's JSON, before it is gzipped.
pub fn shard_json(words: &Shard) -> String {
    let mut out = String::from("{");
    for (t, (term, forms)) in words.iter().enumerate() {
        if t > 0 {
            out.push(',');
        }
        push_json_string(&mut out, term);
        out.push_str(":{");
        for (f, (form, postings)) in forms.iter().enumerate() {
            if f > 0 {
                out.push(',');
            }
            push_json_string(&mut out, if form == term { "" } else { form });
            out.push_str(":[");
            let mut last_doc = 0;
            let block = first_block(postings);
            for (k, posting) in postings.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                let kept = if block.as_ref().is_none_or(|b| b[k]) {
                    MAX_POSITIONS
                } else {
                    0
                };
                let positions = posting.positions().take(kept);
                let head = u32::from(posting.fields) + 8 * positions.len() as u32;
                push_number(&mut out, posting.doc - last_doc);
                out.push(',');
                push_number(&mut out, head);
                last_doc = posting.doc;
                let mut last = 0;
                for (i, p) in positions.enumerate() {
                    out.push(',');
                    push_number(&mut out, if i == 0 { p } else { p - last });
                    last = p;
                }
            }
            out.push(']');
        }
        out.push('}');
    }
    out.push('}');
    out
}

/// Which postings of a form (in document order) keep their positions, or
/// `None` for all of them: when there are more than [`FIRST_BLOCK`], the
/// newest [`FIRST_BLOCK`] and as many pages with the form in their title,
/// newest first, then in their summary. The newest are the same pages for
/// every frequent word, so a phrase of them is found there; titles and
/// summaries are where results rank highest.
pub fn first_block(postings: &[Posting]) -> Option<Vec<bool>> {
    if postings.len() <= FIRST_BLOCK {
        return None;
    }
    let mut keep = vec![false; postings.len()];
    keep[..FIRST_BLOCK].fill(true);
    let titles = (0..postings.len()).filter(|&k| postings[k].fields & TITLE != 0);
    let summaries = (0..postings.len()).filter(|&k| postings[k].fields & (TITLE | SUMMARY) == SUMMARY);
    for k in titles.chain(summaries).take(FIRST_BLOCK) {
        keep[k] = true;
    }
    Some(keep)
}

/// A number in decimal, without going through a formatter.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// A JSON string, with `<` escaped so no file can close a `<script>`.
fn push_json_string(out: &mut String, text: &str) {
    // What serde_json escapes (`"`, `\\`, control characters) or `<`:
    // most words have none of them, and are written as they are.
    if !text.bytes().any(|b| b < 0x20 || matches!(b, b'"' | b'\\' | b'<')) {
        out.push('"');
        out.push_str(text);
        out.push('"');
        return;
    }
    let json = serde_json::to_vec(text).expect("a string serialises");
    out.push_str(&String::from_utf8(escape_lt(json)).expect("escaping `<` keeps UTF-8"));
}

/// JSON with `<` escaped, so no file can close a `<script>`: the same
/// bytes when there is none, as in most pages. `<` is one byte, never part
/// of a longer character, so UTF-8 stays UTF-8.
fn escape_lt(json: Vec<u8>) -> Vec<u8> {
    if !json.contains(&b'<') {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    for &b in &json {
        if b == b'<' {
            out.extend_from_slice(b"\\u003c");
        } else {
            out.push(b);
        }
    }
    out
}

/// A page's fragment, gzipped. Text is NFC with white space collapsed:
/// the title and summary are cleaned here; the body's text, most of the
/// fragment, was cleaned once for the index and its fragment both.
pub fn fragment(fragment: &Fragment, gzip: &mut Gzip) -> Vec<u8> {
    debug_assert_eq!(clean(fragment.text), fragment.text, "the body's text is clean");
    let (title, summary) = (clean(fragment.title), clean(fragment.summary));
    let cleaned = Fragment {
        title: &title,
        summary: &summary,
        ..fragment.clone()
    };
    // Sized for the text and a little escaping, not grown a doubling at a time.
    let size = [
        cleaned.url,
        cleaned.title,
        cleaned.date,
        cleaned.date_display,
        cleaned.summary,
        cleaned.text,
    ]
    .iter()
    .map(|s| s.len())
    .sum::<usize>();
    let mut json = Vec::with_capacity(size + size / 16 + 64);
    serde_json::to_writer(&mut json, &cleaned).expect("a fragment has only strings");
    gzip.at(&escape_lt(json), FRAGMENT_LEVEL)
}

/// `filters.gz`: each facet value with the pages that have it.
pub fn filters(docs: &[Facets]) -> Vec<u8> {
    let mut facets: BTreeMap<&str, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (doc, f) in docs.iter().enumerate() {
        let doc = doc as u32;
        let kind = serde_json::to_value(f.kind).expect("a kind serialises");
        let values = [
            (
                "kind",
                kind.as_str().map(str::to_string).into_iter().collect::<Vec<_>>(),
            ),
            ("partner", f.partners.iter().map(|p| clean(p).into_owned()).collect()),
            ("topic", f.topics.iter().map(|t| clean(t).into_owned()).collect()),
            ("year", f.year.iter().cloned().collect()),
        ];
        for (facet, list) in values {
            let by_value = facets.entry(facet).or_default();
            for value in list {
                let docs = by_value.entry(value).or_default();
                if docs.last() != Some(&doc) {
                    docs.push(doc);
                }
            }
        }
    }
    let deltas: BTreeMap<&str, BTreeMap<String, Vec<u32>>> = facets
        .into_iter()
        .map(|(facet, values)| {
            let values = values
                .into_iter()
                .map(|(value, docs)| {
                    let mut last = 0;
                    let coded = docs
                        .iter()
                        .map(|&d| {
                            let delta = d - last;
                            last = d;
                            delta
                        })
                        .collect();
                    (value, coded)
                })
                .collect();
            (facet, values)
        })
        .collect();
    let json = serde_json::to_vec(&deltas).expect("filters have only strings and numbers");
    gzip(&escape_lt(json), &mut Gzip::default())
}

/// The deflate level (libdeflate's, 1–12) of shards and filters: shards
/// are what every query loads, and at 10,000 pairs level 4 writes them
/// 10 % larger than level 7 in a third of the time (level 1: 23 % larger
/// in a sixth), well within a first query's budget.
const LEVEL: i32 = 4;

/// The deflate level of fragments: a page's whole text each, most of the
/// index's bytes and most of the time spent compressing it, of which a
/// query loads only the results it shows. Level 1 writes them 4.5 % larger
/// than level 4 in two thirds of the time.
const FRAGMENT_LEVEL: i32 = 1;

/// `bytes` gzipped at the level of shards, with `gzip`'s compressor (a
/// worker's, or a new one for a single file).
pub fn gzip(bytes: &[u8], gzip: &mut Gzip) -> Vec<u8> {
    gzip.at(bytes, LEVEL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::postings::Postings;
    use crate::search::shard_of;
    use std::io::Read;

    /// One shard's file, encoded as the output stage encodes it.
    fn shard(words: &Shard) -> Vec<u8> {
        gzip(shard_json(words).as_bytes(), &mut Gzip::default())
    }

    /// Every shard of a language whose pages, numbered in order, are `docs`.
    fn shards(docs: &[DocText], shards: usize) -> Vec<Vec<u8>> {
        let postings = Postings::build(docs, shards);
        (0..shards).map(|n| shard(postings.shard(n).unwrap())).collect()
    }

    fn gunzip(bytes: &[u8]) -> String {
        let mut out = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut out).unwrap();
        out
    }

    fn text<'a>(title: &'a str, body: &'a str) -> DocText<'a> {
        DocText {
            title,
            summary: "",
            body,
        }
    }

    #[test]
    fn every_word_is_indexed_however_long_the_page() {
        let body = format!("{} Glasgow", "từ ".repeat(5000));
        let shards = shards(&[text("T", &body)], 1);
        let json: serde_json::Value = serde_json::from_str(&gunzip(&shards[0])).unwrap();
        assert_eq!(json["glasgow"][""], serde_json::json!([0, 4 + 8, 5003]), "{json}");
    }

    #[test]
    fn postings_keep_written_forms_fields_and_positions() {
        let docs = [text("Hợp tác", "hợp tác và hop"), text("x", "đối tác")];
        let json: serde_json::Value = serde_json::from_str(&gunzip(&shards(&docs, 1)[0])).unwrap();
        // Fields are a word apart from each other (and from an empty
        // summary), so the body of doc 0 starts at word 4.
        // "hợp" in doc 0: title and body, positions 0 and 4; "hop" as written at 7.
        assert_eq!(json["hop"]["hợp"], serde_json::json!([0, 1 + 4 + 16, 0, 4]));
        assert_eq!(json["hop"][""], serde_json::json!([0, 4 + 8, 7]));
        // "tác" in doc 0 (1 and 5) and in doc 1 (delta 1) at 4.
        assert_eq!(json["tac"]["tác"], serde_json::json!([0, 5 + 16, 1, 4, 1, 4 + 8, 4]));
        assert_eq!(json["doi"]["đối"], serde_json::json!([1, 4 + 8, 3]));
    }

    /// The documents of a form's postings, and those of them that keep positions.
    fn listed(list: &serde_json::Value) -> (Vec<u64>, Vec<u64>) {
        let list: Vec<u64> = list.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
        let (mut i, mut doc, mut all, mut found) = (0, 0, Vec::new(), Vec::new());
        while i < list.len() {
            doc += list[i];
            all.push(doc);
            let count = list[i + 1] >> 3;
            if count > 0 {
                found.push(doc);
            }
            i += 2 + count as usize;
        }
        (all, found)
    }

    fn with_positions(list: &serde_json::Value) -> Vec<u64> {
        listed(list).1
    }

    #[test]
    fn a_frequent_words_first_block_holds_the_newest_pages_and_its_titles() {
        let titles: Vec<String> = (0..300)
            .map(|k| match k {
                250..260 => format!("Hợp đồng {k}"),
                _ => format!("Trang {k}"),
            })
            .collect();
        let docs: Vec<DocText> = titles
            .iter()
            .enumerate()
            .map(|(k, title)| DocText {
                title,
                summary: if (280..290).contains(&k) { "hợp" } else { "" },
                body: if k == 7 { "hợp tác quokka" } else { "hợp tác" },
            })
            .collect();
        let json: serde_json::Value = serde_json::from_str(&gunzip(&shards(&docs, 1)[0])).unwrap();
        let newest = 0..FIRST_BLOCK as u64;
        let expected: Vec<u64> = newest.clone().chain(250..260).chain(280..290).collect();
        assert_eq!(with_positions(&json["hop"]["hợp"]), expected);
        // Every page is still listed.
        assert_eq!(listed(&json["hop"]["hợp"]).0, (0..300).collect::<Vec<_>>());
        // Without title or summary, the newest pages.
        assert_eq!(with_positions(&json["tac"]["tác"]), newest.collect::<Vec<_>>());
        // A rare word keeps all its positions.
        assert_eq!(json["quokka"][""], serde_json::json!([7, 4 + 8, 6]));
        // More title pages than the block holds: the newest of them.
        let many: Vec<DocText> = (0..300)
            .map(|k| DocText {
                title: if k >= 100 { "Hợp" } else { "x" },
                summary: "hợp",
                body: "",
            })
            .collect();
        let json: serde_json::Value = serde_json::from_str(&gunzip(&shards(&many, 1)[0])).unwrap();
        let expected: Vec<u64> = (0..FIRST_BLOCK as u64).chain(128..228).collect();
        assert_eq!(with_positions(&json["hop"]["hợp"]), expected);
    }

    #[test]
    fn a_shard_encoded_after_edits_equals_a_fresh_build() {
        let titles: Vec<String> = (0..400).map(|k| format!("Trang {k}")).collect();
        let mut docs: Vec<DocText> = titles
            .iter()
            .map(|title| DocText {
                title,
                summary: "",
                body: "hợp tác và đối tác",
            })
            .collect();
        let mut postings = Postings::build(&docs, 4);
        // An old page takes "hợp" into its title, so into the first block;
        // a new one drops a word; then a page is put back as it was.
        let edits = [
            (300, "Hợp tác", "hợp tác"),
            (2, "Trang 2", "đối tác"),
            (300, "Trang 300", "hợp tác và đối tác"),
        ];
        for (doc, title, body) in edits {
            docs[doc] = DocText {
                title,
                summary: "",
                body,
            };
            postings.replace(doc as u32, &docs[doc]);
            let fresh = Postings::build(&docs, 4);
            for n in 0..4 {
                assert_eq!(
                    shard(postings.shard(n).unwrap()),
                    shard(fresh.shard(n).unwrap()),
                    "shard {n} after editing page {doc}"
                );
            }
        }
    }

    #[test]
    fn words_go_to_their_shard_and_shards_are_stable() {
        let docs = [text("Glasgow", "COP26 Lenovo 联想集团")];
        let all = shards(&docs, 8);
        assert_eq!(all.len(), 8);
        for term in ["glasgow", "cop26", "lenovo", "联想", "集团"] {
            let json: serde_json::Value = serde_json::from_str(&gunzip(&all[shard_of(term, 8)])).unwrap();
            assert!(json.get(term).is_some(), "{term} in {json}");
        }
        assert_eq!(shards(&docs, 8), all, "the same input gives the same bytes");
    }

    /// The facets of a page of `kind` with no partners, topics or date.
    fn only(kind: Kind) -> Facets {
        Facets {
            kind,
            partners: Vec::new(),
            topics: Vec::new(),
            year: None,
        }
    }

    #[test]
    fn fragments_and_filters_parse_back() {
        let f = fragment(
            &Fragment {
                url: "/vi/x/",
                title: "A </script> title",
                kind: Kind::Article,
                date: "2025-10-17",
                date_display: "17 tháng 10",
                summary: "",
                text: &clean("Nội  dung"),
            },
            &mut Gzip::default(),
        );
        let json = gunzip(&f);
        assert!(!json.contains('<'), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["k"], "article");
        assert_eq!(value["x"], "Nội dung");
        assert!(value.get("s").is_none());
        let facets = [
            Facets {
                partners: vec!["Lenovo".into()],
                year: Some("2025".into()),
                ..only(Kind::Article)
            },
            only(Kind::Partner),
            Facets {
                partners: vec!["Lenovo".into()],
                ..only(Kind::Article)
            },
        ];
        let value: serde_json::Value = serde_json::from_str(&gunzip(&filters(&facets))).unwrap();
        assert_eq!(value["kind"]["article"], serde_json::json!([0, 2]));
        assert_eq!(value["kind"]["partner"], serde_json::json!([1]));
        assert_eq!(value["partner"]["Lenovo"], serde_json::json!([0, 2]));
        assert_eq!(value["year"]["2025"], serde_json::json!([0]));
    }

    #[test]
    fn shard_counts_grow_with_the_site() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(3), 1);
        assert_eq!(shard_count(1_000), 256);
        assert_eq!(shard_count(10_000), 4096);
        assert_eq!(shard_count(100_000), 32_768);
    }
}
