//! gettext PO: one entry per segment, `msgctxt` its id. Markup travels
//! as numbered tags as po4a's XML modules do (`<g1>…</g1>` around
//! emphasis and links, `<x2/>` for a code span), which Weblate, Crowdin and
//! the Translate Toolkit treat as placeables; an extracted comment says
//! what each stands for. A stale unit has `#| msgid` (the previous source),
//! the existing translation as `msgstr` and the `fuzzy` flag, as msgmerge
//! writes it. Written and read here rather than with a crate: duet needs
//! line numbers for its errors and the previous-msgid fields, and the
//! format is a few dozen lines.

use crate::translations::exchange::{Exchange, Unit};
use crate::translations::segment::Part;

/// Writes `exchange` as a PO file.
pub fn write(exchange: &Exchange) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# {} → {}, exported by duet.\n",
        exchange.original, exchange.target_lang
    ));
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for header in [
        "Project-Id-Version: duet".to_string(),
        "MIME-Version: 1.0".into(),
        "Content-Type: text/plain; charset=UTF-8".into(),
        "Content-Transfer-Encoding: 8bit".into(),
        format!("Language: {}", exchange.target_lang),
        format!("X-Source-Language: {}", exchange.source_lang),
        format!("X-Duet-Original: {}", exchange.original),
        format!("X-Duet-Fingerprint: {}", exchange.fingerprint),
    ] {
        out.push_str(&format!("\"{}\\n\"\n", escape(&header)));
    }
    for unit in &exchange.units {
        out.push('\n');
        if let Some(note) = &unit.note {
            out.push_str(&format!("#. {}\n", one_line(note)));
        }
        for part in &unit.source {
            match part {
                Part::Open(id, m) => out.push_str(&format!("#. <g{id}> opens {}\n", one_line(m))),
                Part::Close(id, m) => out.push_str(&format!("#. </g{id}> closes {}\n", one_line(m))),
                Part::Code(id, m) => out.push_str(&format!("#. <x{id}/> is {}\n", one_line(m))),
                Part::Text(_) => {}
            }
        }
        let fuzzy = unit.target.is_none() && unit.previous_target.is_some();
        if fuzzy {
            out.push_str("#, fuzzy\n");
        }
        if let (true, Some(previous)) = (fuzzy, &unit.previous_source) {
            out.push_str(&format!("#| msgid {}", quoted(previous, "#| ")));
        }
        out.push_str(&format!("msgctxt {}", quoted(&unit.id, "")));
        out.push_str(&format!("msgid {}", quoted(&tagged(&unit.source), "")));
        let target = unit.target.as_ref().or(unit.previous_target.as_ref());
        out.push_str(&format!(
            "msgstr {}",
            quoted(&target.map(|t| tagged(t)).unwrap_or_default(), "")
        ));
    }
    out
}

/// Text with codes as numbered tags.
fn tagged(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.clone(),
            Part::Open(id, _) => format!("<g{id}>"),
            Part::Close(id, _) => format!("</g{id}>"),
            Part::Code(id, _) => format!("<x{id}/>"),
        })
        .collect()
}

/// Reads numbered tags back into codes; any other text is text.
fn untag(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        plain.push_str(&rest[..at]);
        rest = &rest[at..];
        match tag(rest) {
            Some((part, len)) => {
                if !plain.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut plain)));
                }
                parts.push(part);
                rest = &rest[len..];
            }
            None => {
                plain.push('<');
                rest = &rest[1..];
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        parts.push(Part::Text(plain));
    }
    parts
}

/// A tag at the start of `text`: `<gN>`, `</gN>` or `<xN/>`, and its length.
fn tag(text: &str) -> Option<(Part, usize)> {
    let (kind, rest) = if let Some(r) = text.strip_prefix("</g") {
        ('c', r)
    } else if let Some(r) = text.strip_prefix("<g") {
        ('o', r)
    } else {
        ('x', text.strip_prefix("<x")?)
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let id: u32 = rest[..digits].parse().ok()?;
    let close = if kind == 'x' { "/>" } else { ">" };
    rest[digits..].starts_with(close).then_some(())?;
    let len = text.len() - rest.len() + digits + close.len();
    let part = match kind {
        'c' => Part::Close(id, String::new()),
        'o' => Part::Open(id, String::new()),
        _ => Part::Code(id, String::new()),
    };
    Some((part, len))
}

fn one_line(text: &str) -> String {
    text.replace('\r', "\\r").replace('\n', "\\n")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// A PO string: one line, or `""` and a line per source line when it has line breaks.
fn quoted(text: &str, prefix: &str) -> String {
    if !text.contains('\n') || text.ends_with('\n') && text.matches('\n').count() == 1 {
        return format!("\"{}\"\n", escape(text));
    }
    let mut out = "\"\"\n".to_string();
    for line in text.split_inclusive('\n') {
        out.push_str(&format!("{prefix}\"{}\"\n", escape(line)));
    }
    out
}

fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            other => {
                return Err(format!(
                    "unknown escape `\\{}`",
                    other.map(String::from).unwrap_or_default()
                ));
            }
        }
    }
    Ok(out)
}

/// Which string a continuation line adds to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Ctxt,
    Id,
    Str,
    Previous,
}

