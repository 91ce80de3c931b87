//! Front matter: splitting a content file into its YAML header and Markdown
//! body, and deserialising YAML into typed structs. This is the only module
//! that knows serde_yaml (it is unmaintained), so swapping it touches one file.

use serde::de::DeserializeOwned;

/// A content file cut into its YAML header and Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` fences.
    pub yaml: &'a str,
    /// The 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

/// Why a file could not be split, with the 1-based line and column to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

/// A YAML problem at a 1-based line and column of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What serde_yaml said, without its own position suffix.
    pub message: String,
}

/// Cuts `text` into front matter and body. The file must open with a `---`
/// line and the front matter must be closed by another `---` line. A UTF-8
/// byte order mark and CRLF line endings are accepted.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(SplitError {
            line: 1,
            column: 1,
            message: "the file does not start with front matter".into(),
            hint: "start the file with a line `---`, the YAML fields, and another line `---`",
        });
    }
    let yaml_start = first_line_end;
    let mut offset = yaml_start;
    let mut line = 2;
    for raw in text[yaml_start..].split_inclusive('\n') {
        if raw.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + raw.len()..],
            });
        }
        offset += raw.len();
        line += 1;
    }
    Err(SplitError {
        line: 1,
        column: 1,
        message: format!(
            "the front matter opened here is never closed (the file ends at line {})",
            line - 1
        ),
        hint: "add a line `---` after the last front matter field",
    })
}

/// Deserialises YAML into `T`, reporting where in the YAML it went wrong.
/// When libyaml names where the construct it was reading began (an
/// unclosed quote or bracket), that is the position reported.
pub fn parse<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    // An empty header is an empty mapping, not YAML's `null`.
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(source).map_err(|err| {
        let (line, column) = err.location().map_or((1, 1), |loc| (loc.line(), loc.column()));
        let text = err.to_string();
        // libyaml counts a lone `\r` (and U+0085, U+2028, U+2029) as a line
        // break; editors and duet count `\n`. Positions are converted.
        let ours = |(line, column)| crate::diagnostics::line_col(source, yaml_offset(source, line, column));
        match text.split_once(", while ") {
            Some((problem, context)) => {
                let (context_text, context_at) = split_position(context);
                let (problem_text, _) = split_position(problem);
                let (line, column) = ours(context_at.unwrap_or((line, column)));
                YamlError {
                    line,
                    column,
                    message: format!("{problem_text} while {context_text} that starts here"),
                }
            }
            None => {
                let (line, column) = ours((line, column));
                YamlError {
                    line,
                    column,
                    message: split_position(&text).0.to_string(),
                }
            }
        }
    })
}

/// The byte offset of libyaml's 1-based (line, column): lines end at
/// `\r\n`, `\n`, `\r`, U+0085, U+2028 or U+2029; columns count characters.
fn yaml_offset(text: &str, line: usize, column: usize) -> usize {
    let mut chars = text.char_indices().peekable();
    let mut current = 1;
    while current < line {
        match chars.next() {
            None => return text.len(),
            Some((_, '\r')) => {
                if chars.peek().is_some_and(|(_, c)| *c == '\n') {
                    chars.next();
                }
                current += 1;
            }
            Some((_, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')) => current += 1,
            Some(_) => {}
        }
    }
    chars.nth(column.saturating_sub(1)).map_or(text.len(), |(i, _)| i)
}

/// Deserialises YAML into `T` like [`parse`], but goes on past unknown keys
/// so that every misspelt key is reported at once, and still returns the
/// value when unknown keys were the only problem (for further checks).
pub fn parse_collecting<T: DeserializeOwned>(yaml: &str) -> (Option<T>, Vec<YamlError>) {
    let mut text = yaml.to_string();
    let mut errors = Vec::new();
    loop {
        match parse::<T>(&text) {
            Ok(value) => return (Some(value), errors),
            Err(e) if unknown_field(&e.message).is_some() && errors.len() < 50 => {
                text = blank_entry(&text, e.line);
                errors.push(e);
            }
            Err(e) => {
                errors.push(e);
                return (None, errors);
            }
        }
    }
}

/// Replaces the entry starting at 1-based `line` (and its indented
/// continuation lines) with empty lines, keeping every other line in place.
fn blank_entry(text: &str, line: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanking = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            blanking = true;
        } else if blanking && !(l.starts_with(' ') || l.starts_with('\t') || l.trim().is_empty()) {
            blanking = false;
        }
        if blanking {
            out.push_str(if l.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(l);
        }
    }
    out
}

/// Cuts a trailing ` at line L column C` from a serde_yaml message.
fn split_position(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = text.rfind(" at line ") else {
        return (text, None);
    };
    let mut numbers = text[i + 9..].split(" column ").map(|n| n.trim().parse::<usize>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(line)), Some(Ok(column))) => (&text[..i], Some((line, column))),
        _ => (&text[..i], None),
    }
}

