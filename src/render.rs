//! Render stage: Tera setup and page contexts. Turns one output [`Job`] of a
//! linked [`Site`] into HTML. Pure: templates and strings are in memory, and
//! rendering one job never depends on another, so jobs render in parallel.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::config::Lang;
use crate::content::{Section, SourceRef};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{Arg, Date, Locales};
use crate::markdown;
use crate::site::{Entry, Site};
use crate::theme::Theme;

/// One file of the output, to be rendered and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A page in one language (article, partner, standalone page).
    Entry(usize),
    /// A language's home page.
    Home(Lang),
    /// Page `page` (1-based) of a language's article listing.
    Articles(Lang, usize),
    /// A language's list of partners.
    Partners(Lang),
    /// `/index.html`: the language chooser that works without JavaScript.
    Root,
}

/// Templates compiled once and the UI strings, shared by every render.
pub struct Renderer {
    tera: Tera,
    locales: Arc<Locales>,
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
            None => state.get::<String>("lang")?.ok_or_else(|| {
                tera::Error::message("`t` needs a `lang` argument or a `lang` variable")
            })?,
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
                None => Arg::Text(
                    value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string),
                ),
            };
            args.push((name, arg));
        }
        self.0
            .format(&lang, &key, &args)
            .map_err(tera::Error::message)
    }
}

