//! Markdown: the pulldown-cmark event pipeline that turns a page body into
//! HTML — tables, footnotes, strikethrough, and an `id` on every heading
//! (written `{#id}` or folded from the heading's text, unique per page).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::i18n::slug::fold;

/// A heading of the rendered body, for tables of contents and link checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// Level 1–6.
    pub level: u8,
    /// Its `id` attribute.
    pub id: String,
    /// Its plain text.
    pub title: String,
}

/// A rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Its headings, in order.
    pub headings: Vec<Heading>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to HTML.
pub fn render(markdown: &str) -> Rendered {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let headings = assign_heading_ids(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());
    Rendered { html, headings }
}

/// Gives every heading an id: its own `{#id}` if written, else its text
/// folded to a slug; repeats get `-2`, `-3`.
fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<Heading> {
    let mut used = HashSet::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level as u8;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let folded = fold(&text);
                if folded.is_empty() {
                    "section".to_string()
                } else {
                    folded
                }
            });
            let mut unique = base.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading {
                level,
                id: unique,
                title: text.trim().to_string(),
            });
            i = j;
        }
        i += 1;
    }
    headings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_folded_unique_ids() {
        let r = render("## Hợp tác\n\ntext\n\n## Hợp tác\n\n### Custom {#mine}\n");
        assert!(
            r.html.contains("<h2 id=\"hop-tac\">Hợp tác</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"hop-tac-2\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"mine\">Custom</h3>"), "{}", r.html);
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hop-tac", "hop-tac-2", "mine"]);
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
        assert!(r.html.contains("footnote-definition"), "{}", r.html);
    }

    #[test]
    fn text_is_escaped() {
        let r = render("a <b & \"c\"");
        assert!(r.html.contains("&lt;b &amp;"), "{}", r.html);
    }
}
