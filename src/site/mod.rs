//! Link stage: takes every parsed page and returns the [`Site`]: drafts
//! dropped, translations paired, shared fields inherited, URLs assigned,
//! partners resolved, listings sorted. Pure, and read-only once built.
//! This module holds the linked site and its queries; [`link`] builds it,
//! one function a phase.

mod around;
mod link;
mod media;

use media::fragment_of;

pub use around::{Around, RELATED, around};
pub use link::{TermSlugs, link};
pub(crate) use link::{newest_first, url_of};

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::{Fallback, Lang, SiteConfig};
use crate::content::page::{Page, Section};
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::markdown::{self, Resolved};
use crate::media::{AssetId, Media, Reference};

/// One page in one language, linked into the site.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The parsed page; its `shared` fields hold the inherited values. For a
    /// fallback this is the source page, and `page.lang` its content's language.
    pub page: Page,
    /// The language it is published in: its URL prefix and UI language.
    pub lang: Lang,
    /// The index of its translation group in [`Site::groups`].
    pub group: usize,
    /// Its URL path, always `/LANG/…/` ending in `/`.
    pub url: String,
    /// Set when this entry stands in for a missing translation.
    pub fallback: Option<StandIn>,
}

/// How a fallback entry stands in for a missing translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StandIn {
    /// The entry whose content it shows or points to.
    pub source: usize,
    /// `Notice` or `Redirect`.
    pub policy: Fallback,
}

impl Entry {
    /// Whether this is a real page in its language (not a fallback).
    pub fn is_translation(&self) -> bool {
        self.fallback.is_none()
    }

    /// Whether readers browse to it: real pages and notice fallbacks, not redirects.
    pub fn is_listed(&self) -> bool {
        self.fallback.is_none_or(|f| f.policy == Fallback::Notice)
    }
}

/// Pages that are translations of each other.
#[derive(Debug, Clone)]
pub struct Group {
    /// The translation key they share.
    pub key: String,
    /// The kind of page.
    pub section: Section,
    /// Entry index per language, in the site's language order.
    pub members: Vec<(Lang, usize)>,
    /// The entry the others are translated from (the default language's, if any).
    pub source: usize,
    /// Fallback entries standing in for missing translations, per language.
    pub fallbacks: Vec<(Lang, usize)>,
}

impl Group {
    /// The fallback entry of this group in `lang`, if it has one.
    pub fn fallback(&self, lang: &Lang) -> Option<usize> {
        self.fallbacks.iter().find(|(l, _)| l == lang).map(|(_, i)| *i)
    }

    /// The entry of this group in `lang`, if translated.
    pub fn get(&self, lang: &Lang) -> Option<usize> {
        self.members.iter().find(|(l, _)| l == lang).map(|(_, i)| *i)
    }
}

/// A way of grouping articles: each article belongs to terms of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Taxonomy {
    /// `topics` in front matter; labels from Fluent `topic-ID`.
    Topics,
    /// `countries` in front matter; labels from Fluent `country-ID`.
    Countries,
    /// The year of `date`; the label is the year.
    Years,
}

impl Taxonomy {
    /// Every taxonomy, in the order they are shown.
    pub const ALL: [Taxonomy; 3] = [Taxonomy::Topics, Taxonomy::Countries, Taxonomy::Years];

    /// Its URL segment and name in templates: `topics`, `countries`, `years`.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Topics => "topics",
            Taxonomy::Countries => "countries",
            Taxonomy::Years => "years",
        }
    }

    /// The Fluent message that labels `term`, if labels come from Fluent.
    pub fn label_key(self, term: &str) -> Option<String> {
        match self {
            Taxonomy::Topics => Some(format!("topic-{term}")),
            Taxonomy::Countries => Some(format!("country-{term}")),
            Taxonomy::Years => None,
        }
    }

    /// The label of `term` in `lang`: its Fluent message, or the term itself
    /// (years are labelled by themselves).
    pub fn label(self, locales: &Locales, lang: &Lang, term: &str) -> Result<String, Diagnostic> {
        match self.label_key(term) {
            Some(key) => locales.text(lang, &key),
            None => Ok(term.to_string()),
        }
    }

    /// The terms `entry` belongs to.
    pub fn terms_of(self, entry: &Entry) -> Vec<String> {
        self.terms_named(entry).into_owned()
    }

    /// [`Taxonomy::terms_of`], borrowed from the page where it names them:
    /// for callers that look at every article.
    pub fn terms_named(self, entry: &Entry) -> std::borrow::Cow<'_, [String]> {
        use std::borrow::Cow;
        let shared = &entry.page.shared;
        match self {
            Taxonomy::Topics => Cow::Borrowed(shared.topics.as_deref().unwrap_or_default()),
            Taxonomy::Countries => Cow::Borrowed(shared.countries.as_deref().unwrap_or_default()),
            Taxonomy::Years => Cow::Owned(shared.date.map(|d| vec![d.year.to_string()]).unwrap_or_default()),
        }
    }
}

