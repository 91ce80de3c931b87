//! Who publishes the site, as templates and JSON-LD see it: the
//! publisher's name, logo, contacts, legal links and notice (in the
//! reader's language), and the breadcrumbs that place a page in the site.

use serde::Serialize;

use crate::config::{Lang, LegalLink};
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::media::{AssetId, AssetKind, Encoding};
use crate::plan::{absolute, href};
use crate::site::Site;

use super::Renderer;

/// The publisher of the site in one language.
#[derive(Serialize)]
pub(super) struct PublisherView {
    /// Fluent `publisher-name`.
    pub(super) name: String,
    pub(super) url: Option<String>,
    pub(super) logo: Option<LogoView>,
    pub(super) email: Option<String>,
    /// Fluent `publisher-address`, if the strings have it.
    pub(super) address: Option<String>,
    /// Fluent `publisher-notice` (what the site is, and is not), if given.
    pub(super) notice: Option<String>,
    pub(super) legal: Vec<Crumb>,
    /// The year of the build, for the copyright line.
    pub(super) copyright_year: u16,
}

/// An image of the publisher's logo.
#[derive(Serialize, Clone)]
pub(super) struct LogoView {
    /// URL on the site (with its base path).
    pub(super) url: String,
    /// Absolute URL, for JSON-LD.
    pub(super) absolute: String,
    pub(super) width: Option<u32>,
    pub(super) height: Option<u32>,
}

/// A titled link: a breadcrumb, or a legal link.
#[derive(Serialize)]
pub(super) struct Crumb {
    pub(super) title: String,
    /// The link, with the site's base path.
    pub(super) url: String,
    /// The site path it leads to, for absolute URLs.
    #[serde(skip)]
    pub(super) path: String,
}

impl Renderer {
    /// The publisher in `lang`, when `site.yaml` names one.
    pub(super) fn publisher(&self, site: &Site, lang: &Lang) -> Result<Option<PublisherView>, Diagnostic> {
        let Some(publisher) = &site.config.publisher else {
            return Ok(None);
        };
        let optional = |key: &str| self.locales.has(lang, key).then(|| self.string(lang, key)).transpose();
        let legal = publisher
            .legal
            .iter()
            .map(|link| {
                Ok(Crumb {
                    title: self.string(lang, &link.label)?,
                    url: legal_url(site, lang, link)?,
                    path: String::new(),
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(Some(PublisherView {
            name: self.string(lang, "publisher-name")?,
            url: publisher.url.clone(),
            logo: site.publisher_logo().map(|id| logo_view(site, id)),
            email: publisher.email.clone(),
            address: optional("publisher-address")?,
            notice: optional("publisher-notice")?,
            legal,
            copyright_year: self.build_date.year,
        }))
    }

    /// Where entry `i` sits: home, its section, itself.
    pub(super) fn breadcrumbs(&self, site: &Site, i: usize) -> Result<Vec<Crumb>, Diagnostic> {
        let entry = &site.entries[i];
        let lang = &entry.lang;
        let crumb = |title: String, path: String| Crumb {
            title,
            url: href(site, &path),
            path,
        };
        let mut crumbs = vec![crumb(self.string(lang, "nav-home")?, format!("/{lang}/"))];
        let section = match entry.page.section {
            Section::Articles => Some(("nav-articles", "articles")),
            Section::Partners => Some(("nav-partners", "partners")),
            Section::Home | Section::Pages => None,
        };
        if let Some((key, path)) = section {
            crumbs.push(crumb(self.string(lang, key)?, format!("/{lang}/{path}/")));
        }
        if entry.page.section != Section::Home {
            crumbs.push(crumb(entry.page.title.clone(), entry.url.clone()));
        }
        Ok(crumbs)
    }
}

/// A legal link's URL: a content file (relative to `content/`) in the
/// reader's language, a site path, or a URL as written.
fn legal_url(site: &Site, lang: &Lang, link: &LegalLink) -> Result<String, Diagnostic> {
    Ok(if link.is_content_file() {
        href(site, &site.legal_page(lang, &link.url)?)
    } else if link.url.starts_with('/') {
        href(site, &link.url)
    } else {
        link.url.clone()
    })
}

/// The logo as an image: an SVG as is, a raster image by its largest fallback variant.
fn logo_view(site: &Site, id: AssetId) -> LogoView {
    let media = &site.media;
    let (path, width, height) = match media.get(id).kind {
        AssetKind::Raster(_) => match media.variants(id).iter().rev().find(|v| v.encoding != Encoding::Webp) {
            Some(v) => (
                media.variant_url(id, v.width, v.encoding),
                Some(v.width),
                Some(v.height),
            ),
            None => (media.url(id), None, None),
        },
        AssetKind::Svg(size) => (media.url(id), size.map(|s| s.width), size.map(|s| s.height)),
        AssetKind::File => (media.url(id), None, None),
    };
    LogoView {
        url: href(site, &path),
        absolute: absolute(site, &path),
        width,
        height,
    }
}
