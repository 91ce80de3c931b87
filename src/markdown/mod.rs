//! Markdown: the pulldown-cmark event pipeline that turns a page body into
//! HTML — tables, footnotes, strikethrough, an `id` on every heading
//! (written `{#id}` or folded from the heading's text, unique per page and
//! never one the theme uses), link destinations checked for their URL
//! scheme, and raw HTML sanitised unless the site trusts its editors.

mod picture;
pub mod sanitise;
mod scan;
mod tables;

use std::collections::{BTreeSet, HashMap, HashSet};

use pulldown_cmark::{Alignment, CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::config::{MarkdownConfig, RawHtml};
use crate::i18n::slug::slugify;
pub use picture::Picture;
use sanitise::Sanitiser;
pub use scan::{Scanned, scan};

/// How a site's bodies are rendered: its raw HTML policy and the ids its
/// theme keeps for itself.
#[derive(Debug)]
pub struct Settings {
    raw_html: RawHtml,
    reserved: BTreeSet<String>,
    sanitiser: Sanitiser,
    /// A hash of what a scan depends on (the reserved ids), so that a
    /// body scanned with other settings is not taken as scanned with these.
    scan_key: u64,
}

impl Settings {
    /// Settings from `site.yaml`'s `markdown` section and the ids the
    /// theme's templates use.
    pub fn new(config: &MarkdownConfig, reserved: BTreeSet<String>) -> Settings {
        Settings {
            raw_html: config.raw_html,
            sanitiser: Sanitiser::new(&config.embeds, &reserved),
            scan_key: scan::key(&reserved),
            reserved,
        }
    }
}

impl Default for Settings {
    /// Raw HTML sanitised, no embeds, no reserved ids.
    fn default() -> Settings {
        Settings::new(&MarkdownConfig::default(), BTreeSet::new())
    }
}

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

/// What a link check needs of a body: the ids of its headings (the
/// anchors links may name) and its links, without the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysed {
    /// The `id` of each heading, in order.
    pub anchors: Vec<String>,
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
    /// Why it may not be published (a `javascript:` URL); it is then left out of the HTML.
    pub forbidden: Option<String>,
    /// Its byte offset in the body.
    pub offset: usize,
    /// For an image, its alt text (empty when it has none).
    pub alt: Option<String>,
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
    /// It names a file published beside the pages: a link leads to `url`,
    /// an image shows `picture`.
    Asset {
        /// Where a link to it leads.
        url: String,
        /// How an image of it is shown.
        picture: Picture,
    },
    /// It may not be published (it leaves the content folder).
    Forbidden(String),
}

/// The Markdown extensions the site renders with; the translation exchange
/// segments bodies with the same, so both see the same structure.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to HTML with default settings, leaving links as written.
pub fn render(markdown: &str) -> Rendered {
    render_with(markdown, &Settings::default(), &|_| Resolved::Keep)
}

/// Renders Markdown to HTML; `resolve` decides what each link and image
/// destination becomes (links to content files become their pages' URLs).
pub fn render_with(markdown: &str, settings: &Settings, resolve: &dyn Fn(&str) -> Resolved) -> Rendered {
    process(markdown, settings, resolve, true).0
}

/// The headings and links of a body, as [`render_with`] finds them, without
/// writing its HTML (for link checks, which need no HTML).
pub fn analyse(markdown: &str, settings: &Settings, resolve: &dyn Fn(&str) -> Resolved) -> Analysed {
    let (found, _) = process(markdown, settings, resolve, false);
    Analysed {
        anchors: found.headings.into_iter().map(|h| h.id).collect(),
        links: found.links,
    }
}

