//! Render stage: Tera setup and page contexts. Turns one output [`Job`] of a
//! linked [`Site`] into HTML. Pure: templates and strings are in memory, and
//! rendering one job never depends on another, so jobs render in parallel.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::config::{Lang, Language};
use crate::content::{Section, SourceRef};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{Arg, Collation, Date, Locales};
use crate::markdown;
use crate::site::{Entry, Site, Taxonomy};
use crate::theme::Theme;

/// One file of the output, to be rendered and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A page in one language (article, partner, standalone page).
    Entry(usize),
    /// A language's home page.
    Home(Lang),
    /// Page `n` (1-based) of a language's article listing.
    Articles(Lang, usize),
    /// A language's list of partners.
    Partners(Lang),
    /// Page `n` (from 2) of the articles listed on partner page `entry`.
    PartnerArticles(usize, usize),
    /// A language's list of the terms of a taxonomy.
    TaxonomyIndex(Lang, Taxonomy),
    /// Page `n` of the articles of one term.
    Term(Lang, Taxonomy, String, usize),
    /// The 404 page of a language, or the root one.
    NotFound(Option<Lang>),
    /// `/index.html`: the language chooser that works without JavaScript.
    Root,
    /// A language's Atom feed.
    Feed(Lang),
    /// A language's search page.
    Search(Lang),
    /// A language's search index.
    SearchIndex(Lang),
    /// `/sitemap.xml` (part 0), and `/sitemap-N.xml` when the site has more
    /// URLs than one sitemap may list.
    Sitemap(usize),
    /// `/robots.txt`.
    Robots,
}

/// Where a page lives and where its translations live. Every `hreflang`
/// duet writes — in pages and in the sitemap — comes from here, and lists
/// only pages that are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The page's language.
    pub lang: Lang,
    /// Its URL path (without the base path).
    pub url: String,
    /// The same page in every language it exists in, this one included, in
    /// site order; empty when it has no translations.
    pub alternates: Vec<(Lang, String)>,
    /// The page for readers whose language is not offered, when there is one.
    pub x_default: Option<String>,
    /// Where the language switcher leads, per other language that has this
    /// page: its URL, and whether it is a real translation (not a stand-in).
    pub switch: Vec<(Lang, String, bool)>,
    /// The URL search engines should index for this content (usually `url`).
    pub canonical: String,
    /// Whether search engines should index it.
    pub indexable: bool,
}

impl Placement {
    /// The path of its file relative to the output folder.
    pub fn output_path(&self) -> String {
        let rel = self.url.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }

    /// Whether the sitemap lists it: indexable, and its own canonical.
    pub fn in_sitemap(&self) -> bool {
        self.indexable && self.canonical == self.url
    }

    fn new(lang: &Lang, url: String, alternates: Vec<(Lang, String)>, site: &Site) -> Placement {
        let switch = alternates.iter().map(|(l, u)| (l.clone(), u.clone(), true)).collect();
        let alternates = if alternates.len() > 1 { alternates } else { Vec::new() };
        let x_default = alternates
            .iter()
            .find(|(l, _)| *l == site.config.default_lang)
            .map(|(_, u)| u.clone());
        Placement {
            lang: lang.clone(),
            canonical: url.clone(),
            url,
            alternates,
            x_default,
            switch,
            indexable: true,
        }
    }
}

