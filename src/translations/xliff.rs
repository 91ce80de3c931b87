//! XLIFF 1.2, the version every CAT tool reads: one `<file>` per page,
//! one `<trans-unit>` per segment. Markdown markup travels as inline codes
//! holding the original markup (`<bpt>`/`<ept>` around emphasis, links and
//! image alt text, `<ph>` for code spans and the like), which CAT tools
//! show as tags and protect. Previous source and translation go into
//! `<alt-trans>`, the fingerprint at export into the file's `build-num`.

use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::translations::exchange::{Exchange, Unit};
use crate::translations::segment::Part;

/// The namespace of XLIFF 1.2 documents.
const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// Writes `exchange` as an XLIFF 1.2 document valid against the OASIS strict schema.
pub fn write(exchange: &Exchange) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">\n  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"x-markdown\" product-name=\"duet\" build-num=\"{}\">\n    <header>\n      <tool tool-id=\"duet\" tool-name=\"duet\" tool-version=\"{}\"/>\n    </header>\n    <body>\n",
        escape(&exchange.original),
        escape(&exchange.source_lang),
        escape(&exchange.target_lang),
        escape(&exchange.fingerprint),
        env!("CARGO_PKG_VERSION"),
    );
    for unit in &exchange.units {
        let _ = writeln!(
            out,
            "      <trans-unit id=\"{}\" resname=\"{}\" xml:space=\"preserve\">",
            escape(&unit.id),
            escape(&unit.id)
        );
        let _ = writeln!(out, "        <source>{}</source>", inline(&unit.source));
        if let Some(target) = &unit.target {
            let _ = writeln!(out, "        <target state=\"translated\">{}</target>", inline(target));
        }
        if let Some(previous) = &unit.previous_target {
            out.push_str("        <alt-trans origin=\"previous-translation\">\n");
            if let Some(source) = &unit.previous_source {
                let _ = writeln!(out, "          <source>{}</source>", escape(source));
            }
            let _ = writeln!(out, "          <target>{}</target>", inline(previous));
            out.push_str("        </alt-trans>\n");
        }
        if let Some(note) = &unit.note {
            let _ = writeln!(out, "        <note from=\"duet\">{}</note>", escape(note));
        }
        out.push_str("      </trans-unit>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// Text and codes as XLIFF inline content.
fn inline(parts: &[Part]) -> String {
    let mut out = String::new();
    for part in parts {
        let _ = match part {
            Part::Text(t) => write!(out, "{}", escape(t)),
            Part::Open(id, m) => write!(out, "<bpt id=\"{id}\">{}</bpt>", escape(m)),
            Part::Close(id, m) => write!(out, "<ept id=\"{id}\">{}</ept>", escape(m)),
            Part::Code(id, m) => write!(out, "<ph id=\"{id}\">{}</ph>", escape(m)),
        };
    }
    out
}

/// XML-escapes text; carriage returns too, which a parser would otherwise
/// turn into line feeds (a Windows-edited body must come back byte for byte).
fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).replace('\r', "&#13;")
}

/// Where the reader is inside a trans-unit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Nothing,
    Source,
    Target,
    /// Inside an inline code's element: its content is markup, not text.
    Code,
    /// Inside alt-trans, notes and the like: ignored.
    Other,
}

