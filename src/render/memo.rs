//! Render stage: what many pages of one pass over the jobs show alike,
//! made once in that pass ([`Memo`]) and handed to templates as values
//! they clone by reference.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::i18n::PerLang;
use crate::plan::{Job, href};
use crate::site::{Site, Taxonomy};

use super::Renderer;
use super::identity::PublisherView;
use super::media::logo_html;
use super::views::{NavLink, other_lang};

/// What many pages of one pass over the jobs show alike, made the first
/// time a page shows it: each entry's card, which every listing it is on
/// shows (about 5 % of a build's samples were cards made again); each
/// partner's link with its logo, which every card naming the partner and
/// the article's byline show; and what every page of a language shows
/// alike ([`LangShared`]). A memo is made for one pass over one site's
/// jobs and dropped with it, so that no page is shown what a memo kept of
/// the site before an edit. A language's part is let go of when the last
/// of its pages the memo was made for is rendered (at 100,000 pairs a
/// language's cards take about 150 MB); a page of it rendered after that
/// makes it again.
pub struct Memo {
    /// Per reader's language, in the site's order: its pages left to
    /// render, and its part while it is kept.
    langs: Vec<LangPlace>,
    /// How many entries the site has: a part's places for cards.
    entries: usize,
    /// Per reader's language, partner entry and logo height: its link, as templates see it.
    partners: PerLang<(usize, u32), tera::Value>,
}

/// Where a [`Memo`] keeps one reader's language's part.
struct LangPlace {
    lang: Lang,
    /// Its pages of the pass not rendered yet.
    left: AtomicUsize,
    /// Its part, made when a page first asks for it.
    memo: Mutex<Option<Arc<LangMemo>>>,
}

/// One reader's language's part of a [`Memo`].
struct LangMemo {
    /// A place per entry for its card, as templates see it: each filled
    /// once, without a lock of its own.
    cards: Vec<OnceLock<tera::Value>>,
    /// What every page shows alike.
    shared: OnceLock<Arc<LangShared>>,
}

impl Memo {
    /// An empty memo for a pass over `jobs` of `site`.
    pub fn new<'a>(site: &Site, jobs: impl IntoIterator<Item = &'a Job>) -> Memo {
        let langs = site.config.languages.iter().map(|l| LangPlace {
            lang: l.lang.clone(),
            left: AtomicUsize::new(0),
            memo: Mutex::new(None),
        });
        let memo = Memo {
            langs: langs.collect(),
            entries: site.entries.len(),
            partners: PerLang::default(),
        };
        for place in jobs.into_iter().filter_map(|job| memo.place(job.page_lang(site)?)) {
            place.left.fetch_add(1, Ordering::Relaxed);
        }
        memo
    }

    /// Where the part of `lang` is kept, if it is one of the site's languages.
    fn place(&self, lang: &Lang) -> Option<&LangPlace> {
        self.langs.iter().find(|l| &l.lang == lang)
    }

    /// The part of `lang`, one of the site's languages: the kept one, or a
    /// new one, kept.
    fn of(&self, lang: &Lang) -> Option<Arc<LangMemo>> {
        let mut memo = self.place(lang)?.memo.lock().ok()?;
        let made = memo.get_or_insert_with(|| {
            Arc::new(LangMemo {
                cards: std::iter::repeat_with(OnceLock::new).take(self.entries).collect(),
                shared: OnceLock::new(),
            })
        });
        Some(Arc::clone(made))
    }

    /// Counts a page in `lang` rendered; after the last one the memo made
    /// the pass for, lets go of the language's part.
    pub(super) fn rendered(&self, lang: &Lang) {
        let Some(place) = self.place(lang) else {
            return;
        };
        let was = place
            .left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| left.checked_sub(1));
        if was == Ok(1) {
            // Taken out under the lock, freed after it.
            let part = place.memo.lock().ok().and_then(|mut memo| memo.take());
            drop(part);
        }
    }

    /// Whether the memo keeps a part of `lang` now: made by a page of it,
    /// and not yet let go of.
    pub fn holds(&self, lang: &Lang) -> bool {
        self.place(lang)
            .is_some_and(|l| l.memo.lock().is_ok_and(|memo| memo.is_some()))
    }

    /// What every page in `lang` shows alike.
    pub(super) fn shared(&self, renderer: &Renderer, site: &Site, lang: &Lang) -> Result<Arc<LangShared>, Diagnostic> {
        let part = self.of(lang);
        kept(part.as_ref().map(|l| &l.shared), || {
            renderer.lang_shared(site, lang).map(Arc::new)
        })
    }

    /// Entry `i`'s card for readers of `lang`, made by `make` the first time.
    pub(super) fn card(
        &self,
        lang: &Lang,
        i: usize,
        make: impl FnOnce() -> Result<tera::Value, Diagnostic>,
    ) -> Result<tera::Value, Diagnostic> {
        let part = self.of(lang);
        kept(part.as_ref().and_then(|l| l.cards.get(i)), make)
    }

    /// The link to partner entry `p` for readers of `lang`, its logo `px` high.
    pub(super) fn partner(&self, site: &Site, p: usize, lang: &Lang, px: u32) -> tera::Value {
        let made = self.partners.get_or_make(lang, (p, px), || {
            let entry = &site.entries[p];
            tera::Value::try_from_serializable(&NavLink {
                title: entry.page.title.clone(),
                url: href(site, &entry.url),
                lang: other_lang(&entry.page.lang, lang),
                logo: Some(logo_html(site, p, px)),
            })
        });
        made.expect("a link is strings")
    }
}