/// The URL of page `n` of a listing whose first page is `first`.
pub fn page_url(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// Where `job` is written and which translations it has; `None` for the
/// files that are not pages (feeds, sitemap, robots.txt).
pub fn placement(site: &Site, job: &Job) -> Option<Placement> {
    let langs = || site.config.languages.iter().map(|l| l.lang.clone());
    let in_every_language = |url: &dyn Fn(&Lang) -> String| langs().map(|l| (l.clone(), url(&l))).collect::<Vec<_>>();
    Some(match job {
        Job::Entry(i) => {
            let entry = &site.entries[*i];
            let group = &site.groups[entry.group];
            let translations: Vec<(Lang, String)> = group
                .members
                .iter()
                .map(|(l, j)| (l.clone(), site.entries[*j].url.clone()))
                .collect();
            let stand_ins = group
                .fallbacks
                .iter()
                .map(|(l, j)| (l.clone(), site.entries[*j].url.clone(), false));
            match entry.fallback {
                // A real page: hreflang to its translations only.
                None => {
                    let mut p = Placement::new(&entry.lang, entry.url.clone(), translations, site);
                    p.switch.extend(stand_ins);
                    p
                }
                // A stand-in: no hreflang at all, canonical to its source.
                Some(stand_in) => {
                    let mut p = Placement::new(&entry.lang, entry.url.clone(), Vec::new(), site);
                    p.switch = translations
                        .into_iter()
                        .map(|(l, u)| (l, u, true))
                        .chain(stand_ins)
                        .collect();
                    p.canonical = site.entries[stand_in.source].url.clone();
                    p.indexable = stand_in.policy == crate::config::Fallback::Notice;
                    p
                }
            }
        }
        Job::Home(lang) => {
            let mut p = Placement::new(
                lang,
                format!("/{lang}/"),
                in_every_language(&|l| format!("/{l}/")),
                site,
            );
            // The language chooser at `/` is the page for everyone else.
            if !p.alternates.is_empty() {
                p.x_default = Some("/".into());
            }
            p
        }
        Job::Articles(lang, n) => {
            let first = |l: &Lang| format!("/{l}/articles/");
            let alternates = if *n == 1 { in_every_language(&first) } else { Vec::new() };
            Placement::new(lang, page_url(&first(lang), *n), alternates, site)
        }
        Job::Partners(lang) => Placement::new(
            lang,
            format!("/{lang}/partners/"),
            in_every_language(&|l| format!("/{l}/partners/")),
            site,
        ),
        Job::TaxonomyIndex(lang, tax) => {
            let url = |l: &Lang| format!("/{l}/{}/", tax.name());
            Placement::new(lang, url(lang), in_every_language(&url), site)
        }
        Job::Term(lang, tax, term, n) => {
            let first = |l: &Lang| site.term_url(l, *tax, term);
            let alternates = if *n == 1 {
                langs()
                    .filter(|l| site.terms[&(l.clone(), *tax)].contains_key(term))
                    .map(|l| (l.clone(), first(&l)))
                    .collect()
            } else {
                Vec::new()
            };
            Placement::new(lang, page_url(&first(lang), *n), alternates, site)
        }
        Job::NotFound(lang) => {
            let lang = lang.clone().unwrap_or_else(|| site.config.default_lang.clone());
            let url = if job == &Job::NotFound(None) {
                "/404.html".to_string()
            } else {
                format!("/{lang}/404.html")
            };
            let mut p = Placement::new(&lang, url, Vec::new(), site);
            p.indexable = false;
            p
        }
        // The chooser is the x-default of every home, so it names them all
        // and itself: hreflang annotations must be reciprocal.
        Job::Root => {
            let mut p = Placement::new(
                &site.config.default_lang,
                "/".into(),
                in_every_language(&|l| format!("/{l}/")),
                site,
            );
            p.switch.clear();
            if !p.alternates.is_empty() {
                p.x_default = Some("/".into());
            }
            p
        }
        Job::PartnerArticles(i, n) => {
            let entry = &site.entries[*i];
            let mut p = Placement::new(&entry.lang, page_url(&entry.url, *n), Vec::new(), site);
            p.indexable = entry.is_translation();
            p
        }
        Job::Search(lang) => Placement::new(
            lang,
            format!("/{lang}/search/"),
            in_every_language(&|l| format!("/{l}/search/")),
            site,
        ),
        Job::Feed(_) | Job::SearchIndex(_) | Job::Sitemap(_) | Job::Robots => return None,
    })
}

/// All jobs of a site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let pages = |n: usize| n.div_ceil(site.config.paginate).max(1);
    let mut jobs = vec![Job::Root, Job::NotFound(None), Job::Robots];
    for language in &site.config.languages {
        let lang = &language.lang;
        jobs.push(Job::Home(lang.clone()));
        jobs.push(Job::Partners(lang.clone()));
        jobs.push(Job::NotFound(Some(lang.clone())));
        jobs.push(Job::Feed(lang.clone()));
        jobs.push(Job::Search(lang.clone()));
        jobs.push(Job::SearchIndex(lang.clone()));
        jobs.extend((1..=pages(site.articles[lang].len())).map(|n| Job::Articles(lang.clone(), n)));
        for tax in Taxonomy::ALL {
            jobs.push(Job::TaxonomyIndex(lang.clone(), tax));
            for (term, items) in &site.terms[&(lang.clone(), tax)] {
                jobs.extend((1..=pages(items.len())).map(|n| Job::Term(lang.clone(), tax, term.clone(), n)));
            }
        }
    }
    jobs.extend(
        site.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.page.section != Section::Home)
            .map(|(i, _)| Job::Entry(i)),
    );
    for (i, entry) in site.entries.iter().enumerate() {
        if entry.page.section == Section::Partners && entry.is_listed() {
            jobs.extend((2..=pages(partner_articles(site, i).len())).map(|n| Job::PartnerArticles(i, n)));
        }
    }
    let urls = jobs
        .iter()
        .filter(|job| placement(site, job).is_some_and(|p| p.in_sitemap()))
        .count();
    jobs.extend((0..=sitemap_parts(urls)).map(Job::Sitemap));
    jobs
}

/// How many URLs one sitemap file lists at most (the protocol allows 50,000).
pub const SITEMAP_LIMIT: usize = 40_000;