impl Renderer {
    /// Compiles the theme's templates and registers duet's functions.
    pub fn new(theme: &Theme, locales: Arc<Locales>) -> Result<Renderer, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_function("t", Translate(locales.clone()));
        let template_paths: HashMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.path.clone()))
            .collect();
        let sources = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(err) = tera.add_raw_templates(sources) {
            return Err(template_error(&err, &template_paths, "").into());
        }
        Ok(Renderer {
            tera,
            locales,
            template_paths,
        })
    }

    /// Renders one job: its output path (relative, `/`-separated) and HTML.
    pub fn render(&self, site: &Site, job: &Job) -> Result<(String, String), Diagnostic> {
        let (template, path, context) = match job {
            Job::Entry(i) => self.entry_context(site, *i)?,
            Job::Home(lang) => self.home_context(site, lang)?,
            Job::Articles(lang, n) => self.articles_context(site, lang, *n)?,
            Job::Partners(lang) => self.partners_context(site, lang)?,
            Job::Root => self.root_context(site)?,
        };
        let page_file = match job {
            Job::Entry(i) => site.entries[*i].page.file.display().to_string(),
            _ => String::new(),
        };
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_error(&e, &self.template_paths, &page_file))?;
        Ok((path, html))
    }

    fn href(site: &Site, url: &str) -> String {
        format!("{}{url}", base_path(&site.config.base_url))
    }

    fn absolute(site: &Site, url: &str) -> String {
        format!("{}{url}", site.config.base_url)
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

    fn card(&self, site: &Site, entry: &Entry) -> Result<Card, Diagnostic> {
        Ok(Card {
            title: entry.page.title.clone(),
            url: Self::href(site, &entry.url),
            summary: entry.page.summary.clone(),
            date: self.date(&entry.page.lang, entry.page.shared.date)?,
        })
    }

    /// What every template sees: language, navigation, switcher, alternates.
    /// `translations` maps each language to this page's URL in it, if any.
    fn common(
        &self,
        site: &Site,
        lang: &Lang,
        url: &str,
        translations: &dyn Fn(&Lang) -> Option<String>,
    ) -> Common {
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| {
                let own = translations(&l.lang);
                SwitchItem {
                    code: l.lang.to_string(),
                    name: l.name.clone(),
                    current: &l.lang == lang,
                    available: own.is_some(),
                    url: Self::href(site, &own.unwrap_or_else(|| format!("/{}/", l.lang))),
                }
            })
            .collect();
        let alternates: Vec<Alternate> = site
            .config
            .languages
            .iter()
            .filter_map(|l| {
                translations(&l.lang).map(|u| Alternate {
                    lang: l.lang.to_string(),
                    href: Self::absolute(site, &u),
                })
            })
            .collect();
        let x_default = translations(&site.config.default_lang).map(|u| Self::absolute(site, &u));
        let nav_pages = site
            .section(lang, Section::Pages)
            .map(|i| NavLink {
                title: site.entries[i].page.title.clone(),
                url: Self::href(site, &site.entries[i].url),
            })
            .collect();
        Common {
            lang: lang.to_string(),
            dir: "ltr",
            base_path: base_path(&site.config.base_url).to_string(),
            home_url: Self::href(site, &format!("/{lang}/")),
            articles_url: Self::href(site, &format!("/{lang}/articles/")),
            partners_url: Self::href(site, &format!("/{lang}/partners/")),
            nav_pages,
            nav_current: String::new(),
            languages,
            alternates: if translations(lang).is_some() {
                alternates
            } else {
                Vec::new()
            },
            x_default,
            canonical: Self::absolute(site, url),
            title: String::new(),
            description: String::new(),
        }
    }

    fn entry_context(
        &self,
        site: &Site,
        i: usize,
    ) -> Result<(&'static str, String, Context), Diagnostic> {
        let entry = &site.entries[i];
        let page = &entry.page;
        let group = &site.groups[entry.group];
        let translations = |l: &Lang| group.get(l).map(|j| site.entries[j].url.clone());
        let mut common = self.common(site, &page.lang, &entry.url, &translations);
        common.title = page.title.clone();
        common.description = page.summary.clone().unwrap_or_else(|| page.title.clone());
        common.nav_current = match page.section {
            Section::Articles => "articles".into(),
            Section::Partners => "partners".into(),
            _ => Self::href(site, &entry.url),
        };
        let rendered = markdown::render(page.body());
        let partners = page
            .shared
            .partners
            .iter()
            .flatten()
            .filter_map(|id| {
                site.partners
                    .get(id)
                    .map(|&g| partner_in(site, g, &page.lang))
            })
            .map(|p| NavLink {
                title: p.page.title.clone(),
                url: Self::href(site, &p.url),
            })
            .collect();
        let view = PageView {
            title: page.title.clone(),
            summary: page.summary.clone(),
            url: Self::href(site, &entry.url),
            lang: page.lang.to_string(),
            content_lang: page.lang.to_string(),
            is_fallback: false,
            date: self.date(&page.lang, page.shared.date)?,
            content: rendered.html,
            headings: rendered.headings,
            partners,
            topics: page.shared.topics.clone().unwrap_or_default(),
            countries: page.shared.countries.clone().unwrap_or_default(),
            source: page.shared.source.clone(),
            website: page.website.clone(),
        };
        let mut context = Context::from_serialize(&common).map_err(|e| internal(&e))?;
        context.insert("page", &view);
        let template = match page.section {
            Section::Articles => "article.html",
            Section::Partners => {
                let articles = self.partner_articles(site, &page.stem, &page.lang)?;
                context.insert("articles", &articles);
                "partner.html"
            }
            Section::Home | Section::Pages => "page.html",
        };
        Ok((template, entry.output_path(), context))
    }

    fn partner_articles(
        &self,
        site: &Site,
        id: &str,
        lang: &Lang,
    ) -> Result<Vec<Card>, Diagnostic> {
        site.partner_articles
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|&g| site.groups[g].get(lang))
            .map(|j| self.card(site, &site.entries[j]))
            .collect()
    }

    fn home_context(
        &self,
        site: &Site,
        lang: &Lang,
    ) -> Result<(&'static str, String, Context), Diagnostic> {
        let url = format!("/{lang}/");
        let every_language = |l: &Lang| Some(format!("/{l}/"));
        let mut common = self.common(site, lang, &url, &every_language);
        common.nav_current = "home".into();
        let home = site.home(lang);
        let site_title = self
            .locales
            .format(lang, "site-title", &[])
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?;
        common.title = home.map_or(site_title.clone(), |h| h.page.title.clone());
        common.description = home
            .and_then(|h| h.page.summary.clone())
            .unwrap_or(site_title);
        let all = &site.articles[lang];
        let latest: Vec<Card> = all
            .iter()
            .take(site.config.paginate)
            .map(|&i| self.card(site, &site.entries[i]))
            .collect::<Result<_, _>>()?;
        let mut context = Context::from_serialize(&common).map_err(|e| internal(&e))?;
        let page = home.map(|h| {
            let rendered = markdown::render(h.page.body());
            HomeView {
                summary: h.page.summary.clone(),
                content: rendered.html,
            }
        });
        context.insert("page", &page);
        context.insert("articles", &latest);
        context.insert("article_count", &all.len());
        context.insert("partners", &self.partner_links(site, lang));
        Ok(("home.html", format!("{lang}/index.html"), context))
    }

    fn partner_links(&self, site: &Site, lang: &Lang) -> Vec<PartnerLink> {
        let mut links: Vec<PartnerLink> = site
            .partners
            .values()
            .map(|&g| {
                let p = partner_in(site, g, lang);
                PartnerLink {
                    title: p.page.title.clone(),
                    url: Self::href(site, &p.url),
                    summary: p.page.summary.clone(),
                }
            })
            .collect();
        links.sort_by_key(|l| l.title.to_lowercase());
        links
    }

    fn articles_context(
        &self,
        site: &Site,
        lang: &Lang,
        n: usize,
    ) -> Result<(&'static str, String, Context), Diagnostic> {
        let all = &site.articles[lang];
        let per_page = site.config.paginate;
        let total = all.len().div_ceil(per_page).max(1);
        let page_url = |k: usize| {
            if k == 1 {
                format!("/{lang}/articles/")
            } else {
                format!("/{lang}/articles/page/{k}/")
            }
        };
        let url = page_url(n);
        // Other languages may have fewer pages: their switcher entry leads to their first page.
        let translations = |l: &Lang| {
            Some(if l == lang {
                url.clone()
            } else {
                format!("/{l}/articles/")
            })
        };
        let mut common = self.common(site, lang, &url, &translations);
        common.nav_current = "articles".into();
        common.title = self
            .locales
            .format(lang, "articles-title", &[])
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?;
        common.description = common.title.clone();
        if n > 1 {
            common.alternates.clear();
            common.x_default = None;
        }
        let items: Vec<Card> = all
            .iter()
            .skip((n - 1) * per_page)
            .take(per_page)
            .map(|&i| self.card(site, &site.entries[i]))
            .collect::<Result<_, _>>()?;
        let pager = Pager {
            current: n,
            total,
            prev: (n > 1).then(|| Self::href(site, &page_url(n - 1))),
            next: (n < total).then(|| Self::href(site, &page_url(n + 1))),
        };
        let mut context = Context::from_serialize(&common).map_err(|e| internal(&e))?;
        context.insert("articles", &items);
        context.insert("article_count", &all.len());
        context.insert("pager", &pager);
        Ok((
            "articles.html",
            format!("{}index.html", url.trim_start_matches('/')),
            context,
        ))
    }

    fn partners_context(
        &self,
        site: &Site,
        lang: &Lang,
    ) -> Result<(&'static str, String, Context), Diagnostic> {
        let url = format!("/{lang}/partners/");
        let every_language = |l: &Lang| Some(format!("/{l}/partners/"));
        let mut common = self.common(site, lang, &url, &every_language);
        common.nav_current = "partners".into();
        common.title = self
            .locales
            .format(lang, "partners-title", &[])
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?;
        common.description = common.title.clone();
        let mut context = Context::from_serialize(&common).map_err(|e| internal(&e))?;
        context.insert("partners", &self.partner_links(site, lang));
        Ok((
            "partners.html",
            format!("{lang}/partners/index.html"),
            context,
        ))
    }

    fn root_context(&self, site: &Site) -> Result<(&'static str, String, Context), Diagnostic> {
        let lang = &site.config.default_lang;
        let every_language = |l: &Lang| Some(format!("/{l}/"));
        let mut common = self.common(site, lang, "/", &every_language);
        common.x_default = Some(Self::absolute(site, "/"));
        common.description = self
            .locales
            .format(lang, "site-tagline", &[])
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?;
        let context = Context::from_serialize(&common).map_err(|e| internal(&e))?;
        Ok(("root.html", "index.html".into(), context))
    }
}

