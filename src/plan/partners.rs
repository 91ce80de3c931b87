//! Plan stage: which entry stands for a partner in each language, and which
//! partners and articles a page names, as every listing and card reads them.

use crate::config::Lang;
use crate::site::Site;

/// The articles listed on partner page `i`, in its language, newest first.
pub fn partner_articles(site: &Site, i: usize) -> &[usize] {
    site.partner_listings.get(&i).map_or(&[], Vec::as_slice)
}

/// The entry of partner group `g` shown to readers of `lang`: its translation or stand-in, else its source.
pub(crate) fn partner_entry(site: &Site, g: usize, lang: &Lang) -> usize {
    site.published_in(g, lang).unwrap_or(site.groups[g].source)
}

/// The partner entries entry `i` names, as readers of `lang` see them (unknown ids left out).
pub(crate) fn partners_named<'s>(site: &'s Site, i: usize, lang: &'s Lang) -> impl Iterator<Item = usize> + 's {
    site.partner_groups[i]
        .iter()
        .map(move |&g| partner_entry(site, g, lang))
}
