//! The search index's files for the plan's search jobs: the site's pages
//! turned into [`crate::search::index`] input. Shards need every page of a
//! language at once, so [`Shards::prepare`] builds them in one pass before
//! the jobs are written, and each shard job takes its part.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::plan::search::{doc_text, search_docs};
use crate::plan::{Job, href, partner_in};
use crate::search::index::{self, DocText, Facets, Fragment, Kind};
use crate::site::{Site, Taxonomy};

/// The folder of a language's index in the output.
fn folder(lang: &Lang) -> String {
    format!("{lang}/search-index")
}

/// The shards of the languages a set of jobs writes shards of, built once.
#[derive(Debug, Default)]
pub struct Shards {
    by_lang: HashMap<Lang, Vec<Vec<u8>>>,
}

impl Shards {
    /// Builds the shards of every language that `jobs` has a shard job of.
    pub fn prepare(site: &Site, jobs: &[Job]) -> Shards {
        let mut langs: Vec<&Lang> = jobs
            .iter()
            .filter_map(|job| match job {
                Job::SearchShard(lang, _) => Some(lang),
                _ => None,
            })
            .collect();
        langs.sort();
        langs.dedup();
        let by_lang = langs
            .into_iter()
            .map(|lang| {
                let docs = search_docs(site, lang);
                let texts: Vec<(String, String, String)> =
                    docs.par_iter().map(|&i| doc_text(&site.entries[i].page)).collect();
                let views: Vec<DocText> = texts
                    .iter()
                    .map(|(title, summary, body)| DocText { title, summary, body })
                    .collect();
                (lang.clone(), index::shards(&views, index::shard_count(docs.len())))
            })
            .collect();
        Shards { by_lang }
    }

    /// Shard `n` of `lang`'s index, as its job writes it.
    pub fn shard(&self, lang: &Lang, n: usize) -> Result<(String, Vec<u8>), Diagnostic> {
        let bytes =
            self.by_lang.get(lang).and_then(|shards| shards.get(n)).ok_or_else(|| {
                Diagnostic::new(format!("{lang}/search-index"), format!("shard {n} was not prepared"))
            })?;
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
