//! The passes a build writes its jobs in: first the files that are not
//! pages of a language, then each language's pages, one language after
//! another. What a language's pages show alike (its cards, kept by the
//! render stage's memo) is then held for one language at a time.

use crate::config::Lang;
use crate::site::Site;

use super::Job;

impl Job {
    /// The language of the page `self` writes (the reader's language,
    /// whose cards and navigation it shows); `None` for files that are not
    /// pages. The same as its [`super::placement`]'s language, without
    /// working out the rest of the placement.
    pub fn page_lang<'a>(&'a self, site: &'a Site) -> Option<&'a Lang> {
        match self {
            Job::Entry(i) | Job::PartnerArticles(i, _) => Some(&site.entries[*i].lang),
            Job::Home(lang)
            | Job::Articles(lang, _)
            | Job::Partners(lang)
            | Job::TaxonomyIndex(lang, _)
            | Job::Term(lang, ..)
            | Job::Search(lang) => Some(lang),
            Job::NotFound(lang) => Some(lang.as_ref().unwrap_or(&site.config.default_lang)),
            Job::Root => Some(&site.config.default_lang),
            Job::Feed(_)
            | Job::SearchIndex(_)
            | Job::SearchShard(..)
            | Job::SearchFragment(..)
            | Job::SearchFilters(_)
            | Job::Sitemap(_)
            | Job::Robots
            | Job::Host(_)
            | Job::Asset(_)
            | Job::Variant(..)
            | Job::Card(_) => None,
        }
    }
}

/// `items` (each with its job, as `job` finds it) in passes: the files that
/// are not pages first, then the pages of each of the site's languages in
/// its order. Each pass keeps the order `items` had.
pub fn passes<T>(site: &Site, items: impl IntoIterator<Item = T>, job: impl Fn(&T) -> &Job) -> Vec<Vec<T>> {
    let languages = &site.config.languages;
    let mut passes: Vec<Vec<T>> = std::iter::repeat_with(Vec::new).take(languages.len() + 1).collect();
    for item in items {
        let pass = job(&item)
            .page_lang(site)
            .and_then(|lang| languages.iter().position(|l| &l.lang == lang))
            .map_or(0, |k| k + 1);
        passes[pass].push(item);
    }
    passes.retain(|pass| !pass.is_empty());
    passes
}
