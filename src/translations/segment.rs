//! Cutting a Markdown body into the segments a translator translates
//! (headings, paragraphs, list items, table cells, footnotes; image alt text
//! inside them), each a byte range of the body, its inline markup turned into
//! codes a CAT tool protects. Everything outside the segments (list markers,
//! `#`, fences, code blocks, HTML blocks, link definitions) is the skeleton,
//! kept byte for byte when a translation is rebuilt.

use std::collections::HashMap;
use std::ops::Range;

use crate::content::fingerprint::fnv1a;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One piece of a segment: text to translate, or markup to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Source text, exactly as written (escapes included).
    Text(String),
    /// The opening markup of a pair (`**`, `[`, `![`), numbered in its segment.
    Open(u32, String),
    /// The closing markup of pair `id` (`**`, `](url)`).
    Close(u32, String),
    /// Markup standing alone (a code span, a line break's prefix, inline HTML).
    Code(u32, String),
}

/// A translatable piece of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Stable across unrelated edits: a hash of the folded source text, with
    /// `.N` for its Nth repeat within the page.
    pub id: String,
    /// Where it is in the body; empty for front matter fields.
    pub range: Range<usize>,
    /// The fingerprint section it belongs to (0: title, summary, intro).
    pub section: usize,
    /// Its text and codes, in order.
    pub parts: Vec<Part>,
}

impl Segment {
    /// A front matter field (`title`, `summary`): plain text, no codes.
    pub fn field(id: &str, text: &str) -> Segment {
        Segment {
            id: id.to_string(),
            range: 0..0,
            section: 0,
            parts: vec![Part::Text(text.to_string())],
        }
    }

    /// The segment as written in the source, codes expanded.
    pub fn source_text(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) | Part::Open(_, t) | Part::Close(_, t) | Part::Code(_, t) => t.as_str(),
            })
            .collect()
    }

    /// The number of words a translator is paid for (see [`words_of`]).
    pub fn words(&self) -> usize {
        words_of(&self.parts)
    }
}

/// The words a translator is paid for in `parts`: each text part counted
/// on its own (see [`words`]), so markup between two words keeps them two.
pub fn words_of(parts: &[Part]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => words(t),
            _ => 0,
        })
        .sum()
}

/// Words as translation vendors count them: runs of letters and digits
/// between spaces, and each Han, kana or Hangul character on its own
/// (Chinese and Japanese are quoted by character).
pub fn words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_ideograph(c) {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                count += 1;
            }
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
    }
    count
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// The body's segments in order, and the start of each section after the
/// first (the fingerprint's cuts: where each heading starts).
pub fn segment(body: &str) -> (Vec<Segment>, Vec<usize>) {
    let mut run = Run::default();
    let mut segments: Vec<Segment> = Vec::new();
    let mut cuts = Vec::new();
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                run.finish(body, &mut segments, cuts.len());
                cuts.push(range.start);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                run.finish(body, &mut segments, cuts.len());
                in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            _ if in_code_block => {}
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }) => {
                run.open(body, range);
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image) => {
                run.close(body);
            }
            Event::Text(_) => run.leaf(body, range, true),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::TaskListMarker(_) => run.leaf(body, range, false),
            // Every other event is a block boundary: the run of inline content ends.
            _ => run.finish(body, &mut segments, cuts.len()),
        }
    }
    run.finish(body, &mut segments, cuts.len());
    number(&mut segments);
    (segments, cuts)
}

/// Gives each segment its id: the hash of its folded text, `.N` for repeats.
fn number(segments: &mut [Segment]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for segment in segments.iter_mut() {
        let hash = format!("{:08x}", fnv1a(fold(&segment.source_text()).as_bytes()) as u32);
        let n = seen.entry(hash.clone()).or_insert(0);
        *n += 1;
        segment.id = if *n == 1 { hash } else { format!("{hash}.{n}") };
    }
}

/// Whitespace runs folded to one space, so re-wrapping keeps ids.
pub fn fold(text: &str) -> String {
    crate::content::fingerprint::normalise(text)
}

/// An open inline element: where it starts and ends, and whether its
/// opening markup has been emitted yet (it ends where its first child starts).
struct Frame {
    start: usize,
    end: usize,
    id: Option<u32>,
}

/// The inline content being gathered into one segment.
#[derive(Default)]
struct Run {
    start: Option<usize>,
    pos: usize,
    parts: Vec<Part>,
    stack: Vec<Frame>,
    next_id: u32,
}

impl Run {
    fn begin(&mut self, at: usize) {
        if self.start.is_none() {
            self.start = Some(at);
            self.pos = at;
        }
    }

    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// Emits the markup before `at`: the pending opening markup of the
    /// innermost element, or a standalone code for anything else.
    fn markup_until(&mut self, body: &str, at: usize) {
        let pending = self.stack.last().is_some_and(|f| f.id.is_none());
        if pending {
            let id = self.id();
            if let Some(frame) = self.stack.last_mut() {
                frame.id = Some(id);
            }
            self.parts.push(Part::Open(id, body[self.pos..at].to_string()));
        } else if at > self.pos {
            let gap = &body[self.pos..at];
            // A line break's indentation reads as text, not as a code to place.
            if gap.trim().is_empty() {
                self.push_text(gap);
            } else {
                let id = self.id();
                self.parts.push(Part::Code(id, gap.to_string()));
            }
        }
        self.pos = at;
    }

    fn push_text(&mut self, text: &str) {
        if let Some(Part::Text(last)) = self.parts.last_mut() {
            last.push_str(text);
        } else {
            self.parts.push(Part::Text(text.to_string()));
        }
    }

    fn open(&mut self, body: &str, range: Range<usize>) {
        self.begin(range.start);
        self.markup_until(body, range.start);
        self.stack.push(Frame {
            start: range.start,
            end: range.end,
            id: None,
        });
    }

