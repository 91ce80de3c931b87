//! Diagnostics: the one error type of every stage. Each problem names the
//! file it comes from and, where the input has one, the line and column, so
//! an editor can jump straight to it. Stages collect all their problems and
//! return them together.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What kind of problem a diagnostic is: used to sort and count problems,
/// in `duet check`'s JSON, and by tests — never the message's wording.
/// Declared in the order reports list them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A link in a body to a page or anchor that does not exist.
    BrokenLink,
    /// Anything that stops a build: bad input, templates, strings, the output folder.
    #[default]
    Build,
    /// A UI string a language lacks, where a fallback language stands in.
    MissingString,
    /// A translation whose source text changed since it was translated.
    Stale,
    /// A UI string whose variables differ from the default language's.
    StringVariables,
    /// A UI string templates ask for that no language defines.
    UndefinedString,
    /// A page missing in some language.
    Untranslated,
    /// A UI string the site defines that nothing asks for.
    UnusedString,
    /// Something the build skipped that an editor should know about (a symlink).
    Skipped,
    /// An image without alt text in some language.
    MissingAlt,
    /// A file in content/ that no page refers to.
    UnusedAsset,
    /// A title the fonts of social cards cannot write.
    CardGlyphs,
}

impl Kind {
    /// Its name in reports and JSON (`broken-link`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::BrokenLink => "broken-link",
            Kind::Build => "build",
            Kind::MissingString => "missing-string",
            Kind::Stale => "stale",
            Kind::StringVariables => "string-variables",
            Kind::UndefinedString => "undefined-string",
            Kind::Untranslated => "untranslated",
            Kind::UnusedString => "unused-string",
            Kind::Skipped => "skipped",
            Kind::MissingAlt => "missing-alt",
            Kind::UnusedAsset => "unused-asset",
            Kind::CardGlyphs => "card-glyphs",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the site's input or while writing its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem it is.
    pub kind: Kind,
    /// The file the problem is in, relative to the site root where possible.
    pub path: PathBuf,
    /// Where in that file, when the problem has a position.
    pub position: Option<Position>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when duet can tell.
    pub hint: Option<String>,
    /// The text of the file, kept so the problem can be shown with a snippet.
    pub source: Option<Arc<str>>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Diagnostic {
    /// A problem with a file as a whole.
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            kind: Kind::Build,
            path: path.into(),
            position: None,
            message: message.into(),
            hint: None,
            source: None,
        }
    }

    /// A problem at a line and column of a file.
    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            position: Some(Position { line, column }),
            ..Diagnostic::new(path, message)
        }
    }

    /// Sets what kind of problem it is.
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Keeps the file's text so the problem can be shown with a snippet.
    pub fn with_source(mut self, source: Arc<str>) -> Self {
        self.source = Some(source);
        self
    }

    /// A copy safe to show on a terminal: control characters in its path,
    /// message and hint are escaped, and those in its source are replaced
    /// by one visible character each, so line and column still match.
    pub fn for_terminal(&self) -> Diagnostic {
        Diagnostic {
            kind: self.kind,
            path: PathBuf::from(escape_controls(&self.path.display().to_string()).into_owned()),
            position: self.position,
            message: escape_controls(&self.message).into_owned(),
            hint: self.hint.as_deref().map(|h| escape_controls(h).into_owned()),
            source: self.source.as_ref().map(|s| match picture_controls(s) {
                Cow::Borrowed(_) => s.clone(),
                Cow::Owned(shown) => Arc::from(shown),
            }),
        }
    }

    /// The byte offset of the position in the kept source, if both are known.
    pub fn offset(&self) -> Option<usize> {
        let source = self.source.as_deref()?;
        let Position { line, column } = self.position?;
        let line_start = if line <= 1 {
            0
        } else {
            source.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
        };
        let rest = &source[line_start..];
        let within = rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
        Some(line_start + within)
    }
}

