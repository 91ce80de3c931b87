//! Table alignment as classes (`<td class="align-right">`), not the
//! inline styles pulldown-cmark writes, which a strict
//! Content-Security-Policy (`style-src 'self'`) refuses.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// Makes the aligned cells of `events`' tables open with a class
/// (`<td class="align-right">`) instead of the inline style pulldown-cmark
/// writes: each aligned cell's start is written as HTML, and its end is
/// still the writer's (`</td>`), which counts the row's cells.
pub(super) fn align_with_classes(events: &mut [Event<'_>]) {
    let mut columns = Vec::new();
    let mut head = false;
    let mut cell = 0;
    for event in events {
        match event {
            Event::Start(Tag::Table(alignments)) => columns = alignments.clone(),
            Event::Start(Tag::TableHead) => (head, cell) = (true, 0),
            Event::End(TagEnd::TableHead) => head = false,
            Event::Start(Tag::TableRow) => cell = 0,
            Event::End(TagEnd::TableCell) => cell += 1,
            Event::Start(Tag::TableCell) => {
                let start = match (head, columns.get(cell)) {
                    (true, Some(Alignment::Left)) => "<th class=\"align-left\">",
                    (true, Some(Alignment::Center)) => "<th class=\"align-center\">",
                    (true, Some(Alignment::Right)) => "<th class=\"align-right\">",
                    (false, Some(Alignment::Left)) => "<td class=\"align-left\">",
                    (false, Some(Alignment::Center)) => "<td class=\"align-center\">",
                    (false, Some(Alignment::Right)) => "<td class=\"align-right\">",
                    _ => continue,
                };
                *event = Event::InlineHtml(CowStr::Borrowed(start));
            }
            _ => {}
        }
    }
}

/// `html` with every inline `text-align` style made a class: for raw HTML,
/// the only other way a body can write one (text and attributes are
/// escaped), so other bodies are not searched for it.
pub(super) fn styles_to_classes(mut html: String) -> String {
    if html.contains(" style=\"text-align: ") {
        for align in ["left", "center", "right"] {
            html = html.replace(
                &format!(" style=\"text-align: {align}\""),
                &format!(" class=\"align-{align}\""),
            );
        }
    }
    html
}
