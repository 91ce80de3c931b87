//! Output: feeds, sitemap, and writing the rendered site atomically.

pub mod feed;
pub mod hosting;
pub mod sitemap;
mod swap;
pub mod write;
pub mod xml;

use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::plan::href;
use crate::search::{SearchDoc, index_json};
use crate::site::{Site, Taxonomy};

/// The search index of `lang`: its own pages (no stand-ins for missing
/// translations), with title, summary, body text, partners, topics and date.
pub fn search_index(site: &Site, locales: &Locales, lang: &Lang) -> Result<(String, String), Diagnostic> {
    struct Owned {
        url: String,
        body: String,
        partners: Vec<String>,
        topics: Vec<String>,
        date: String,
        date_display: String,
    }
    let entries: Vec<usize> = (0..site.entries.len())
        .filter(|&i| {
            let e = &site.entries[i];
            &e.lang == lang && e.is_translation() && e.page.section != Section::Home
        })
        .collect();
    let mut owned = Vec::with_capacity(entries.len());
    for &i in &entries {
        let entry = &site.entries[i];
        let shared = &entry.page.shared;
        let partners = shared
            .partners
            .iter()
            .flatten()
            .filter_map(|id| site.partners.get(id))
            .map(|&g| {
                let group = &site.groups[g];
                site.entries[group.get(lang).unwrap_or(group.source)].page.title.clone()
            })
            .collect();
        let topics = Taxonomy::Topics
            .terms_of(entry)
            .iter()
            .map(|t| Taxonomy::Topics.label(locales, lang, t))
            .collect::<Result<_, _>>()?;
        let date_display = match shared.date {
            Some(d) => locales
                .format_date(lang, d)
                .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?,
            None => String::new(),
        };
        owned.push(Owned {
            url: href(site, &entry.url),
            body: index_prefix(&crate::markdown::plain_text(entry.page.body())),
            partners,
            topics,
            date: shared.date.map(|d| d.to_string()).unwrap_or_default(),
            date_display,
        });
    }
    let docs: Vec<SearchDoc> = entries
        .iter()
        .zip(&owned)
        .map(|(&i, o)| SearchDoc {
            url: &o.url,
            title: &site.entries[i].page.title,
            summary: site.entries[i].page.summary.as_deref().unwrap_or_default(),
            body: &o.body,
            partners: o.partners.iter().map(String::as_str).collect(),
            topics: o.topics.iter().map(String::as_str).collect(),
            date: &o.date,
            date_display: &o.date_display,
        })
        .collect();
    Ok((format!("{lang}/search-index.json"), index_json(&docs)))
}

/// The part of a body's text the index can use: the index keeps
/// [`BODY_CHARS`](crate::search::BODY_CHARS) characters after collapsing
/// white space and composing marks, so four times that (white space already
/// collapsed) is always enough, and memory stays small on large sites.
fn index_prefix(text: &str) -> String {
    let limit = 4 * crate::search::BODY_CHARS;
    let mut out = String::with_capacity(limit.min(text.len()));
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars >= limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
    }
    out
}

pub use write::{MARKER, Written, check_output_dir, write_in_place, write_site};