/// Reads an XLIFF 1.2 document of one page. Errors carry the line and column.
pub fn read(text: &str) -> Result<Exchange, (usize, usize, String)> {
    let mut reader = Reader::from_str(text);
    let position = |at: u64| crate::diagnostics::line_col(text, at as usize);
    let mut exchange = Exchange::default();
    let mut saw_file = false;
    let mut unit: Option<Unit> = None;
    let mut state = In::Nothing;
    let mut depth_other = 0usize;
    // Whether a code's element sits in the source or the target.
    let mut code_parent = In::Nothing;
    let mut parts: Vec<Part> = Vec::new();
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            let (l, c) = position(reader.error_position());
            (l, c, format!("this is not well-formed XML: {e}"))
        })?;
        let fail = |message: String| {
            let (l, c) = position(at);
            (l, c, message)
        };
        match event {
            Event::Eof => break,
            Event::Start(_) if matches!(state, In::Other | In::Code) => depth_other += 1,
            Event::Empty(_) if matches!(state, In::Other | In::Code) => {}
            Event::Start(e) => {
                let name = local(&e);
                match (name.as_str(), state) {
                    ("file", _) => {
                        if saw_file {
                            return Err(fail("duet reads one <file> per XLIFF document".into()));
                        }
                        saw_file = true;
                        exchange.original = attribute(&e, "original").unwrap_or_default();
                        exchange.source_lang = attribute(&e, "source-language").unwrap_or_default();
                        exchange.target_lang = attribute(&e, "target-language").unwrap_or_default();
                        exchange.fingerprint = attribute(&e, "build-num").unwrap_or_default();
                    }
                    ("trans-unit", _) => {
                        let id = attribute(&e, "id").ok_or_else(|| fail("a <trans-unit> has no id".into()))?;
                        let (line, column) = position(at);
                        unit = Some(Unit {
                            id,
                            source: Vec::new(),
                            target: None,
                            previous_source: None,
                            previous_target: None,
                            note: None,
                            at: (line, column),
                        });
                    }
                    ("source", In::Nothing) if unit.is_some() => {
                        state = In::Source;
                        parts.clear();
                    }
                    ("target", In::Nothing) if unit.is_some() => {
                        state = In::Target;
                        parts.clear();
                    }
                    ("bpt" | "ept" | "ph" | "it" | "x" | "bx" | "ex", In::Source | In::Target) => {
                        parts.push(code(&name, &e).map_err(fail)?);
                        code_parent = state;
                        state = In::Code;
                        depth_other = 1;
                    }
                    ("g", In::Source | In::Target) => {
                        let id = number(&e).map_err(fail)?;
                        parts.push(Part::Open(id, String::new()));
                    }
                    // Segmentation marks added by CAT tools wrap text; they are not codes.
                    ("mrk", In::Source | In::Target) => {}
                    (_, In::Nothing) if unit.is_some() => {
                        state = In::Other;
                        depth_other = 1;
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = local(&e);
                if matches!(state, In::Source | In::Target) {
                    match name.as_str() {
                        "x" | "ph" | "bpt" | "ept" | "bx" | "ex" | "it" => parts.push(code(&name, &e).map_err(fail)?),
                        "g" => {
                            let id = number(&e).map_err(fail)?;
                            parts.push(Part::Open(id, String::new()));
                            parts.push(Part::Close(id, String::new()));
                        }
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                match state {
                    In::Other | In::Code => {
                        depth_other -= 1;
                        if depth_other == 0 {
                            state = if state == In::Code { code_parent } else { In::Nothing };
                        }
                    }
                    In::Source | In::Target if name == "g" => {
                        let id = last_open_g(&parts);
                        parts.push(Part::Close(id, String::new()));
                    }
                    In::Source if name == "source" => {
                        if let Some(u) = unit.as_mut() {
                            u.source = std::mem::take(&mut parts);
                        }
                        state = In::Nothing;
                    }
                    In::Target if name == "target" => {
                        if let Some(u) = unit.as_mut() {
                            u.target = Some(std::mem::take(&mut parts));
                        }
                        state = In::Nothing;
                    }
                    In::Nothing if name == "trans-unit" => {
                        if let Some(u) = unit.take() {
                            exchange.units.push(u);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if matches!(state, In::Source | In::Target) => push_text(&mut parts, &t.xml10_content()),
            // An inline code's own content is its markup, kept for the reader's callers.
            Event::Text(t) if state == In::Code && depth_other == 1 => {
                if let Some(Part::Open(_, m) | Part::Close(_, m) | Part::Code(_, m)) = parts.last_mut() {
                    m.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if matches!(state, In::Source | In::Target) => {
                push_text(&mut parts, &t.into_inner());
            }
            Event::GeneralRef(r)
                if matches!(state, In::Source | In::Target) || state == In::Code && depth_other == 1 =>
            {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(fail(format!("unknown entity `&{other};`"))),
                    },
                };
                if state == In::Code {
                    if let Some(Part::Open(_, m) | Part::Close(_, m) | Part::Code(_, m)) = parts.last_mut() {
                        m.push_str(&resolved);
                    }
                } else {
                    push_text(&mut parts, &resolved);
                }
            }
            _ => {}
        }
    }
    if !saw_file {
        return Err((1, 1, "this is not an XLIFF 1.2 document: it has no <file>".into()));
    }
    Ok(exchange)
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    if let Some(Part::Text(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Part::Text(text.to_string()));
    }
}

/// The id of the innermost `<g>` still open among `parts`.
fn last_open_g(parts: &[Part]) -> u32 {
    let mut open = Vec::new();
    for part in parts {
        match part {
            Part::Open(id, _) => open.push(*id),
            Part::Close(..) => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop().unwrap_or(0)
}

/// An inline code element as a part (its markup is taken from the source on import).
fn code(name: &str, e: &BytesStart) -> Result<Part, String> {
    let id = number(e)?;
    Ok(match name {
        "bpt" | "bx" => Part::Open(id, String::new()),
        "ept" | "ex" => Part::Close(id, String::new()),
        _ => Part::Code(id, String::new()),
    })
}

/// The numeric `id` (or, for `<ept>`, `rid`) of an inline code.
fn number(e: &BytesStart) -> Result<u32, String> {
    let value = attribute(e, "id")
        .or_else(|| attribute(e, "rid"))
        .ok_or_else(|| format!("the inline code <{}> has no id", local(e)))?;
    value
        .parse()
        .map_err(|_| format!("the inline code id `{value}` was not written by duet"))
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name && a.key.prefix().is_none())
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(std::borrow::Cow::into_owned)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::segment::segment;

    #[test]
    fn reads_what_it_writes() {
        let (segments, _) = segment("Xin **chào** [bạn](u) & <b>\r\nlà `x`.\n");
        let mut unit = Unit::of(&segments[0], Some("Section: intro".into()));
        unit.target = Some(segments[0].parts.clone());
        let exchange = Exchange {
            original: "content/a.vi.md".into(),
            source_lang: "vi".into(),
            target_lang: "en".into(),
            fingerprint: "vi:1234abcd 00ff".into(),
            units: vec![unit],
        };
        let text = write(&exchange);
        let read = read(&text).unwrap();
        assert_eq!(read.fingerprint, exchange.fingerprint);
        assert_eq!(read.units.len(), 1);
        // Text and codes, the codes' markup included, as written.
        assert_eq!(read.units[0].target.as_deref(), Some(&segments[0].parts[..]));
        assert_eq!(read.units[0].at.0, 8);
    }

    #[test]
    fn reports_where_xml_breaks() {
        let err = read("<xliff>\n<file original='a'>\n<trans-unit id='x'><source>a</sorce>").unwrap_err();
        assert_eq!(err.0, 3, "{err:?}");
    }
}
