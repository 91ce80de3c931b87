//! Link stage, last phase: what each article shows around itself — the
//! older and newer articles of its language and its related articles —
//! found once for the whole site, not per rendered page. Related articles
//! share partners and topics; each article's candidates are its nearest
//! neighbours by date in the lists it belongs to, so the work per article
//! stays the same whatever the site's size.

use std::cmp::Reverse;

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
    // Each candidate with its weight, once for each list that offers it.
    let mut offered: Vec<(usize, u32)> = Vec::with_capacity(4 * WINDOW * 2);
    for id in entry.page.shared.partners.iter().flatten() {
        let Some(groups) = site.partner_articles.get(id) else {
            continue;
        };
        // The partner's list holds groups, newest first by their source entry.
        let in_lang = window(groups, &entry.group, |a: &usize, b: &usize| {
            newest_first(
                &site.entries[site.groups[*a].source],
                &site.entries[site.groups[*b].source],
            )
        })
        .filter_map(|g| listed_in(site, g, lang));
        offered.extend(in_lang.map(|j| (j, PARTNER)));
    }
    for (tax, weight) in [(Taxonomy::Topics, TOPIC), (Taxonomy::Countries, COUNTRY)] {
        let Some(terms) = site.terms.get(&(lang.clone(), tax)) else {
            continue;
        };
        for term in tax.terms_named(entry).iter() {
            let list = terms.get(term.as_str()).into_iter();
            offered.extend(list.flat_map(|list| window(list, &i, by_date)).map(|j| (j, weight)));
        }
    }
    // Each candidate with its score and its distance in days, found once.
    offered.sort_unstable_by_key(|&(j, _)| j);
    let mut ranked: Vec<(usize, u32, i64)> = offered
        .chunk_by(|a, b| a.0 == b.0)
        .map(|offers| (offers[0].0, offers.iter().map(|&(_, w)| w).sum()))
        .filter(|&(j, _)| site.entries[j].group != entry.group)
        .map(|(j, score)| (j, score, days_apart(&site.entries[j], entry)))
        .collect();
    // Most shared first; among equals the nearest in time, then the newest.
    let order = |(a, sa, da): &(usize, u32, i64), (b, sb, db): &(usize, u32, i64)| {
        Reverse(sa)
            .cmp(&Reverse(sb))
            .then_with(|| da.cmp(db))
            .then_with(|| by_date(a, b))
            .then_with(|| a.cmp(b))
    };
    // Only the first few are shown: they are picked, then sorted (the
    // order is total, so this is the order a whole sort gives).
    if ranked.len() > RELATED {
        ranked.select_nth_unstable_by(RELATED - 1, order);
        ranked.truncate(RELATED);
    }
    ranked.sort_by(order);
    // Collected from a borrow: `ranked.into_iter()…collect()` would reuse
    // its allocation, and every article would keep room for all its
    // candidates for the whole build.
    ranked.iter().map(|&(j, ..)| j).collect()
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
