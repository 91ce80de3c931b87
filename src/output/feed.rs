//! Atom feeds: one per language, of that language's own articles only
//! (newest first), with absolute URLs from the base URL.

use crate::config::Lang;
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::output::xml::escape;
use crate::plan::{FEED_LENGTH, absolute};
use crate::site::{Site, Taxonomy};

/// The Atom feed of `lang`: its path and XML.
pub fn atom(site: &Site, locales: &Locales, lang: &Lang) -> Result<(String, String), Diagnostic> {
    let title = locales.text(lang, "site-title")?;
    let subtitle = locales.text(lang, "site-tagline")?;
    // Stand-ins for missing translations are another language's text: not in this feed.
    let articles: Vec<usize> = site.articles[lang]
        .iter()
        .copied()
        .filter(|&i| site.entries[i].is_translation())
        .collect();
    let updated = articles
        .iter()
        .take(FEED_LENGTH)
        .filter_map(|&i| {
            let shared = &site.entries[i].page.shared;
            shared.modified().map(|d| d.first_day())
        })
        .max();
    let home = absolute(site, &format!("/{lang}/"));
    let mut xml = String::with_capacity(4096);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
    ));
    xml.push_str(&format!(
        "  <title>{}</title>\n  <subtitle>{}</subtitle>\n",
        escape(&title),
        escape(&subtitle)
    ));
    xml.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n",
        escape(&absolute(site, &format!("/{lang}/atom.xml")))
    ));
    xml.push_str(&format!(
        "  <link href=\"{}\" rel=\"alternate\" type=\"text/html\" hreflang=\"{lang}\"/>\n",
        escape(&home)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape(&home)));
    xml.push_str(&format!(
        "  <updated>{}</updated>\n",
        timestamp(updated, site.config.timezone)
    ));
    xml.push_str(&format!("  <author><name>{}</name></author>\n", escape(&title)));
    for &i in articles.iter().take(FEED_LENGTH) {
        let entry = &site.entries[i];
        let page = &entry.page;
        let url = absolute(site, &entry.url);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&page.title)));
        xml.push_str(&format!(
            "    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n",
            escape(&url)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        let zone = site.config.timezone;
        xml.push_str(&format!(
            "    <published>{}</published>\n    <updated>{}</updated>\n",
            timestamp(page.shared.date, zone),
            timestamp(page.shared.modified(), zone)
        ));
        if let Some(summary) = &page.summary {
            xml.push_str(&format!("    <summary>{}</summary>\n", escape(summary)));
        }
        for term in Taxonomy::Topics.terms_named(entry).iter() {
            let label = Taxonomy::Topics.label(locales, lang, term)?;
            xml.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                escape(term),
                escape(&label)
            ));
        }
        let body = site.entries[i].page.read_body()?;
        let html = site.body_html(i, &body, &site.config.base_url).html;
        // Relative links in the body resolve against the article's own URL.
        xml.push_str(&format!(
            "    <content type=\"html\" xml:base=\"{}\">{}</content>\n",
            escape(&url),
            escape(&html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Ok((format!("{lang}/atom.xml"), xml))
}

/// An Atom timestamp for a date (midnight of its first day in the site's
/// time zone), or the epoch for an empty feed.
fn timestamp(date: Option<crate::i18n::Date>, zone: crate::config::TimeZone) -> String {
    match date {
        // Atom needs a full timestamp: a month or a year stands at its first day.
        Some(d) => d.first_day().with_zone(zone),
        None => "1970-01-01T00:00:00Z".into(),
    }
}
