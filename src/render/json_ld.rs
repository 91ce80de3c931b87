//! schema.org `NewsArticle` data of article pages, written so it can never
//! close its `<script>`.

use crate::config::Lang;
use crate::plan::{Placement, absolute, partners_named};
use crate::site::Site;

use super::Renderer;
use super::views::Common;

impl Renderer {
    /// schema.org data of an article as JSON, safe to put inside
    /// `<script>`: a graph of its `NewsArticle` and its `BreadcrumbList`.
    pub(super) fn news_article(&self, site: &Site, i: usize, placement: &Placement, common: &Common) -> String {
        let entry = &site.entries[i];
        let page = &entry.page;
        let group = &site.groups[entry.group];
        let url = absolute(site, &entry.url);
        let mut data = serde_json::json!({
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            "headline": page.title,
            "inLanguage": page.lang.as_str(),
            "mentions": partners_named(site, i, &placement.lang).map(|p| serde_json::json!({ "@type": "Organization", "name": site.entries[p].page.title })).collect::<Vec<_>>(),
        });
        let object = data.as_object_mut().expect("built as an object");
        if let Some(summary) = &page.summary {
            object.insert("description".into(), summary.clone().into());
        }
        if let Some(image) = &common.og_image {
            object.insert("image".into(), serde_json::json!([image.url]));
        }
        let publisher = publisher(site, common, &page.lang);
        let author = match &page.author {
            Some(name) => serde_json::json!({ "@type": "Person", "name": name }),
            None => publisher.clone(),
        };
        object.insert("publisher".into(), publisher);
        object.insert("author".into(), author);
        let timezone = site.config.timezone;
        if let Some(date) = page.shared.date {
            object.insert("datePublished".into(), date.with_zone(timezone).into());
        }
        if let Some(date) = page.shared.modified() {
            object.insert("dateModified".into(), date.with_zone(timezone).into());
        }
        let source_url = absolute(site, &site.entries[group.source].url);
        let others: Vec<serde_json::Value> = placement
            .alternates
            .iter()
            .filter(|(l, _)| *l != page.lang)
            .map(|(l, u)| serde_json::json!({ "@type": "NewsArticle", "@id": absolute(site, u), "inLanguage": l.as_str() }))
            .collect();
        if group.members.len() > 1 {
            if group.source == i {
                object.insert("workTranslation".into(), others.into());
            } else {
                object.insert(
                    "translationOfWork".into(),
                    serde_json::json!({ "@type": "NewsArticle", "@id": source_url }),
                );
            }
        }
        let crumbs: Vec<serde_json::Value> = common
            .breadcrumbs
            .iter()
            .enumerate()
            .map(|(n, c)| {
                serde_json::json!({ "@type": "ListItem", "position": n + 1, "name": c.title, "item": absolute(site, &c.path) })
            })
            .collect();
        let graph = serde_json::json!({
            "@context": "https://schema.org",
            "@graph": [data, { "@type": "BreadcrumbList", "itemListElement": crumbs }],
        });
        script_safe_json(&graph)
    }

    /// The name of a language in itself, as `site.yaml` gives it.
    pub(super) fn language_name(&self, lang: &Lang) -> String {
        self.languages
            .iter()
            .find(|(l, _)| l == lang)
            .map_or_else(|| lang.to_string(), |(_, n)| n.clone())
    }
}

/// The site's publisher as a schema.org `Organization`: the one `site.yaml`
/// names (with its logo), else the site itself.
fn publisher(site: &Site, common: &Common, lang: &Lang) -> serde_json::Value {
    let home = absolute(site, &format!("/{lang}/"));
    match &common.publisher {
        Some(p) => {
            let mut org = serde_json::json!({
                "@type": "Organization",
                "name": p.name,
                "url": p.url.clone().unwrap_or(home),
            });
            if let Some(logo) = &p.logo {
                let mut image = serde_json::json!({ "@type": "ImageObject", "url": logo.absolute });
                if let (Some(w), Some(h)) = (logo.width, logo.height) {
                    image["width"] = w.into();
                    image["height"] = h.into();
                }
                org["logo"] = image;
            }
            if let Some(email) = &p.email {
                org["email"] = email.clone().into();
            }
            org
        }
        None => serde_json::json!({ "@type": "Organization", "name": common.site_title, "url": home }),
    }
}

/// JSON that cannot end a `<script>` element or open a comment in one.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn json_ld_cannot_close_its_script() {
        let v = serde_json::json!({ "headline": "</script><img src=x onerror=alert(1)> & <!--" });
        let s = script_safe_json(&v);
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