/// How many `sitemap-N.xml` parts `urls` URLs need: 0 when `sitemap.xml` holds them all.
pub fn sitemap_parts(urls: usize) -> usize {
    if urls <= SITEMAP_LIMIT {
        0
    } else {
        urls.div_ceil(SITEMAP_LIMIT)
    }
}

/// Templates compiled once, the UI strings and collators, shared by every render.
pub struct Renderer {
    tera: Tera,
    locales: Arc<Locales>,
    collation: Collation,
    languages: Vec<(Lang, String)>,
    template_paths: HashMap<String, PathBuf>,
}

/// The `t(key=…, lang=…, …)` template function: a Fluent message in the
/// page's language (or `lang`), with every other argument passed to Fluent.
struct Translate(Arc<Locales>);

impl tera::Function<TeraResult<String>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<String> {
        let key: String = kwargs.must_get("key")?;
        let lang: String = match kwargs.get::<String>("lang")? {
            Some(lang) => lang,
            None => state
                .get::<String>("lang")?
                .ok_or_else(|| tera::Error::message("`t` needs a `lang` argument or a `lang` variable"))?,
        };
        let lang = Lang::parse(&lang).map_err(tera::Error::message)?;
        let mut args = Vec::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str() else { continue };
            if name == "key" || name == "lang" {
                continue;
            }
            let arg = match value.as_f64().or_else(|| value.as_i64().map(|n| n as f64)) {
                Some(n) => Arg::Number(n),
                None => Arg::Text(value.as_str().map_or_else(|| value.to_string(), str::to_string)),
            };
            args.push((name, arg));
        }
        self.0.format(&lang, &key, &args).map_err(tera::Error::message)
    }
}

