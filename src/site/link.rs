//! Linking, one function a phase: pair translations into groups, inherit
//! shared fields, place pages at URLs, add stand-ins for missing
//! translations, resolve partners, sort the listings, index paths, and give
//! terms their slugs. Each phase records every problem it finds.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Fallback, Lang, SiteConfig};
use crate::content::page::{Page, SHARED_KEYS, Section, Shared};
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::i18n::Slug;
use crate::markdown;

use super::{Entry, Group, Site, StandIn, Taxonomy};

/// A term's slug in a language, if it has its own (from the UI strings).
pub type TermSlugs<'a> = &'a dyn Fn(&Lang, &str) -> Option<String>;

/// The site as it is being linked, with the problems found so far.
struct Linking<'c> {
    config: &'c SiteConfig,
    entries: Vec<Entry>,
    groups: Vec<Group>,
    /// URL → the entry at it.
    urls: HashMap<String, usize>,
    problems: Vec<Diagnostic>,
}

/// Links parsed pages into a site, reporting every problem found.
/// `term_slug(lang, label_key)` gives a term's own slug in a language, if any.
pub fn link(config: SiteConfig, pages: Vec<Page>, drafts: bool, term_slug: TermSlugs) -> Result<Site, Diagnostics> {
    let mut linking = Linking {
        config: &config,
        entries: Vec::new(),
        groups: Vec::new(),
        urls: HashMap::new(),
        problems: Vec::new(),
    };
    let by_key = linking.pair(pages, drafts);
    linking.group(by_key);
    linking.inherit_shared();
    linking.place();
    linking.stand_ins();
    let (partners, partner_articles) = linking.partners();
    if !linking.problems.is_empty() {
        return Err(linking.problems.into());
    }
    let Linking {
        mut entries,
        groups,
        mut problems,
        ..
    } = linking;
    let (articles, terms, partner_articles) = lists(&config, &mut entries, &groups, partner_articles);
    let paths = paths(&entries);
    let sections = sections(&entries);
    let partner_groups = entries
        .iter()
        .map(|e| {
            let named = e.page.shared.partners.iter().flatten();
            named.filter_map(|id| partners.get(id).copied()).collect()
        })
        .collect();
    let term_slugs = term_slugs(&terms, term_slug, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let mut site = Site {
        markdown: Arc::new(markdown::Settings::new(&config.markdown, BTreeSet::new())),
        media: Arc::default(),
        uses: Vec::new(),
        heroes: Vec::new(),
        config,
        entries,
        groups,
        partners,
        partner_groups,
        articles,
        partner_articles,
        terms,
        term_slugs,
        paths,
        sections,
        around: Vec::new(),
        partner_listings: HashMap::new(),
    };
    site.around = super::around::around(&site);
    site.partner_listings = site.find_partner_listings();
    Ok(site)
}

/// Each language's listed entries of each section, in site order.
fn sections(entries: &[Entry]) -> HashMap<(Lang, Section), Vec<usize>> {
    let mut sections: HashMap<(Lang, Section), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.is_listed()) {
        sections.entry((e.lang.clone(), e.page.section)).or_default().push(i);
    }
    sections
}

