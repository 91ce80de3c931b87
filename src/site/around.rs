//! Link stage, last phase: what each article shows around itself — the
//! older and newer articles of its language and its related articles —
//! found once for the whole site, not per rendered page. Related articles
//! share partners and topics; each article's candidates are its nearest
//! neighbours by date in the lists it belongs to, so the work per article
//! stays the same whatever the site's size.

use std::cmp::Reverse;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::Section;

use super::{Entry, Site, Taxonomy, newest_first};

/// Related articles shown under an article.
pub const RELATED: usize = 3;

/// How many neighbours by date each shared list offers as candidates, on
/// each side of the article.
const WINDOW: usize = 12;

/// The articles shown around one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Around {
    /// The next older article of its language.
    pub older: Option<usize>,
    /// The next newer article of its language.
    pub newer: Option<usize>,
    /// Up to [`RELATED`] articles sharing its partners or topics, most shared first.
    pub related: Vec<usize>,
}

impl Around {
    /// Every entry it names.
    pub fn entries(&self) -> impl Iterator<Item = usize> + '_ {
        self.older
            .into_iter()
            .chain(self.newer)
            .chain(self.related.iter().copied())
    }
}

/// What each entry shows around itself (empty for all but listed articles).
pub fn around(site: &Site) -> Vec<Around> {
    let mut around = vec![Around::default(); site.entries.len()];
    for list in site.articles.values() {
        // Each article's related ones are found on their own: in parallel.
        let related: Vec<Vec<usize>> = list.par_iter().map(|&i| related(site, i)).collect();
        for ((p, &i), related) in list.iter().enumerate().zip(related) {
            around[i].newer = p.checked_sub(1).map(|q| list[q]);
            around[i].older = list.get(p + 1).copied();
            around[i].related = related;
        }
    }
    around
}

/// How much a shared partner weighs against a shared topic or country.
const PARTNER: u32 = 3;
const TOPIC: u32 = 2;
const COUNTRY: u32 = 1;

fn related(site: &Site, i: usize) -> Vec<usize> {
    let entry = &site.entries[i];
    let lang = &entry.lang;
    let by_date = |a: &usize, b: &usize| newest_first(&site.entries[*a], &site.entries[*b]);
    let mut scores: HashMap<usize, u32> = HashMap::new();
    for id in entry.page.shared.partners.iter().flatten() {
        let Some(groups) = site.partner_articles.get(id) else {
            continue;
        };
        // The partner's list holds groups, newest first by their source entry.
        let in_lang: Vec<usize> = window(groups, &entry.group, |a: &usize, b: &usize| {
            newest_first(
                &site.entries[site.groups[*a].source],
                &site.entries[site.groups[*b].source],
            )
        })
        .filter_map(|g| listed_in(site, g, lang))
        .collect();
        for j in in_lang {
            *scores.entry(j).or_default() += PARTNER;
        }
    }
    for (tax, weight) in [(Taxonomy::Topics, TOPIC), (Taxonomy::Countries, COUNTRY)] {
        let Some(terms) = site.terms.get(&(lang.clone(), tax)) else {
            continue;
        };
        for term in tax.terms_of(entry) {
            for j in terms.get(&term).into_iter().flat_map(|list| window(list, &i, by_date)) {
                *scores.entry(j).or_default() += weight;
            }
        }
    }
    // Each candidate with its score and its distance in days, found once.
    let mut ranked: Vec<(usize, u32, i64)> = scores
        .into_iter()
        .filter(|&(j, _)| site.entries[j].group != entry.group)
        .map(|(j, score)| (j, score, days_apart(&site.entries[j], entry)))
        .collect();
    // Most shared first; among equals the nearest in time, then the newest.
    ranked.sort_by(|(a, sa, da), (b, sb, db)| {
        Reverse(sa)
            .cmp(&Reverse(sb))
            .then_with(|| da.cmp(db))
            .then_with(|| by_date(a, b))
            .then_with(|| a.cmp(b))
    });
    // Collected from a borrow: `ranked.into_iter()…collect()` would reuse
    // its allocation, and every article would keep room for all its
    // candidates (about 3 KB each) for the whole build.
    ranked.iter().take(RELATED).map(|&(j, ..)| j).collect()
}

/// The items of `list` (sorted by `order`) within [`WINDOW`] of where
/// `item` sits or would sit, `item` itself included.
fn window<'a, T: Copy>(
    list: &'a [T],
    item: &T,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> impl Iterator<Item = T> + 'a {
    let at = list.partition_point(|x| order(x, item).is_lt());
    list[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(list.len())]
        .iter()
        .copied()
}

/// The entry readers of `lang` see for article group `g`: its translation
/// or its notice stand-in.
fn listed_in(site: &Site, g: usize, lang: &crate::config::Lang) -> Option<usize> {
    let group = &site.groups[g];
    if group.section != Section::Articles {
        return None;
    }
    group
        .get(lang)
        .or_else(|| group.fallback(lang))
        .filter(|&j| site.entries[j].is_listed())
}

/// Days between two articles' dates (their first days), large when one has none.
fn days_apart(a: &Entry, b: &Entry) -> i64 {
    match (a.page.shared.date, b.page.shared.date) {
        (Some(x), Some(y)) => (x.first_day().days() - y.first_day().days()).abs(),
        _ => i64::MAX,
    }
}