/// Formats as `path:line:column: message` (and a hint line), the form editors
/// and CI logs understand. This is human output: text that came from the
/// site's files has its control characters escaped (see [`escape_controls`]).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape_controls(&self.path.display().to_string()))?;
        if let Some(Position { line, column }) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", escape_controls(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", escape_controls(hint))?;
        }
        Ok(())
    }
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls and
/// DEL (escape sequences, bells, carriage returns that overwrite a line,
/// newlines that forge one) and the bidirectional controls that reorder
/// what is shown.
fn is_unsafe_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character unsafe on a terminal written as an escape
/// (`\x1b`, `\u{202e}`), so slugs, keys and file names written by an editor
/// are shown, never obeyed. Escaping twice changes nothing more.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !is_unsafe_on_terminal(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// A file's text for a snippet: each unsafe character but line breaks and
/// tabs becomes one visible character (a control picture such as `␛`, or
/// `�`), so positions counted in characters stay right.
fn picture_controls(text: &str) -> Cow<'_, str> {
    let keep = |c: char| matches!(c, '\n' | '\r' | '\t') || !is_unsafe_on_terminal(c);
    if text.chars().all(keep) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if keep(c) => c,
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                _ => '\u{fffd}',
            })
            .collect(),
    )
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let offset = self.offset()?;
        let label = miette::LabeledSpan::at_offset(offset, "here");
        Some(Box::new(std::iter::once(label)))
    }
}

/// Every problem a build found, sorted by file and position so the report
/// reads top to bottom and does not depend on thread scheduling.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts the problems by file, then position, then message, and keeps
    /// one of each (a template error hit by every page is one problem).
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.path, a.position, &a.message, &a.hint).cmp(&(&b.path, b.position, &b.message, &b.hint))
        });
        self.0
            .dedup_by(|a, b| (&a.path, a.position, &a.message) == (&b.path, b.position, &b.message));
        self
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v).sorted()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Turns an I/O error on a path into a diagnostic.
pub fn io_error(path: &Path, action: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::new(path, format!("could not {action}: {err}"))
}

/// The 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The known name closest to `unknown`, if one is close enough to be a typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), k))
        // Short names need a closer match: `jp` is not a typo of `vn`.
        .filter(|(d, k)| *d <= 2.max(k.len() / 3) && 2 * d <= k.chars().count())
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nđắc x";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 5));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn offset_inverts_line_col() {
        let text: Arc<str> = Arc::from("một\nhai ba\n");
        let d = Diagnostic::at("x", 2, 5, "m").with_source(text.clone());
        assert_eq!(&text[d.offset().unwrap()..], "ba\n");
    }

    #[test]
    fn closest_suggests_typos_only() {
        let known = ["title", "summary", "partners"];
        assert_eq!(closest("titel", known), Some("title"));
        assert_eq!(closest("partner", known), Some("partners"));
        assert_eq!(closest("colour", known), None);
        assert_eq!(closest("jp", ["vn"]), None);
        assert_eq!(closest("heritag", ["heritage", "education"]), Some("heritage"));
    }

    #[test]
    fn control_characters_are_escaped_for_people() {
        let d = Diagnostic::at("content/\x1b[31mred.vi.md", 1, 2, "key `a\nerror: forged`\u{7}")
            .with_hint("\u{202e}txt.exe")
            .with_source(Arc::from("a: \x1b]0;title\u{7}\nb: 1\n"));
        let shown = d.to_string();
        assert!(!shown.contains(['\x1b', '\u{7}', '\u{202e}']), "{shown:?}");
        assert_eq!(
            shown,
            "content/\\x1b[31mred.vi.md:1:2: key `a\\x0aerror: forged`\\x07\n  hint: \\u{202e}txt.exe"
        );
        let terminal = d.for_terminal();
        assert_eq!(terminal.to_string(), shown, "escaping twice changes nothing");
        assert_eq!(terminal.source.as_deref(), Some("a: \u{241b}]0;title\u{2407}\nb: 1\n"));
        assert_eq!(escape_controls("hợp tác"), "hợp tác");
    }

    #[test]
    fn display_names_file_line_and_column() {
        let d = Diagnostic::at("content/a.vi.md", 3, 7, "bad").with_hint("fix it");
        assert_eq!(d.to_string(), "content/a.vi.md:3:7: bad\n  hint: fix it");
    }
}