/// The template, output path and context of one page.
type Prepared = (&'static str, Placement, Context);

impl Renderer {
    /// Compiles the theme's templates and registers duet's functions.
    pub fn new(theme: &Theme, locales: Arc<Locales>, languages: &[Language]) -> Result<Renderer, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_function("t", Translate(locales.clone()));
        crate::i18n::age::register(&mut tera, crate::i18n::age::build_date());
        let template_paths: HashMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.path.clone()))
            .collect();
        let sources = theme.templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(err) = tera.add_raw_templates(sources) {
            return Err(template_error(&err, &template_paths, "").into());
        }
        Ok(Renderer {
            tera,
            locales,
            collation: Collation::new(languages.iter().map(|l| &l.lang)),
            languages: languages.iter().map(|l| (l.lang.clone(), l.name.clone())).collect(),
            template_paths,
        })
    }

    /// The UI strings.
    pub fn locales(&self) -> &Locales {
        &self.locales
    }

    /// Renders one page job: its output path (relative, `/`-separated) and HTML.
    pub fn render(&self, site: &Site, job: &Job) -> Result<(String, String), Diagnostic> {
        let placement =
            placement(site, job).ok_or_else(|| Diagnostic::new("(duet)", format!("{job:?} is not a page")))?;
        let (template, placement, context) = match job {
            Job::Entry(i) => self.entry(site, *i, placement)?,
            Job::Home(lang) => self.home(site, lang, placement)?,
            Job::Articles(lang, n) => {
                let title = self.string(lang, "articles-title")?;
                let listing = Listing {
                    first: format!("/{lang}/articles/"),
                    items: &site.articles[lang],
                    n: *n,
                    title,
                    nav: "articles",
                };
                let mut p = self.listing(site, lang, placement, listing)?;
                p.2.insert("listing", "articles");
                p
            }
            Job::Partners(lang) => self.partners(site, lang, placement)?,
            Job::TaxonomyIndex(lang, tax) => self.taxonomy_index(site, lang, *tax, placement)?,
            Job::Term(lang, tax, term, n) => {
                let items = &site.terms[&(lang.clone(), *tax)][term];
                let title = self.term_label(lang, *tax, term)?;
                let listing = Listing {
                    first: site.term_url(lang, *tax, term),
                    items,
                    n: *n,
                    title,
                    nav: tax.name(),
                };
                let mut p = self.listing(site, lang, placement, listing)?;
                p.2.insert("listing", tax.name());
                p
            }
            Job::NotFound(_) => {
                let mut common = self.common(site, &placement)?;
                common.title = self.string(&placement.lang, "not-found-title")?;
                common.description = common.title.clone();
                ("404.html", placement, to_context(&common)?)
            }
            Job::Root => {
                let mut common = self.common(site, &placement)?;
                common.description = self.string(&placement.lang, "site-tagline")?;
                // The chooser's own links lead to every language's home.
                for item in &mut common.languages {
                    item.available = true;
                }
                ("root.html", placement, to_context(&common)?)
            }
            Job::PartnerArticles(i, n) => {
                let entry = &site.entries[*i];
                let items = partner_articles(site, *i);
                let listing = Listing {
                    first: entry.url.clone(),
                    items: &items,
                    n: *n,
                    title: entry.page.title.clone(),
                    nav: "partners",
                };
                self.listing(site, &entry.lang, placement, listing)?
            }
            Job::Search(lang) => {
                let mut common = self.common(site, &placement)?;
                common.title = self.string(lang, "search-title")?;
                common.description = common.title.clone();
                common.nav_current = "search".into();
                let mut context = to_context(&common)?;
                context.insert("index_url", &href(site, &format!("/{lang}/search-index.json")));
                ("search.html", placement, context)
            }
            Job::Feed(_) | Job::SearchIndex(_) | Job::Sitemap(_) | Job::Robots => {
                unreachable!("placement() is None for non-pages")
            }
        };
        let page_file = match job {
            Job::Entry(i) => site.entries[*i].page.file.display().to_string(),
            _ => String::new(),
        };
        let html = self
            .tera
            .render(template, &context)
            // A Fluent message using a variable the template did not pass is reported at its `.ftl` line.
            .map_err(|e| {
                self.locales
                    .place_failure(template_error(&e, &self.template_paths, &page_file))
            })?;
        Ok((placement.output_path(), html))
    }

    /// A UI string, as a diagnostic on the language's strings if missing.
    pub fn string(&self, lang: &Lang, key: &str) -> Result<String, Diagnostic> {
        self.locales
            .format(lang, key, &[])
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))
    }

    /// The label of a taxonomy term in `lang`.
    pub fn term_label(&self, lang: &Lang, tax: Taxonomy, term: &str) -> Result<String, Diagnostic> {
        match tax.label_key(term) {
            Some(key) => self.string(lang, &key),
            None => Ok(term.to_string()),
        }
    }

    fn date(&self, lang: &Lang, date: Option<Date>) -> Result<Option<DateView>, Diagnostic> {
        date.map(|d| {
            let display = self
                .locales
                .format_date(lang, d)
                .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?;
            Ok(DateView {
                iso: d.to_string(),
                display,
            })
        })
        .transpose()
    }

    /// A card for `entry` on a listing in `lang`: text in its own language
    /// (marked when it is not `lang`, as for stand-ins), the date in `lang`.
    fn card(&self, site: &Site, lang: &Lang, entry: &Entry) -> Result<Card, Diagnostic> {
        Ok(Card {
            title: entry.page.title.clone(),
            url: href(site, &entry.url),
            summary: entry.page.summary.clone(),
            date: self.date(lang, entry.page.shared.date)?,
            lang: other_lang(&entry.page.lang, lang),
        })
    }

    /// What every template sees: language, navigation, switcher, alternates.
    fn common(&self, site: &Site, placement: &Placement) -> Result<Common, Diagnostic> {
        let lang = &placement.lang;
        let language = site
            .config
            .language(lang.as_str())
            .expect("placements use the site's languages");
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| {
                let own = placement.switch.iter().find(|(al, _, _)| al == &l.lang);
                SwitchItem {
                    code: l.lang.to_string(),
                    name: l.name.clone(),
                    current: &l.lang == lang,
                    available: own.is_some_and(|(_, _, real)| *real),
                    stand_in: own.is_some_and(|(_, _, real)| !*real),
                    url: href(
                        site,
                        &own.map_or_else(|| format!("/{}/", l.lang), |(_, u, _)| u.clone()),
                    ),
                }
            })
            .collect();
        let alternates = placement
            .alternates
            .iter()
            .map(|(l, u)| Alternate {
                lang: l.to_string(),
                href: absolute(site, u),
            })
            .collect();
        let nav_pages = site
            .section(lang, Section::Pages)
            .map(|i| NavLink {
                title: site.entries[i].page.title.clone(),
                url: href(site, &site.entries[i].url),
                lang: other_lang(&site.entries[i].page.lang, lang),
            })
            .collect();
        let taxonomies = Taxonomy::ALL
            .iter()
            .map(|t| {
                Ok(NavLink {
                    title: self.string(lang, &format!("taxonomy-{}", t.name()))?,
                    url: href(site, &format!("/{lang}/{}/", t.name())),
                    lang: None,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(Common {
            lang: lang.to_string(),
            dir: if language.rtl { "rtl" } else { "ltr" },
            og_locale: language.locale.clone(),
            og_locale_alternates: placement
                .alternates
                .iter()
                .filter(|(l, _)| l != lang)
                .filter_map(|(l, _)| site.config.language(l.as_str()).map(|x| x.locale.clone()))
                .collect(),
            base_path: base_path(&site.config.base_url).to_string(),
            home_url: href(site, &format!("/{lang}/")),
            articles_url: href(site, &format!("/{lang}/articles/")),
            partners_url: href(site, &format!("/{lang}/partners/")),
            feed_url: href(site, &format!("/{lang}/atom.xml")),
            search_url: href(site, &format!("/{lang}/search/")),
            nav_pages,
            taxonomies,
            nav_current: String::new(),
            languages,
            alternates,
            x_default: placement.x_default.as_ref().map(|u| absolute(site, u)),
            canonical: absolute(site, &placement.canonical),
            indexable: placement.indexable,
            title: String::new(),
            description: String::new(),
            site_title: self.string(lang, "site-title")?,
        })
    }

    fn entry(&self, site: &Site, i: usize, placement: Placement) -> Result<Prepared, Diagnostic> {
        let entry = &site.entries[i];
        let page = &entry.page;
        // The UI speaks the entry's language; the content may be a stand-in's source language.
        let lang = &entry.lang;
        if let Some(stand_in) = entry.fallback
            && stand_in.policy == crate::config::Fallback::Redirect
        {
            return self.redirect(site, i, stand_in.source, placement);
        }
        let mut common = self.common(site, &placement)?;
        common.title = page.title.clone();
        common.description = page.summary.clone().unwrap_or_else(|| page.title.clone());
        common.nav_current = match page.section {
            Section::Articles => "articles".into(),
            Section::Partners => "partners".into(),
            _ => href(site, &entry.url),
        };
        let rendered = body_html(site, i, &|url| href(site, url));
        let partners: Vec<NavLink> = page
            .shared
            .partners
            .iter()
            .flatten()
            .filter_map(|id| site.partners.get(id).map(|&g| partner_in(site, g, lang)))
            .map(|p| NavLink {
                title: p.page.title.clone(),
                url: href(site, &p.url),
                lang: other_lang(&p.page.lang, lang),
            })
            .collect();
        let mut terms = Vec::new();
        if page.section == Section::Articles {
            for tax in Taxonomy::ALL {
                let links = tax
                    .terms_of(entry)
                    .iter()
                    .map(|term| {
                        Ok(NavLink {
                            title: self.term_label(lang, tax, term)?,
                            url: href(site, &site.term_url(lang, tax, term)),
                            lang: None,
                        })
                    })
                    .collect::<Result<Vec<_>, Diagnostic>>()?;
                if !links.is_empty() {
                    terms.push(TermGroup {
                        taxonomy: tax.name(),
                        title: self.string(lang, &format!("taxonomy-{}", tax.name()))?,
                        terms: links,
                    });
                }
            }
        }
        let json_ld = match page.section {
            Section::Articles if entry.is_translation() => {
                Some(self.news_article(site, i, &placement, &common.site_title, &partners))
            }
            _ => None,
        };
        let view = PageView {
            title: page.title.clone(),
            summary: page.summary.clone(),
            url: href(site, &entry.url),
            lang: lang.to_string(),
            content_lang: page.lang.to_string(),
            content_language: self.language_name(&page.lang),
            is_fallback: !entry.is_translation(),
            date: self.date(lang, page.shared.date)?,
            content: rendered.html,
            headings: rendered.headings,
            partners,
            terms,
            source: page.shared.source.clone(),
            website: page.website.clone(),
            image: page.shared.image.as_ref().map(|i| {
                if i.starts_with('/') {
                    absolute(site, i)
                } else {
                    i.clone()
                }
            }),
        };
        let mut context = to_context(&common)?;
        context.insert("page", &view);
        context.insert("json_ld", &json_ld);
        let template = match page.section {
            Section::Articles => "article.html",
            Section::Partners => {
                // The latest articles; the rest on paginated pages after it.
                let all = partner_articles(site, i);
                let per_page = site.config.paginate;
                let articles: Vec<Card> = all
                    .iter()
                    .take(per_page)
                    .map(|&j| self.card(site, lang, &site.entries[j]))
                    .collect::<Result<_, _>>()?;
                let total = all.len().div_ceil(per_page).max(1);
                let pager = Pager {
                    current: 1,
                    total,
                    prev: None,
                    next: (total > 1).then(|| href(site, &page_url(&entry.url, 2))),
                };
                context.insert("articles", &articles);
                context.insert("article_count", &all.len());
                context.insert("pager", &pager);
                "partner.html"
            }
            Section::Home | Section::Pages => "page.html",
        };
        Ok((template, placement, context))
    }

    /// schema.org `NewsArticle` data as JSON, safe to put inside `<script>`.
    fn news_article(
        &self,
        site: &Site,
        i: usize,
        placement: &Placement,
        site_title: &str,
        partners: &[NavLink],
    ) -> String {
        let entry = &site.entries[i];
        let page = &entry.page;
        let group = &site.groups[entry.group];
        let url = absolute(site, &entry.url);
        let mut data = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            "headline": page.title,
            "inLanguage": page.lang.as_str(),
            "publisher": { "@type": "Organization", "name": site_title, "url": absolute(site, &format!("/{}/", page.lang)) },
            "mentions": partners.iter().map(|p| serde_json::json!({ "@type": "Organization", "name": p.title })).collect::<Vec<_>>(),
        });
        let object = data.as_object_mut().expect("built as an object");
        if let Some(summary) = &page.summary {
            object.insert("description".into(), summary.clone().into());
        }
        if let Some(date) = page.shared.date {
            object.insert("datePublished".into(), date.to_string().into());
        }
        let source_url = absolute(site, &site.entries[group.source].url);
        let others: Vec<serde_json::Value> = placement
            .alternates
            .iter()
            .filter(|(l, _)| *l != page.lang)
            .map(|(l, u)| serde_json::json!({ "@type": "NewsArticle", "@id": absolute(site, u), "inLanguage": l.as_str() }))
            .collect();
        if group.members.len() > 1 {
            if group.source == i {
                object.insert("workTranslation".into(), others.into());
            } else {
                object.insert(
                    "translationOfWork".into(),
                    serde_json::json!({ "@type": "NewsArticle", "@id": source_url }),
                );
            }
        }
        script_safe_json(&data)
    }

    /// The name of a language in itself, as `site.yaml` gives it.
    fn language_name(&self, lang: &Lang) -> String {
        self.languages
            .iter()
            .find(|(l, _)| l == lang)
            .map_or_else(|| lang.to_string(), |(_, n)| n.clone())
    }

    /// A page that sends readers and search engines to `target`.
    fn redirect(&self, site: &Site, i: usize, target: usize, placement: Placement) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, &placement)?;
        common.title = site.entries[i].page.title.clone();
        common.description = common.title.clone();
        let mut context = to_context(&common)?;
        context.insert("target", &href(site, &site.entries[target].url));
        context.insert("target_language", &self.language_name(&site.entries[target].page.lang));
        Ok(("redirect.html", placement, context))
    }

    fn home(&self, site: &Site, lang: &Lang, placement: Placement) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, &placement)?;
        common.nav_current = "home".into();
        let home_index = site.home(lang);
        let home = home_index.map(|i| &site.entries[i]);
        common.title = home.map_or_else(|| common.site_title.clone(), |h| h.page.title.clone());
        common.description = home
            .and_then(|h| h.page.summary.clone())
            .unwrap_or_else(|| common.site_title.clone());
        let all = &site.articles[lang];
        let latest: Vec<Card> = all
            .iter()
            .take(site.config.paginate)
            .map(|&i| self.card(site, lang, &site.entries[i]))
            .collect::<Result<_, _>>()?;
        let page = home_index.map(|h| HomeView {
            summary: site.entries[h].page.summary.clone(),
            content: body_html(site, h, &|url| href(site, url)).html,
        });
        let mut context = to_context(&common)?;
        context.insert("page", &page);
        context.insert("articles", &latest);
        context.insert("article_count", &all.len());
        context.insert("partners", &self.partner_links(site, lang));
        Ok(("home.html", placement, context))
    }

    fn partner_links(&self, site: &Site, lang: &Lang) -> Vec<PartnerLink> {
        let mut links: Vec<PartnerLink> = site
            .partners
            .values()
            .map(|&g| {
                let p = partner_in(site, g, lang);
                PartnerLink {
                    title: p.page.title.clone(),
                    url: href(site, &p.url),
                    summary: p.page.summary.clone(),
                    lang: other_lang(&p.page.lang, lang),
                }
            })
            .collect();
        links.sort_by(|a, b| self.collation.compare(lang, &a.title, &b.title));
        links
    }

    fn partners(&self, site: &Site, lang: &Lang, placement: Placement) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, &placement)?;
        common.nav_current = "partners".into();
        common.title = self.string(lang, "partners-title")?;
        common.description = common.title.clone();
        let mut context = to_context(&common)?;
        context.insert("partners", &self.partner_links(site, lang));
        Ok(("partners.html", placement, context))
    }

    /// A page of a paginated list of articles, in `lang`.
    fn listing(
        &self,
        site: &Site,
        lang: &Lang,
        placement: Placement,
        listing: Listing<'_>,
    ) -> Result<Prepared, Diagnostic> {
        let Listing {
            first,
            items,
            n,
            title,
            nav,
        } = listing;
        let per_page = site.config.paginate;
        let total = items.len().div_ceil(per_page).max(1);
        let mut common = self.common(site, &placement)?;
        common.nav_current = nav.into();
        common.description = title.clone();
        common.title = if n > 1 {
            let position = self.locales.format(
                &placement.lang,
                "pager-position",
                &[("current", Arg::Number(n as f64)), ("total", Arg::Number(total as f64))],
            );
            format!(
                "{title} · {}",
                position.map_err(|m| Diagnostic::new(format!("locales/{}", placement.lang), m))?
            )
        } else {
            title.clone()
        };
        let cards: Vec<Card> = items
            .iter()
            .skip((n - 1) * per_page)
            .take(per_page)
            .map(|&i| self.card(site, lang, &site.entries[i]))
            .collect::<Result<_, _>>()?;
        let pager = Pager {
            current: n,
            total,
            prev: (n > 1).then(|| href(site, &page_url(&first, n - 1))),
            next: (n < total).then(|| href(site, &page_url(&first, n + 1))),
        };
        let mut context = to_context(&common)?;
        context.insert("heading", &title);
        context.insert("articles", &cards);
        context.insert("article_count", &items.len());
        context.insert("pager", &pager);
        Ok(("list.html", placement, context))
    }

    fn taxonomy_index(
        &self,
        site: &Site,
        lang: &Lang,
        tax: Taxonomy,
        placement: Placement,
    ) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, &placement)?;
        common.nav_current = tax.name().into();
        common.title = self.string(lang, &format!("taxonomy-{}", tax.name()))?;
        common.description = common.title.clone();
        let mut terms: Vec<TermCount> = site.terms[&(lang.clone(), tax)]
            .iter()
            .map(|(term, items)| {
                Ok(TermCount {
                    title: self.term_label(lang, tax, term)?,
                    url: href(site, &site.term_url(lang, tax, term)),
                    count: items.len(),
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        match tax {
            // Years read newest first; names in the language's alphabetical order.
            Taxonomy::Years => terms.reverse(),
            _ => terms.sort_by(|a, b| self.collation.compare(lang, &a.title, &b.title)),
        }
        let mut context = to_context(&common)?;
        context.insert("terms", &terms);
        Ok(("taxonomy.html", placement, context))
    }
}

/// The articles listed on partner page `i`, in its language, newest first.
pub fn partner_articles(site: &Site, i: usize) -> Vec<usize> {
    let entry = &site.entries[i];
    site.partner_articles
        .get(&entry.page.stem)
        .into_iter()
        .flatten()
        .filter_map(|&g| published_in(site, g, &entry.lang))
        .collect()
}

/// The partner of group `g` in `lang` (its translation or stand-in), else in its source language.
fn partner_in<'s>(site: &'s Site, g: usize, lang: &Lang) -> &'s Entry {
    &site.entries[published_in(site, g, lang).unwrap_or(site.groups[g].source)]
}

