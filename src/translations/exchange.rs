//! What one exchange file holds, whatever its format: the units of one
//! page handed to a translator, and what comes back. XLIFF and PO read
//! and write this; export fills it, import checks and applies it.

use std::collections::HashMap;

use crate::translations::segment::{Part, Segment};

/// One page's units for one target language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    /// The source file, relative to the site root (`content/articles/x.vi.md`).
    pub original: String,
    /// The language translated from.
    pub source_lang: String,
    /// The language translated into.
    pub target_lang: String,
    /// The source's fingerprint at export (`vi:8ae056b9 975f …`), stamped
    /// as `translated_from` on import, so later source edits still show.
    pub fingerprint: String,
    /// The units, in page order.
    pub units: Vec<Unit>,
}

/// One segment to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The segment id (`title`, `summary`, or a body segment's).
    pub id: String,
    /// The source text and codes.
    pub source: Vec<Part>,
    /// The translation, when there is one; codes carry only their ids.
    pub target: Option<Vec<Part>>,
    /// Context: the source text this unit had when last translated.
    pub previous_source: Option<String>,
    /// Context: the existing (now stale) translation.
    pub previous_target: Option<Vec<Part>>,
    /// For the translator: the section the unit is in.
    pub note: Option<String>,
    /// Where the unit starts in the exchange file (line, column), for errors.
    pub at: (usize, usize),
}

impl Unit {
    /// A unit for `segment`, without translation or context.
    pub fn of(segment: &Segment, note: Option<String>) -> Unit {
        Unit {
            id: segment.id.clone(),
            source: segment.parts.clone(),
            target: None,
            previous_source: None,
            previous_target: None,
            note,
            at: (0, 0),
        }
    }
}

/// Turns a translated unit back into Markdown: its text, with each code
/// replaced by the source segment's markup of the same id. The codes must
/// be exactly the source's (each once, pairs opened before closed and
/// nested), so a translator cannot break a link or emphasis.
pub fn expand(target: &[Part], source: &[Part]) -> Result<String, String> {
    let mut markup: HashMap<(u8, u32), &str> = HashMap::new();
    for part in source {
        match part {
            Part::Open(id, m) => markup.insert((0, *id), m),
            Part::Close(id, m) => markup.insert((1, *id), m),
            Part::Code(id, m) => markup.insert((2, *id), m),
            Part::Text(_) => None,
        };
    }
    let name = |kind: u8, id: u32| match kind {
        0 => format!("the opening code {id}"),
        1 => format!("the closing code {id}"),
        _ => format!("the code {id}"),
    };
    let mut out = String::new();
    let mut used: HashMap<(u8, u32), usize> = HashMap::new();
    let mut open: Vec<u32> = Vec::new();
    for part in target {
        let key = match part {
            Part::Text(t) => {
                out.push_str(t);
                continue;
            }
            Part::Open(id, _) => {
                open.push(*id);
                (0, *id)
            }
            Part::Close(id, _) => {
                match open.pop() {
                    Some(top) if top == *id => {}
                    Some(top) => {
                        return Err(format!(
                            "{} closes before {} inside it is closed",
                            name(0, *id),
                            name(0, top)
                        ));
                    }
                    None => return Err(format!("{} comes before its opening code", name(1, *id))),
                }
                (1, *id)
            }
            Part::Code(id, _) => (2, *id),
        };
        let Some(markup) = markup.get(&key).copied() else {
            return Err(format!("{} is not in the source", name(key.0, key.1)));
        };
        *used.entry(key).or_default() += 1;
        if used[&key] > 1 {
            return Err(format!("{} appears twice", name(key.0, key.1)));
        }
        out.push_str(markup);
    }
    if let Some(id) = open.pop() {
        return Err(format!("{} is never closed", name(0, id)));
    }
    let mut missing: Vec<(u8, u32)> = markup.keys().filter(|k| !used.contains_key(k)).copied().collect();
    missing.sort_unstable();
    if let Some(&(kind, id)) = missing.first() {
        return Err(format!(
            "{} is missing (codes keep the Markdown markup: keep every one)",
            name(kind, id)
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::segment::segment;

    fn parts(text: &str) -> Vec<Part> {
        segment(text).0.remove(0).parts
    }

    #[test]
    fn expands_codes_from_the_source() {
        let source = parts("A **b** [c](u).");
        let target = vec![
            Part::Text("X ".into()),
            Part::Open(2, String::new()),
            Part::Text("y".into()),
            Part::Close(2, String::new()),
            Part::Text(" ".into()),
            Part::Open(1, String::new()),
            Part::Text("z".into()),
            Part::Close(1, String::new()),
        ];
        assert_eq!(expand(&target, &source).as_deref(), Ok("X [y](u) **z**"));
    }

    #[test]
    fn refuses_damaged_codes() {
        let source = parts("A **b** `c`.");
        let missing = vec![Part::Text("A b".into()), Part::Code(2, String::new())];
        assert!(
            expand(&missing, &source)
                .unwrap_err()
                .contains("opening code 1 is missing")
        );
        let crossed = vec![
            Part::Open(1, String::new()),
            Part::Code(2, String::new()),
            Part::Close(3, String::new()),
        ];
        assert!(expand(&crossed, &source).is_err());
        let unknown = vec![Part::Code(9, String::new())];
        assert!(expand(&unknown, &source).unwrap_err().contains("not in the source"));
        assert_eq!(expand(&source, &source).as_deref(), Ok("A **b** `c`."));
    }
}