/// The body rendered (or only analysed), and whether its headings and
/// links would be found the same whatever its images resolve to: an image
/// of an asset hides its alt text from the heading it is in and the links
/// inside it ([`scan`]).
fn process(
    markdown: &str,
    settings: &Settings,
    resolve: &dyn Fn(&str) -> Resolved,
    write_html: bool,
) -> (Rendered, bool) {
    let mut exact = true;
    let mut in_heading = false;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    let mut raw_html = false;
    // A table with a column aligned: its cells are written with an inline style.
    let mut aligned = false;
    // An image being replaced by a `<picture>`: its index in `links`, the picture, its alt text so far.
    let mut picture: Option<(usize, Picture, String)> = None;
    // An image kept as written: its index in `links`, whose alt text gathers its text.
    let mut open_image: Option<usize> = None;
    for (mut event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        // Without HTML to write, only a heading's events are kept, for its id.
        let keep = write_html || in_heading || matches!(event, Event::Start(Tag::Heading { .. }));
        match &event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Image { .. }) if in_heading => exact = false,
            _ => {}
        }
        if matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. }))
            && (picture.is_some() || open_image.is_some())
        {
            exact = false;
        }
        if let Some((at, pic, alt)) = &mut picture {
            match &event {
                Event::End(TagEnd::Image) => {
                    links[*at].alt = Some(alt.clone());
                    if write_html {
                        events.push(Event::InlineHtml(CowStr::from(pic.html(alt))));
                    }
                    picture = None;
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                _ => {}
            }
            continue;
        }
        raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        aligned |= matches!(&event, Event::Start(Tag::Table(columns)) if columns.iter().any(|c| *c != Alignment::None));
        let is_image = matches!(event, Event::Start(Tag::Image { .. }));
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
            let mut link = Link {
                dest: dest_url.to_string(),
                resolved: None,
                broken: None,
                forbidden: None,
                offset: range.start,
                alt: is_image.then(String::new),
            };
            if let Err(why) = crate::url::check(dest_url) {
                // The build fails on it; the HTML never carries it meanwhile.
                *dest_url = CowStr::Borrowed("");
                link.forbidden = Some(why);
                if is_image {
                    open_image = Some(links.len());
                }
                links.push(link);
                if keep {
                    events.push(event);
                }
                continue;
            }
            match resolve(dest_url) {
                Resolved::Keep => {}
                Resolved::Rewrite(url) => {
                    *dest_url = CowStr::from(url.clone());
                    link.resolved = Some(url);
                }
                Resolved::Broken(why) => link.broken = Some(why),
                Resolved::Forbidden(why) => {
                    *dest_url = CowStr::Borrowed("");
                    link.forbidden = Some(why);
                }
                Resolved::Asset { url, picture: pic } => {
                    link.resolved = Some(url.clone());
                    if is_image {
                        picture = Some((links.len(), pic, String::new()));
                        links.push(link);
                        continue;
                    }
                    *dest_url = CowStr::from(url);
                }
            }
            if is_image {
                open_image = Some(links.len());
            }
            links.push(link);
        }
        match &event {
            Event::End(TagEnd::Image) => open_image = None,
            Event::Text(t) | Event::Code(t) => {
                if let Some(alt) = open_image.and_then(|at| links[at].alt.as_mut()) {
                    alt.push_str(t);
                }
            }
            _ => {}
        }
        if keep {
            events.push(event);
        }
    }
    let headings = assign_heading_ids(&mut events, &settings.reserved);
    if !write_html {
        let rendered = Rendered {
            html: String::new(),
            headings,
            links,
        };
        return (rendered, exact);
    }
    // Table alignment as classes, not inline styles (see `tables`).
    if aligned {
        tables::align_with_classes(&mut events);
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());
    if raw_html {
        html = tables::styles_to_classes(html);
    }
    // Only bodies with raw HTML need the sanitiser: pulldown-cmark escapes
    // all text itself, and link schemes were checked above.
    if raw_html && settings.raw_html == RawHtml::Sanitise {
        html = settings.sanitiser.clean(&html);
    }
    (Rendered { html, headings, links }, exact)
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
/// folded to a slug; repeats and ids in `reserved` get `-2`, `-3`. Each
/// base remembers its last suffix, so many equal headings stay linear.
fn assign_heading_ids(events: &mut [Event<'_>], reserved: &BTreeSet<String>) -> Vec<Heading> {
    let mut used: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level as u8;
            let explicit = id.as_ref().map(std::string::ToString::to_string);
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                match &events[j] {
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    // The lines of a setext heading are words apart.
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let folded = slugify(&text);
                if folded.is_empty() {
                    "section".to_string()
                } else {
                    folded
                }
            });
            let mut unique = base.clone();
            if used.contains(&unique) || reserved.contains(&unique) {
                let n = next_suffix.entry(base.clone()).or_insert(2);
                loop {
                    unique = format!("{base}-{n}");
                    *n += 1;
                    if !used.contains(&unique) && !reserved.contains(&unique) {
                        break;
                    }
                }
            }
            used.insert(unique.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading {
                level,
                id: unique,
                title: text.split_whitespace().collect::<Vec<_>>().join(" "),
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
        let aligned = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n").html;
        assert!(aligned.contains(r#"<td class="align-center">2</td>"#), "{aligned}");
        assert!(aligned.contains(r#"<th class="align-right">c</th>"#), "{aligned}");
        assert!(
            !aligned.contains("style="),
            "no inline style a CSP would refuse: {aligned}"
        );
        // Each row counts its cells from the first column.
        let rows = render("| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 | 4 |\n").html;
        assert!(
            rows.contains("<tr><td>3</td><td class=\"align-right\">4</td></tr>"),
            "{rows}"
        );
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
        let r = render_with(
            "[x](a.md) [y](missing.md) [z](https://e.org) ![i](a.md)",
            &Settings::default(),
            &resolve,
        );
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

    #[test]
    fn picture_attributes_are_escaped() {
        let picture = Picture {
            src: "/media/a&b-960.jpg".into(),
            srcset: "/media/a&b-480.jpg 480w, /media/a&b-960.jpg 960w".into(),
            webp_srcset: "/media/c-480.webp 480w".into(),
            mime: "image/jpeg".into(),
            width: Some(960),
            height: Some(640),
            sizes: "100vw".into(),
            eager: false,
        };
        assert_eq!(
            picture.html("Hai bên ký \"<thỏa thuận>\""),
            "<picture><source type=\"image/webp\" srcset=\"/media/c-480.webp 480w\" sizes=\"100vw\">\
             <img src=\"/media/a&amp;b-960.jpg\" srcset=\"/media/a&amp;b-480.jpg 480w, /media/a&amp;b-960.jpg 960w\" \
             sizes=\"100vw\" width=\"960\" height=\"640\" alt=\"Hai bên ký &quot;&lt;thỏa thuận&gt;&quot;\" \
             loading=\"lazy\" decoding=\"async\"></picture>"
        );
    }

    fn reserved(ids: &[&str]) -> Settings {
        Settings::new(
            &MarkdownConfig::default(),
            ids.iter().map(std::string::ToString::to_string).collect(),
        )
    }

    #[test]
    fn heading_ids_never_take_the_themes_ids() {
        let settings = reserved(&["main", "main-2"]);
        let r = render_with("## Main\n\n## Main\n\n## Other {#main}\n", &settings, &|_| {
            Resolved::Keep
        });
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main-3", "main-4", "main-5"]);
    }

    #[test]
    fn setext_heading_lines_are_words_apart() {
        let r = render("Hợp tác\nchiến lược\n===\n");
        assert_eq!(r.headings[0].id, "hop-tac-chien-luoc");
        assert_eq!(r.headings[0].title, "Hợp tác chiến lược");
    }

    #[test]
    fn many_equal_headings_get_suffixes_in_order() {
        let body = "## A\n\n".repeat(5) + "## A-2\n";
        let ids: Vec<_> = render(&body).headings.into_iter().map(|h| h.id).collect();
        assert_eq!(ids, ["a", "a-2", "a-3", "a-4", "a-5", "a-2-2"]);
    }

    #[test]
    fn script_urls_in_links_and_images_are_refused() {
        let r = render("[x](javascript:alert(1)) ![i](VBScript:x) [ok](https://e.org)");
        assert!(!r.html.to_lowercase().contains("script:"), "{}", r.html);
        let refused: Vec<_> = r
            .links
            .iter()
            .filter(|l| l.forbidden.is_some())
            .map(|l| l.offset)
            .collect();
        assert_eq!(refused, [0, 25]);
        assert!(!r.html.to_lowercase().contains("vbscript"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_sanitised_by_default() {
        let body = "<script>alert(1)</script>\n\n<p onclick=\"x()\">Hi <a href=\"javascript:x\">a</a> <b>bold</b></p>\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/1\"></iframe>\n\n<div id=\"main\">d</div>\n";
        let html = render_with(body, &reserved(&["main"]), &|_| Resolved::Keep).html;
        for gone in ["<script", "alert", "onclick", "javascript", "<iframe", "id=\"main\""] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("<b>bold</b>"), "{html}");
    }

    #[test]
    fn embeds_come_only_from_listed_hosts() {
        let config = MarkdownConfig {
            embeds: vec!["www.youtube-nocookie.com".into()],
            ..MarkdownConfig::default()
        };
        let settings = Settings::new(&config, BTreeSet::new());
        let body = "<iframe src=\"https://www.youtube-nocookie.com/embed/1\" title=\"v\"></iframe>\n\n<iframe src=\"https://evil.example/x\"></iframe>\n\n<iframe src=\"http://www.youtube-nocookie.com/embed/2\"></iframe>\n";
        let html = render_with(body, &settings, &|_| Resolved::Keep).html;
        assert!(
            html.contains("src=\"https://www.youtube-nocookie.com/embed/1\""),
            "{html}"
        );
        assert!(!html.contains("evil.example"), "{html}");
        assert!(!html.contains("embed/2"), "{html}");
    }

    /// Settings of a site that trusts its raw HTML.
    fn trusted() -> Settings {
        let config = MarkdownConfig {
            raw_html: RawHtml::Trusted,
            ..MarkdownConfig::default()
        };
        Settings::new(&config, BTreeSet::new())
    }

    #[test]
    fn trusted_raw_html_is_kept() {
        let settings = trusted();
        let html = render_with("<script>go()</script>\n", &settings, &|_| Resolved::Keep).html;
        assert!(html.contains("<script>go()</script>"), "{html}");
    }

    #[test]
    fn an_inline_alignment_becomes_a_class_wherever_it_comes_from() {
        let settings = trusted();
        let html = |body| render_with(body, &settings, &|_| Resolved::Keep).html;
        let raw = html("<table><tr><td style=\"text-align: right\">1</td></tr></table>\n");
        assert!(raw.contains(r#"<td class="align-right">1</td>"#), "{raw}");
        // Shown as code, beside a table without alignment, it is left as written.
        let code = html("`<td style=\"text-align: right\">`\n\n| a |\n|---|\n| 1 |\n");
        assert!(!code.contains("class=\"align-"), "{code}");
        assert!(
            code.contains(r#"<code>&lt;td style="text-align: right"&gt;</code>"#),
            "{code}"
        );
    }

    #[test]
    fn analysing_finds_the_anchors_and_links_rendering_writes() {
        let body = "# A `b` c\n\nText [x](y.md).\n\nSetext\nlines\n---\n\n## A b c\n\n> ## [In](q.md) a quote\n\n- item ![i](p.png)\n";
        let settings = Settings::default();
        let rendered = render_with(body, &settings, &|_| Resolved::Keep);
        let found = analyse(body, &settings, &|_| Resolved::Keep);
        let ids: Vec<String> = rendered.headings.iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids, ["a-b-c", "setext-lines", "a-b-c-2", "in-a-quote"]);
        assert_eq!(found.anchors, ids);
        let dests = |links: &[Link]| links.iter().map(|l| l.dest.clone()).collect::<Vec<_>>();
        assert_eq!(dests(&found.links), ["y.md", "q.md", "p.png"]);
        assert_eq!(dests(&found.links), dests(&rendered.links));
    }

    #[test]
    fn sanitising_keeps_what_markdown_writes() {
        let body = "<b>x</b>\n\n## Title\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\nnote[^1]\n\n[^1]: n\n\n```rust\nfn x() {}\n```\n";
        let html = render(body).html;
        for kept in [
            "<h2 id=\"title\">",
            "<th class=\"align-center\">",
            "class=\"footnote-reference\"",
            "class=\"language-rust\"",
            "class=\"footnote-definition\"",
        ] {
            assert!(html.contains(kept), "{kept} lost in {html}");
        }
    }
}
