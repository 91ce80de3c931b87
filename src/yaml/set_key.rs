//! Editing one top-level front matter key of a content file (`duet
//! translated` writes `translated_from`), through the YAML parser's own
//! positions: a line that merely starts with the key inside a multi-line
//! value is text, not the key, and is never touched.

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::yaml::split;

/// Sets top-level `key` to `value` (YAML, written as given) in the front
/// matter of a whole file: the value the parser finds for the key is
/// replaced, or a line is added before the closing fence; every other byte
/// of the file is kept. An error says why the file is left alone (no front
/// matter, or YAML the editor cannot read exactly).
pub fn set_key(text: &str, key: &str, value: &str) -> Result<String, String> {
    let split = split(text).map_err(|_| "the file has no front matter".to_string())?;
    let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + split.yaml.len();
    let mut out = String::with_capacity(text.len() + key.len() + value.len() + 4);
    match value_span(split.yaml, key)? {
        Some((start, end)) => {
            out.push_str(&text[..yaml_start + start]);
            out.push_str(": ");
            out.push_str(value);
            out.push_str(&text[yaml_start + end..]);
        }
        None => {
            let newline = if split.yaml.contains("\r\n") { "\r\n" } else { "\n" };
            out.push_str(&text[..yaml_end]);
            if !out.ends_with('\n') && yaml_end > yaml_start {
                out.push_str(newline);
            }
            out.push_str(&format!("{key}: {value}{newline}"));
            out.push_str(&text[yaml_end..]);
        }
    }
    Ok(out)
}

/// The byte range from the end of top-level `key` to the end of its value
/// in `yaml` (`None` when the mapping has no such key).
fn value_span(yaml: &str, key: &str) -> Result<Option<(usize, usize)>, String> {
    let unreadable = |why: String| {
        format!("the front matter cannot be edited safely ({why}); indent the continuation lines of multi-line values")
    };
    let mut depth = 0usize;
    // At depth 1 (the top-level mapping), nodes alternate key, value.
    let mut at_key = true;
    let mut key_end: Option<usize> = None;
    let mut collection_start = false;
    for item in Parser::new_from_str(yaml) {
        let (event, span) = item.map_err(|e| unreadable(e.to_string()))?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 1 && !at_key && key_end.is_some() {
                    collection_start = true;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    if let (Some(from), true) = (key_end, collection_start) {
                        let end = byte(yaml, span.end.index());
                        return Ok(Some((from, trim_end(yaml, from, end, None))));
                    }
                    at_key = !at_key;
                }
            }
            Event::Scalar(ref text, style, ..) if depth == 1 => {
                if at_key {
                    key_end = (text.as_ref() == key).then(|| byte(yaml, span.end.index()));
                } else if let Some(from) = key_end {
                    let end = byte(yaml, span.end.index());
                    return Ok(Some((from, trim_end(yaml, from, end, Some(style)))));
                }
                at_key = !at_key;
            }
            Event::Alias(..) if depth == 1 => {
                if !at_key && let Some(from) = key_end {
                    let end = byte(yaml, span.end.index());
                    return Ok(Some((from, trim_end(yaml, from, end, None))));
                }
                at_key = !at_key;
            }
            _ => {}
        }
    }
    Ok(None)
}

/// Where a value really ends: the parser's span may run on over spaces, a
/// comment and the lines before the next key, which belong to no value.
fn trim_end(yaml: &str, from: usize, end: usize, style: Option<ScalarStyle>) -> usize {
    let region = &yaml[from..end];
    let cut = match style {
        Some(ScalarStyle::DoubleQuoted) => region.rfind('"').map(|i| i + 1),
        Some(ScalarStyle::SingleQuoted) => region.rfind('\'').map(|i| i + 1),
        // A plain scalar cannot hold ` #`: from there on it is a comment.
        Some(ScalarStyle::Plain) => region.find(" #").or_else(|| region.find("\t#")),
        _ => None,
    };
    let mut region = &region[..cut.unwrap_or(region.len())];
    // Lines at the margin that are blank or comments follow the value.
    loop {
        let trimmed = region.trim_end();
        let last_line = &trimmed[trimmed.rfind('\n').map_or(0, |i| i + 1)..];
        if last_line.starts_with('#') && trimmed.contains('\n') {
            region = &trimmed[..trimmed.len() - last_line.len()];
        } else {
            region = trimmed;
            break;
        }
    }
    from + region.len()
}

/// The byte offset in `text` of character index `index`.
fn byte(text: &str, index: usize) -> usize {
    text.char_indices().nth(index).map_or(text.len(), |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_value_or_adds_one_line() {
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
        assert!(set_key("no front matter", "a", "b").is_err());
    }

    #[test]
    fn a_line_inside_a_multi_line_value_is_not_the_key() {
        let text = "---\ntitle: \"Bài\n  translated_from: không phải khóa\"\nsummary: |\n  translated_from: cũng không\ntranslated_from: \"vi:1\"  # ghi chú\n# cuối\n---\nBody\n";
        let edited = set_key(text, "translated_from", "\"vi:2\"").unwrap();
        assert_eq!(
            edited,
            text.replace("translated_from: \"vi:1\"", "translated_from: \"vi:2\"")
        );
        // Without the key, the multi-line values stay whole and a line is added.
        let text = "---\ntitle: \"Bài\n  translated_from: không phải khóa\"\n---\nBody\n";
        assert_eq!(
            set_key(text, "translated_from", "\"vi:2\"").unwrap(),
            "---\ntitle: \"Bài\n  translated_from: không phải khóa\"\ntranslated_from: \"vi:2\"\n---\nBody\n"
        );
        // A continuation at the margin, which only lenient readers accept, is refused, not guessed at.
        let text = "---\ntitle: \"Bài\ntranslated_from: không phải khóa\"\n---\nBody\n";
        let e = set_key(text, "translated_from", "\"vi:2\"").unwrap_err();
        assert!(e.contains("cannot be edited safely"), "{e}");
    }

    #[test]
    fn multi_line_and_nested_values_are_replaced_whole() {
        let text = "---\ntranslated_from: \"vi:1\n  2\"\nsource: {name: X}\n---\n";
        assert_eq!(
            set_key(text, "translated_from", "\"vi:3\"").unwrap(),
            "---\ntranslated_from: \"vi:3\"\nsource: {name: X}\n---\n"
        );
        let text = "---\nsource:\n  name: X\ntitle: Ý\n---\n";
        assert_eq!(
            set_key(text, "source", "{name: Y}").unwrap(),
            "---\nsource: {name: Y}\ntitle: Ý\n---\n"
        );
        let text = "---\ntitle: Ý\npartners: [a, b]\n---\n";
        assert_eq!(
            set_key(text, "partners", "[c]").unwrap(),
            "---\ntitle: Ý\npartners: [c]\n---\n"
        );
    }

    #[test]
    fn unparsable_yaml_is_left_alone() {
        assert!(set_key("---\ntitle: \"open\n---\n", "translated_from", "x").is_err());
    }

    #[test]
    fn plain_values_keep_their_comments() {
        let text = "---\ntranslated_from: vi:1 # old\ntitle: A\n---\n";
        assert_eq!(
            set_key(text, "translated_from", "\"vi:2\"").unwrap(),
            "---\ntranslated_from: \"vi:2\" # old\ntitle: A\n---\n"
        );
    }
}