/// The entry readers of `lang` browse to for group `g`: its translation, or a notice stand-in.
fn published_in(site: &Site, g: usize, lang: &Lang) -> Option<usize> {
    let group = &site.groups[g];
    group
        .get(lang)
        .or_else(|| group.fallback(lang).filter(|&i| site.entries[i].is_listed()))
}

/// The body of entry `i` as HTML, links to content files turned into
/// their pages' URLs by `link` (relative to the host, or absolute for feeds).
pub fn body_html(site: &Site, i: usize, link: &dyn Fn(&str) -> String) -> markdown::Rendered {
    markdown::render_with(
        site.entries[i].page.body(),
        &site.markdown,
        &|dest| match site.resolve_link(i, dest) {
            markdown::Resolved::Rewrite(url) => markdown::Resolved::Rewrite(link(&url)),
            other => other,
        },
    )
}

/// A site URL as a link: with the base URL's path in front.
pub fn href(site: &Site, url: &str) -> String {
    format!("{}{url}", base_path(&site.config.base_url))
}

/// A site URL made absolute with the base URL.
pub fn absolute(site: &Site, url: &str) -> String {
    format!("{}{url}", site.config.base_url)
}

/// `text_lang` when it differs from the page's `lang`, for a `lang` attribute.
fn other_lang(text_lang: &Lang, lang: &Lang) -> Option<String> {
    (text_lang != lang).then(|| text_lang.to_string())
}

