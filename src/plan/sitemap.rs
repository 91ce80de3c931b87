//! Plan stage: which pages the sitemap lists and in how many files.

use super::Job;
use crate::site::Site;

/// How many URLs one sitemap file lists at most (the protocol allows 50,000).
pub const SITEMAP_LIMIT: usize = 40_000;

/// How many `sitemap-N.xml` parts `urls` URLs need: 0 when `sitemap.xml` holds them all.
pub fn sitemap_parts(urls: usize) -> usize {
    if urls <= SITEMAP_LIMIT {
        0
    } else {
        urls.div_ceil(SITEMAP_LIMIT)
    }
}

/// Whether the sitemap lists the page of `job`: what [`placement`] and
/// [`Placement::in_sitemap`] say, without placing it (counting a large
/// site's sitemap URLs places nothing).
pub fn in_sitemap(site: &Site, job: &Job) -> bool {
    match job {
        Job::Entry(i) => {
            let entry = &site.entries[*i];
            // A stand-in's canonical URL is its source's.
            entry.fallback.is_none_or(|stand_in| {
                stand_in.policy == crate::config::Fallback::Notice && site.entries[stand_in.source].url == entry.url
            })
        }
        Job::PartnerArticles(i, _) => site.entries[*i].is_translation(),
        Job::Home(_)
        | Job::Articles(..)
        | Job::Partners(_)
        | Job::TaxonomyIndex(..)
        | Job::Term(..)
        | Job::Root
        | Job::Search(_) => true,
        Job::NotFound(_)
        | Job::Feed(_)
        | Job::SearchIndex(_)
        | Job::SearchShard(..)
        | Job::SearchFragment(..)
        | Job::SearchFilters(_)
        | Job::Sitemap(_)
        | Job::Robots
        | Job::Host(_)
        | Job::Asset(_)
        | Job::Variant(..)
        | Job::Card(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_split_past_the_limit() {
        assert_eq!(sitemap_parts(0), 0);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT), 0);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT + 1), 2);
        assert_eq!(sitemap_parts(3 * SITEMAP_LIMIT), 3);
    }
}
