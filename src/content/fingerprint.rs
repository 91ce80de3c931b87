//! Fingerprints of a page's translatable text, so a translation can record
//! what it was translated from (`translated_from`) and later learn which
//! sections of its source changed since. Whitespace and shared fields do not
//! count: re-wrapping a paragraph or fixing a date does not make
//! translations stale.

use std::fmt;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::page::Page;

/// A hash of the whole translatable text and one per section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Over title, summary and body.
    pub whole: u64,
    /// Section 0 is the title, summary and the body before the first
    /// heading; each heading starts another. Each with its heading text.
    pub sections: Vec<(String, u16)>,
}

/// The name given to the part of a page before its first heading.
pub const INTRO: &str = "title, summary and introduction";

impl Fingerprint {
    /// Fingerprints a page's translatable text.
    pub fn of(page: &Page) -> Fingerprint {
        Fingerprint::of_page(page, page.body())
    }

    /// [`Fingerprint::of`] a page that a build may have let go of its body:
    /// the body is read again from its file.
    pub fn read(page: &Page) -> Result<Fingerprint, crate::diagnostics::Diagnostic> {
        Ok(Fingerprint::of_page(page, &page.read_body()?))
    }

    /// A page's title and summary with `body`, its body.
    fn of_page(page: &Page, body: &str) -> Fingerprint {
        Fingerprint::of_text(&page.title, page.summary.as_deref().unwrap_or_default(), body)
    }

    /// Fingerprints a title, summary and Markdown body.
    pub fn of_text(title: &str, summary: &str, body: &str) -> Fingerprint {
        let mut cuts: Vec<(usize, String)> = Vec::new();
        let mut heading: Option<(usize, String)> = None;
        for (event, range) in Parser::new(body).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { .. }) => heading = Some((range.start, String::new())),
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, text)) = heading.as_mut() {
                        text.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        cuts.push(h);
                    }
                }
                _ => {}
            }
        }
        let mut sections = Vec::with_capacity(cuts.len() + 1);
        let intro_end = cuts.first().map_or(body.len(), |(at, _)| *at);
        let intro = format!(
            "{}\n{}\n{}",
            normalise(title),
            normalise(summary),
            normalise(&body[..intro_end])
        );
        sections.push((INTRO.to_string(), short(fnv1a(intro.as_bytes()))));
        for (k, (start, name)) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map_or(body.len(), |(at, _)| *at);
            sections.push((
                name.trim().to_string(),
                short(fnv1a(normalise(&body[*start..end]).as_bytes())),
            ));
        }
        let whole = fnv1a(normalise(&format!("{title}\n{summary}\n{body}")).as_bytes());
        Fingerprint { whole, sections }
    }

    /// Reads the form written in front matter: `9f2c1a0b 3b7d 11e0 …`.
    /// Section names are not stored; they come from the current source.
    pub fn parse(text: &str) -> Option<(u32, Vec<u16>)> {
        let text = text.split_once(':').map_or(text, |(_, rest)| rest);
        let mut parts = text.split_whitespace();
        let whole = u32::from_str_radix(parts.next()?, 16).ok()?;
        let sections = parts
            .map(|p| u16::from_str_radix(p, 16).ok())
            .collect::<Option<Vec<_>>>()?;
        Some((whole, sections))
    }

    /// The names of the sections of this (current) source that differ from
    /// a recorded fingerprint; empty when nothing translatable changed.
    pub fn changed_since(&self, recorded: &str) -> Result<Vec<String>, String> {
        let (whole, old) =
            Fingerprint::parse(recorded).ok_or_else(|| format!("`{recorded}` is not a fingerprint written by duet"))?;
        if whole == self.whole as u32 {
            return Ok(Vec::new());
        }
        let mut changed: Vec<String> = Vec::new();
        for (k, (name, hash)) in self.sections.iter().enumerate() {
            if old.get(k) != Some(hash) {
                changed.push(if k < old.len() {
                    name.clone()
                } else {
                    format!("{name} (new)")
                });
            }
        }
        if old.len() > self.sections.len() {
            changed.push(format!(
                "{} section(s) removed at the end",
                old.len() - self.sections.len()
            ));
        }
        if changed.is_empty() {
            // Same sections, different order or boundaries.
            changed.push("the order of sections".into());
        }
        Ok(changed)
    }
}

