//! Social cards: the Open Graph image of a page that has no image of its
//! own — its title in its language, the site's title and publisher, in the
//! theme's colours — laid out as SVG and rasterised by resvg into a
//! 1200 × 630 PNG.
//!
//! [`Fonts`] are read with the site (the load stage); [`Card::of`] says
//! what a page's card shows; [`cached`] draws it once per content into the
//! media cache, from which the write stage links it. Which pages get a
//! card and where it is published is the plan's ([`crate::plan::cards`]).

mod draw;
mod fonts;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::config::Lang;
use crate::content::fingerprint::fnv1a;
use crate::diagnostics::{Diagnostic, Kind, io_error};
use crate::i18n::Locales;
use crate::media::cache::CACHE_DIR;
use crate::plan::cards::has_card;
use crate::site::Site;

pub use fonts::Fonts;

/// A card's width in pixels (what Open Graph and X/Twitter ask for).
pub const WIDTH: u32 = 1200;
/// A card's height in pixels.
pub const HEIGHT: u32 = 630;

/// The UI string naming who publishes the site, shown on cards when
/// `site.yaml` names a publisher.
pub const PUBLISHER: &str = "publisher-name";

/// Changes whenever the drawing does, so cached cards are drawn anew.
const VERSION: u32 = 1;

/// What one card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The language of the title (for shaping).
    pub lang: Lang,
    /// Whether that language is written right to left.
    pub rtl: bool,
    /// The page's title, or the site's when the fonts cannot write the page's.
    pub headline: String,
    /// The site's title in the reader's language.
    pub site_title: String,
    /// Who publishes the site (`publisher-name`), when `site.yaml` names a publisher.
    pub publisher: Option<String>,
}

impl Card {
    /// The card of entry `i`: its title in its language and the site's
    /// strings in the language it is published in (a stand-in's readers').
    /// Text the fonts cannot write is left out rather than drawn as boxes:
    /// a title then gives way to the site's title ([`warnings`] says so).
    pub fn of(site: &Site, locales: &Locales, fonts: &Fonts, i: usize) -> Result<Card, Diagnostic> {
        let entry = &site.entries[i];
        let page = &entry.page;
        let site_title =
            drawable(fonts, &locales.text(&entry.lang, "site-title")?).unwrap_or_else(|| host(&site.config.base_url));
        let publisher = if site.config.publisher.is_some() && locales.has(&entry.lang, PUBLISHER) {
            drawable(fonts, &locales.text(&entry.lang, PUBLISHER)?)
        } else {
            None
        };
        let headline = drawable(fonts, &page.title).unwrap_or_else(|| site_title.clone());
        Ok(Card {
            rtl: site.config.language(page.lang.as_str()).is_some_and(|l| l.rtl),
            lang: page.lang.clone(),
            headline,
            site_title,
            publisher,
        })
    }

    /// What the card's pixels depend on: its text, the fonts, the colours
    /// and the drawing's version. Names it in the cache and in its URL.
    pub fn key(&self, fonts: &Fonts) -> u64 {
        let p = &draw::PALETTE;
        let text = format!(
            "{VERSION}\n{:016x}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            fonts.hash,
            p.background,
            p.title,
            p.accent,
            p.on_accent,
            p.rule,
            self.lang,
            self.rtl,
            self.headline,
            self.site_title,
            self.publisher.as_deref().unwrap_or_default(),
        );
        fnv1a(text.as_bytes())
    }

    /// Draws the card: PNG bytes.
    pub fn draw(&self, fonts: &Fonts) -> Result<Vec<u8>, String> {
        draw::png(fonts, &draw::svg(fonts, self), self.lang.as_str())
    }
}

/// `text` composed (NFC, so Vietnamese letters are the font's own glyphs),
/// if the fonts can write all of it.
fn drawable(fonts: &Fonts, text: &str) -> Option<String> {
    let text: String = text.nfc().collect();
    fonts.missing(&text).is_empty().then_some(text)
}

/// The host of the base URL: what a card shows when the site's title
/// cannot be written.
fn host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_string()
}

/// The name of a card in the media cache.
fn cache_name(key: u64) -> String {
    format!("card-{key:016x}.png")
}

/// The card's file in the media cache of the site at `root`, drawn now
/// if the cache does not have it (written beside, then renamed, so a
/// killed build never leaves half a card under a good name).
pub fn cached(root: &Path, fonts: &Fonts, card: &Card) -> Result<PathBuf, Diagnostic> {
    let name = cache_name(card.key(fonts));
    let dir = root.join(CACHE_DIR);
    let path = dir.join(&name);
    if path.is_file() {
        return Ok(path);
    }
    let shown = Path::new(CACHE_DIR).join(&name);
    let bytes = card.draw(fonts).map_err(|m| Diagnostic::new(&shown, m))?;
    let partial = dir.join(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&partial, &bytes))
        .and_then(|()| std::fs::rename(&partial, &path))
        .map_err(|e| io_error(&shown, "write the social card", &e))?;
    Ok(path)
}

/// The cache names of every card of `site`, which pruning the cache keeps.
pub fn cache_names(site: &Site, locales: &Locales, fonts: &Fonts) -> HashSet<String> {
    use rayon::prelude::*;
    (0..site.entries.len())
        .into_par_iter()
        .filter(|&i| has_card(site, i))
        .filter_map(|i| Card::of(site, locales, fonts, i).ok())
        .map(|card| cache_name(card.key(fonts)))
        .collect()
}

/// A warning for each page with a card whose title the fonts cannot
/// write, at its `title`: its card shows the site's title instead.
pub fn warnings(site: &Site, fonts: &Fonts) -> Vec<Diagnostic> {
    (0..site.entries.len())
        .filter(|&i| has_card(site, i) && site.entries[i].is_translation())
        .filter_map(|i| {
            let page = &site.entries[i].page;
            let title: String = page.title.nfc().collect();
            let missing: String = fonts.missing(&title).into_iter().take(5).collect();
            (!missing.is_empty()).then(|| {
                page.error_at_key(
                    "title",
                    format!("the social card cannot write this title (no font has `{missing}`); it shows the site's title instead"),
                )
                .with_hint("add a font that has these characters to `cards.fonts` in site.yaml")
                .with_kind(Kind::CardGlyphs)
            })
        })
        .collect()
}

/// The version of a card in its URL (`card.png?v=…`), so networks that keep
/// an image by its URL fetch the new one when the title changes.
pub fn version(key: u64) -> String {
    format!("{:08x}", key >> 32)
}
