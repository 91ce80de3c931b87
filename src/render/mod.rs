//! Render stage: turns one page [`Job`] of a linked [`Site`] into HTML
//! through Tera and Fluent. Pure: templates and strings are in memory, and
//! rendering one job never depends on another, so jobs render in parallel.
//! `tera` sets up the templates, `views` builds each page's context,
//! `json_ld` its schema.org data.

mod cards;
mod identity;
mod json_ld;
mod media;
mod memo;
mod partners;
mod summary;
mod tera_setup;
mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Tera};

use crate::cards::Fonts;
use crate::config::{Lang, Language};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{Collation, Date, Locales};
pub use crate::plan::Job;
use crate::plan::{Placement, href, placement};
use crate::site::{Site, Taxonomy};
use crate::theme::Theme;

pub use memo::Memo;
use tera_setup::{Asset, Translate, template_error};
use views::{DateView, Listing, to_context};

/// Templates compiled once, the UI strings and collators, shared by every render.
pub struct Renderer {
    tera: Tera,
    locales: Arc<Locales>,
    collation: Collation,
    languages: Vec<(Lang, String)>,
    template_paths: HashMap<String, PathBuf>,
    assets: Vec<String>,
    fonts: Arc<Fonts>,
    timezone: crate::config::TimeZone,
    build_date: crate::i18n::Date,
}

/// The first allocation for a page's HTML: the pages of the 10,000-pair
/// benchmark corpus are 17–23 KB (10th to 90th percentile), 27 KB at most.
const PAGE_BYTES: usize = 24 * 1024;

/// The template, output path and context of one page.
type Prepared = (&'static str, Placement, Context);

impl Renderer {
    /// Compiles the theme's templates and registers duet's functions;
    /// social cards are drawn with `fonts`.
    pub fn new(
        theme: &Theme,
        locales: Arc<Locales>,
        config: &crate::config::SiteConfig,
        fonts: Arc<Fonts>,
    ) -> Result<Renderer, Diagnostics> {
        let languages: &[Language] = &config.languages;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_function("t", Translate(locales.clone()));
        tera.register_function("asset", Asset(Arc::new(theme.assets.clone())));
        // One date for the whole build, even one that runs past midnight.
        let build_date = crate::i18n::age::build_date();
        crate::i18n::age::register(&mut tera, build_date);
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
            assets: theme.assets.values().cloned().collect(),
            fonts,
            timezone: config.timezone,
            build_date,
        })
    }

    /// The date pages are built on: their age notes and copyright year follow it.
    pub fn build_date(&self) -> crate::i18n::Date {
        self.build_date
    }

    /// Published paths of the fingerprinted assets.
    pub fn assets(&self) -> &[String] {
        &self.assets
    }

    /// The UI strings.
    pub fn locales(&self) -> &Locales {
        &self.locales
    }

    /// The fonts of social cards.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Renders one page job: its output path (relative, `/`-separated) and
    /// HTML. Counted done in `memo`, whether or not it renders.
    pub fn render(&self, site: &Site, memo: &Memo, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let page = self.render_page(site, memo, job);
        if let Some(lang) = job.page_lang(site) {
            memo.rendered(lang);
        }
        page
    }

    /// [`Renderer::render`], before the page is counted.
    fn render_page(&self, site: &Site, memo: &Memo, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let placement =
            placement(site, job).ok_or_else(|| Diagnostic::new("(duet)", format!("{job:?} is not a page")))?;
        let (template, placement, context) = match job {
            Job::Entry(i) => self.entry(site, memo, *i, placement)?,
            Job::Home(lang) => self.home(site, memo, lang, placement)?,
            Job::Articles(lang, n) => {
                let title = self.string(lang, "articles-title")?;
                let listing = Listing {
                    first: format!("/{lang}/articles/"),
                    items: &site.articles[lang],
                    n: *n,
                    title,
                    nav: "articles",
                };
                let mut p = self.listing(site, memo, lang, placement, listing)?;
                p.2.insert("listing", "articles");
                p
            }
            Job::Partners(lang) => self.partners(site, memo, lang, placement)?,
            Job::TaxonomyIndex(lang, tax) => self.taxonomy_index(site, memo, lang, *tax, placement)?,
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
                let mut p = self.listing(site, memo, lang, placement, listing)?;
                p.2.insert("listing", tax.name());
                p
            }
            Job::NotFound(_) => {
                let mut common = self.common(site, memo, &placement)?;
                common.title = self.string(&placement.lang, "not-found-title")?;
                common.description = common.title.clone();
                ("404.html", placement, to_context(&common)?)
            }
            Job::Root => {
                let mut common = self.common(site, memo, &placement)?;
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
                    items,
                    n: *n,
                    title: entry.page.title.clone(),
                    nav: "partners",
                };
                self.listing(site, memo, &entry.lang, placement, listing)?
            }
            Job::Search(lang) => {
                let mut common = self.common(site, memo, &placement)?;
                common.title = self.string(lang, "search-title")?;
                common.description = common.title.clone();
                common.nav_current = "search".into();
                let mut context = to_context(&common)?;
                context.insert("index_url", &href(site, &format!("/{lang}/search-index/")));
                ("search.html", placement, context)
            }
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
            | Job::Card(_) => {
                unreachable!("placement() is None for non-pages")
            }
        };
        // Named only in an error.
        let page_file = || match job {
            Job::Entry(i) => site.entries[*i].page.file.display().to_string(),
            _ => String::new(),
        };
        // Rendered as bytes: a page goes to a file, and the templates write
        // only text, so checking that it is UTF-8 again (a few percent of a
        // build) would find nothing. Most pages fit the first allocation.
        let mut html = Vec::with_capacity(PAGE_BYTES);
        self.tera
            .render_to(template, &context, &mut html)
            // A Fluent message using a variable the template did not pass is reported at its `.ftl` line.
            .map_err(|e| {
                self.locales
                    .place_failure(template_error(&e, &self.template_paths, &page_file()))
            })?;
        Ok((placement.output_path(), html))
    }

    /// Whether the theme (or the site's own templates) has template `name`.
    fn has_template(&self, name: &str) -> bool {
        self.template_paths.contains_key(name)
    }

    /// Renders template `name`, a part of pages, with `context`; an error
    /// names the template's line and the content `file` it was shown for.
    fn render_partial(&self, name: &str, context: &Context, file: &std::path::Path) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            self.locales
                .place_failure(template_error(&e, &self.template_paths, &file.display().to_string()))
        })
    }

    /// A UI string, as a diagnostic on the language's strings if missing.
    pub fn string(&self, lang: &Lang, key: &str) -> Result<String, Diagnostic> {
        self.locales.text(lang, key)
    }

    /// The label of a taxonomy term in `lang`.
    pub fn term_label(&self, lang: &Lang, tax: Taxonomy, term: &str) -> Result<String, Diagnostic> {
        tax.label(&self.locales, lang, term)
    }

    fn date(&self, lang: &Lang, date: Option<Date>) -> Result<Option<DateView>, Diagnostic> {
        date.map(|d| {
            let display = self
                .locales
                .format_date(lang, d)
                .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?;
            Ok(DateView {
                iso: d.to_string(),
                zoned: d.with_zone(self.timezone),
                display,
            })
        })
        .transpose()
    }
}

// The dev server still names these through `render`; they live in the plan.
pub use crate::plan::{jobs, partner_articles};
