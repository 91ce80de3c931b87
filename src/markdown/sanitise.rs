//! Raw HTML in bodies, made safe: an allow-list sanitiser (ammonia, built on
//! the browsers' own HTML parser) over the rendered body, so a `<script>`,
//! an event handler, a `javascript:` URL or another host's frame never
//! reaches a page or a feed, and raw HTML cannot claim an id the theme uses.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::url::ALLOWED_SCHEMES;

/// Attributes an embedded frame may carry.
const IFRAME_ATTRIBUTES: &[&str] = &[
    "src",
    "title",
    "width",
    "height",
    "allow",
    "allowfullscreen",
    "loading",
    "referrerpolicy",
];

/// A sanitiser configured for one site: its embed hosts and the ids its theme uses.
pub struct Sanitiser {
    builder: ammonia::Builder<'static>,
}

impl std::fmt::Debug for Sanitiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sanitiser")
    }
}

impl Sanitiser {
    /// A sanitiser allowing frames from `embeds` (host names) and keeping
    /// raw HTML away from the theme's `reserved` ids.
    pub fn new(embeds: &[String], reserved: &BTreeSet<String>) -> Sanitiser {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
            // Links stay as the editor wrote them; no `target`, so no `rel` is needed.
            .link_rel(None)
            .add_generic_attributes(["id"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("div", ["class"])
            .add_tag_attributes("th", ["class"])
            .add_tag_attributes("td", ["class"]);
        if !embeds.is_empty() {
            builder
                .add_tags(["iframe"])
                .add_tag_attributes("iframe", IFRAME_ATTRIBUTES.iter().copied());
        }
        let hosts: Vec<String> = embeds.to_vec();
        let reserved = reserved.clone();
        builder.attribute_filter(move |element, attribute, value| filter(element, attribute, value, &hosts, &reserved));
        Sanitiser { builder }
    }

    /// `html` with everything unsafe removed.
    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }
}

/// Decides what one attribute becomes: frames only from allowed hosts over
/// https, classes only those duet's Markdown writes, no theme ids.
fn filter<'u>(
    element: &str,
    attribute: &str,
    value: &'u str,
    hosts: &[String],
    reserved: &BTreeSet<String>,
) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("iframe", "src") => {
            let rest = value.trim().strip_prefix("https://")?;
            let host = rest.split(['/', '?', '#', ':']).next().unwrap_or_default();
            hosts
                .iter()
                .any(|h| h.eq_ignore_ascii_case(host))
                .then_some(Cow::Borrowed(value))
        }
        (_, "id") => (!reserved.contains(value)).then_some(Cow::Borrowed(value)),
        (_, "class") => {
            let allowed = |class: &&str| match element {
                "code" => class.starts_with("language-"),
                "th" | "td" => matches!(*class, "align-left" | "align-center" | "align-right"),
                _ => class.starts_with("footnote-"),
            };
            let kept: Vec<&str> = value.split_ascii_whitespace().filter(allowed).collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// The ids a theme's templates write literally (`id="main"`), which
/// content must never repeat.
pub fn template_ids<'a>(templates: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for text in templates {
        for (at, _) in text.match_indices(" id=\"") {
            let start = at + 5;
            let Some(len) = text[start..].find('"') else { continue };
            let id = &text[start..start + len];
            if !id.is_empty() && !id.contains(['{', '}', ' ']) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}
