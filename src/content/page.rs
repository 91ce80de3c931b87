//! Parse stage: turns a [`SourceFile`] into a [`Page`] with typed, validated
//! front matter. Pure: no file system access.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::config::Lang;
use crate::content::discover::SourceFile;
use crate::diagnostics::{Diagnostic, closest};
use crate::i18n::{Date, Slug, slug};
use crate::yaml as front_matter;

/// Front matter as written by the editor. Unknown keys are rejected, all
/// of them from one parse, by `front_matter::parse_collecting` (serde's own
/// `deny_unknown_fields` would stop at the first).
#[derive(Debug, Deserialize)]
struct RawFrontMatter {
    title: String,
    date: Option<String>,
    summary: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    draft: bool,
    partners: Option<Vec<String>>,
    topics: Option<Vec<String>>,
    countries: Option<Vec<String>>,
    image: Option<String>,
    image_alt: Option<String>,
    image_credit: Option<String>,
    logo: Option<String>,
    monogram: Option<String>,
    source: Option<SourceRef>,
    translation_key: Option<String>,
    translated_from: Option<String>,
    website: Option<String>,
    featured: Option<bool>,
    updated: Option<String>,
    author: Option<String>,
    kind: Option<String>,
    image_caption: Option<String>,
}

/// Every key front matter may have, for suggestions on typos.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "summary",
    "slug",
    "draft",
    "partners",
    "topics",
    "countries",
    "image",
    "image_alt",
    "image_credit",
    "logo",
    "monogram",
    "source",
    "translation_key",
    "translated_from",
    "website",
    "featured",
    "updated",
    "author",
    "kind",
    "image_caption",
];

/// The keys of `source`, for suggestions on typos.
const SOURCE_KEYS: &[&str] = &["name", "url"];

/// Where an article's facts come from. Unknown keys are rejected by
/// `front_matter::parse_collecting`, as for the rest of the front matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub struct SourceRef {
    /// The publication's name.
    pub name: String,
    /// A link to the original, if public.
    pub url: Option<String>,
}

/// Which kind of page a file is, from where it sits under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// `content/_index.LANG.md`: the intro of a language's home page.
    Home,
    /// `content/articles/…`: dated news items, listed and paginated.
    Articles,
    /// `content/partners/ID.LANG.md`: partner profiles.
    Partners,
    /// Anything else: standalone pages such as "about".
    Pages,
}

/// Fields written once, in the source language, and inherited by translations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Shared {
    /// Publication date.
    pub date: Option<Date>,
    /// Partner ids.
    pub partners: Option<Vec<String>>,
    /// Topic ids.
    pub topics: Option<Vec<String>>,
    /// Country codes.
    pub countries: Option<Vec<String>>,
    /// Image path (relative to the page's file) or URL.
    pub image: Option<String>,
    /// Who made the image, shown under it.
    pub image_credit: Option<String>,
    /// A partner's logo: a path relative to the page's file.
    pub logo: Option<String>,
    /// The letters of a partner's monogram, when it has no logo (else its initials).
    pub monogram: Option<String>,
    /// Where the facts come from.
    pub source: Option<SourceRef>,
    /// A partner's official home page (shared: every language links to it).
    pub website: Option<String>,
    /// An article the home page leads with.
    pub featured: Option<bool>,
    /// When the facts were last revised (`dateModified`).
    pub updated: Option<Date>,
    /// A partner's kind (`intergovernmental`, `ministry`, `company`,
    /// `association`…); labelled by Fluent `partner-kind-ID`.
    pub kind: Option<String>,
}

impl Shared {
    /// When the facts were last revised: `updated`, else `date`.
    pub fn modified(&self) -> Option<Date> {
        self.updated.or(self.date)
    }
}

/// The names of the shared fields, as written in front matter.
pub const SHARED_KEYS: &[&str] = &[
    "date",
    "partners",
    "topics",
    "countries",
    "image",
    "image_credit",
    "logo",
    "monogram",
    "source",
    "website",
    "featured",
    "updated",
    "kind",
];

