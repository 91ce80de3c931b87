//! The search index in the plan: which pages each language indexes, in
//! which order (their document numbers), and which shards an edit of a
//! page touches — the facts its shard jobs read.

use std::collections::HashMap;

use crate::config::Lang;
use crate::content::{Page, Section};
use crate::diagnostics::Diagnostic;
use crate::search::index::{self, DocText};
use crate::search::postings::changed_shards;
use crate::site::{Entry, Site};

use super::{Fact, Job};

/// Whether `entry` is in its language's index: a page of its own (not a
/// stand-in for a missing translation), and not a home page's intro.
pub fn indexed(entry: &Entry) -> bool {
    entry.is_translation() && entry.page.section != Section::Home
}

/// The entries `lang` indexes, in document order: newest first, then by
/// file. Only shared fields and files decide the order, so an edit of a
/// page's text never renumbers the index.
pub fn search_docs(site: &Site, lang: &Lang) -> Vec<usize> {
    let mut docs: Vec<usize> = in_index(site, lang).collect();
    docs.sort_by(|&a, &b| {
        let (a, b) = (&site.entries[a].page, &site.entries[b].page);
        b.shared
            .date
            .cmp(&a.shared.date)
            .then_with(|| by_components(&a.file, &b.file))
    });
    docs
}

/// Orders two relative paths as `Path`'s own order does (component by
/// component, a shorter path first), by their bytes with the separator
/// counted as the lowest, without taking them apart: most articles share
/// their date with others, and 100,000 of them are sorted many times.
fn by_components(a: &std::path::Path, b: &std::path::Path) -> std::cmp::Ordering {
    fn bytes(path: &std::path::Path) -> impl Iterator<Item = u8> + '_ {
        let separator = |c: u8| c == b'/' || (cfg!(windows) && c == b'\\');
        path.as_os_str()
            .as_encoded_bytes()
            .iter()
            .map(move |&c| if separator(c) { 0 } else { c })
    }
    bytes(a).cmp(bytes(b))
}

/// Which of the search index's per-shard or per-page files a job writes.
enum SearchFile<'a> {
    /// Shard `n` of a language's index.
    Shard(&'a Lang, usize),
    /// The fragment of an entry.
    Fragment(usize),
    /// Neither.
    Neither,
}

impl Job {
    /// Lists every kind of job, so that a new one makes the compiler ask
    /// whether it writes a shard or a fragment.
    fn search_file(&self) -> SearchFile<'_> {
        match self {
            Job::SearchShard(lang, n) => SearchFile::Shard(lang, *n),
            Job::SearchFragment(i, _) => SearchFile::Fragment(*i),
            Job::Entry(_)
            | Job::Home(_)
            | Job::Articles(..)
            | Job::Partners(_)
            | Job::PartnerArticles(..)
            | Job::TaxonomyIndex(..)
            | Job::Term(..)
            | Job::NotFound(_)
            | Job::Root
            | Job::Feed(_)
            | Job::Search(_)
            | Job::SearchIndex(_)
            | Job::SearchFilters(_)
            | Job::Sitemap(_)
            | Job::Robots
            | Job::Host(_)
            | Job::Asset(_)
            | Job::Variant(..)
            | Job::Card(_) => SearchFile::Neither,
        }
    }

    /// The language and number of the shard a [`Job::SearchShard`] writes;
    /// `None` for every other job.
    pub fn search_shard(&self) -> Option<(&Lang, usize)> {
        match self.search_file() {
            SearchFile::Shard(lang, n) => Some((lang, n)),
            SearchFile::Fragment(_) | SearchFile::Neither => None,
        }
    }

    /// The entry whose search fragment a [`Job::SearchFragment`] writes;
    /// `None` for every other job.
    pub fn search_fragment(&self) -> Option<usize> {
        match self.search_file() {
            SearchFile::Fragment(i) => Some(i),
            SearchFile::Shard(..) | SearchFile::Neither => None,
        }
    }
}

/// The entries `lang` indexes, in site order.
fn in_index<'a>(site: &'a Site, lang: &'a Lang) -> impl Iterator<Item = usize> + 'a {
    (0..site.entries.len()).filter(move |&i| &site.entries[i].lang == lang && indexed(&site.entries[i]))
}

/// How many documents `lang`'s index has: [`search_docs`] counted, without sorting them.
pub fn doc_count(site: &Site, lang: &Lang) -> usize {
    in_index(site, lang).count()
}

/// How many shards `lang`'s index is split into: the one count that its
/// `meta.json`, its shard jobs, its postings and its edits all use.
pub fn shard_count(site: &Site, lang: &Lang) -> usize {
    index::shard_count(doc_count(site, lang))
}

/// [`shard_count`] of every language of the site, each counted once, for
/// callers that look it up for many entries.
pub fn shard_counts(site: &Site) -> HashMap<Lang, usize> {
    site.config
        .languages
        .iter()
        .map(|l| (l.lang.clone(), shard_count(site, &l.lang)))
        .collect()
}

/// The plain text of a page's body, NFC with white space collapsed
/// ([`crate::search::clean`]): what the index reads its words from and
/// its search fragment shows.
pub fn body_text(page: &Page) -> Result<String, Diagnostic> {
    Ok(text_of(&page.read_body()?))
}

/// [`body_text`] of a Markdown body.
fn text_of(body: &str) -> String {
    crate::search::clean_owned(crate::markdown::plain_text(body))
}

/// The text of a page that the index takes its words from: its title and
/// summary as they are, and `body`, its [`body_text`].
pub fn doc_text<'a>(page: &'a Page, body: &'a str) -> DocText<'a> {
    DocText {
        title: &page.title,
        summary: page.summary.as_deref().unwrap_or_default(),
        body,
    }
}

/// The shards of `lang`'s index whose words change when entry `i`'s page
/// changes from `old` to what it is in `site`: those of the written forms
/// whose postings differ between the two versions. `shards` is
/// [`shard_counts`] of `site`, counted once for all the edited entries.
/// Both pages hold their text, as the dev server's do.
pub fn changed_words(site: &Site, i: usize, old: &Page, shards: &HashMap<Lang, usize>) -> Vec<Fact> {
    let entry = &site.entries[i];
    if !indexed(entry) || old.text == entry.page.text {
        return Vec::new();
    }
    let shards = *shards
        .get(&entry.lang)
        .expect("an entry's language is one of the site's");
    let (old_body, new_body) = (text_of(old.body()), text_of(entry.page.body()));
    changed_shards(&doc_text(old, &old_body), &doc_text(&entry.page, &new_body), shards)
        .into_iter()
        .map(|s| Fact::Words(entry.lang.clone(), s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_ordered_as_path_orders_them() {
        let paths = [
            "content/articles/a.vi.md",
            "content/articles-old/a.vi.md",
            "content/articles/a-b.vi.md",
            "content/articles/a/b.vi.md",
            "content/articles/ab.vi.md",
            "content/articles",
            "content/about.vi.md",
            "content/_index.vi.md",
            "content/articles/Ă.vi.md",
        ];
        for a in paths {
            for b in paths {
                let (a, b) = (std::path::Path::new(a), std::path::Path::new(b));
                assert_eq!(by_components(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }
}