/// The path part of the base URL, without a trailing slash (`""` at a domain's root).
fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or("", |i| &after_scheme[i..])
}

/// JSON that cannot end a `<script>` element or open a comment in one.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn to_context(common: &Common) -> Result<Context, Diagnostic> {
    Context::from_serialize(common)
        .map_err(|e| Diagnostic::new("(duet)", format!("internal error building a template context: {e}")))
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn template_error(err: &tera::Error, paths: &HashMap<String, PathBuf>, page_file: &str) -> Diagnostic {
    use std::error::Error as _;
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = match report {
        Some(r) => r.message().to_string(),
        None => err.to_string(),
    };
    let mut source = err.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    let d = match report {
        Some(r) => {
            let path = paths
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            Diagnostic::at(path, span.start_line.max(1), span.start_col + 1, message)
        }
        None => Diagnostic::new("templates", message),
    };
    if page_file.is_empty() {
        d
    } else {
        d.with_hint(format!("seen while rendering {page_file}"))
    }
}

#[derive(Serialize)]
struct Common {
    lang: String,
    dir: &'static str,
    og_locale: String,
    og_locale_alternates: Vec<String>,
    base_path: String,
    home_url: String,
    articles_url: String,
    partners_url: String,
    feed_url: String,
    search_url: String,
    nav_pages: Vec<NavLink>,
    taxonomies: Vec<NavLink>,
    nav_current: String,
    languages: Vec<SwitchItem>,
    alternates: Vec<Alternate>,
    x_default: Option<String>,
    canonical: String,
    indexable: bool,
    title: String,
    description: String,
    site_title: String,
}

