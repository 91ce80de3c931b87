//! The search index as a reader's browser fetches it: every word of every
//! page, in the shard the script looks in, and an edit that rewrites only
//! the shards its words are in.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;

use duet::incremental::{Incremental, Update};
use duet::plan::Job;
use duet::search::shard_of;

use crate::common::*;

/// A gzipped file of the output, unpacked.
pub fn gunzip(site: &Fixture, rel: &str) -> String {
    let bytes = std::fs::read(site.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The shard count of a language's index, from its `meta.json`.
fn shards(site: &Fixture, lang: &str) -> usize {
    let meta: serde_json::Value = serde_json::from_str(&site.read(&format!("{lang}/search-index/meta.json"))).unwrap();
    assert_eq!(meta["v"], 2);
    meta["shards"].as_u64().unwrap() as usize
}

/// The postings of a folded word in a language's index, by written form.
pub fn postings(site: &Fixture, lang: &str, term: &str) -> serde_json::Value {
    let n = shard_of(term, shards(site, lang));
    let shard: serde_json::Value =
        serde_json::from_str(&gunzip(site, &format!("{lang}/search-index/s/{n}.gz"))).unwrap();
    shard[term].clone()
}

/// Every fragment of a language, unpacked and joined: what results can show.
pub fn fragments(site: &Fixture, lang: &str) -> String {
    names(&site.public().join(format!("{lang}/search-index/f")))
        .iter()
        .map(|name| gunzip(site, &format!("{lang}/search-index/f/{name}")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_word_of_a_long_page_is_found() {
    let site = Fixture::new(&["bilingual"]);
    let long = "Hai bên thúc đẩy sản xuất xanh. ".repeat(400);
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "Hai bên thúc đẩy sản xuất xanh.",
        &format!("{long}\n\nCuối cùng, Glasgow và COP26."),
    );
    site.build().unwrap();
    let glasgow = postings(&site, "vi", "glasgow");
    assert!(
        glasgow[""].is_array(),
        "the last word of a 12,000-character page is indexed: {glasgow}"
    );
    assert!(postings(&site, "vi", "cop26")[""].is_array());
    // Written forms are kept apart under their folded word.
    let hop = postings(&site, "vi", "hop");
    assert!(hop["hợp"].is_array(), "{hop}");
    assert!(fragments(&site, "vi").contains("Cuối cùng, Glasgow và COP26."));
}

#[test]
fn results_show_kind_date_and_filters() {
    let site = Fixture::new(&["bilingual"]);
    site.build().unwrap();
    let text = fragments(&site, "vi");
    assert_contains(&text, r#""k":"article""#);
    assert_contains(&text, r#""k":"partner""#);
    assert_contains(&text, r#""d":"2025-10-17""#);
    let filters: serde_json::Value = serde_json::from_str(&gunzip(&site, "vi/search-index/filters.gz")).unwrap();
    assert!(filters["kind"]["article"].is_array(), "{filters}");
    assert!(filters["year"]["2025"].is_array(), "{filters}");
    assert!(
        filters["partner"].as_object().is_some_and(|p| !p.is_empty()),
        "{filters}"
    );
}

#[test]
fn an_edit_rewrites_only_the_shards_of_its_words() {
    let site = Fixture::new(&["bilingual"]);
    let root = site.root().to_path_buf();
    let loaded = duet::load(&root, false, false).unwrap();
    let mut state = Incremental::new(loaded).unwrap();
    let file = "content/articles/heritage-pact.vi.md";
    site.edit(
        file,
        "Hai bên thúc đẩy sản xuất xanh.",
        "Hai bên thúc đẩy sản xuất xanh. Zebra.",
    );
    let touched: BTreeSet<PathBuf> = [PathBuf::from(file)].into();
    let Update::Jobs { jobs, .. } = state.edit(&root, &touched).unwrap() else {
        panic!("a text edit is not a rebuild of everything");
    };
    let shard_jobs: Vec<&Job> = jobs.iter().filter(|j| matches!(j, Job::SearchShard(..))).collect();
    let count = duet::plan::jobs(&state.loaded().site)
        .iter()
        .filter(|j| matches!(j, Job::SearchShard(..)))
        .count();
    assert!(
        shard_jobs.iter().any(
            |j| matches!(j, Job::SearchShard(lang, n) if lang.as_str() == "vi" && *n == shard_of("zebra", count / 2))
        ),
        "the new word's shard is rewritten: {shard_jobs:?}"
    );
    assert!(
        shard_jobs
            .iter()
            .all(|j| matches!(j, Job::SearchShard(lang, _) if lang.as_str() == "vi")),
        "{shard_jobs:?}"
    );
    assert!(
        jobs.iter().any(|j| matches!(j, Job::SearchFragment(..))),
        "its fragment too: {jobs:?}"
    );
}

#[test]
fn an_edit_that_moves_an_old_pages_words_rewrites_only_the_shards_whose_bytes_change() {
    let site = Fixture::new(&["bilingual"]);
    let root = site.root().to_path_buf();
    // More pages than a frequent word's first block holds, all saying the
    // same; the oldest is the last document, outside every first block.
    let first_block = duet::search::index::FIRST_BLOCK;
    for k in 0..first_block + 12 {
        let day = 1 + k % 28;
        let month = 1 + k / 28 % 12;
        let text = format!(
            "---\ntitle: \"Bài {k}\"\ndate: {}-{month:02}-{day:02}\n---\nHai bên hợp tác về môi trường và giáo dục.\n",
            2000 + k / (28 * 12)
        );
        std::fs::write(root.join(format!("content/articles/bulk-{k}.vi.md")), text).unwrap();
    }
    let out = root.join("incremental-out");
    let loaded = duet::load(&root, false, false).unwrap();
    let mut state = Incremental::new(loaded).unwrap();
    state.write(&out, &Update::Everything).unwrap();
    // A sentence before the oldest page's words moves all of them.
    let file = "content/articles/bulk-0.vi.md";
    site.edit(file, "Hai bên", "Zebra. Hai bên");
    let Update::Jobs { jobs, .. } = state.edit(&root, &[PathBuf::from(file)].into()).unwrap() else {
        panic!("a text edit is not a rebuild of everything");
    };
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("vi/search-index/meta.json")).unwrap()).unwrap();
    let count = meta["shards"].as_u64().unwrap() as usize;
    // The shards an edit rewrites: only the new word's.
    let zebra = [(duet::config::Lang::parse("vi").unwrap(), shard_of("zebra", count))];
    let shards = |jobs: &[Job]| {
        jobs.iter()
            .filter_map(Job::search_shard)
            .map(|(l, n)| (l.clone(), n))
            .collect::<Vec<_>>()
    };
    assert_eq!(shards(&jobs), zebra, "only the new word's shard changes its bytes");
    state.write(&out, &Update::Jobs { jobs, gone: Vec::new() }).unwrap();
    // Back, with a date of revision, a shared field: the site is linked again.
    site.edit(file, "Zebra. Hai bên", "Hai bên");
    site.edit(file, "\n---\nHai", "\nupdated: 2001-01-01\n---\nHai");
    let Update::Jobs { jobs, .. } = state.edit(&root, &[PathBuf::from(file)].into()).unwrap() else {
        panic!("a date of revision is not a rebuild of everything");
    };
    assert_eq!(shards(&jobs), zebra, "after a relink too");
    state.write(&out, &Update::Jobs { jobs, gone: Vec::new() }).unwrap();
    site.build().unwrap();
    let (a, b) = (snapshot(&out), snapshot(&site.public()));
    let differ: Vec<_> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).collect();
    assert!(
        differ.is_empty(),
        "the edits leave what a full build writes: {differ:#?}"
    );
}
