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
    /// Every link and image destination, in order, with where it is.
    pub links: Vec<Link>,
}

/// A link or image destination written in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// As written.
    pub dest: String,
    /// What it was rewritten to, if it names a content file.
    pub resolved: Option<String>,
    /// Why it could not be resolved, if it names a content file that does not exist.
    pub broken: Option<String>,
    /// Its byte offset in the body.
    pub offset: usize,
}

/// What to do with a link destination written in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Leave it as written (external links, plain URLs, same-page anchors).
    Keep,
    /// It names a content file: link to this URL instead.
    Rewrite(String),
    /// It names a content file that does not exist.
    Broken(String),
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to HTML, leaving links as written.
pub fn render(markdown: &str) -> Rendered {
    render_with(markdown, &|_| Resolved::Keep)
}

/// Renders Markdown to HTML; `resolve` decides what each link and image
/// destination becomes (links to content files become their pages' URLs).
pub fn render_with(markdown: &str, resolve: &dyn Fn(&str) -> Resolved) -> Rendered {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut links = Vec::new();
    for (mut event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
            let mut link = Link {
                dest: dest_url.to_string(),
                resolved: None,
                broken: None,
                offset: range.start,
            };
            match resolve(dest_url) {
                Resolved::Keep => {}
                Resolved::Rewrite(url) => {
                    *dest_url = CowStr::from(url.clone());
                    link.resolved = Some(url);
                }
                Resolved::Broken(why) => link.broken = Some(why),
            }
            links.push(link);
        }
        events.push(event);
    }
    let headings = assign_heading_ids(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());
    Rendered { html, headings, links }
}

/// The plain text of a body, for search and summaries: words of text and
/// code, blocks separated by newlines, no markup.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => text.push('\n'),
            _ => {}
        }
    }
    text
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
        assert!(r.html.contains("<h2 id=\"hop-tac\">Hợp tác</h2>"), "{}", r.html);
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
    fn links_are_resolved_and_recorded() {
        let resolve = |dest: &str| match dest {
            "a.md" => Resolved::Rewrite("/vi/a/".into()),
            "missing.md" => Resolved::Broken("no such page".into()),
            _ => Resolved::Keep,
        };
        let r = render_with("[x](a.md) [y](missing.md) [z](https://e.org) ![i](a.md)", &resolve);
        assert!(r.html.contains(r#"<a href="/vi/a/">x</a>"#), "{}", r.html);
        assert!(r.html.contains(r#"<a href="missing.md">y</a>"#), "{}", r.html);
        assert!(r.html.contains(r#"<img src="/vi/a/""#), "{}", r.html);
        let broken: Vec<_> = r
            .links
            .iter()
            .filter(|l| l.broken.is_some())
            .map(|l| (l.dest.as_str(), l.offset))
            .collect();
        assert_eq!(broken, [("missing.md", 10)]);
        assert_eq!(r.links.len(), 4);
    }

    #[test]
    fn plain_text_drops_markup() {
        let t = plain_text("## Hợp *tác*\n\nMột [liên kết](x) và `mã`.\n");
        assert_eq!(t, "Hợp tác\nMột liên kết và mã.\n");
    }

    #[test]
    fn text_is_escaped() {
        let r = render("a <b & \"c\"");
        assert!(r.html.contains("&lt;b &amp;"), "{}", r.html);
    }
}
