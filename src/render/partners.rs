//! Partners as listings show them: name, logo or monogram, kind.

use serde::Serialize;

use crate::config::Lang;
use crate::diagnostics::Diagnostic;
use crate::plan::{href, partner_entry};
use crate::site::Site;

use super::Renderer;
use super::media::logo_html;
use super::views::other_lang;

impl Renderer {
    pub(super) fn partner_links(&self, site: &Site, lang: &Lang) -> Result<Vec<PartnerLink>, Diagnostic> {
        let mut links: Vec<PartnerLink> = site
            .partners
            .values()
            .map(|&g| {
                let i = partner_entry(site, g, lang);
                let p = &site.entries[i];
                Ok(PartnerLink {
                    title: p.page.title.clone(),
                    url: href(site, &p.url),
                    summary: p.page.summary.clone(),
                    lang: other_lang(&p.page.lang, lang),
                    logo: logo_html(site, i, 48),
                    kind: self.partner_kind(lang, &p.page)?,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        links.sort_by(|a, b| self.collation.compare(lang, &a.title, &b.title));
        Ok(links)
    }

    /// A partner's kind labelled in `lang` (Fluent `partner-kind-ID`).
    pub(super) fn partner_kind(
        &self,
        lang: &Lang,
        page: &crate::content::Page,
    ) -> Result<Option<KindView>, Diagnostic> {
        page.shared
            .kind
            .as_ref()
            .map(|id| {
                Ok(KindView {
                    id: id.clone(),
                    label: self.string(lang, &format!("partner-kind-{id}"))?,
                })
            })
            .transpose()
    }
}

#[derive(Serialize)]
pub(super) struct PartnerLink {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) summary: Option<String>,
    /// The language of the text when it is not the page's.
    pub(super) lang: Option<String>,
    /// Its logo or monogram (HTML).
    pub(super) logo: String,
    /// Its kind, labelled.
    pub(super) kind: Option<KindView>,
}

/// A partner's kind: its id and its label in the page's language.
#[derive(Serialize)]
pub(super) struct KindView {
    pub(super) id: String,
    pub(super) label: String,
}