/// One content file, parsed: one language of one page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, for diagnostics.
    pub file: PathBuf,
    /// The whole file, for diagnostics and the body; only the part before
    /// the body once the page has let go of it ([`Page::let_go_of_body`]).
    pub text: Arc<str>,
    /// Where the YAML is in `text`.
    pub yaml: Range<usize>,
    /// Where the Markdown body is in the file.
    pub body: Range<usize>,
    /// The language of the file.
    pub lang: Lang,
    /// Pages with the same key are translations of each other.
    pub key: String,
    /// The kind of page.
    pub section: Section,
    /// The file name without language and extension.
    pub stem: String,
    /// Its folder under `content/`, with `/` separators.
    pub dir: String,
    /// Title (translatable).
    pub title: String,
    /// Summary (translatable).
    pub summary: Option<String>,
    /// Explicit slug (translatable), else folded from the title.
    pub slug: Option<Slug>,
    /// Left out of builds unless drafts are asked for.
    pub draft: bool,
    /// The text that stands for the shared `image` in this language (translatable).
    pub image_alt: Option<String>,
    /// The caption under the shared `image` in this language (translatable).
    pub image_caption: Option<String>,
    /// Who wrote this language's text, when not the publisher (translatable).
    pub author: Option<String>,
    /// The fingerprint of the source text this translation was made from.
    pub translated_from: Option<String>,
    /// Shared fields as written in this file (before inheritance).
    pub shared: Shared,
    /// The body's anchors and links, found as the file was read so that linking
    /// need not read it again; `None` once linked ([`crate::markdown::scan`]).
    pub scanned: Option<Arc<crate::markdown::Scanned>>,
    /// Where the body is read from once the page has let go of it
    /// ([`Page::let_go_of_body`]); `None` while `text` holds it.
    pub(super) on_disk: Option<Box<OnDisk>>,
}

/// A body left in its file: the file, how to know it is still the text
/// the page was parsed from, and its stamp as read (kept by the parse cache).
#[derive(Debug, Clone)]
pub(super) struct OnDisk {
    pub(super) path: PathBuf,
    pub(super) len: usize,
    pub(super) check: u64,
    pub(super) stamp: Option<super::stamp::Stamp>,
}

/// The front matter fields translators translate, besides the body, in
/// the order exchange files list them.
pub const TRANSLATED_FIELDS: &[&str] = &["title", "summary", "image_alt", "image_caption"];

impl Page {
    /// The text of translatable field `key` (one of [`TRANSLATED_FIELDS`]).
    pub fn translated_field(&self, key: &str) -> Option<&str> {
        match key {
            "title" => Some(&self.title),
            "summary" => self.summary.as_deref(),
            "image_alt" => self.image_alt.as_deref(),
            "image_caption" => self.image_caption.as_deref(),
            _ => None,
        }
    }

    /// The Markdown body of a page that holds its text: every page but
    /// those a build has let go of ([`Page::let_go_of_body`]), which are
    /// read with [`Page::read_body`].
    pub fn body(&self) -> &str {
        assert!(
            self.on_disk.is_none(),
            "a page that let go of its body is read with read_body"
        );
        &self.text[self.body.clone()]
    }

    /// The Markdown body: held, or read again from its file, which must
    /// not have changed since the page was parsed.
    pub fn read_body(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let Some(on_disk) = &self.on_disk else {
            return Ok(std::borrow::Cow::Borrowed(&self.text[self.body.clone()]));
        };
        let changed = || {
            Diagnostic::new(&self.file, "the file changed while the site was being built")
                .with_hint("build again once it is saved")
        };
        let bytes = std::fs::read(&on_disk.path)
            .map_err(|e| crate::diagnostics::io_error(&self.file, "read the page again", &e))?;
        if bytes.len() != on_disk.len {
            return Err(changed());
        }
        let body = &bytes[self.body.start..];
        match simdutf8::basic::from_utf8(body) {
            Ok(body) if crate::search::quick_check(body.as_bytes()) == on_disk.check => {
                Ok(std::borrow::Cow::Owned(body.to_owned()))
            }
            _ => Err(changed()),
        }
    }