impl Linking<'_> {
    /// Pairs translations: one page per (key, language); drafts dropped unless asked for.
    fn pair(&mut self, pages: Vec<Page>, drafts: bool) -> Vec<(String, Vec<usize>)> {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        // Files named after their twin come first, so a clash is blamed on the
        // file whose `translation_key` claims a slot already taken.
        let mut pages: Vec<Page> = pages.into_iter().filter(|p| drafts || !p.draft).collect();
        // A front matter without the words cannot have the key: most are
        // not looked into, and those that have it are moved out in order.
        let keyed: Vec<Page> = pages
            .extract_if(.., |p| {
                p.front().contains("translation_key") && p.line_of_key("translation_key").is_some()
            })
            .collect();
        // Room for every page at once: grown a doubling at a time, the
        // entries of 100,000 pairs were copied again and again into memory
        // touched for the first time (a third of linking's time there).
        self.entries.reserve(pages.len() + keyed.len());
        for page in pages.into_iter().chain(keyed) {
            let members = by_key.entry(page.key.clone()).or_default();
            if let Some(&other) = members.iter().find(|&&j| self.entries[j].page.lang == page.lang) {
                let other = &self.entries[other].page;
                self.problems.push(
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
            members.push(self.entries.len());
            let lang = page.lang.clone();
            self.entries.push(Entry {
                page,
                lang,
                group: 0,
                url: String::new(),
                fallback: None,
            });
        }
        // Groups are made in the order of their keys.
        let mut by_key: Vec<(String, Vec<usize>)> = by_key.into_iter().collect();
        by_key.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        by_key
    }

    /// Makes a group of each key's pages, in site language order, with its source.
    fn group(&mut self, by_key: Vec<(String, Vec<usize>)>) {
        let config = self.config;
        let lang_order = |lang: &Lang| {
            config
                .languages
                .iter()
                .position(|l| &l.lang == lang)
                .unwrap_or(usize::MAX)
        };
        let entries = &mut self.entries;
        self.groups.reserve(by_key.len());
        for (key, mut members) in by_key {
            members.sort_by_key(|&i| lang_order(&entries[i].page.lang));
            let source = members
                .iter()
                .copied()
                .find(|&i| entries[i].page.lang == config.default_lang)
                .unwrap_or(members[0]);
            if let Some(&i) = members
                .iter()
                .find(|&&i| entries[i].page.section != entries[source].page.section)
            {
                self.problems.push(entries[i].page.error_at_key(
                    "translation_key",
                    format!(
                        "this file is paired with {}, which is in another section",
                        entries[source].page.file.display()
                    ),
                ));
            }
            let group = self.groups.len();
            for &i in &members {
                entries[i].group = group;
            }
            self.groups.push(Group {
                key,
                section: entries[members[0]].page.section,
                members: members.iter().map(|&i| (entries[i].page.lang.clone(), i)).collect(),
                source,
                fallbacks: Vec::new(),
            });
        }
    }

    /// Inherits shared fields from the source; a translation may repeat them but not contradict them.
    fn inherit_shared(&mut self) {
        let entries = &mut self.entries;
        for group in &self.groups {
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
                    self.problems.push(
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
    }

    /// Gives every page its URL; articles need a date, and URLs must be unique.
    fn place(&mut self) {
        for i in 0..self.entries.len() {
            let page = &self.entries[i].page;
            if page.section == Section::Articles && page.shared.date.is_none() {
                self.problems
                    .push(page.error_at_key("title", "an article needs a `date` (YYYY-MM-DD)"));
            }
            let url = match url_of(page) {
                Ok(url) => url,
                Err(d) => {
                    self.problems.push(d);
                    continue;
                }
            };
            if let Some(&other) = self.urls.get(&url) {
                // Blame the page whose own `slug` makes the clash, if only one has one.
                let other = &self.entries[other].page;
                let (blamed, innocent) = if page.slug.is_none() && other.slug.is_some() {
                    (other, page)
                } else {
                    (page, other)
                };
                self.problems.push(
                    blamed
                        .error_at_key(
                            "slug",
                            format!("this page and {} both have the URL {url}", innocent.file.display()),
                        )
                        .with_hint("give one of them another `slug`"),
                );
            }
            self.urls.insert(url.clone(), i);
            self.entries[i].url = url;
        }
    }

    /// Adds stand-ins for missing translations, where the section asks for them.
    fn stand_ins(&mut self) {
        let config = self.config;
        for gi in 0..self.groups.len() {
            let source = self.groups[gi].source;
            let policy = match self.groups[gi].section {
                Section::Articles => config.sections.articles.fallback,
                Section::Partners => config.sections.partners.fallback,
                Section::Pages => config.sections.pages.fallback,
                Section::Home => Fallback::Omit,
            };
            if policy == Fallback::Omit || self.entries[source].url.is_empty() {
                continue;
            }
            for language in &config.languages {
                if self.groups[gi].get(&language.lang).is_some() {
                    continue;
                }
                let source_lang = self.entries[source].page.lang.as_str();
                let rest = self.entries[source]
                    .url
                    .strip_prefix(&format!("/{source_lang}/"))
                    .unwrap_or_default();
                let url = format!("/{}/{rest}", language.lang);
                if let Some(&other) = self.urls.get(&url) {
                    self.problems.push(
                        self.entries[other]
                            .page
                            .error_at_key(
                                "slug",
                                format!(
                                    "this page's URL {url} is also where {} stands in for its missing translation",
                                    self.entries[source].page.file.display()
                                ),
                            )
                            .with_hint("give one of them another `slug`"),
                    );
                    continue;
                }
                let at = self.entries.len();
                self.urls.insert(url.clone(), at);
                self.groups[gi].fallbacks.push((language.lang.clone(), at));
                self.entries.push(Entry {
                    page: self.entries[source].page.clone(),
                    lang: language.lang.clone(),
                    group: gi,
                    url,
                    fallback: Some(StandIn { source, policy }),
                });
            }
        }
    }

    /// Partner ids → their groups, and each partner's article groups (unsorted).
    fn partners(&mut self) -> (BTreeMap<String, usize>, HashMap<String, Vec<usize>>) {
        let entries = &self.entries;
        let partners: BTreeMap<String, usize> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.section == Section::Partners)
            .map(|(gi, g)| (entries[g.source].page.stem.clone(), gi))
            .collect();
        let mut partner_articles: HashMap<String, Vec<usize>> = HashMap::new();
        for (gi, group) in self.groups.iter().enumerate() {
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
                    self.problems.push(d);
                }
            }
        }
        (partners, partner_articles)
    }
}