/// The form written in front matter: 8 hex digits for the whole text, 4 per section.
/// The language a recorded `translated_from` names (`"en:1a2b3c4d …"`):
/// the translation was made from that language's text, not necessarily the
/// group's source. `None` for the older form without a language, which
/// means the source.
pub fn recorded_language(recorded: &str) -> Option<&str> {
    recorded.split_once(':').map(|(lang, _)| lang.trim())
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}", self.whole as u32)?;
        for (_, h) in &self.sections {
            write!(f, " {h:04x}")?;
        }
        Ok(())
    }
}

/// Collapses every run of whitespace to one space and trims the ends.
/// Whitespace runs folded to one space: re-wrapping a paragraph changes no hash.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn short(hash: u64) -> u16 {
    (hash ^ (hash >> 16) ^ (hash >> 32) ^ (hash >> 48)) as u16
}

/// 64-bit FNV-1a: small, fixed and documented, so hashes written today
/// (fingerprints, segment ids, asset names) match those computed later.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro text.\n\n## Bối cảnh\n\nFirst section.\n\n## Nội dung\n\nSecond section.\n";

    #[test]
    fn a_recorded_language_is_read_apart_from_the_hashes() {
        let f = Fingerprint::of_text("T", "S", BODY);
        let written = format!("en:{f}");
        assert_eq!(recorded_language(&written), Some("en"));
        assert_eq!(recorded_language(&f.to_string()), None);
        assert_eq!(f.changed_since(&written), Ok(vec![]));
    }

    #[test]
    fn round_trips_through_its_written_form() {
        let f = Fingerprint::of_text("T", "S", BODY);
        let written = f.to_string();
        assert_eq!(written.split(' ').count(), 4, "{written}");
        assert_eq!(f.changed_since(&written), Ok(vec![]));
    }

    #[test]
    fn whitespace_does_not_count() {
        let f = Fingerprint::of_text("T", "S", BODY).to_string();
        let rewrapped = BODY
            .replace("First section.", "First\n   section.")
            .replace("\n\n## Nội", "\n\n\n## Nội");
        assert_eq!(
            Fingerprint::of_text(" T ", "S", &rewrapped).changed_since(&f),
            Ok(vec![])
        );
    }

    #[test]
    fn names_the_changed_sections() {
        let f = Fingerprint::of_text("T", "S", BODY).to_string();
        let edited = BODY.replace("Second section.", "Second section, longer.");
        assert_eq!(
            Fingerprint::of_text("T", "S", &edited).changed_since(&f),
            Ok(vec!["Nội dung".to_string()])
        );
        assert_eq!(
            Fingerprint::of_text("T2", "S", BODY).changed_since(&f),
            Ok(vec![INTRO.to_string()])
        );
        let added = format!("{BODY}\n## Kết luận\n\nMore.\n");
        assert_eq!(
            Fingerprint::of_text("T", "S", &added).changed_since(&f),
            Ok(vec!["Kết luận (new)".to_string()])
        );
    }

    #[test]
    fn a_hash_in_a_code_block_is_not_a_heading() {
        let body = "Intro.\n\n```\n# not a heading\n```\n";
        assert_eq!(Fingerprint::of_text("T", "", body).sections.len(), 1);
    }

    #[test]
    fn rejects_what_it_did_not_write() {
        let f = Fingerprint::of_text("T", "S", BODY);
        assert!(f.changed_since("hello").is_err());
    }
}
