//! YAML, for front matter and `site.yaml`: splitting a content file into
//! its YAML header and Markdown body, deserialising YAML into typed structs,
//! locating keys, and editing one key in place. This is the only module
//! that knows serde_yaml (it is unmaintained), so swapping it touches one
//! module; `config` and `content` both read YAML through it.

use serde::de::DeserializeOwned;

pub mod set_key;
pub mod text;

use text as yaml_text;

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
    /// How to fix a common mistake, when it is recognised.
    pub hint: Option<String>,
    /// For a key the target type does not have: its path from the top.
    pub unknown_key: Option<Vec<String>>,
}

/// How deeply YAML may nest. Front matter needs three or four levels;
/// libyaml and serde_yaml take seconds on input nested tens of thousands
/// deep, so deeper input is refused before they see it.
pub const MAX_DEPTH: usize = 64;

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
    let source = source_of(yaml);
    check_depth(source)?;
    serde_yaml::from_str(source).map_err(|err| yaml_error(source, &err))
}

/// The text handed to the parser: an empty header is an empty mapping, not YAML's `null`.
fn source_of(yaml: &str) -> &str {
    if yaml.trim().is_empty() { "{}" } else { yaml }
}

/// Refuses YAML nested deeper than [`MAX_DEPTH`], at the place it gets too deep.
fn check_depth(source: &str) -> Result<(), YamlError> {
    match yaml_text::too_deep(source, MAX_DEPTH) {
        None => Ok(()),
        Some((line, column)) => Err(YamlError {
            line,
            column,
            message: format!("the YAML nests more than {MAX_DEPTH} levels deep"),
            hint: Some("front matter holds text, dates and short lists: flatten this value".into()),
            unknown_key: None,
        }),
    }
}

/// Turns a serde_yaml error into a [`YamlError`] at the place to fix, with
/// a hint for the mistakes editors make most.
fn yaml_error(source: &str, err: &serde_yaml::Error) -> YamlError {
    let (line, column) = err.location().map_or((1, 1), |loc| (loc.line(), loc.column()));
    let text = err.to_string();
    // libyaml counts a lone `\r` (and U+0085, U+2028, U+2029) as a line
    // break; editors and duet count `\n`. Positions are converted.
    let ours = |(line, column)| crate::diagnostics::line_col(source, yaml_offset(source, line, column));
    let (line, column, message) = match text.split_once(", while ") {
        Some((problem, context)) => {
            let (context_text, context_at) = split_position(context);
            let (problem_text, _) = split_position(problem);
            let (line, column) = ours(context_at.unwrap_or((line, column)));
            (
                line,
                column,
                format!("{problem_text} while {context_text} that starts here"),
            )
        }
        None => {
            let (line, column) = ours((line, column));
            (line, column, split_position(&text).0.to_string())
        }
    };
    // A quote left open swallows the lines after it until the next quote,
    // and libyaml then complains somewhere later: point at the quote.
    if let Some(quote) = yaml_text::unclosed_quote(source).filter(|q| q.line <= line) {
        return YamlError {
            line: quote.line,
            column: quote.column,
            message: format!(
                "the quote opened here is not closed before the next key `{}`",
                quote.next_key
            ),
            hint: Some("close the quote at the end of the value".into()),
            unknown_key: None,
        };
    }
    let hint = hint_for(source, line, &message);
    YamlError {
        line,
        column,
        message,
        hint,
        unknown_key: None,
    }
}

