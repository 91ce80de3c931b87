//! Link stage: takes every parsed page and returns the [`Site`]: drafts
//! dropped, translations paired, shared fields inherited, URLs assigned,
//! partners resolved, listings sorted. Pure, and read-only once built.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::config::{Fallback, Lang, SiteConfig};
use crate::content::page::{Page, SHARED_KEYS, Section, Shared};
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::i18n::{Locales, Slug};
use crate::markdown::{self, Resolved};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        let shared = &entry.page.shared;
        match self {
            Taxonomy::Topics => shared.topics.clone().unwrap_or_default(),
            Taxonomy::Countries => shared.countries.clone().unwrap_or_default(),
            Taxonomy::Years => shared.date.map(|d| vec![d.year.to_string()]).unwrap_or_default(),
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
    /// How bodies are rendered (raw HTML policy, ids the theme keeps).
    pub markdown: Arc<markdown::Settings>,
}

impl Site {
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

    /// The body of entry `i` as HTML, links to content files turned into
    /// their pages' URLs by `link` (relative to the host, or absolute for feeds).
    pub fn body_html(&self, i: usize, link: &dyn Fn(&str) -> String) -> markdown::Rendered {
        markdown::render_with(
            self.entries[i].page.body(),
            &self.markdown,
            &|dest| match self.resolve_link(i, dest) {
                Resolved::Rewrite(url) => Resolved::Rewrite(link(&url)),
                other => other,
            },
        )
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
        let lang = lang.clone();
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.page.section == section && e.lang == lang && e.is_listed())
            .map(|(i, _)| i)
    }

    /// What a link written in the body of entry `from` leads to. A path
    /// ending in `.md` names a content file, relative to the page's folder
    /// (or to `content/` if it starts with `/`): `x.md` means the page in
    /// the reader's language (its translation, stand-in or source),
    /// `x.en.md` that language's version. Other links are kept as written.
    pub fn resolve_link(&self, from: usize, dest: &str) -> Resolved {
        let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
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

/// A term's slug in a language, if it has its own (from the UI strings).
pub type TermSlugs<'a> = &'a dyn Fn(&Lang, &str) -> Option<String>;

/// Links parsed pages into a site, reporting every problem found.
/// `term_slug(lang, label_key)` gives a term's own slug in a language, if any.
pub fn link(config: SiteConfig, pages: Vec<Page>, drafts: bool, term_slug: TermSlugs) -> Result<Site, Diagnostics> {
    let mut problems = Vec::new();
    let lang_order = |lang: &Lang| {
        config
            .languages
            .iter()
            .position(|l| &l.lang == lang)
            .unwrap_or(usize::MAX)
    };

    // Pair translations: one page per (key, language).
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // Files named after their twin come first, so a clash is blamed on the
    // file whose `translation_key` claims a slot already taken.
    let mut pages: Vec<Page> = pages.into_iter().filter(|p| drafts || !p.draft).collect();
    pages.sort_by_key(|p| p.line_of_key("translation_key").is_some());
    for page in pages {
        let members = by_key.entry(page.key.clone()).or_default();
        if let Some(&other) = members.iter().find(|&&j| entries[j].page.lang == page.lang) {
            let other = &entries[other].page;
            problems.push(
                page.error_at_key(
                    "translation_key",
                    format!(
                        "this file and {} are both the `{}` version of `{}`",
                        other.file.display(),
                        page.lang,
                        page.key
                    ),
                )
                .with_hint("give one of them another `translation_key`, or remove it"),
            );
            continue;
        }
        members.push(entries.len());
        let lang = page.lang.clone();
        entries.push(Entry {
            page,
            lang,
            group: 0,
            url: String::new(),
            fallback: None,
        });
    }

    let mut groups = Vec::with_capacity(by_key.len());
    for (key, mut members) in by_key {
        members.sort_by_key(|&i| lang_order(&entries[i].page.lang));
        let source = members
            .iter()
            .copied()
            .find(|&i| entries[i].page.lang == config.default_lang)
            .unwrap_or(members[0]);
        let sections: Vec<Section> = members.iter().map(|&i| entries[i].page.section).collect();
        if let Some(&i) = members
            .iter()
            .find(|&&i| entries[i].page.section != entries[source].page.section)
        {
            problems.push(entries[i].page.error_at_key(
                "translation_key",
                format!(
                    "this file is paired with {}, which is in another section",
                    entries[source].page.file.display()
                ),
            ));
        }
        let group = groups.len();
        for &i in &members {
            entries[i].group = group;
        }
        groups.push(Group {
            key,
            section: sections[0],
            members: members.iter().map(|&i| (entries[i].page.lang.clone(), i)).collect(),
            source,
            fallbacks: Vec::new(),
        });
    }

    // Inherit shared fields from the source; a translation may repeat them but not contradict them.
    for group in &groups {
        let source_shared = entries[group.source].page.shared.clone();
        for &(_, i) in &group.members {
            if i == group.source {
                continue;
            }
            let (merged, conflicts) = inherit(&entries[i].page.shared, &source_shared);
            for key in conflicts {
                let source_page = &entries[group.source].page;
                let where_ = match source_page.line_of_key(key) {
                    Some(line) => format!("{}:{line}", source_page.file.display()),
                    None => source_page.file.display().to_string(),
                };
                problems.push(
                    entries[i]
                        .page
                        .error_at_key(
                            key,
                            format!("`{key}` differs from the source language's value in {where_}"),
                        )
                        .with_hint(format!(
                            "`{key}` is shared by all translations: remove it here, or change it in the source"
                        )),
                );
            }
            entries[i].page.shared = merged;
        }
    }

    // Articles need a date; sections need unique URLs.
    let mut urls: HashMap<String, usize> = HashMap::new();
    for i in 0..entries.len() {
        let page = &entries[i].page;
        if page.section == Section::Articles && page.shared.date.is_none() {
            problems.push(page.error_at_key("title", "an article needs a `date` (YYYY-MM-DD)"));
        }
        let url = match url_of(page) {
            Ok(url) => url,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        if let Some(&other) = urls.get(&url) {
            // Blame the page whose own `slug` makes the clash, if only one has one.
            let other = &entries[other].page;
            let (blamed, innocent) = if page.slug.is_none() && other.slug.is_some() {
                (other, page)
            } else {
                (page, other)
            };
            problems.push(
                blamed
                    .error_at_key(
                        "slug",
                        format!("this page and {} both have the URL {url}", innocent.file.display()),
                    )
                    .with_hint("give one of them another `slug`"),
            );
        }
        urls.insert(url.clone(), i);
        entries[i].url = url;
    }

    // Stand-ins for missing translations, where the section asks for them.
    for (gi, group) in groups.iter_mut().enumerate() {
        let source = group.source;
        let policy = match group.section {
            Section::Articles => config.sections.articles.fallback,
            Section::Partners => config.sections.partners.fallback,
            Section::Pages => config.sections.pages.fallback,
            Section::Home => Fallback::Omit,
        };
        if policy == Fallback::Omit || entries[source].url.is_empty() {
            continue;
        }
        for language in &config.languages {
            if group.get(&language.lang).is_some() {
                continue;
            }
            let source_lang = entries[source].page.lang.as_str();
            let rest = entries[source]
                .url
                .strip_prefix(&format!("/{source_lang}/"))
                .unwrap_or_default();
            let url = format!("/{}/{rest}", language.lang);
            if let Some(&other) = urls.get(&url) {
                problems.push(
                    entries[other]
                        .page
                        .error_at_key(
                            "slug",
                            format!(
                                "this page's URL {url} is also where {} stands in for its missing translation",
                                entries[source].page.file.display()
                            ),
                        )
                        .with_hint("give one of them another `slug`"),
                );
                continue;
            }
            urls.insert(url.clone(), entries.len());
            group.fallbacks.push((language.lang.clone(), entries.len()));
            entries.push(Entry {
                page: entries[source].page.clone(),
                lang: language.lang.clone(),
                group: gi,
                url,
                fallback: Some(StandIn { source, policy }),
            });
        }
    }

    // Partners.
    let partners: BTreeMap<String, usize> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.section == Section::Partners)
        .map(|(gi, g)| (entries[g.source].page.stem.clone(), gi))
        .collect();
    let mut partner_articles: HashMap<String, Vec<usize>> = HashMap::new();
    for (gi, group) in groups.iter().enumerate() {
        let source = &entries[group.source].page;
        for id in source.shared.partners.iter().flatten() {
            if partners.contains_key(id) {
                partner_articles.entry(id.clone()).or_default().push(gi);
            } else {
                let mut d = source.error_at_item("partners", id, format!("unknown partner `{id}`"));
                d = match closest(id, partners.keys().map(String::as_str)) {
                    Some(near) => d.with_hint(format!(
                        "did you mean `{near}`? Partners are the files in content/partners/"
                    )),
                    None => d.with_hint("add a profile content/partners/ID.LANG.md for it"),
                };
                problems.push(d);
            }
        }
    }

    if !problems.is_empty() {
        return Err(problems.into());
    }

    let mut articles: HashMap<Lang, Vec<usize>> = HashMap::new();
    for language in &config.languages {
        let mut list: Vec<usize> = (0..entries.len())
            .filter(|&i| {
                entries[i].page.section == Section::Articles
                    && entries[i].lang == language.lang
                    && entries[i].is_listed()
            })
            .collect();
        list.sort_by(|&a, &b| newest_first(&entries[a], &entries[b]));
        articles.insert(language.lang.clone(), list);
    }
    let mut terms: HashMap<(Lang, Taxonomy), BTreeMap<String, Vec<usize>>> = HashMap::new();
    for language in &config.languages {
        for taxonomy in Taxonomy::ALL {
            let mut by_term: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            // Walking the sorted article list keeps each term's list newest first.
            for &i in &articles[&language.lang] {
                for term in taxonomy.terms_of(&entries[i]) {
                    by_term.entry(term).or_default().push(i);
                }
            }
            terms.insert((language.lang.clone(), taxonomy), by_term);
        }
    }
    for list in partner_articles.values_mut() {
        list.sort_by(|&a, &b| newest_first(&entries[groups[a].source], &entries[groups[b].source]));
        list.dedup();
    }

    // Links in Markdown name content files by path; pairing may use other keys.
    let mut paths: HashMap<String, usize> = HashMap::new();
    for entry in entries.iter().filter(|e| e.is_translation()) {
        let path = if entry.page.dir.is_empty() {
            entry.page.stem.clone()
        } else {
            format!("{}/{}", entry.page.dir, entry.page.stem)
        };
        paths.insert(path, entry.group);
    }

    // Terms are keyed by id; a language may give a term its own slug.
    let mut term_slugs: HashMap<(Lang, Taxonomy, String), String> = HashMap::new();
    for ((lang, tax), by_term) in &terms {
        let mut taken: HashMap<String, &str> = HashMap::new();
        for term in by_term.keys() {
            let slug = match tax.label_key(term).and_then(|key| term_slug(lang, &key)) {
                Some(own) => match Slug::parse(&own) {
                    Ok(slug) => slug.to_string(),
                    Err(message) => {
                        problems.push(Diagnostic::new(
                            format!("locales/{lang}"),
                            format!("the `.slug` of term `{term}`: {message}"),
                        ));
                        continue;
                    }
                },
                None => term.clone(),
            };
            if let Some(other) = taken.insert(slug.clone(), term) {
                problems.push(Diagnostic::new(
                    format!("locales/{lang}"),
                    format!(
                        "the {} `{other}` and `{term}` both have the slug `{slug}` in `{lang}`",
                        tax.name()
                    ),
                ));
            }
            if &slug != term {
                term_slugs.insert((lang.clone(), *tax, term.clone()), slug);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }

    Ok(Site {
        markdown: Arc::new(markdown::Settings::new(&config.markdown, BTreeSet::new())),
        config,
        entries,
        groups,
        partners,
        articles,
        partner_articles,
        terms,
        term_slugs,
        paths,
    })
}

/// The order of article lists: newest first, then by title.
pub(crate) fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.page
        .shared
        .date
        .cmp(&a.page.shared.date)
        .then_with(|| a.page.title.cmp(&b.page.title))
}

impl Site {
    /// Sorts every ordered list again after pages were patched in place
    /// (a new title can change the order of articles of the same date).
    pub(crate) fn resort(&mut self) {
        let entries = &self.entries;
        for list in self.articles.values_mut() {
            list.sort_by(|&a, &b| newest_first(&entries[a], &entries[b]));
        }
        for by_term in self.terms.values_mut() {
            for list in by_term.values_mut() {
                list.sort_by(|&a, &b| newest_first(&entries[a], &entries[b]));
            }
        }
        let groups = &self.groups;
        for list in self.partner_articles.values_mut() {
            list.sort_by(|&a, &b| newest_first(&entries[groups[a].source], &entries[groups[b].source]));
        }
    }
}

/// Merges a translation's shared fields over its source's: what the
/// translation leaves out is inherited; what it writes must match. Returns
/// the merged fields and the keys that contradict the source.
fn inherit(own: &Shared, source: &Shared) -> (Shared, Vec<&'static str>) {
    let mut conflicts = Vec::new();
    fn pick<T: Clone + PartialEq>(
        own: &Option<T>,
        source: &Option<T>,
        key: &'static str,
        conflicts: &mut Vec<&'static str>,
    ) -> Option<T> {
        match (own, source) {
            (Some(a), Some(b)) if a != b => {
                conflicts.push(key);
                Some(b.clone())
            }
            (Some(a), _) => Some(a.clone()),
            (None, b) => b.clone(),
        }
    }
    debug_assert_eq!(SHARED_KEYS.len(), 6, "every shared key is merged below");
    let merged = Shared {
        date: pick(&own.date, &source.date, "date", &mut conflicts),
        partners: pick(&own.partners, &source.partners, "partners", &mut conflicts),
        topics: pick(&own.topics, &source.topics, "topics", &mut conflicts),
        countries: pick(&own.countries, &source.countries, "countries", &mut conflicts),
        image: pick(&own.image, &source.image, "image", &mut conflicts),
        source: pick(&own.source, &source.source, "source", &mut conflicts),
    };
    (merged, conflicts)
}

/// The URL path of a page: `/LANG/` for a home intro, `/LANG/partners/ID/`,
/// `/LANG/DIR/SLUG/` otherwise, where the slug is the front matter's or
/// folded from the title (articles) or the file name (other pages).
pub(crate) fn url_of(page: &Page) -> Result<String, Diagnostic> {
    let lang = &page.lang;
    let slug = || -> Result<Slug, Diagnostic> {
        if let Some(slug) = &page.slug {
            return Ok(slug.clone());
        }
        let folded = match page.section {
            Section::Articles => Slug::from_title(&page.title).or_else(|| Slug::from_title(&page.stem)),
            _ => Slug::from_title(&page.stem),
        };
        folded.ok_or_else(|| {
            page.error_at_key("title", "no URL slug can be made from this page's title or file name")
                .with_hint("add a `slug` to the front matter")
        })
    };
    Ok(match page.section {
        Section::Home => format!("/{lang}/"),
        Section::Partners => format!("/{lang}/partners/{}/", page.stem),
        Section::Articles => format!("/{lang}/articles/{}/", slug()?),
        Section::Pages => {
            let dir = &page.dir;
            let mut url = format!("/{lang}/");
            for part in dir.split('/').filter(|p| !p.is_empty()) {
                let part = Slug::parse(part)
                    .map_err(|m| Diagnostic::new(&page.file, format!("the folder name is not usable in a URL: {m}")))?;
                url.push_str(part.as_str());
                url.push('/');
            }
            url.push_str(slug()?.as_str());
            url.push('/');
            url
        }
    })
}
