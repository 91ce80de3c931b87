//! Page contexts: what each template sees for a page (common navigation,
//! cards, listings, articles, partners, terms).

use serde::Serialize;
use tera::Context;

use crate::config::Lang;
use crate::content::{Section, SourceRef};
use crate::diagnostics::Diagnostic;
use crate::i18n::Arg;
use crate::markdown;
use crate::plan::{Placement, absolute, base_path, href, page_count, page_url, partner_articles};
use crate::site::{Site, Taxonomy};

use super::cards;
use super::identity::Crumb;
use super::media::{HeroView, OgImage, hero, logo_html, og_image};
use super::memo::{LangShared, Memo};
use super::partners::KindView;
use super::{Prepared, Renderer};

impl Renderer {
    /// What every template sees: language, navigation, switcher, alternates.
    pub(super) fn common(&self, site: &Site, memo: &Memo, placement: &Placement) -> Result<Common, Diagnostic> {
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
        let shared = memo.shared(self, site, lang)?;
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
            nav_current: String::new(),
            languages,
            alternates,
            x_default: placement.x_default.as_ref().map(|u| absolute(site, u)),
            canonical: absolute(site, &placement.canonical),
            indexable: placement.indexable,
            title: String::new(),
            description: String::new(),
            og_image: og_image(site, None, lang, &self.string(lang, "site-title")?),
            site_title: self.string(lang, "site-title")?,
            shared,
            breadcrumbs: Vec::new(),
        })
    }

    pub(super) fn entry(
        &self,
        site: &Site,
        memo: &Memo,
        i: usize,
        placement: Placement,
    ) -> Result<Prepared, Diagnostic> {
        let entry = &site.entries[i];
        let page = &entry.page;
        // The UI speaks the entry's language; the content may be a stand-in's source language.
        let lang = &entry.lang;
        if let Some(stand_in) = entry.fallback
            && stand_in.policy == crate::config::Fallback::Redirect
        {
            return self.redirect(site, memo, i, stand_in.source, placement);
        }
        let mut common = self.common(site, memo, &placement)?;
        common.title = page.title.clone();
        common.description = page.summary.clone().unwrap_or_else(|| page.title.clone());
        common.nav_current = match page.section {
            Section::Articles => "articles".into(),
            Section::Partners => "partners".into(),
            _ => href(site, &entry.url),
        };
        let body = page.read_body()?;
        let rendered = site.body_html(i, &body, base_path(&site.config.base_url));
        let partners = cards::partners(memo, site, i, lang, 24);
        let mut terms = Vec::new();
        if page.section == Section::Articles {
            for tax in Taxonomy::ALL {
                let links = tax
                    .terms_named(entry)
                    .iter()
                    .map(|term| {
                        Ok(NavLink {
                            title: self.term_label(lang, tax, term)?,
                            url: href(site, &site.term_url(lang, tax, term)),
                            lang: None,
                            logo: None,
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
        common.breadcrumbs = self.breadcrumbs(site, i)?;
        common.og_image = self.entry_og_image(site, i, &common.site_title)?;
        let json_ld = match page.section {
            Section::Articles if entry.is_translation() => Some(self.news_article(site, i, &placement, &common)),
            _ => None,
        };
        let around = &site.around[i];
        let card = |j: Option<usize>| j.map(|j| self.card(site, memo, lang, j)).transpose();
        let countries = match page.section {
            Section::Partners => page
                .shared
                .countries
                .iter()
                .flatten()
                .map(|c| {
                    // A country no article of the language names has no page: its name alone.
                    let listed = site
                        .terms
                        .get(&(lang.clone(), Taxonomy::Countries))
                        .is_some_and(|t| t.contains_key(c));
                    Ok(NavLink {
                        title: self.term_label(lang, Taxonomy::Countries, c)?,
                        url: if listed {
                            href(site, &site.term_url(lang, Taxonomy::Countries, c))
                        } else {
                            String::new()
                        },
                        lang: None,
                        logo: None,
                    })
                })
                .collect::<Result<_, Diagnostic>>()?,
            _ => Vec::new(),
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
            website: page.shared.website.clone(),
            image: hero(site, i),
            logo: (page.section == Section::Partners).then(|| logo_html(site, i, 96)),
            updated: self.date(lang, page.shared.updated)?,
            author: page.author.clone(),
            related: self.cards(site, memo, lang, &around.related)?,
            previous: card(around.older)?,
            next: card(around.newer)?,
            kind: self.partner_kind(lang, page)?,
            countries,
            summary_is_distinct: page
                .summary
                .as_deref()
                .is_some_and(|s| !super::summary::opens_body(s, &body)),
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
                let articles: Vec<tera::Value> = all
                    .iter()
                    .take(per_page)
                    .map(|&j| self.card(site, memo, lang, j))
                    .collect::<Result<_, _>>()?;
                let total = page_count(all.len(), per_page);
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

    /// A page that sends readers and search engines to `target`.
    pub(super) fn redirect(
        &self,
        site: &Site,
        memo: &Memo,
        i: usize,
        target: usize,
        placement: Placement,
    ) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, memo, &placement)?;
        common.title = site.entries[i].page.title.clone();
        common.description = common.title.clone();
        let mut context = to_context(&common)?;
        context.insert("target", &href(site, &site.entries[target].url));
        context.insert("target_language", &self.language_name(&site.entries[target].page.lang));
        Ok(("redirect.html", placement, context))
    }

    pub(super) fn home(
        &self,
        site: &Site,
        memo: &Memo,
        lang: &Lang,
        placement: Placement,
    ) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, memo, &placement)?;
        common.nav_current = "home".into();
        let home_index = site.home(lang);
        let home = home_index.map(|i| &site.entries[i]);
        common.title = home.map_or_else(|| common.site_title.clone(), |h| h.page.title.clone());
        common.description = home
            .and_then(|h| h.page.summary.clone())
            .unwrap_or_else(|| common.site_title.clone());
        let all = &site.articles[lang];
        let featured = site.featured(lang);
        let latest: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| Some(i) != featured)
            .take(site.config.paginate)
            .collect();
        let latest = self.cards(site, memo, lang, &latest)?;
        let featured = featured.map(|i| self.featured_card(site, memo, lang, i)).transpose()?;
        let page = home_index
            .map(|h| -> Result<HomeView, Diagnostic> {
                let body = site.entries[h].page.read_body()?;
                Ok(HomeView {
                    summary: site.entries[h].page.summary.clone(),
                    content: site.body_html(h, &body, base_path(&site.config.base_url)).html,
                })
            })
            .transpose()?;
        let mut context = to_context(&common)?;
        context.insert("page", &page);
        context.insert("featured", &featured);
        context.insert("articles", &latest);
        context.insert("article_count", &all.len());
        context.insert("partners", &self.partner_links(site, lang)?);
        context.insert("topics", &self.term_counts(site, lang, Taxonomy::Topics)?);
        context.insert("countries", &self.term_counts(site, lang, Taxonomy::Countries)?);
        Ok(("home.html", placement, context))
    }

    /// The terms of `tax` in `lang` with their labels, links and article counts, in term order.
    fn terms_of(&self, site: &Site, lang: &Lang, tax: Taxonomy) -> Result<Vec<TermCount>, Diagnostic> {
        site.terms
            .get(&(lang.clone(), tax))
            .into_iter()
            .flatten()
            .map(|(term, items)| {
                Ok(TermCount {
                    title: self.term_label(lang, tax, term)?,
                    url: href(site, &site.term_url(lang, tax, term)),
                    count: items.len(),
                })
            })
            .collect()
    }

    /// The terms of `tax` in `lang` with their article counts, most used first.
    fn term_counts(&self, site: &Site, lang: &Lang, tax: Taxonomy) -> Result<Vec<TermCount>, Diagnostic> {
        let mut terms = self.terms_of(site, lang, tax)?;
        terms.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| self.collation.compare(lang, &a.title, &b.title))
        });
        Ok(terms)
    }

    pub(super) fn partners(
        &self,
        site: &Site,
        memo: &Memo,
        lang: &Lang,
        placement: Placement,
    ) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, memo, &placement)?;
        common.nav_current = "partners".into();
        common.title = self.string(lang, "partners-title")?;
        common.description = common.title.clone();
        let mut context = to_context(&common)?;
        context.insert("partners", &self.partner_links(site, lang)?);
        Ok(("partners.html", placement, context))
    }

    /// A page of a paginated list of articles, in `lang`.
    pub(super) fn listing(
        &self,
        site: &Site,
        memo: &Memo,
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
        let total = page_count(items.len(), per_page);
        let mut common = self.common(site, memo, &placement)?;
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
        let cards: Vec<tera::Value> = items
            .iter()
            .skip((n - 1) * per_page)
            .take(per_page)
            .map(|&i| self.card(site, memo, lang, i))
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

    pub(super) fn taxonomy_index(
        &self,
        site: &Site,
        memo: &Memo,
        lang: &Lang,
        tax: Taxonomy,
        placement: Placement,
    ) -> Result<Prepared, Diagnostic> {
        let mut common = self.common(site, memo, &placement)?;
        common.nav_current = tax.name().into();
        common.title = self.string(lang, &format!("taxonomy-{}", tax.name()))?;
        common.description = common.title.clone();
        let mut terms = self.terms_of(site, lang, tax)?;
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

/// `text_lang` when it differs from the page's `lang`, for a `lang` attribute.
pub(super) fn other_lang(text_lang: &Lang, lang: &Lang) -> Option<String> {
    (text_lang != lang).then(|| text_lang.to_string())
}

pub(super) fn to_context(common: &Common) -> Result<Context, Diagnostic> {
    Context::from_serialize(common)
        .map_err(|e| Diagnostic::new("(duet)", format!("internal error building a template context: {e}")))
}

#[derive(Serialize)]
pub(super) struct Common {
    pub(super) lang: String,
    pub(super) dir: &'static str,
    pub(super) og_locale: String,
    pub(super) og_locale_alternates: Vec<String>,
    pub(super) base_path: String,
    pub(super) home_url: String,
    pub(super) articles_url: String,
    pub(super) partners_url: String,
    pub(super) feed_url: String,
    pub(super) search_url: String,
    pub(super) nav_current: String,
    pub(super) languages: Vec<SwitchItem>,
    pub(super) alternates: Vec<Alternate>,
    pub(super) x_default: Option<String>,
    pub(super) canonical: String,
    pub(super) indexable: bool,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) site_title: String,
    /// The page's image for social networks (the site's default when it has none).
    pub(super) og_image: Option<OgImage>,
    /// What every page of the language shows alike (navigation,
    /// taxonomies, the publisher), made once and shown as its own fields.
    #[serde(flatten)]
    pub(super) shared: std::sync::Arc<LangShared>,
    /// Where an entry sits: home, section, itself (empty on other pages).
    pub(super) breadcrumbs: Vec<Crumb>,
}

#[derive(Serialize)]
pub(super) struct SwitchItem {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) url: String,
    pub(super) current: bool,
    /// A real translation.
    pub(super) available: bool,
    /// A fallback page standing in for the missing translation.
    pub(super) stand_in: bool,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct NavLink {
    pub(super) title: String,
    pub(super) url: String,
    /// The language of `title` when it is not the page's.
    pub(super) lang: Option<String>,
    /// A partner's logo or monogram (HTML), where one is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) logo: Option<String>,
}

#[derive(Serialize)]
pub(super) struct TermGroup {
    pub(super) taxonomy: &'static str,
    pub(super) title: String,
    pub(super) terms: Vec<NavLink>,
}

#[derive(Serialize)]
pub(super) struct TermCount {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) count: usize,
}