    fn close(&mut self, body: &str) {
        let Some(frame) = self.stack.pop() else { return };
        let end = frame.end.max(self.pos);
        match frame.id {
            Some(id) => self.parts.push(Part::Close(id, body[self.pos..end].to_string())),
            // Nothing inside (`![](logo.png)`): all of it is one code.
            None => {
                let id = self.id();
                self.parts.push(Part::Code(id, body[frame.start..end].to_string()));
            }
        }
        self.pos = end;
    }

    fn leaf(&mut self, body: &str, range: Range<usize>, text: bool) {
        self.begin(range.start);
        let start = range.start.max(self.pos);
        self.markup_until(body, start);
        let end = range.end.max(start);
        let raw = &body[start..end];
        if text || raw.trim().is_empty() {
            self.push_text(raw);
        } else {
            let id = self.id();
            self.parts.push(Part::Code(id, raw.to_string()));
        }
        self.pos = end;
    }

    fn finish(&mut self, body: &str, segments: &mut Vec<Segment>, section: usize) {
        while !self.stack.is_empty() {
            self.close(body);
        }
        let run = std::mem::take(self);
        let Some(start) = run.start else { return };
        let mut parts = run.parts;
        // Trailing whitespace belongs to the skeleton, so a translator's
        // trimmed target does not change the layout.
        let mut end = run.pos;
        if let Some(Part::Text(last)) = parts.last_mut() {
            let kept = last.trim_end().len();
            end -= last.len() - kept;
            last.truncate(kept);
            if last.is_empty() {
                parts.pop();
            }
        }
        let translatable = parts
            .iter()
            .any(|p| matches!(p, Part::Text(t) if t.chars().any(char::is_alphanumeric)));
        if translatable {
            segments.push(Segment {
                id: String::new(),
                range: start..end,
                section,
                parts,
            });
        }
    }
}

/// Rebuilds `body[range]` with the text of each of `segments` (those in
/// `range`, in order) replaced by `text(segment)`, every byte of the
/// skeleton kept.
pub fn rebuild<'a, T: AsRef<str>>(
    body: &str,
    range: Range<usize>,
    segments: impl IntoIterator<Item = &'a Segment>,
    text: impl Fn(&Segment) -> T,
) -> String {
    let mut out = String::with_capacity(range.len());
    let mut pos = range.start;
    for segment in segments {
        out.push_str(&body[pos..segment.range.start]);
        out.push_str(text(segment).as_ref());
        pos = segment.range.end;
    }
    out.push_str(&body[pos..range.end]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro with **bold** and [a link](https://e.org \"t\").\n\n## Bối cảnh\n\n- item *one*\n- item `two`\n  continued\n\n> quoted\n> line\n\n| a | b |\n|---|---|\n| ô | 中文 |\n\n![alt text](p.jpg) and ![](logo.png)\n\n```\ncode # not translated\n```\n\nSame.\n\nSame.\n";

    #[test]
    fn segments_rebuild_the_body_byte_for_byte() {
        let (segments, cuts) = segment(BODY);
        assert_eq!(cuts.len(), 1);
        assert_eq!(rebuild(BODY, 0..BODY.len(), &segments, Segment::source_text), BODY);
        // Section by section, as an import rebuilds the sections it covers.
        let mut starts = vec![0];
        starts.extend(&cuts);
        starts.push(BODY.len());
        let by_section: String = starts
            .windows(2)
            .enumerate()
            .map(|(k, w)| {
                let in_section = segments.iter().filter(|s| s.section == k);
                rebuild(BODY, w[0]..w[1], in_section, Segment::source_text)
            })
            .collect();
        assert_eq!(by_section, BODY);
        for s in &segments {
            assert_eq!(s.source_text(), &BODY[s.range.clone()], "{s:?}");
        }
    }

    #[test]
    fn inline_markup_becomes_codes() {
        let (segments, _) = segment(BODY);
        let first = &segments[0].parts;
        assert_eq!(first[1], Part::Open(1, "**".into()));
        assert_eq!(first[3], Part::Close(1, "**".into()));
        assert_eq!(first[5], Part::Open(2, "[".into()));
        assert_eq!(first[7], Part::Close(2, "](https://e.org \"t\")".into()));
        let texts: Vec<String> = segments.iter().map(Segment::source_text).collect();
        assert!(texts.contains(&"Bối cảnh".to_string()), "{texts:?}");
        assert!(texts.contains(&"中文".to_string()), "{texts:?}");
        assert!(
            texts.contains(&"![alt text](p.jpg) and ![](logo.png)".to_string()),
            "{texts:?}"
        );
        assert!(!texts.iter().any(|t| t.contains("not translated")), "{texts:?}");
        assert_eq!(segments[1].section, 1);
    }

    #[test]
    fn ids_survive_unrelated_edits_and_count_repeats() {
        let (before, _) = segment(BODY);
        let (after, _) = segment(
            &BODY
                .replace("item *one*", "item *one* changed")
                .replace("Intro", "Intro\n"),
        );
        let ids = |s: &[Segment]| s.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        let (before, after) = (ids(&before), ids(&after));
        assert_eq!(before.len(), after.len());
        let differing: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a != b).collect();
        assert_eq!(differing.len(), 1, "only the edited item changes id: {differing:?}");
        assert!(before.iter().any(|id| id.ends_with(".2")), "{before:?}");
    }

    #[test]
    fn counts_words_and_characters() {
        assert_eq!(words("Hợp tác chiến lược, 2025"), 5);
        assert_eq!(words("联想 与 生态"), 5);
        assert_eq!(words("اتفاقية شراكة"), 2);
    }
}