/// A hint for a YAML mistake at 1-based `line`: an unquoted value holding
/// `: `, or one id written where a list is expected.
fn hint_for(source: &str, line: usize, message: &str) -> Option<String> {
    let text = source.split('\n').nth(line.checked_sub(1)?)?.trim_end_matches('\r');
    let (key, value) = text.split_once(':')?;
    let (key, value) = (key.trim(), value.trim());
    if message.starts_with("mapping values are not allowed") && !value.starts_with(['"', '\'']) {
        let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
        return Some(format!("a value holding `: ` must be quoted: {key}: \"{quoted}\""));
    }
    let scalar_for_list = message.contains("expected a sequence") && message.contains("invalid type: ");
    if scalar_for_list && !value.is_empty() && !value.starts_with(['[', '{', '|', '>']) {
        return Some(format!("write a list, even of one: {key}: [{value}]"));
    }
    None
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

/// Deserialises YAML into `T` like [`parse`], in one parse, reporting
/// every key `T` does not have (as errors with [`YamlError::unknown_key`])
/// and still returning the value when unknown keys were the only problem
/// (for further checks). `T` must not deny unknown fields itself: they are
/// collected here, where all of them can be seen at once.
pub fn parse_collecting<T: DeserializeOwned>(yaml: &str) -> (Option<T>, Vec<YamlError>) {
    let source = source_of(yaml);
    if let Err(e) = check_depth(source) {
        return (None, vec![e]);
    }
    let mut unknown: Vec<Vec<String>> = Vec::new();
    let result: Result<T, _> = serde_ignored::deserialize(serde_yaml::Deserializer::from_str(source), |path| {
        unknown.push(keys_of(&path));
    });
    let mut errors: Vec<YamlError> = unknown
        .into_iter()
        .map(|keys| {
            let path: Vec<&str> = keys.iter().map(String::as_str).collect();
            let (line, column) = yaml_text::locate_path(source, &path)
                .or_else(|| locate_quoted_key(source, &keys))
                .unwrap_or((1, 1));
            YamlError {
                line,
                column,
                message: format!("unknown field `{}`", keys.join(".")),
                hint: None,
                unknown_key: Some(keys),
            }
        })
        .collect();
    match result {
        Ok(value) => (Some(value), errors),
        Err(err) => {
            errors.push(yaml_error(source, &err));
            (None, errors)
        }
    }
}

/// The line of a top-level key written in quotes with escapes (`"\e…": 1`),
/// which no scan of the text finds: each quoted key line is read on its own.
fn locate_quoted_key(source: &str, keys: &[String]) -> Option<(usize, usize)> {
    let [key] = keys else { return None };
    source.split('\n').enumerate().find_map(|(i, line)| {
        if !line.starts_with(['"', '\'']) {
            return None;
        }
        let entry: serde_yaml::Mapping = serde_yaml::from_str(line).ok()?;
        let written = entry.keys().next()?.as_str()?;
        (written == key).then_some((i + 1, 1))
    })
}

/// The keys (and list indexes) leading to an ignored value.
fn keys_of(path: &serde_ignored::Path<'_>) -> Vec<String> {
    use serde_ignored::Path;
    let mut keys = match path {
        Path::Root => return Vec::new(),
        Path::Seq { parent, .. }
        | Path::Map { parent, .. }
        | Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => keys_of(parent),
    };
    match path {
        Path::Seq { index, .. } => keys.push(index.to_string()),
        Path::Map { key, .. } => keys.push(key.clone()),
        _ => {}
    }
    keys
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

/// The 1-based line and column of `item` in the list that is the value of
/// top-level `key`, so one bad entry of a list can be pointed at.
pub fn locate_item(yaml: &str, key: &str, item: &str) -> Option<(usize, usize)> {
    yaml_text::locate_item(yaml, key, item)
}

/// The 1-based line and column of a key given by its path from the top
/// (`["publisher", "logo"]`).
pub fn locate_path(yaml: &str, keys: &[&str]) -> Option<(usize, usize)> {
    yaml_text::locate_path(yaml, keys)
}

pub use crate::yaml::set_key::set_key;

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

    /// As front matter is declared: unknown fields are left to `parse_collecting`.
    #[derive(Debug, Deserialize)]
    struct Loose {
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
            "the quote opened here is not closed before the next key `date`"
        );
        // At the end of the text there is no next key; libyaml's own words say it.
        let e = parse::<Fm>("title: \"Bài lỗi\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 8));
        assert!(e.message.contains("quoted scalar"), "{e:?}");
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
        let (value, errors) = parse_collecting::<Loose>("titel: x\ntitle: A\nextra:\n  nested: 1\nmore: 2\n");
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(value.map(|v| v.title), Some("A".to_string()));
    }

    #[test]
    fn sixty_unknown_keys_are_all_reported_from_one_parse() {
        // The old loop reparsed once per unknown key and gave up after 50.
        let yaml: String = std::iter::once("title: A\n".to_string())
            .chain((0..60).map(|i| format!("extra{i}: x\n")))
            .collect();
        let (value, errors) = parse_collecting::<Loose>(&yaml);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, (2..62).collect::<Vec<_>>());
        assert!(value.is_some());
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused() {
        let yaml = format!("title: {}{}\n", "[".repeat(40_000), "]".repeat(40_000));
        let e = parse::<Fm>(&yaml).unwrap_err();
        assert_eq!((e.line, e.column), (1, 8 + 63), "{e:?}");
        assert!(e.message.contains("more than 64 levels"), "{e:?}");
        let (_, errors) = parse_collecting::<Loose>(&yaml);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn locates_values_of_top_level_keys() {
        let yaml = "title: A\ndate:  2025-13-01\n";
        assert_eq!(locate_key(yaml, "date"), Some((2, 8)));
        assert_eq!(locate_key(yaml, "slug"), None);
    }
}
