//! `sitemap.xml` with `xhtml:link` alternates for every translation and
//! `x-default`, and `robots.txt` pointing at it. Both come from the same
//! placements as the pages' own `hreflang` links, so they always agree.

use crate::output::xml::escape;
use crate::plan::{self, SITEMAP_LIMIT, absolute};
use crate::site::Site;

/// Part `part` of the sitemap: part 0 is `sitemap.xml`, holding every
/// indexable page with its alternates, or — when there are more than
/// [`SITEMAP_LIMIT`] — an index of `sitemap-1.xml`, `sitemap-2.xml`…
pub fn sitemap(site: &Site, part: usize) -> (String, String) {
    // Every part counts the URLs; each places only its own.
    let pages: Vec<plan::Job> = plan::page_jobs(site)
        .into_iter()
        .filter(|job| plan::in_sitemap(site, job))
        .collect();
    let parts = plan::sitemap_parts(pages.len());
    let mut xml = String::with_capacity(64 * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if part == 0 && parts > 0 {
        xml.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for k in 1..=parts {
            let loc = escape(&absolute(site, &format!("/sitemap-{k}.xml")));
            xml.push_str(&format!("  <sitemap><loc>{loc}</loc></sitemap>\n"));
        }
        xml.push_str("</sitemapindex>\n");
        return ("sitemap.xml".into(), xml);
    }
    let chunk = if parts == 0 {
        &pages[..]
    } else {
        pages.chunks(SITEMAP_LIMIT).nth(part - 1).unwrap_or_default()
    };
    xml.push_str(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for job in chunk {
        let place = plan::placement(site, job).expect("a page the sitemap lists is placed");
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&absolute(site, &place.url))
        ));
        if let plan::Job::Entry(i) = job
            && let Some(date) = site.entries[*i].page.shared.modified()
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
    let name = if part == 0 {
        "sitemap.xml".to_string()
    } else {
        format!("sitemap-{part}.xml")
    };
    (name, xml)
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
