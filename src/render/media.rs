//! What templates see of images: an article's hero, partners' logos (or
//! monograms), and the Open Graph image of every page, its URL absolute.

use serde::Serialize;

use crate::cards::Card;
use crate::diagnostics::Diagnostic;
use crate::media::{AssetId, AssetKind, BODY_SIZES, Encoding, monogram};
use crate::plan::{absolute, base_path, href};
use crate::site::Site;

/// A page's lead image.
#[derive(Serialize)]
pub(super) struct HeroView {
    /// The `<picture>` markup, loaded at once (it is at the top of the page).
    pub(super) html: String,
    /// Its alt text in the page's language.
    pub(super) alt: String,
    /// What it shows, in the page's language.
    pub(super) caption: Option<String>,
    /// Who made it.
    pub(super) credit: Option<String>,
}

/// The image social networks show for a page.
#[derive(Serialize)]
pub(super) struct OgImage {
    /// Absolute URL.
    pub(super) url: String,
    pub(super) width: Option<u32>,
    pub(super) height: Option<u32>,
    pub(super) alt: String,
    pub(super) mime: Option<&'static str>,
}

/// The hero image of entry `i`: its `image` as a `<picture>`, or an
/// image at a URL as written.
pub(super) fn hero(site: &Site, i: usize) -> Option<HeroView> {
    let page = &site.entries[i].page;
    let image = page.shared.image.as_deref()?;
    let alt = page.image_alt.clone().unwrap_or_default();
    let html = match site.hero_image(i) {
        Some(id) => site
            .picture(id, BODY_SIZES, true, base_path(&site.config.base_url))
            .html(&alt),
        // A URL or a site path: shown as written (the link check reports a missing file).
        None if image.contains("://") || image.starts_with('/') => {
            let src = if image.starts_with('/') {
                href(site, image)
            } else {
                image.to_string()
            };
            crate::markdown::Picture {
                src,
                eager: true,
                ..crate::markdown::Picture::default()
            }
            .html(&alt)
        }
        None => return None,
    };
    Some(HeroView {
        html,
        alt,
        caption: page.image_caption.clone(),
        credit: page.shared.image_credit.clone(),
    })
}

/// The Open Graph image of asset `id`: its largest fallback variant (what
/// every network reads), or the file itself.
fn og_of(site: &Site, id: AssetId, alt: String) -> Option<OgImage> {
    let media = &site.media;
    match media.get(id).kind {
        AssetKind::Raster(_) => {
            let v = media.variants(id).iter().rev().find(|v| v.encoding != Encoding::Webp)?;
            Some(OgImage {
                url: absolute(site, &media.variant_url(id, v.width, v.encoding)),
                width: Some(v.width),
                height: Some(v.height),
                alt,
                mime: Some(v.encoding.mime()),
            })
        }
        // Networks do not show SVG.
        AssetKind::Svg(_) | AssetKind::File => None,
    }
}

impl super::Renderer {
    /// The image of entry `i` for Open Graph and JSON-LD: its social card
    /// when it has one (it has no image of its own), else [`og_image`].
    pub(super) fn entry_og_image(
        &self,
        site: &Site,
        i: usize,
        site_title: &str,
    ) -> Result<Option<OgImage>, Diagnostic> {
        if !crate::plan::cards::has_card(site, i) {
            return Ok(og_image(site, Some(i), &site.entries[i].page.lang, site_title));
        }
        let card = Card::of(site, self.locales(), self.fonts(), i)?;
        let version = crate::cards::version(card.key(self.fonts()));
        Ok(Some(OgImage {
            url: format!("{}?v={version}", absolute(site, &crate::plan::cards::url(site, i))),
            width: Some(crate::cards::WIDTH),
            height: Some(crate::cards::HEIGHT),
            alt: site.entries[i].page.title.clone(),
            mime: Some(Encoding::Png.mime()),
        }))
    }
}

/// The image of entry `i` for Open Graph and JSON-LD: its own, else the
/// site's `media.default_image`.
pub(super) fn og_image(site: &Site, i: Option<usize>, lang: &crate::config::Lang, site_title: &str) -> Option<OgImage> {
    if let Some(i) = i {
        let page = &site.entries[i].page;
        let alt = page.image_alt.clone().unwrap_or_else(|| page.title.clone());
        if let Some(id) = site.hero_image(i) {
            return og_of(site, id, alt);
        }
        if let Some(image) = page.shared.image.as_deref().filter(|u| u.starts_with("https://")) {
            return Some(OgImage {
                url: image.to_string(),
                width: None,
                height: None,
                alt,
                mime: None,
            });
        }
    }
    og_of(site, site.default_image(lang)?, site_title.to_string())
}

/// A partner's logo at `px` pixels high, or its monogram: decorative, as
/// its name is always written beside it.
pub(super) fn logo_html(site: &Site, i: usize, px: u32) -> String {
    let entry = &site.entries[i];
    match site.logo(i) {
        Some(id) => {
            let mut picture = site.picture(id, "", false, base_path(&site.config.base_url));
            if let (Some(w), Some(h)) = (picture.width, picture.height) {
                // The logo is `px` high: it needs variants as wide as that makes it.
                picture.sizes = format!("{}px", (u64::from(w) * u64::from(px)).div_ceil(u64::from(h.max(1))));
            }
            format!("<span class=\"logo-box\">{}</span>", picture.html(""))
        }
        // The initials of the name written beside it, in the reader's language.
        None => format!(
            "<span class=\"logo-box\">{}</span>",
            monogram::svg(
                &entry.page.stem,
                &entry
                    .page
                    .shared
                    .monogram
                    .clone()
                    .unwrap_or_else(|| monogram::initials(&entry.page.title)),
                px
            )
        ),
    }
}
