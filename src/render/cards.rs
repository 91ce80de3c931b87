//! Cards: how an article (or any entry) is shown on listings, on the home
//! page and around another article — title, date, summary, thumbnail and
//! partners with their logos.

use serde::Serialize;

use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::plan::{base_path, href, partners_named};
use crate::site::Site;

use super::Renderer;
use super::memo::Memo;
use super::views::other_lang;

/// How wide a card's thumbnail is shown: a column of the grid, or the phone's width.
const THUMB_SIZES: &str = "(min-width: 48rem) 11rem, 28vw";
/// The featured story's image: the content column's width.
const FEATURED_SIZES: &str = "(min-width: 64rem) 50rem, 100vw";

/// One entry on a listing.
#[derive(Serialize)]
pub(super) struct Card<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) summary: Option<&'a str>,
    pub(super) date: Option<super::views::DateView>,
    /// The language of the title and summary when it is not the page's.
    pub(super) lang: Option<String>,
    /// `article`, `partner` or `page`.
    pub(super) kind: &'static str,
    /// Its image, small and lazy (HTML), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) thumb: Option<String>,
    /// Its image at the featured story's size (HTML), on the home page's lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) image: Option<String>,
    /// The partners it names, with their logos.
    pub(super) partners: Vec<tera::Value>,
    /// What the theme's [`DETAILS`] partial makes of this card (HTML),
    /// when the theme has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) details: Option<String>,
}

/// The partial that shows the part of a card that is the same wherever it
/// is shown (date, partners, summary, thumbnail). It is rendered once per
/// card and language in a pass, not once per listing that shows the card:
/// an article is on six listings and beside three articles, and its card's
/// markup was about a tenth of a build's CPU time.
const DETAILS: &str = "partials/card-details.html";

impl Renderer {
    /// A card for entry `i` on a listing in `lang`, as templates see it:
    /// made once per pass ([`Memo`]), since an article is shown on the
    /// cards of each listing it is on and beside the articles it relates to.
    pub(super) fn card(&self, site: &Site, memo: &Memo, lang: &Lang, i: usize) -> Result<tera::Value, Diagnostic> {
        memo.card(lang, i, || {
            let mut card = self.card_view(site, memo, lang, i)?;
            let value = |card: &Card| tera::Value::try_from_serializable(card).expect("a card is strings");
            if self.has_template(DETAILS) {
                let mut context = tera::Context::new();
                context.insert("item", &value(&card));
                context.insert("lang", lang.as_str());
                context.insert("base_path", &base_path(&site.config.base_url));
                let html = self.render_partial(DETAILS, &context, &site.entries[i].page.file)?;
                card.details = Some(html);
            }
            Ok(value(&card))
        })
    }

    /// A card for entry `i` in `lang`: text in its own language (marked
    /// when it is not `lang`, as for stand-ins), the date in `lang`.
    fn card_view<'a>(&self, site: &'a Site, memo: &Memo, lang: &Lang, i: usize) -> Result<Card<'a>, Diagnostic> {
        let entry = &site.entries[i];
        let thumb = site.hero_image(i).map(|id| {
            site.picture(id, THUMB_SIZES, false, base_path(&site.config.base_url))
                .html(entry.page.image_alt.as_deref().unwrap_or_default())
        });
        Ok(Card {
            title: &entry.page.title,
            url: href(site, &entry.url),
            summary: entry.page.summary.as_deref(),
            date: self.date(lang, entry.page.shared.date)?,
            lang: other_lang(&entry.page.lang, lang),
            kind: kind(entry.page.section),
            thumb,
            image: None,
            partners: partners(memo, site, i, lang, 20),
            details: None,
        })
    }

    /// Cards of `items`, in order.
    pub(super) fn cards(
        &self,
        site: &Site,
        memo: &Memo,
        lang: &Lang,
        items: &[usize],
    ) -> Result<Vec<tera::Value>, Diagnostic> {
        items.iter().map(|&i| self.card(site, memo, lang, i)).collect()
    }

    /// The home page's lead story, with its large image.
    pub(super) fn featured_card<'a>(
        &self,
        site: &'a Site,
        memo: &Memo,
        lang: &Lang,
        i: usize,
    ) -> Result<Card<'a>, Diagnostic> {
        let mut card = self.card_view(site, memo, lang, i)?;
        card.thumb = None;
        card.image = site.hero_image(i).map(|id| {
            site.picture(id, FEATURED_SIZES, true, base_path(&site.config.base_url))
                .html(site.entries[i].page.image_alt.as_deref().unwrap_or_default())
        });
        Ok(card)
    }
}

/// The word templates use for a section.
pub(super) fn kind(section: Section) -> &'static str {
    match section {
        Section::Articles => "article",
        Section::Partners => "partner",
        Section::Home | Section::Pages => "page",
    }
}

/// The partners entry `i` names, as readers of `lang` see them, with logos `px` high.
pub(super) fn partners(memo: &Memo, site: &Site, i: usize, lang: &Lang, px: u32) -> Vec<tera::Value> {
    partners_named(site, i, lang)
        .map(|p| memo.partner(site, p, lang, px))
        .collect()
}