/// The value in `place`, else the one `make` gives, kept there. Two threads
/// may make it at once: they make the same value, and the first is kept.
fn kept<T: Clone>(place: Option<&OnceLock<T>>, make: impl FnOnce() -> Result<T, Diagnostic>) -> Result<T, Diagnostic> {
    if let Some(value) = place.and_then(OnceLock::get) {
        return Ok(value.clone());
    }
    let made = make()?;
    Ok(match place {
        Some(place) => place.get_or_init(|| made).clone(),
        None => made,
    })
}

/// What every page in a language shows alike, made once per pass over
/// the jobs ([`Memo`]): its navigation, taxonomies and publisher, as
/// templates see them (part of every page's context).
#[derive(Serialize)]
pub(super) struct LangShared {
    /// The section `pages`' links.
    nav_pages: tera::Value,
    /// The taxonomies' links.
    taxonomies: tera::Value,
    /// Who publishes the site, when `site.yaml` says.
    publisher: tera::Value,
    /// The same, for JSON-LD.
    #[serde(skip)]
    pub(super) publisher_view: Option<PublisherView>,
}

impl Renderer {
    /// What every page in `lang` shows alike ([`LangShared`]).
    fn lang_shared(&self, site: &Site, lang: &Lang) -> Result<LangShared, Diagnostic> {
        let nav_pages: Vec<NavLink> = site
            .section(lang, Section::Pages)
            .map(|i| NavLink {
                title: site.entries[i].page.title.clone(),
                url: href(site, &site.entries[i].url),
                lang: other_lang(&site.entries[i].page.lang, lang),
                logo: None,
            })
            .collect();
        let taxonomies = Taxonomy::ALL
            .iter()
            .map(|t| {
                Ok(NavLink {
                    title: self.string(lang, &format!("taxonomy-{}", t.name()))?,
                    url: href(site, &format!("/{lang}/{}/", t.name())),
                    lang: None,
                    logo: None,
                })
            })
            .collect::<Result<Vec<NavLink>, Diagnostic>>()?;
        let publisher = self.publisher(site, lang)?;
        fn value(v: &impl Serialize) -> tera::Value {
            tera::Value::try_from_serializable(v).expect("links and names are strings")
        }
        Ok(LangShared {
            nav_pages: value(&nav_pages),
            taxonomies: value(&taxonomies),
            publisher: value(&publisher),
            publisher_view: publisher,
        })
    }
}