#[derive(Serialize)]
pub(super) struct DateView {
    /// ISO 8601 at the date's precision (`<time datetime>`).
    pub(super) iso: String,
    /// With the site's time zone when it is a day (Open Graph's article times).
    pub(super) zoned: String,
    pub(super) display: String,
}

/// One paginated listing: where its first page is (later pages are
/// `page/N/` under it), what it lists, and which page of it to render.
pub(super) struct Listing<'a> {
    pub(super) first: String,
    pub(super) items: &'a [usize],
    pub(super) n: usize,
    pub(super) title: String,
    pub(super) nav: &'a str,
}

#[derive(Serialize)]
pub(super) struct Pager {
    pub(super) current: usize,
    pub(super) total: usize,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
}

#[derive(Serialize)]
pub(super) struct HomeView {
    pub(super) summary: Option<String>,
    pub(super) content: String,
}

#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) title: String,
    pub(super) summary: Option<String>,
    pub(super) url: String,
    pub(super) lang: String,
    pub(super) content_lang: String,
    pub(super) content_language: String,
    pub(super) is_fallback: bool,
    pub(super) date: Option<DateView>,
    pub(super) content: String,
    pub(super) headings: Vec<markdown::Heading>,
    pub(super) partners: Vec<tera::Value>,
    pub(super) terms: Vec<TermGroup>,
    pub(super) source: Option<SourceRef>,
    pub(super) website: Option<String>,
    pub(super) image: Option<HeroView>,
    /// A partner's logo or monogram.
    pub(super) logo: Option<String>,
    /// When the facts were last revised.
    pub(super) updated: Option<DateView>,
    /// Who wrote it, when not the publisher.
    pub(super) author: Option<String>,
    /// Articles sharing its partners and topics.
    pub(super) related: Vec<tera::Value>,
    /// The next older article of the language.
    pub(super) previous: Option<tera::Value>,
    /// The next newer article of the language.
    pub(super) next: Option<tera::Value>,
    /// A partner's kind, labelled.
    pub(super) kind: Option<KindView>,
    /// A partner's countries.
    pub(super) countries: Vec<NavLink>,
    /// Whether the summary says something the body does not open with (a lede worth showing).
    pub(super) summary_is_distinct: bool,
}