    /// The whole text of the file: held, or the front matter followed by
    /// the body read again ([`Page::read_body`]), for a diagnostic that
    /// shows the lines around a place in the body.
    pub fn read_text(&self) -> Result<Arc<str>, Diagnostic> {
        if self.on_disk.is_none() {
            return Ok(self.text.clone());
        }
        let body = self.read_body()?;
        let mut text = String::with_capacity(self.body.start + body.len());
        text.push_str(&self.text);
        text.push_str(&body);
        Ok(Arc::from(text))
    }

    /// A quick hash of the body's bytes, held or let go of: with the front
    /// matter, it tells whether a file changed between builds.
    pub fn body_check(&self) -> u64 {
        match &self.on_disk {
            Some(on_disk) => on_disk.check,
            None => crate::search::quick_check(self.text[self.body.clone()].as_bytes()),
        }
    }

    /// The length of the page's file, held or let go of.
    pub fn file_len(&self) -> usize {
        self.on_disk.as_ref().map_or(self.text.len(), |d| d.len)
    }

    /// The text before the body: the front matter and its fences.
    pub fn front(&self) -> &str {
        &self.text[..self.body.start]
    }

    /// Keeps only the front matter of the text and reads the body from
    /// the file (`root` joined with [`Page::file`]) when it is needed: a
    /// build holds every page's metadata, but not every page's body
    /// (`stamp` is the file's as it was read, [`SourceFile::stamp`]).
    pub fn let_go_of_body(&mut self, root: &Path, stamp: Option<super::stamp::Stamp>) {
        if self.on_disk.is_some() {
            return;
        }
        self.on_disk = Some(Box::new(OnDisk {
            path: root.join(&self.file),
            len: self.text.len(),
            check: crate::search::quick_check(self.text[self.body.clone()].as_bytes()),
            stamp,
        }));
        self.text = Arc::from(self.front());
    }

    /// A diagnostic pointing at the value of front matter `key`, or at the
    /// start of the front matter if the key is not written.
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let yaml = &self.text[self.yaml.clone()];
        let yaml_line = self.text[..self.yaml.start].matches('\n').count() + 1;
        let (line, column) = front_matter::locate_key(yaml, key).map_or((1, 1), |(l, c)| (yaml_line + l - 1, c));
        Diagnostic::at(&self.file, line, column, message).with_source(self.text.clone())
    }

    /// A diagnostic pointing at `item` in the list that is the value of
    /// front matter `key`, or at the key if the item cannot be found there
    /// (a translation inherits the list from its source).
    pub fn error_at_item(&self, key: &str, item: &str, message: impl Into<String>) -> Diagnostic {
        let yaml = &self.text[self.yaml.clone()];
        match front_matter::locate_item(yaml, key, item) {
            Some((line, column)) => {
                let yaml_line = self.text[..self.yaml.start].matches('\n').count() + 1;
                Diagnostic::at(&self.file, yaml_line + line - 1, column, message).with_source(self.text.clone())
            }
            None => self.error_at_key(key, message),
        }
    }

    /// The 1-based line of front matter `key` in this file, if written.
    pub fn line_of_key(&self, key: &str) -> Option<usize> {
        let yaml = &self.text[self.yaml.clone()];
        let yaml_line = self.text[..self.yaml.start].matches('\n').count() + 1;
        front_matter::locate_key(yaml, key).map(|(l, _)| yaml_line + l - 1)
    }
}

