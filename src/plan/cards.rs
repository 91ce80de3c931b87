//! Which pages get a social card — the Open Graph image duet draws for a
//! page that has no image of its own — and where each card is written.
//! The drawing is the `cards` module's; this is only the plan of it.

use crate::config::Fallback;
use crate::content::Section;
use crate::site::Site;

use super::Job;

/// The file name of a card, beside its page's `index.html`.
pub const CARD_FILE: &str = "card.png";

/// Whether entry `i` gets a card: cards are on, the entry is written as a
/// page of its own (not a home's text, not a redirect) and it has no
/// `image` (its translations share the source's).
pub fn has_card(site: &Site, i: usize) -> bool {
    let entry = &site.entries[i];
    site.config.cards.enabled
        && entry.page.section != Section::Home
        && entry.page.shared.image.is_none()
        && !entry.fallback.is_some_and(|s| s.policy == Fallback::Redirect)
}

/// The card jobs of a site, in entry order.
pub fn card_jobs(site: &Site) -> Vec<Job> {
    (0..site.entries.len())
        .filter(|&i| has_card(site, i))
        .map(Job::Card)
        .collect()
}

/// The URL path of entry `i`'s card: beside the page, so it is per language
/// and per page, and its name stays put when the title changes (the page
/// links it with a version, see the render stage). Page URLs end with `/`
/// and slugs hold no `.`, so no page can be published at this path.
pub fn url(site: &Site, i: usize) -> String {
    format!("{}{CARD_FILE}", site.entries[i].url)
}

/// The path of entry `i`'s card relative to the output folder.
pub fn output_path(site: &Site, i: usize) -> String {
    url(site, i).trim_start_matches('/').to_string()
}
