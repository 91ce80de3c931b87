//! The search index's files for the plan's search jobs: the site's pages
//! turned into [`crate::search::index`] input. Shards need every page of a
//! language at once, so their postings are gathered first ([`SearchIndex`],
//! which the dev server keeps and updates a page at a time), then the
//! shards the jobs write are encoded from them ([`Shards`]).

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::plan::search::{doc_text, indexed, search_docs};
use crate::plan::{Job, href, partner_in};
use crate::search::index::{self, DocText, Facets, Fragment, Kind};
use crate::search::postings::Postings;
use crate::site::{Site, Taxonomy};

/// The folder of a language's index in the output.
fn folder(lang: &Lang) -> String {
    format!("{lang}/search-index")
}

/// The postings of languages' indexes in memory: what their shards are
/// encoded from.
#[derive(Debug, Default)]
pub struct SearchIndex {
    by_lang: HashMap<Lang, Postings>,
}

/// The languages `jobs` write shards of, each once.
fn shard_langs(jobs: &[Job]) -> BTreeSet<&Lang> {
    jobs.iter()
        .filter_map(|job| match job {
            Job::SearchShard(lang, _) => Some(lang),
            _ => None,
        })
        .collect()
}

/// The text of document `doc` of a language, as the index reads it.
fn texts(site: &Site, docs: &[usize]) -> Vec<(String, String, String)> {
    docs.par_iter().map(|&i| doc_text(&site.entries[i].page)).collect()
}

impl SearchIndex {
    /// The postings of every page of `langs`.
    pub fn build<'a>(site: &Site, langs: impl IntoIterator<Item = &'a Lang>) -> SearchIndex {
        let by_lang = langs
            .into_iter()
            .map(|lang| {
                let docs = search_docs(site, lang);
                let texts = texts(site, &docs);
                let views: Vec<DocText> = texts
                    .iter()
                    .map(|(title, summary, body)| DocText { title, summary, body })
                    .collect();
                (lang.clone(), Postings::build(&views, index::shard_count(docs.len())))
            })
            .collect();
        SearchIndex { by_lang }
    }

    /// The postings of every language of `site`.
    pub fn of(site: &Site) -> SearchIndex {
        SearchIndex::build(site, site.config.languages.iter().map(|l| &l.lang))
    }

    /// Takes the text of the `edited` entries as it is in `site` (entries
    /// that are not indexed are left out). The site's documents must be
    /// numbered as when the index was built: an edit that renumbers them
    /// changes the plan's jobs, and the whole index is built again.
    pub fn update(&mut self, site: &Site, edited: impl IntoIterator<Item = usize>) {
        let mut numbers: HashMap<Lang, HashMap<usize, u32>> = HashMap::new();
        for i in edited {
            let entry = &site.entries[i];
            let Some(postings) = self.by_lang.get_mut(&entry.lang) else {
                continue;
            };
            if !indexed(entry) {
                continue;
            }
            let numbers = numbers.entry(entry.lang.clone()).or_insert_with(|| {
                search_docs(site, &entry.lang)
                    .into_iter()
                    .enumerate()
                    .map(|(doc, i)| (i, doc as u32))
                    .collect()
            });
            let (title, summary, body) = doc_text(&entry.page);
            postings.replace(
                numbers[&i],
                &DocText {
                    title: &title,
                    summary: &summary,
                    body: &body,
                },
            );
        }
    }

    /// The shards `jobs` write, encoded.
    pub fn encode(&self, jobs: &[Job]) -> Shards {
        let wanted: Vec<(&Lang, usize)> = jobs
            .iter()
            .filter_map(|job| match job {
                Job::SearchShard(lang, n) => Some((lang, *n)),
                _ => None,
            })
            .collect();
        let files = wanted
            .into_par_iter()
            .filter_map(|(lang, n)| {
                let words = self.by_lang.get(lang)?.shard(n)?;
                Some(((lang.clone(), n), index::shard(words)))
            })
            .collect();
        Shards { files }
    }
}

/// The shards of a set of jobs, encoded before the jobs are written.
#[derive(Debug, Default)]
pub struct Shards {
    files: HashMap<(Lang, usize), Vec<u8>>,
}

impl Shards {
    /// Builds the postings of every language that `jobs` has a shard job
    /// of, and encodes those shards.
    pub fn prepare(site: &Site, jobs: &[Job]) -> Shards {
        SearchIndex::build(site, shard_langs(jobs)).encode(jobs)
    }

    /// Shard `n` of `lang`'s index, as its job writes it.
    pub fn shard(&self, lang: &Lang, n: usize) -> Result<(String, Vec<u8>), Diagnostic> {
        let bytes = self
            .files
            .get(&(lang.clone(), n))
            .ok_or_else(|| Diagnostic::new(format!("{lang}/search-index"), format!("shard {n} was not prepared")))?;
        Ok((format!("{}/s/{n}.gz", folder(lang)), bytes.clone()))
    }
}

/// `meta.json` of `lang`'s index.
pub fn meta(site: &Site, lang: &Lang) -> (String, Vec<u8>) {
    let docs = search_docs(site, lang).len();
    let meta = index::meta(docs, index::shard_count(docs));
    (format!("{}/meta.json", folder(lang)), meta.into_bytes())
}

/// What kind of page entry `i` is, as results show it.
fn kind(site: &Site, i: usize) -> Kind {
    match site.entries[i].page.section {
        Section::Articles => Kind::Article,
        Section::Partners => Kind::Partner,
        Section::Home | Section::Pages => Kind::Page,
    }
}

/// The fragment of entry `i`, document `doc` of its language.
pub fn fragment(site: &Site, locales: &Locales, i: usize, doc: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let entry = &site.entries[i];
    let lang = &entry.lang;
    let date_display = match entry.page.shared.date {
        Some(d) => locales
            .format_date(lang, d)
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?,
        None => String::new(),
    };
    let date = entry.page.shared.date.map(|d| d.to_string()).unwrap_or_default();
    let url = href(site, &entry.url);
    let body = crate::markdown::plain_text(entry.page.body());
    let bytes = index::fragment(&Fragment {
        url: &url,
        title: &entry.page.title,
        kind: kind(site, i),
        date: &date,
        date_display: &date_display,
        summary: entry.page.summary.as_deref().unwrap_or_default(),
        text: &body,
    });
    Ok((format!("{}/f/{doc}.gz", folder(lang)), bytes))
}

/// `filters.gz` of `lang`'s index: kind, partners, topics and year of each page.
pub fn filters(site: &Site, locales: &Locales, lang: &Lang) -> Result<(String, Vec<u8>), Diagnostic> {
    let facets = search_docs(site, lang)
        .into_iter()
        .map(|i| {
            let entry = &site.entries[i];
            let partners = entry
                .page
                .shared
                .partners
                .iter()
                .flatten()
                .filter_map(|id| site.partners.get(id))
                .map(|&g| partner_in(site, g, lang).page.title.clone())
                .collect();
            let topics = Taxonomy::Topics
                .terms_of(entry)
                .iter()
                .map(|t| Taxonomy::Topics.label(locales, lang, t))
                .collect::<Result<_, _>>()?;
            Ok(Facets {
                kind: Some(kind(site, i)),
                partners,
                topics,
                year: entry.page.shared.date.map(|d| d.to_string()[..4].to_string()),
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    Ok((format!("{}/filters.gz", folder(lang)), index::filters(&facets)))
}