/// Parses a content file into a page, reporting every problem in it.
pub fn parse(file: &SourceFile) -> Result<Page, Vec<Diagnostic>> {
    let text = &file.text;
    let at = |line: usize, column: usize, message: String| {
        Diagnostic::at(&file.path, line, column, message).with_source(text.clone())
    };
    let split = front_matter::split(text).map_err(|e| vec![at(e.line, e.column, e.message).with_hint(e.hint)])?;
    let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let body_start = split.body.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_line = text[..yaml_start].matches('\n').count() + 1;
    let (raw, yaml_errors) = front_matter::parse_collecting::<RawFrontMatter>(split.yaml);
    let mut problems: Vec<Diagnostic> = yaml_errors
        .into_iter()
        .map(|e| {
            let line = yaml_line + e.line - 1;
            match &e.unknown_key {
                Some(keys) => {
                    let d = at(line, e.column, format!("unknown front matter key `{}`", keys.join(".")));
                    let known = match keys.first().map(String::as_str) {
                        Some("source") if keys.len() > 1 => SOURCE_KEYS,
                        _ => FRONT_MATTER_KEYS,
                    };
                    let field = keys.last().map_or("", String::as_str);
                    match closest(field, known.iter().copied()) {
                        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                        None => d.with_hint(format!("the keys here are: {}", known.join(", "))),
                    }
                }
                None => {
                    let d = at(line, e.column, e.message);
                    match e.hint {
                        Some(hint) => d.with_hint(hint),
                        None => d,
                    }
                }
            }
        })
        .collect();
    let Some(raw) = raw else { return Err(problems) };

    let section = match file.dir.split('/').next().unwrap_or_default() {
        "" if file.stem == "_index" => Section::Home,
        "articles" => Section::Articles,
        "partners" => Section::Partners,
        _ => Section::Pages,
    };
    let key = match &raw.translation_key {
        Some(k) => k.clone(),
        None if file.dir.is_empty() => file.stem.clone(),
        None => format!("{}/{}", file.dir, file.stem),
    };
    let mut page = Page {
        file: file.path.clone(),
        text: text.clone(),
        yaml: yaml_start..yaml_start + split.yaml.len(),
        body: body_start..text.len(),
        lang: file.lang.clone(),
        key,
        section,
        stem: file.stem.clone(),
        dir: file.dir.clone(),
        title: raw.title.trim().to_string(),
        summary: raw.summary.map(|s| s.trim().to_string()),
        slug: None,
        draft: raw.draft,
        image_alt: raw.image_alt.map(|s| s.trim().to_string()),
        translated_from: raw.translated_from,
        shared: Shared {
            date: None,
            partners: raw.partners,
            topics: raw.topics,
            countries: raw.countries,
            image: raw.image,
            image_credit: raw.image_credit,
            logo: raw.logo,
            monogram: raw.monogram,
            source: raw.source,
            website: raw.website,
            featured: raw.featured,
            updated: None,
            kind: raw.kind,
        },
        author: raw.author.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        image_caption: raw.image_caption.map(|s| s.trim().to_string()),
        scanned: None,
        on_disk: None,
    };

    if page.title.is_empty() {
        problems.push(page.error_at_key("title", "the title is empty"));
    }
    if let Some(slug) = &raw.slug {
        match Slug::parse(slug) {
            Ok(slug) => page.slug = Some(slug),
            Err(message) => problems.push(page.error_at_key("slug", message)),
        }
    }
    if let Some(date) = &raw.date {
        match Date::parse(date.trim()) {
            Ok(date) => page.shared.date = Some(date),
            Err(message) => problems.push(page.error_at_key("date", message)),
        }
    }
    if let Some(updated) = &raw.updated {
        match Date::parse(updated.trim()) {
            Ok(updated) if page.shared.date.is_some_and(|d| updated.first_day() < d.first_day()) => {
                problems.push(page.error_at_key("updated", "`updated` is before `date`"));
            }
            Ok(updated) => page.shared.updated = Some(updated),
            Err(message) => problems.push(page.error_at_key("updated", message)),
        }
    }
    if let Some(kind) = &page.shared.kind
        && Slug::parse(kind).is_err()
    {
        problems.push(page.error_at_key("kind", format!("`{kind}` is not an id: {}", id_rule(kind))));
    }
    // Links a reader follows may not run code (`javascript:` and the like).
    let urls = [
        ("website", page.shared.website.as_deref()),
        ("image", page.shared.image.as_deref()),
        ("logo", page.shared.logo.as_deref()),
        ("source", page.shared.source.as_ref().and_then(|s| s.url.as_deref())),
    ];
    for (key, url) in urls {
        if let Some(Err(why)) = url.map(crate::url::check) {
            problems.push(page.error_at_key(key, why));
        }
    }
    if let Some(letters) = &page.shared.monogram {
        let count = letters.chars().count();
        if count == 0 || count > 5 || !letters.chars().all(char::is_alphanumeric) {
            problems.push(page.error_at_key("monogram", "a monogram is 1 to 5 letters or digits, such as `WHC`"));
        }
    }
    for (key, ids) in [
        ("partners", &page.shared.partners),
        ("topics", &page.shared.topics),
        ("countries", &page.shared.countries),
    ] {
        for id in ids.iter().flatten() {
            if Slug::parse(id).is_err() {
                problems.push(page.error_at_item(key, id, format!("`{id}` is not an id: {}", id_rule(id))));
            }
        }
    }
    if page.section == Section::Partners && Slug::parse(&page.stem).is_err() {
        let rule = match slug::reserved_reason(&page.stem) {
            Some(reason) => reason,
            None => "name partner files with lowercase ASCII letters, digits and `-`".into(),
        };
        problems.push(Diagnostic::new(
            &page.file,
            format!("`{}` is not a partner id: {rule}", page.stem),
        ));
    }
    if problems.is_empty() { Ok(page) } else { Err(problems) }
}

