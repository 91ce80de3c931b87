//! Scans of YAML text that need no parser: how deeply it nests, where a key
//! or a list item is written, and where a quote was left open. They run
//! before or after serde_yaml (in `front_matter`) to refuse input that would
//! cost too much and to point errors at the place an editor must fix.

/// Where nesting first goes deeper than `limit` (1-based line and column),
/// counting block indentation, `- ` entries and flow brackets. It counts
/// generously (a sequence under a key counts twice), so a limit well above
/// what front matter needs refuses only input built to be deep.
pub fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    // Each line adds at most one block level, and each `-`, `?`, `[` and
    // `{` one more: text with fewer of them than the limit cannot nest
    // deeper, which one look at its bytes tells (most front matter).
    let most = 1 + text
        .bytes()
        .filter(|b| matches!(b, b'\n' | b'-' | b'?' | b'[' | b'{'))
        .count();
    if most <= limit {
        return None;
    }
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    // The indentation of a line that opened a `|` or `>` block scalar:
    // the more indented lines after it are text, not structure.
    let mut block_scalar: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        let blank = chars[indent..].iter().all(|c| c.is_whitespace());
        if let Some(opener) = block_scalar {
            if blank || indent > opener {
                continue;
            }
            block_scalar = None;
        }
        let mut block = indents.len();
        if quote.is_none() && flow == 0 && !blank && chars.get(indent) != Some(&'#') {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            block = indents.len();
        }
        let mut inline = 0;
        // True where a value may begin: at the line start and after an indicator.
        let mut value_start = true;
        let mut col = indent;
        while col < chars.len() {
            let c = chars[col];
            let next_is_space = chars.get(col + 1).is_none_or(|n| n.is_whitespace());
            match quote {
                Some('"') if c == '\\' => col += 1,
                Some('"') if c == '"' => quote = None,
                Some('\'') if c == '\'' && chars.get(col + 1) == Some(&'\'') => col += 1,
                Some('\'') if c == '\'' => quote = None,
                Some(_) => {}
                None if c.is_whitespace() => {}
                None if c == '#' && (col == 0 || chars[col - 1].is_whitespace()) => break,
                None => {
                    let was_value_start = value_start;
                    value_start = false;
                    match c {
                        '"' | '\'' if was_value_start => quote = Some(c),
                        '[' | '{' if was_value_start || flow > 0 => {
                            flow += 1;
                            value_start = true;
                        }
                        ']' | '}' if flow > 0 => flow -= 1,
                        ',' if flow > 0 => value_start = true,
                        ':' if next_is_space || flow > 0 => value_start = true,
                        '-' | '?' if was_value_start && next_is_space && flow == 0 => {
                            inline += 1;
                            value_start = true;
                        }
                        '|' | '>' if was_value_start && flow == 0 => {
                            block_scalar = Some(indent);
                            break;
                        }
                        _ => {}
                    }
                }
            }
            if block + inline + flow > limit {
                return Some((i + 1, col + 1));
            }
            col += 1;
        }
    }
    None
}

/// A quoted value whose quote is still open when a later line already
/// looks like the next key: the editor forgot to close it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclosedQuote {
    /// 1-based line of the opening quote.
    pub line: usize,
    /// 1-based column of the opening quote.
    pub column: usize,
    /// The key of the line that shows the quote ran on.
    pub next_key: String,
}

/// The first quoted value left open before the next key, if any. Only
/// meaningful once the parser has failed: a quoted value may legally span
/// lines, but not past a line that is itself a key at the same level.
pub fn unclosed_quote(text: &str) -> Option<UnclosedQuote> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some((indent, _, value)) = key_line(line) else {
            i += 1;
            continue;
        };
        let value_at = line.len() - value.len();
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            i += 1;
            continue;
        };
        let column = line[..value_at].chars().count() + 1;
        let mut rest = &value[1..];
        let mut j = i;
        loop {
            if closing_quote(rest, quote).is_some() {
                break;
            }
            j += 1;
            let Some(next) = lines.get(j) else { break };
            if let Some((next_indent, key, _)) = key_line(next)
                && next_indent <= indent
            {
                return Some(UnclosedQuote {
                    line: i + 1,
                    column,
                    next_key: key.to_string(),
                });
            }
            rest = next;
        }
        i = j + 1;
    }
    None
}

/// The byte index of the quote closing a scalar opened by `quote`, in `text`
/// that follows the opening quote.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits a `key: value` line (possibly a `- key: value` entry) into its
/// indentation, key and value (the value trimmed at its start).
fn key_line(line: &str) -> Option<(usize, &str, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    let body = body.strip_prefix("- ").unwrap_or(body);
    let key_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(body.len());
    let (key, after) = body.split_at(key_len);
    let first = key.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let after = after.trim_start_matches([' ', '\t']).strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((indent, key, after.trim_start_matches([' ', '\t'])))
}