/// One entry while it is read.
#[derive(Default)]
struct Entry {
    line: usize,
    fuzzy: bool,
    ctxt: Option<String>,
    id: String,
    text: String,
    previous: Option<String>,
}

/// Reads a PO file written by [`write`] and edited by a translator's tool.
pub fn read(text: &str) -> Result<Exchange, (usize, usize, String)> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry = Entry::default();
    let mut field = Field::None;
    let mut started = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r').trim_start();
        let fail = |column: usize, message: String| (n + 1, column, message);
        let string_of = |rest: &str| -> Result<String, (usize, usize, String)> {
            let rest = rest.trim();
            let column = raw.len() - rest.len() + 1;
            let inner = rest
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .ok_or_else(|| fail(column, "a PO string must be in double quotes".into()))?;
            unescape(inner).map_err(|m| fail(column, m))
        };
        let (keyword, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        // A keyword after a msgstr starts the next entry.
        if field == Field::Str && (keyword.starts_with('#') || keyword.starts_with("msg")) {
            entries.push(std::mem::take(&mut entry));
            field = Field::None;
        }
        if !started || field == Field::None && entry.line == 0 {
            entry.line = n + 1;
        }
        started = true;
        match keyword {
            "" => {}
            "#," => entry.fuzzy |= rest.split(',').any(|f| f.trim() == "fuzzy"),
            "#|" => {
                let (k, r) = rest.trim().split_once(char::is_whitespace).unwrap_or((rest.trim(), ""));
                if k == "msgid" {
                    entry.previous = Some(string_of(r)?);
                    field = Field::Previous;
                } else if k.starts_with('"') {
                    let more = string_of(rest)?;
                    entry.previous.get_or_insert_default().push_str(&more);
                }
            }
            _ if keyword.starts_with('#') => {}
            "msgctxt" => {
                entry.ctxt = Some(string_of(rest)?);
                field = Field::Ctxt;
            }
            "msgid" => {
                entry.id = string_of(rest)?;
                field = Field::Id;
            }
            "msgstr" => {
                entry.text = string_of(rest)?;
                field = Field::Str;
            }
            "msgid_plural" | "msgstr[0]" => return Err(fail(1, "duet writes no plural entries".into())),
            _ if line.starts_with('"') => {
                let more = string_of(line)?;
                match field {
                    Field::Ctxt => entry.ctxt.get_or_insert_default().push_str(&more),
                    Field::Id => entry.id.push_str(&more),
                    Field::Str => entry.text.push_str(&more),
                    Field::Previous | Field::None => return Err(fail(1, "a string continues nothing".into())),
                }
            }
            _ => return Err(fail(1, format!("`{keyword}` is not a PO keyword"))),
        }
    }
    if field == Field::Str {
        entries.push(entry);
    }
    let mut exchange = Exchange::default();
    for entry in entries {
        let Some(ctxt) = entry.ctxt else {
            if entry.id.is_empty() {
                for header in entry.text.lines() {
                    let (key, value) = header.split_once(':').unwrap_or((header, ""));
                    let value = value.trim().to_string();
                    match key.trim() {
                        "Language" => exchange.target_lang = value,
                        "X-Source-Language" => exchange.source_lang = value,
                        "X-Duet-Original" => exchange.original = value,
                        "X-Duet-Fingerprint" => exchange.fingerprint = value,
                        _ => {}
                    }
                }
                continue;
            }
            return Err((
                entry.line,
                1,
                "this entry has no msgctxt: duet writes each segment's id there".into(),
            ));
        };
        let translated = !entry.fuzzy && !entry.text.is_empty();
        exchange.units.push(Unit {
            id: ctxt,
            source: untag(&entry.id),
            target: translated.then(|| untag(&entry.text)),
            previous_source: entry.previous,
            previous_target: None,
            note: None,
            at: (entry.line, 1),
        });
    }
    Ok(exchange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::segment::segment;

    #[test]
    fn reads_what_it_writes() {
        let (segments, _) = segment("Xin **chào** \"bạn\" <g1>\nlà `x`.\n\nMột\ndòng.\n");
        let units: Vec<Unit> = segments
            .iter()
            .map(|s| {
                let mut u = Unit::of(s, Some("Section: intro".into()));
                u.previous_target = Some(s.parts.clone());
                u.previous_source = Some("old\nsource".into());
                u
            })
            .collect();
        let exchange = Exchange {
            original: "content/a.vi.md".into(),
            source_lang: "vi".into(),
            target_lang: "en".into(),
            fingerprint: "vi:1234abcd 00ff".into(),
            units,
        };
        let text = write(&exchange);
        assert!(
            text.contains("#, fuzzy\n#| msgid \"\"\n#| \"old\\n\"\n#| \"source\"\n"),
            "{text}"
        );
        let read = read(&text).unwrap();
        assert_eq!(read.fingerprint, exchange.fingerprint);
        assert_eq!(read.units.len(), 2);
        assert_eq!(read.units[0].target, None, "fuzzy is not translated");
        assert_eq!(read.units[0].previous_source.as_deref(), Some("old\nsource"));
        let translated = text.replace("#, fuzzy\n", "");
        let read = super::read(&translated).unwrap();
        let target = read.units[0].target.clone().unwrap();
        let source = &segments[0].parts;
        assert_eq!(
            crate::translations::exchange::expand(&target, source).as_deref(),
            Ok(segments[0].source_text().as_str())
        );
    }
}