/// What an id (a partner, topic or country) must be, for an id that is not one.
fn id_rule(id: &str) -> String {
    match slug::reserved_reason(id) {
        Some(reason) => reason,
        None if id.chars().count() > slug::MAX_LEN => format!("an id is at most {} characters long", slug::MAX_LEN),
        None => "use lowercase ASCII letters, digits and `-`".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &str, stem: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(format!("content/{dir}/{stem}.vi.md")),
            dir: dir.into(),
            stem: stem.into(),
            lang: Lang::parse("vi").unwrap(),
            text: Arc::from(text),
            stamp: None,
        }
    }

    #[test]
    fn parses_an_article() {
        let p = parse(&file(
            "articles",
            "a",
            "---\ntitle: \" Hợp tác \"\ndate: 2025-10-17\npartners: [unesco]\n---\nBody\n",
        ))
        .unwrap();
        assert_eq!(p.title, "Hợp tác");
        assert_eq!(p.section, Section::Articles);
        assert_eq!(p.key, "articles/a");
        assert_eq!(p.shared.date, Some(Date::parse("2025-10-17").unwrap()));
        assert_eq!(p.body(), "Body\n");
    }

    #[test]
    fn a_body_let_go_is_read_again_from_its_file_and_only_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let text = "---\ntitle: Hợp tác\n---\nThân bài: một đoạn văn.\n";
        let source = file("articles", "a", text);
        std::fs::create_dir_all(root.path().join("content/articles")).unwrap();
        std::fs::write(root.path().join(&source.path), text).unwrap();
        let mut page = parse(&source).unwrap();
        page.let_go_of_body(root.path(), None);
        assert_eq!(
            &*page.text, "---\ntitle: Hợp tác\n---\n",
            "only the front matter is held"
        );
        assert_eq!(page.read_body().unwrap(), "Thân bài: một đoạn văn.\n");
        // An edit during the build, of the same length or not, is an error naming the file.
        for edited in [text.replace("một", "mốt"), text.replace("một", "mot")] {
            std::fs::write(root.path().join(&source.path), &edited).unwrap();
            let error = page.read_body().unwrap_err();
            assert_eq!(error.path, source.path);
            assert!(
                error.message.contains("changed while the site was being built"),
                "{}",
                error.message
            );
        }
        std::fs::remove_file(root.path().join(&source.path)).unwrap();
        assert!(page.read_body().unwrap_err().message.contains("could not read"));
    }

    #[test]
    fn unknown_key_points_at_its_line_with_a_suggestion() {
        let d = parse(&file("articles", "a", "---\ntitle: A\nsumary: x\n---\n")).unwrap_err();
        assert_eq!(d[0].position.map(|p| (p.line, p.column)), Some((3, 1)));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn bad_values_point_at_their_line_and_column() {
        let d = parse(&file(
            "articles",
            "a",
            "---\ntitle: A\ndate: 2025-02-30\nslug: ../../x\n---\n",
        ))
        .unwrap_err();
        let positions: Vec<_> = d.iter().map(|d| d.position.map(|p| (p.line, p.column))).collect();
        assert_eq!(positions, [Some((4, 7)), Some((3, 7))]);
    }

    #[test]
    fn translation_key_overrides_the_file_name() {
        let p = parse(&file(
            "articles",
            "b",
            "---\ntitle: B\ntranslation_key: articles/a\n---\n",
        ))
        .unwrap();
        assert_eq!(p.key, "articles/a");
    }
}