#[derive(Serialize)]
struct SwitchItem {
    code: String,
    name: String,
    url: String,
    current: bool,
    /// A real translation.
    available: bool,
    /// A fallback page standing in for the missing translation.
    stand_in: bool,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    href: String,
}

#[derive(Serialize)]
struct NavLink {
    title: String,
    url: String,
    /// The language of `title` when it is not the page's.
    lang: Option<String>,
}

#[derive(Serialize)]
struct TermGroup {
    taxonomy: &'static str,
    title: String,
    terms: Vec<NavLink>,
}

#[derive(Serialize)]
struct TermCount {
    title: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PartnerLink {
    title: String,
    url: String,
    summary: Option<String>,
    /// The language of the text when it is not the page's.
    lang: Option<String>,
}

#[derive(Serialize)]
struct DateView {
    iso: String,
    display: String,
}

#[derive(Serialize)]
struct Card {
    title: String,
    url: String,
    summary: Option<String>,
    date: Option<DateView>,
    /// The language of the title and summary when it is not the page's.
    lang: Option<String>,
}

/// One paginated listing: where its first page is (later pages are
/// `page/N/` under it), what it lists, and which page of it to render.
struct Listing<'a> {
    first: String,
    items: &'a [usize],
    n: usize,
    title: String,
    nav: &'a str,
}

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Serialize)]
struct HomeView {
    summary: Option<String>,
    content: String,
}