/// All jobs of a site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Root];
    for language in &site.config.languages {
        let lang = &language.lang;
        jobs.push(Job::Home(lang.clone()));
        jobs.push(Job::Partners(lang.clone()));
        let pages = site.articles[lang]
            .len()
            .div_ceil(site.config.paginate)
            .max(1);
        jobs.extend((1..=pages).map(|n| Job::Articles(lang.clone(), n)));
    }
    jobs.extend(
        site.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.page.section != Section::Home)
            .map(|(i, _)| Job::Entry(i)),
    );
    jobs
}

/// The partner of group `g` in `lang`, or in its source language if not translated.
fn partner_in<'s>(site: &'s Site, g: usize, lang: &Lang) -> &'s Entry {
    let group = &site.groups[g];
    &site.entries[group.get(lang).unwrap_or(group.source)]
}

/// The path part of the base URL, without a trailing slash (`""` at a domain's root).
fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or("", |i| &after_scheme[i..])
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn template_error(
    err: &tera::Error,
    paths: &HashMap<String, PathBuf>,
    page_file: &str,
) -> Diagnostic {
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
    if !page_file.is_empty() {
        message.push_str(&format!(" (while rendering {page_file})"));
    }
    match report {
        Some(r) => {
            let path = paths
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            Diagnostic::at(path, span.start_line.max(1), span.start_col + 1, message)
        }
        None => Diagnostic::new("templates", message),
    }
}

fn internal(err: &dyn std::error::Error) -> Diagnostic {
    Diagnostic::new(
        "(duet)",
        format!("internal error building a template context: {err}"),
    )
}

#[derive(Serialize)]
struct Common {
    lang: String,
    dir: &'static str,
    base_path: String,
    home_url: String,
    articles_url: String,
    partners_url: String,
    nav_pages: Vec<NavLink>,
    nav_current: String,
    languages: Vec<SwitchItem>,
    alternates: Vec<Alternate>,
    x_default: Option<String>,
    canonical: String,
    title: String,
    description: String,
}

#[derive(Serialize)]
struct SwitchItem {
    code: String,
    name: String,
    url: String,
    current: bool,
    available: bool,
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
}

#[derive(Serialize)]
struct PartnerLink {
    title: String,
    url: String,
    summary: Option<String>,
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
    is_fallback: bool,
    date: Option<DateView>,
    content: String,
    headings: Vec<markdown::Heading>,
    partners: Vec<NavLink>,
    topics: Vec<String>,
    countries: Vec<String>,
    source: Option<SourceRef>,
    website: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://example.org"), "");
        assert_eq!(base_path("https://example.org/portal"), "/portal");
    }
}
