//! schema.org `NewsArticle` data of article pages, written so it can never
//! close its `<script>`.

use serde::Serialize;

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
        let publisher = publisher(site, common, &page.lang);
        let timezone = site.config.timezone;
        let (mut work_translation, mut translation_of_work) = (None, None);
        if group.members.len() > 1 {
            if group.source == i {
                let others = placement
                    .alternates
                    .iter()
                    .filter(|(l, _)| *l != page.lang)
                    .map(|(l, u)| Work {
                        id: absolute(site, u),
                        kind: "NewsArticle",
                        in_language: Some(l.as_str()),
                    });
                work_translation = Some(others.collect());
            } else {
                translation_of_work = Some(Work {
                    id: absolute(site, &site.entries[group.source].url),
                    kind: "NewsArticle",
                    in_language: None,
                });
            }
        }
        let article = NewsArticle {
            id: &url,
            kind: "NewsArticle",
            author: match &page.author {
                Some(name) => Author::Person(Named { kind: "Person", name }),
                None => Author::Publisher(publisher.clone()),
            },
            date_modified: page.shared.modified().map(|d| d.with_zone(timezone)),
            date_published: page.shared.date.map(|d| d.with_zone(timezone)),
            description: page.summary.as_deref(),
            headline: &page.title,
            image: common.og_image.as_ref().map(|image| [image.url.as_str()]),
            in_language: page.lang.as_str(),
            main_entity_of_page: &url,
            mentions: partners_named(site, i, &placement.lang)
                .map(|p| Named {
                    kind: "Organization",
                    name: &site.entries[p].page.title,
                })
                .collect(),
            publisher,
            translation_of_work,
            url: &url,
            work_translation,
        };
        let crumbs = common
            .breadcrumbs
            .iter()
            .enumerate()
            .map(|(n, c)| ListItem {
                kind: "ListItem",
                item: absolute(site, &c.path),
                name: &c.title,
                position: n + 1,
            })
            .collect();
        let graph = Graph {
            context: "https://schema.org",
            graph: (
                article,
                BreadcrumbList {
                    kind: "BreadcrumbList",
                    item_list_element: crumbs,
                },
            ),
        };
        script_safe(serde_json::to_string(&graph).expect("JSON-LD is strings and numbers"))
    }

    /// The name of a language in itself, as `site.yaml` gives it.
    pub(super) fn language_name(&self, lang: &Lang) -> String {
        self.languages
            .iter()
            .find(|(l, _)| l == lang)
            .map_or_else(|| lang.to_string(), |(_, n)| n.clone())
    }
}

// The data as written: typed, with each object's keys in the order of
// their bytes (as a JSON map sorts them), since this is written for every
// article and a map built key by key cost four times as much.

/// The page's graph.
#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: (NewsArticle<'a>, BreadcrumbList<'a>),
}

#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Author<'a>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[&'a str; 1]>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    mentions: Vec<Named<'a>>,
    publisher: Organization<'a>,
    #[serde(rename = "translationOfWork", skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Work<'a>>,
    url: &'a str,
    #[serde(rename = "workTranslation", skip_serializing_if = "Option::is_none")]
    work_translation: Option<Vec<Work<'a>>>,
}

/// Who wrote an article: a person it names, else its publisher.
#[derive(Serialize)]
#[serde(untagged)]
enum Author<'a> {
    Person(Named<'a>),
    Publisher(Organization<'a>),
}

/// A thing by its type and name.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// An `Organization`, with its logo and address when known.
#[derive(Serialize, Clone)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<ImageObject<'a>>,
    name: &'a str,
    url: String,
}

#[derive(Serialize, Clone)]
struct ImageObject<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
}

/// Another language's version of an article, or the one it translates.
#[derive(Serialize)]
struct Work<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
}

#[derive(Serialize)]
struct BreadcrumbList<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

/// The site's publisher as a schema.org `Organization`: the one `site.yaml`
/// names (with its logo), else the site itself.
fn publisher<'a>(site: &Site, common: &'a Common, lang: &Lang) -> Organization<'a> {
    let home = absolute(site, &format!("/{lang}/"));
    match &common.shared.publisher_view {
        Some(p) => Organization {
            kind: "Organization",
            email: p.email.as_deref(),
            logo: p.logo.as_ref().map(|logo| {
                // Both sizes or neither.
                let size = logo.width.zip(logo.height);
                ImageObject {
                    kind: "ImageObject",
                    height: size.map(|(_, h)| h),
                    url: &logo.absolute,
                    width: size.map(|(w, _)| w),
                }
            }),
            name: &p.name,
            url: p.url.clone().unwrap_or(home),
        },
        None => Organization {
            kind: "Organization",
            email: None,
            logo: None,
            name: &common.site_title,
            url: home,
        },
    }
}

/// `json` made unable to end a `<script>` element or open a comment in one.
fn script_safe(json: String) -> String {
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn json_ld_cannot_close_its_script() {
        let v = serde_json::json!({ "headline": "</script><img src=x onerror=alert(1)> & <!--" });
        let s = script_safe(v.to_string());
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