/// The 1-based line and column of the value of the top-level `key` in
/// `yaml`, so a field that parsed but is invalid can be pointed at.
pub fn locate_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?;
        let after_colon = rest.trim_end_matches('\r').strip_prefix(':')?;
        let value_start = after_colon.len() - after_colon.trim_start().len();
        Some((i + 1, key.chars().count() + 2 + value_start))
    })
}

/// Sets top-level `key` to `value` in the front matter of a whole file,
/// replacing its line if present or adding it before the closing fence;
/// every other byte of the file is kept. `None` if the file has no front matter.
pub fn set_key(text: &str, key: &str, value: &str) -> Option<String> {
    let split = split(text).ok()?;
    let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + split.yaml.len();
    let newline = if split.yaml.contains("\r\n") { "\r\n" } else { "\n" };
    let line = format!("{key}: {value}{newline}");
    let mut out = String::with_capacity(text.len() + line.len());
    out.push_str(&text[..yaml_start]);
    let mut replaced = false;
    for l in split.yaml.split_inclusive('\n') {
        if !replaced && l.strip_prefix(key).is_some_and(|rest| rest.starts_with(':')) {
            out.push_str(&line);
            replaced = true;
        } else {
            out.push_str(l);
        }
    }
    if !replaced {
        if !out.ends_with('\n') && yaml_end > yaml_start {
            out.push_str(newline);
        }
        out.push_str(&line);
    }
    out.push_str(&text[yaml_end..]);
    Some(out)
}

/// The unknown field named in a serde "unknown field" message, if that is
/// what the message says.
pub fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Fm {
        title: String,
    }

    #[test]
    fn splits_header_and_body() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        let fm: Fm = parse(s.yaml).unwrap();
        assert_eq!(fm.title, "A");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: A\nbody\n").unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let e = split("# Just markdown\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
    }

    #[test]
    fn a_dashed_line_in_the_body_is_body() {
        let s = split("---\ntitle: A\n---\nx\n---\ny\n").unwrap();
        assert_eq!(s.body, "x\n---\ny\n");
    }

    #[test]
    fn yaml_errors_have_positions() {
        let e = parse::<Fm>("title: A\ntitel: B\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(unknown_field(&e.message), Some("titel"));
        let e = parse::<Fm>("title: [unclosed\n").unwrap_err();
        assert!(e.line >= 1 && !e.message.contains(" at line "), "{e:?}");
    }

    #[test]
    fn unclosed_quotes_point_where_they_open() {
        let e = parse::<Fm>("title: \"Bài lỗi\ndate: x\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 8));
        assert_eq!(
            e.message,
            "found unexpected end of stream while scanning a quoted scalar that starts here"
        );
    }

    #[test]
    fn lone_carriage_returns_do_not_shift_lines() {
        // libyaml sees three lines here; an editor sees one line with two CRs.
        let e = parse::<Fm>("a: 1\rb: 2\rtitle: [x\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
        let e = parse::<Fm>("title: A\r\nsumary: x\r\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e:?}");
    }

    #[test]
    fn every_unknown_key_is_reported() {
        let (value, errors) = parse_collecting::<Fm>("titel: x\ntitle: A\nextra:\n  nested: 1\nmore: 2\n");
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(value.map(|v| v.title), Some("A".to_string()));
    }

    #[test]
    fn set_key_replaces_or_adds_one_line() {
        let text = "---\ntitle: A\ntranslated_from: old\n---\nBody\n";
        assert_eq!(
            set_key(text, "translated_from", "new").unwrap(),
            "---\ntitle: A\ntranslated_from: new\n---\nBody\n"
        );
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        assert_eq!(
            set_key(text, "translated_from", "x").unwrap(),
            "\u{feff}---\r\ntitle: A\r\ntranslated_from: x\r\n---\r\nBody\r\n"
        );
        assert_eq!(set_key("no front matter", "a", "b"), None);
    }

    #[test]
    fn locates_values_of_top_level_keys() {
        let yaml = "title: A\ndate:  2025-13-01\n";
        assert_eq!(locate_key(yaml, "date"), Some((2, 8)));
        assert_eq!(locate_key(yaml, "slug"), None);
    }
}