/// Per-language article lists and term lists (newest first), and each
/// partner's articles sorted the same way.
#[allow(clippy::type_complexity)]
fn lists(
    config: &SiteConfig,
    entries: &mut [Entry],
    groups: &[Group],
    mut partner_articles: HashMap<String, Vec<usize>>,
) -> (
    HashMap<Lang, Vec<usize>>,
    HashMap<(Lang, Taxonomy), BTreeMap<String, Vec<usize>>>,
    HashMap<String, Vec<usize>>,
) {
    let entries: &[Entry] = entries;
    // Each language's list, and each of its taxonomies, on its own: in parallel.
    let articles: HashMap<Lang, Vec<usize>> = config
        .languages
        .par_iter()
        .map(|language| {
            let mut list: Vec<usize> = (0..entries.len())
                .filter(|&i| {
                    entries[i].page.section == Section::Articles
                        && entries[i].lang == language.lang
                        && entries[i].is_listed()
                })
                .collect();
            list.sort_by(|&a, &b| newest_first(&entries[a], &entries[b]));
            (language.lang.clone(), list)
        })
        .collect();
    let taxonomies: Vec<(&Lang, Taxonomy)> = config
        .languages
        .iter()
        .flat_map(|l| Taxonomy::ALL.map(|tax| (&l.lang, tax)))
        .collect();
    let terms: HashMap<(Lang, Taxonomy), BTreeMap<String, Vec<usize>>> = taxonomies
        .into_par_iter()
        .map(|(lang, taxonomy)| {
            let mut by_term: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            // Walking the sorted article list keeps each term's list newest first.
            for &i in &articles[lang] {
                for term in taxonomy.terms_named(&entries[i]).iter() {
                    match by_term.get_mut(term.as_str()) {
                        Some(list) => list.push(i),
                        None => {
                            by_term.insert(term.clone(), vec![i]);
                        }
                    }
                }
            }
            ((lang.clone(), taxonomy), by_term)
        })
        .collect();
    for list in partner_articles.values_mut() {
        list.sort_by(|&a, &b| newest_first(&entries[groups[a].source], &entries[groups[b].source]));
        list.dedup();
    }
    (articles, terms, partner_articles)
}

/// Content paths (`articles/x`, as links in Markdown name them) → their groups.
fn paths(entries: &[Entry]) -> HashMap<String, usize> {
    let mut paths: HashMap<String, usize> = HashMap::new();
    for entry in entries.iter().filter(|e| e.is_translation()) {
        let path = if entry.page.dir.is_empty() {
            entry.page.stem.clone()
        } else {
            format!("{}/{}", entry.page.dir, entry.page.stem)
        };
        paths.insert(path, entry.group);
    }
    paths
}

/// Terms are keyed by id; a language may give a term its own slug, which
/// must be a slug and unique among the taxonomy's terms in that language.
fn term_slugs(
    terms: &HashMap<(Lang, Taxonomy), BTreeMap<String, Vec<usize>>>,
    term_slug: TermSlugs,
    problems: &mut Vec<Diagnostic>,
) -> HashMap<(Lang, Taxonomy, String), String> {
    let mut term_slugs: HashMap<(Lang, Taxonomy, String), String> = HashMap::new();
    for ((lang, tax), by_term) in terms {
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
    term_slugs
}

/// The order of article lists: newest first, then by title.
pub(crate) fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.page
        .shared
        .date
        .cmp(&a.page.shared.date)
        .then_with(|| a.page.title.cmp(&b.page.title))
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
    debug_assert_eq!(SHARED_KEYS.len(), 13, "every shared key is merged below");
    let merged = Shared {
        date: pick(&own.date, &source.date, "date", &mut conflicts),
        partners: pick(&own.partners, &source.partners, "partners", &mut conflicts),
        topics: pick(&own.topics, &source.topics, "topics", &mut conflicts),
        countries: pick(&own.countries, &source.countries, "countries", &mut conflicts),
        image: pick(&own.image, &source.image, "image", &mut conflicts),
        image_credit: pick(&own.image_credit, &source.image_credit, "image_credit", &mut conflicts),
        logo: pick(&own.logo, &source.logo, "logo", &mut conflicts),
        monogram: pick(&own.monogram, &source.monogram, "monogram", &mut conflicts),
        source: pick(&own.source, &source.source, "source", &mut conflicts),
        website: pick(&own.website, &source.website, "website", &mut conflicts),
        featured: pick(&own.featured, &source.featured, "featured", &mut conflicts),
        updated: pick(&own.updated, &source.updated, "updated", &mut conflicts),
        kind: pick(&own.kind, &source.kind, "kind", &mut conflicts),
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