/// The lines holding the value of top-level `key`: the key's own line
/// (from after its colon) and the indented or `- ` lines under it, as
/// (0-based line index, byte offset where the value part starts, text).
fn value_lines<'a>(text: &'a str, key: &str) -> Option<Vec<(usize, usize, &'a str)>> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let start = lines
        .iter()
        .position(|l| key_line(l).is_some_and(|(indent, k, _)| indent == 0 && k == key))?;
    let first = lines[start];
    let colon = first.find(':')? + 1;
    let mut out = vec![(start, colon, first)];
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        let belongs =
            line.starts_with([' ', '\t']) || trimmed.is_empty() || line.starts_with('-') || line.starts_with('#');
        if !belongs {
            break;
        }
        out.push((i, 0, line));
    }
    Some(out)
}

/// The 1-based line and column of `item` in the list that is the value of
/// top-level `key`, written as a flow list (`[a, b]`) or a block list
/// (`- a`), quoted or not.
pub fn locate_item(text: &str, key: &str, item: &str) -> Option<(usize, usize)> {
    let id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    for (index, from, line) in value_lines(text, key)? {
        let part = &line[from..];
        let mut search = 0;
        while let Some(found) = part[search..].find(item).map(|i| i + search) {
            let before = part[..found].chars().next_back();
            let after = part[found + item.len()..].chars().next();
            if !before.is_some_and(id_char) && !after.is_some_and(id_char) {
                let column = line[..from + found].chars().count() + 1;
                return Some((index + 1, column));
            }
            search = found + item.len().max(1);
        }
    }
    None
}

/// The 1-based line and column of a key given by its path from the top
/// (`["source", "nme"]`): the top-level key at the start of its line, a
/// nested one as the first `name:` within its parent's value.
pub fn locate_path(text: &str, keys: &[&str]) -> Option<(usize, usize)> {
    let (first, nested) = keys.split_first()?;
    let lines = value_lines(text, first)?;
    let top = (lines[0].0 + 1, 1);
    let Some(inner) = nested.first() else {
        return Some(top);
    };
    let found = lines.iter().find_map(|&(index, from, line)| {
        let part = &line[from..];
        part.match_indices(inner).find_map(|(at, _)| {
            let before = part[..at].chars().next_back();
            let rest = part[at + inner.len()..].trim_start_matches([' ', '\t']);
            let starts_token = before.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '-'));
            (starts_token && rest.starts_with(':')).then(|| (index + 1, line[..from + at].chars().count() + 1))
        })
    });
    Some(found.unwrap_or(top))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_front_matter_is_shallow() {
        let yaml = "title: \"a [b\"\nsummary: it's [not] {flow}\npartners:\n  - unesco\n  - [x, {y: [z]}]\nbody: |\n  [[[[[[[[\n";
        assert_eq!(too_deep(yaml, 6), None);
    }

    #[test]
    fn deep_flow_block_and_dash_nesting_are_found() {
        let flow = format!("summary: {}{}\n", "[".repeat(100), "]".repeat(100));
        // The top-level mapping is the first level, so the 64th bracket is one too many.
        assert_eq!(too_deep(&flow, 64), Some((1, 10 + 63)));
        let block: String = (0..100).map(|d| format!("{}a:\n", "  ".repeat(d))).collect();
        assert_eq!(too_deep(&block, 64), Some((65, 129)));
        let dashes = format!("x: {}y\n", "- ".repeat(100));
        assert!(too_deep(&dashes, 64).is_some());
    }

    #[test]
    fn a_quote_in_a_plain_value_does_not_hide_what_follows() {
        let yaml = format!("a: say \"hi\nb: {}\n", "[".repeat(100));
        assert!(too_deep(&yaml, 64).is_some());
    }

    #[test]
    fn an_unclosed_quote_is_found_at_its_line() {
        let yaml = "title: \"Bài viết\ndate: 2025-01-01\nsummary: \"Tóm tắt\"\n";
        let q = unclosed_quote(yaml).unwrap();
        assert_eq!((q.line, q.column, q.next_key.as_str()), (1, 8, "date"));
        assert_eq!(unclosed_quote("a: \"one\n  two\"\nb: 'it''s'\n"), None);
    }

    #[test]
    fn items_are_located_in_flow_and_block_lists() {
        let yaml = "title: A\npartners: [unesco, imexko]\ntopics:\n  - heritage\n  - \"edu\"\n";
        assert_eq!(locate_item(yaml, "partners", "imexko"), Some((2, 20)));
        assert_eq!(locate_item(yaml, "topics", "edu"), Some((5, 6)));
        assert_eq!(locate_item(yaml, "partners", "imex"), None);
    }

    #[test]
    fn nested_keys_are_located_in_their_parent() {
        let yaml = "title: A\nsource:\n  name: x\n  nme: y\nlater: {nme: 1}\n";
        assert_eq!(locate_path(yaml, &["source", "nme"]), Some((4, 3)));
        assert_eq!(locate_path(yaml, &["later", "nme"]), Some((5, 9)));
        assert_eq!(locate_path(yaml, &["later"]), Some((5, 1)));
    }
}
