//! `sitemap.xml` with `xhtml:link` alternates for every translation and
//! `x-default`, and `robots.txt` pointing at it. Both come from the same
//! placements as the pages' own `hreflang` links, so they always agree.

use crate::output::xml::escape;
use crate::render::{self, absolute};
use crate::site::Site;

/// `sitemap.xml`: every indexable page with its alternates.
pub fn sitemap(site: &Site) -> (String, String) {
    let mut xml = String::with_capacity(64 * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for job in render::jobs(site) {
        let Some(place) = render::placement(site, &job) else {
            continue;
        };
        if !place.in_sitemap() {
            continue;
        }
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&absolute(site, &place.url))
        ));
        if let render::Job::Entry(i) = job
            && let Some(date) = site.entries[i].page.shared.date
        {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        for (lang, url) in &place.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>\n",
                escape(&absolute(site, url))
            ));
        }
        if let (Some(url), false) = (&place.x_default, place.alternates.is_empty()) {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                escape(&absolute(site, url))
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    ("sitemap.xml".into(), xml)
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots(site: &Site) -> (String, String) {
    (
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            absolute(site, "/sitemap.xml")
        ),
    )
}
