//! schema.org `NewsArticle` data of article pages, written so it can never
//! close its `<script>`.

use crate::config::Lang;
use crate::plan::{Placement, absolute};
use crate::site::Site;

use super::Renderer;
use super::views::NavLink;

impl Renderer {
    /// schema.org `NewsArticle` data as JSON, safe to put inside `<script>`.
    pub(super) fn news_article(
        &self,
        site: &Site,
        i: usize,
        placement: &Placement,
        site_title: &str,
        partners: &[NavLink],
    ) -> String {
        let entry = &site.entries[i];
        let page = &entry.page;
        let group = &site.groups[entry.group];
        let url = absolute(site, &entry.url);
        let mut data = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            "headline": page.title,
            "inLanguage": page.lang.as_str(),
            "publisher": { "@type": "Organization", "name": site_title, "url": absolute(site, &format!("/{}/", page.lang)) },
            "mentions": partners.iter().map(|p| serde_json::json!({ "@type": "Organization", "name": p.title })).collect::<Vec<_>>(),
        });
        let object = data.as_object_mut().expect("built as an object");
        if let Some(summary) = &page.summary {
            object.insert("description".into(), summary.clone().into());
        }
        if let Ok(Some(image)) = self.entry_og_image(site, i, site_title) {
            object.insert("image".into(), serde_json::json!([image.url]));
        }
        if let Some(date) = page.shared.date {
            object.insert("datePublished".into(), date.to_string().into());
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
        script_safe_json(&data)
    }

    /// The name of a language in itself, as `site.yaml` gives it.
    pub(super) fn language_name(&self, lang: &Lang) -> String {
        self.languages
            .iter()
            .find(|(l, _)| l == lang)
            .map_or_else(|| lang.to_string(), |(_, n)| n.clone())
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
