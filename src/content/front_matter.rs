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
pub fn parse<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    // An empty header is an empty mapping, not YAML's `null`.
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(source).map_err(|err| {
        let (line, column) = err
            .location()
            .map_or((1, 1), |loc| (loc.line(), loc.column()));
        let text = err.to_string();
        let message = match text.find(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        YamlError {
            line,
            column,
            message,
        }
    })
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
    fn locates_values_of_top_level_keys() {
        let yaml = "title: A\ndate:  2025-13-01\n";
        assert_eq!(locate_key(yaml, "date"), Some((2, 8)));
        assert_eq!(locate_key(yaml, "slug"), None);
    }
}