/// The loaded site: everything the render stage needs, nothing it must look up on disk.
#[derive(Debug)]
pub struct Site {
    /// The validated configuration.
    pub config: SiteConfig,
    /// Every published page in every language.
    pub entries: Vec<Entry>,
    /// Translation groups.
    pub groups: Vec<Group>,
    /// Partner id → its group.
    pub partners: BTreeMap<String, usize>,
    /// Per entry: the groups of the partners it names (known ids, as
    /// written), looked up once: every card of an article names them.
    pub partner_groups: Vec<Box<[usize]>>,
    /// Per language: its articles (with notice fallbacks), newest first.
    pub articles: HashMap<Lang, Vec<usize>>,
    /// Per partner id: the groups of the articles that name it, newest first.
    pub partner_articles: HashMap<String, Vec<usize>>,
    /// Per language and taxonomy: each term's articles, newest first.
    pub terms: HashMap<(Lang, Taxonomy), BTreeMap<String, Vec<usize>>>,
    /// Terms whose slug in a language is not their id.
    pub term_slugs: HashMap<(Lang, Taxonomy, String), String>,
    /// Content path without language and extension (`articles/x`) → its group.
    pub paths: HashMap<String, usize>,
    /// Per language: its standalone pages (the navigation shows them) and
    /// its home intro, found once rather than per rendered page.
    pub sections: HashMap<(Lang, Section), Vec<usize>>,
    /// How bodies are rendered (raw HTML policy, ids the theme keeps).
    pub markdown: Arc<markdown::Settings>,
    /// The files beside the pages.
    pub media: Arc<Media>,
    /// Per entry: the assets it shows or links to (body, `image`, `logo`), set by [`Site::find_uses`].
    pub uses: Vec<Vec<AssetId>>,
    /// Per entry: the asset its `image` names, set by [`Site::find_uses`],
    /// so the many cards that show an article's image do not resolve it again.
    pub heroes: Vec<Option<AssetId>>,
    /// Per entry: the articles it shows around itself (older, newer, related).
    pub around: Vec<Around>,
    /// Per partner entry: the articles its pages list, in its language,
    /// newest first; found once rather than for every page of the listing.
    pub partner_listings: HashMap<usize, Vec<usize>>,
}

impl Site {
    /// The entry readers of `lang` browse to for group `g`: its translation, or a notice stand-in.
    pub fn published_in(&self, g: usize, lang: &Lang) -> Option<usize> {
        let group = &self.groups[g];
        group
            .get(lang)
            .or_else(|| group.fallback(lang).filter(|&i| self.entries[i].is_listed()))
    }

