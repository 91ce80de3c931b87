//! A page as a translator sees it: its translatable front matter fields and
//! body segments, grouped in the fingerprint's sections (cut at headings),
//! so staleness recorded per section maps onto segments.

use std::ops::Range;

use crate::content::Fingerprint;
use crate::content::page::{Page, TRANSLATED_FIELDS};
use crate::translations::segment::{Segment, segment};

/// The translatable text of one page.
pub struct Document<'a> {
    /// The page.
    pub page: &'a Page,
    /// the translated front matter fields (when written), then the body's segments.
    pub segments: Vec<Segment>,
    /// Each section's byte range in the body.
    pub sections: Vec<Range<usize>>,
}

impl<'a> Document<'a> {
    /// Cuts `page` into segments and sections.
    pub fn of(page: &'a Page) -> Document<'a> {
        let body = page.body();
        let (body_segments, cuts) = segment(body);
        let mut segments: Vec<Segment> = TRANSLATED_FIELDS
            .iter()
            .filter_map(|&key| page.translated_field(key).map(|text| Segment::field(key, text)))
            .collect();
        segments.extend(body_segments);
        let mut starts = vec![0];
        starts.extend(cuts);
        let sections = starts
            .iter()
            .enumerate()
            .map(|(k, &start)| start..starts.get(k + 1).copied().unwrap_or(body.len()))
            .collect();
        Document {
            page,
            segments,
            sections,
        }
    }

    /// The body segments of section `k`.
    pub fn body_segments(&self, k: usize) -> impl Iterator<Item = &Segment> {
        self.segments
            .iter()
            .filter(move |s| s.section == k && !s.range.is_empty())
    }

    /// A name for section `k` a translator recognises: its heading.
    pub fn section_name(&self, k: usize) -> String {
        match k {
            0 => crate::content::fingerprint::INTRO.to_string(),
            _ => self
                .body_segments(k)
                .next()
                .map_or_else(|| format!("section {k}"), Segment::source_text),
        }
    }

    /// The sections that changed since fingerprint `recorded` (all of them
    /// when it cannot be read, or when sections moved without changing).
    pub fn changed_sections(&self, recorded: &str) -> Vec<usize> {
        let current = Fingerprint::of(self.page);
        let all = (0..self.sections.len()).collect();
        let Some((whole, old)) = Fingerprint::parse(recorded) else {
            return all;
        };
        if whole == current.whole as u32 {
            return Vec::new();
        }
        let changed: Vec<usize> = current
            .sections
            .iter()
            .enumerate()
            .filter(|(k, (_, hash))| old.get(*k) != Some(hash))
            .map(|(k, _)| k)
            .collect();
        if changed.is_empty() { all } else { changed }
    }

    /// Words to translate in sections `which`.
    pub fn words(&self, which: &[usize]) -> usize {
        self.segments
            .iter()
            .filter(|s| which.contains(&s.section))
            .map(Segment::words)
            .sum()
    }
}

/// The fingerprint a translation records for `page` (`vi:8ae056b9 975f …`).
pub fn fingerprint_of(page: &Page) -> String {
    format!("{}:{}", page.lang, Fingerprint::of(page))
}