#[derive(Serialize)]
struct PageView {
    title: String,
    summary: Option<String>,
    url: String,
    lang: String,
    content_lang: String,
    content_language: String,
    is_fallback: bool,
    date: Option<DateView>,
    content: String,
    headings: Vec<markdown::Heading>,
    partners: Vec<NavLink>,
    terms: Vec<TermGroup>,
    source: Option<SourceRef>,
    website: Option<String>,
    image: Option<String>,
}

/// Content pages whose URL is one duet generates (`content/articles.vi.md`
/// at `/vi/articles/`, a page at a term's URL): each is an error naming
/// the file and the generated page, since only one of them can be written.
pub fn url_collisions(site: &Site) -> Vec<Diagnostic> {
    let jobs = jobs(site);
    let generated: HashMap<String, &Job> = jobs
        .iter()
        .filter(|job| !matches!(job, Job::Entry(_)))
        .filter_map(|job| placement(site, job).map(|p| (p.url, job)))
        .collect();
    let mut found = Vec::new();
    for job in &jobs {
        let Job::Entry(i) = job else { continue };
        let entry = &site.entries[*i];
        if !entry.is_translation() {
            continue;
        }
        let Some(other) = generated.get(&entry.url) else {
            continue;
        };
        let message = format!(
            "this page's URL {} is also {}, which duet generates",
            entry.url,
            generated_name(other)
        );
        let diagnostic = if entry.page.line_of_key("slug").is_some() {
            entry.page.error_at_key("slug", message)
        } else {
            Diagnostic::new(&entry.page.file, message)
        };
        found.push(diagnostic.with_hint("rename the file or give it another `slug`"));
    }
    found
}

/// What a generated page is, for messages.
fn generated_name(job: &Job) -> String {
    match job {
        Job::Home(lang) => format!("the `{lang}` home page"),
        Job::Articles(lang, n) => format!("page {n} of the `{lang}` article listing"),
        Job::Partners(lang) => format!("the `{lang}` list of partners"),
        Job::PartnerArticles(_, n) => format!("page {n} of a partner's articles"),
        Job::TaxonomyIndex(lang, tax) => format!("the `{lang}` list of {}", tax.name()),
        Job::Term(lang, tax, term, n) => format!("page {n} of the `{lang}` {} page `{term}`", tax.name()),
        Job::NotFound(_) => "a 404 page".to_string(),
        Job::Root => "the language chooser".to_string(),
        Job::Search(lang) => format!("the `{lang}` search page"),
        Job::Entry(_) | Job::Feed(_) | Job::SearchIndex(_) | Job::Sitemap(_) | Job::Robots => {
            "another output".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://example.org"), "");
        assert_eq!(base_path("https://example.org/portal"), "/portal");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let v = serde_json::json!({ "headline": "</script><img src=x onerror=alert(1)> & <!--" });
        let s = script_safe_json(&v);
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn sitemaps_split_past_the_limit() {
        assert_eq!(sitemap_parts(0), 0);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT), 0);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT + 1), 2);
        assert_eq!(sitemap_parts(3 * SITEMAP_LIMIT), 3);
    }

    #[test]
    fn page_urls() {
        assert_eq!(page_url("/vi/articles/", 1), "/vi/articles/");
        assert_eq!(page_url("/vi/articles/", 3), "/vi/articles/page/3/");
    }
}