    /// [`Site::partner_listings`] as the lists of [`Site::partner_articles`] give them.
    pub fn find_partner_listings(&self) -> HashMap<usize, Vec<usize>> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.page.section == Section::Partners)
            .filter_map(|(i, entry)| {
                let groups = self.partner_articles.get(&entry.page.stem)?;
                let listed = groups
                    .iter()
                    .filter_map(|&g| self.published_in(g, &entry.lang))
                    .collect();
                Some((i, listed))
            })
            .collect()
    }

    /// The one count of pages used everywhere: content files published as
    /// pages (every section, the homes' text included; stand-ins and
    /// generated listings not), per language in site order.
    pub fn pages_per_language(&self) -> Vec<(Lang, usize)> {
        self.config
            .languages
            .iter()
            .map(|l| {
                let n = self
                    .entries
                    .iter()
                    .filter(|e| e.lang == l.lang && e.is_translation())
                    .count();
                (l.lang.clone(), n)
            })
            .collect()
    }

    /// Translation groups missing in some language (homes aside: every
    /// language has its home page, written or not): the one definition of
    /// "untranslated" for the build's summary and `duet check`.
    pub fn untranslated(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(move |g| {
            g.section != Section::Home && self.config.languages.iter().any(|l| g.get(&l.lang).is_none())
        })
    }

    /// `body`, the body of entry `i` ([`crate::content::Page::read_body`]),
    /// as HTML, links to content files turned into their pages' URLs with
    /// `base` in front (the base URL's path, or the whole base URL for feeds).
    pub fn body_html(&self, i: usize, body: &str, base: &str) -> markdown::Rendered {
        // The first image of a page loads at once, unless a hero image comes before it.
        let eager = std::cell::Cell::new(self.hero_image(i).is_none());
        markdown::render_with(body, &self.markdown, &|dest| match self.reference(i, dest) {
            Reference::Asset(id) => Resolved::Asset {
                url: format!("{base}{}{}", self.media.link_url(id), fragment_of(dest)),
                picture: self.picture(id, crate::media::BODY_SIZES, eager.replace(false), base),
            },
            Reference::NotAsset | Reference::Missing(_) | Reference::Outside(_) => match self.resolve_link(i, dest) {
                Resolved::Rewrite(url) => Resolved::Rewrite(format!("{base}{url}")),
                other => other,
            },
        })
    }

    /// The URL of the page of term `term` (an id) in `lang`.
    pub fn term_url(&self, lang: &Lang, tax: Taxonomy, term: &str) -> String {
        let slug = self
            .term_slugs
            .get(&(lang.clone(), tax, term.to_string()))
            .map_or(term, String::as_str);
        format!("/{lang}/{}/{slug}/", tax.name())
    }

    /// The entries of section `section` in `lang`, in path order.
    pub fn section(&self, lang: &Lang, section: Section) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .get(&(lang.clone(), section))
            .into_iter()
            .flatten()
            .copied()
    }

    /// What a link written in the body of entry `from` leads to. A path
    /// ending in `.md` names a content file, relative to the page's folder
    /// (or to `content/` if it starts with `/`): `x.md` means the page in
    /// the reader's language (its translation, stand-in or source),
    /// `x.en.md` that language's version. Other links are kept as written.
    pub fn resolve_link(&self, from: usize, dest: &str) -> Resolved {
        let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
        if let Some(resolved) = self.resolve_asset(from, dest) {
            return resolved;
        }
        if !path.ends_with(".md") || path.contains("://") || path.starts_with("//") || path.starts_with("mailto:") {
            return Resolved::Keep;
        }
        let entry = &self.entries[from];
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            entry.page.dir.split('/').filter(|p| !p.is_empty()).collect()
        };
        for part in path.trim_start_matches('/').split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Resolved::Broken(format!("`{dest}` leads out of the content folder"));
                    }
                }
                p => parts.push(p),
            }
        }
        let joined = parts.join("/");
        let stem = joined.trim_end_matches(".md");
        let (key, lang) = match stem.rsplit_once('.') {
            Some((key, code)) => match self.config.language(code) {
                Some(l) => (key, l.lang.clone()),
                None => (stem, entry.lang.clone()),
            },
            None => (stem, entry.lang.clone()),
        };
        let Some(&g) = self.paths.get(key) else {
            return Resolved::Broken(format!(
                "`{dest}` names no content file (looked for content/{key}.LANG.md)"
            ));
        };
        let group = &self.groups[g];
        let target = group
            .get(&lang)
            .or_else(|| group.fallback(&lang))
            .unwrap_or(group.source);
        let url = &self.entries[target].url;
        Resolved::Rewrite(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        })
    }

    /// The article the home page of `lang` leads with: the newest marked
    /// `featured: true`, else the newest.
    pub fn featured(&self, lang: &Lang) -> Option<usize> {
        let list = self.articles.get(lang)?;
        list.iter()
            .copied()
            .find(|&i| self.entries[i].page.shared.featured == Some(true))
            .or_else(|| list.first().copied())
    }

    /// The home page intro (`content/_index.LANG.md`) of `lang`, if written.
    pub fn home(&self, lang: &Lang) -> Option<usize> {
        self.section(lang, Section::Home).next()
    }

    /// The translations of entry `i` in other languages, in language order.
    pub fn translations(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.groups[self.entries[i].group]
            .members
            .iter()
            .map(|(_, j)| *j)
            .filter(move |j| *j != i)
    }
}
