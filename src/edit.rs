//! Editor commands that create or change content files on purpose, one
//! named file at a time, and nothing else: `duet init`, `duet new article`,
//! `duet new translation` and `duet translated`. None overwrites a file.

use std::path::{Path, PathBuf};

use crate::build::load;
use crate::config::{Lang, SiteConfig};
use crate::content::{Fingerprint, front_matter};
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};
use crate::i18n::{Date, Slug};

macro_rules! scaffold {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/scaffold/", $path)))),*]
    };
}

/// The files of a new site, by path; the theme is the built-in one.
const SCAFFOLD: &[(&str, &str)] = scaffold![
    ".gitignore",
    "site.yaml",
    "locales/vi/site.ftl",
    "locales/en/site.ftl",
    "content/_index.vi.md",
    "content/_index.en.md",
    "content/about.vi.md",
    "content/about.en.md",
    "content/partners/example.vi.md",
    "content/partners/example.en.md",
    "content/articles/welcome.vi.md",
    "content/articles/welcome.en.md",
];

/// Creates a new site in `dir` (which must not exist or be empty) that
/// builds and serves as it is, with the built-in theme. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Diagnostic::new(dir, "the folder is not empty")
            .with_hint("`duet init` creates a new site in a new or empty folder")
            .into());
    }
    let mut written = Vec::new();
    for (rel, text) in SCAFFOLD {
        let path = dir.join(rel);
        create_new(&path, text)?;
        written.push(PathBuf::from(rel));
    }
    // The sample translations say which source text they were made from.
    for rel in written.iter().filter(|p| p.to_string_lossy().ends_with(".en.md")) {
        mark_translated(dir, &dir.join(rel))?;
    }
    Ok(written)
}

/// Creates `content/articles/SLUG.LANG.md` for a new article titled
/// `title`, the slug folded from the title, dated today, as a draft.
pub fn new_article(root: &Path, title: &str, lang: Option<&str>) -> Result<PathBuf, Diagnostics> {
    let config = SiteConfig::load(root)?;
    let lang = site_lang(&config, lang)?;
    let slug = Slug::from_title(title).ok_or_else(|| {
        Diagnostic::new(
            "content/articles",
            format!("no file name can be made from the title `{title}`"),
        )
    })?;
    let dir = root.join("content/articles");
    let taken: Vec<String> = config
        .languages
        .iter()
        .map(|l| format!("{slug}.{}.md", l.lang))
        .filter(|name| dir.join(name).exists())
        .collect();
    if let Some(name) = taken.first() {
        return Err(Diagnostic::new(
            format!("content/articles/{name}"),
            "an article with this name exists already",
        )
        .with_hint("choose another title, or edit the existing article")
        .into());
    }
    let rel = PathBuf::from(format!("content/articles/{slug}.{lang}.md"));
    let text = format!(
        "---\ntitle: {}\ndate: {}\nsummary: \"\"\npartners: []\ntopics: []\ncountries: []\n# Remove `draft` to publish.\ndraft: true\n---\n\n",
        yaml_string(title),
        Date::today()
    );
    create_new(&root.join(&rel), &text)?;
    Ok(rel)
}

/// Creates the `lang` twin of content file `file`: the source's title,
/// summary and body to translate in place, its fingerprint recorded in
/// `translated_from`, and `draft: true` until the translation is done.
pub fn new_translation(root: &Path, file: &Path, lang: &str) -> Result<PathBuf, Diagnostics> {
    let (loaded, i, _) = load_page(root, file)?;
    let site = &loaded.site;
    let lang = site_lang(&site.config, Some(lang))?;
    let entry = &site.entries[i];
    let group = &site.groups[entry.group];
    if let Some(existing) = group.get(&lang) {
        return Err(Diagnostic::new(
            &site.entries[existing].page.file,
            format!("the `{lang}` version exists already"),
        )
        .into());
    }
    let source = &entry.page;
    let dir = if source.dir.is_empty() {
        "content".to_string()
    } else {
        format!("content/{}", source.dir)
    };
    let target = PathBuf::from(format!("{dir}/{}.{lang}.md", source.stem));
    let mut text = format!(
        "---\n# Translate the title, summary and body from {}, then remove `draft`\n# and run `duet translated {}`.\ntitle: {}\n",
        source.file.display(),
        target.display(),
        yaml_string(&source.title)
    );
    if let Some(summary) = &source.summary {
        text.push_str(&format!("summary: {}\n", yaml_string(summary)));
    }
    if source.key != format!("{}/{}", source.dir, source.stem).trim_start_matches('/') {
        text.push_str(&format!("translation_key: {}\n", yaml_string(&source.key)));
    }
    // The language is recorded with the fingerprint: a translation made
    // from a translation is stale when that text changes, not the source's.
    text.push_str(&format!(
        "translated_from: \"{}:{}\"\ndraft: true\n---\n",
        source.lang,
        Fingerprint::of(source)
    ));
    text.push_str(source.body());
    create_new(&root.join(&target), &text)?;
    Ok(target)
}

/// Loads the site (drafts included) and finds the page of content file
/// `file`: the site, the page's entry index and its path relative to `root`.
fn load_page(root: &Path, file: &Path) -> Result<(crate::build::Loaded, usize, PathBuf), Diagnostics> {
    let rel = relative_to(root, file)?;
    let loaded = load(root, true, false)?;
    let i = loaded
        .site
        .entries
        .iter()
        .position(|e| e.is_translation() && e.page.file == rel)
        .ok_or_else(|| Diagnostic::new(&rel, "this is not a content page of the site"))?;
    Ok((loaded, i, rel))
}

/// The language `code` names, or the default language.
fn site_lang(config: &SiteConfig, code: Option<&str>) -> Result<Lang, Diagnostic> {
    match code {
        None => Ok(config.default_lang.clone()),
        Some(code) => config.language(code).map(|l| l.lang.clone()).ok_or_else(|| {
            let codes: Vec<&str> = config.languages.iter().map(|l| l.lang.as_str()).collect();
            Diagnostic::new(
                "site.yaml",
                format!("`{code}` is not one of the site's languages ({})", codes.join(", ")),
            )
        }),
    }
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// Writes a new file (and its folders), refusing to replace one.
fn create_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io_error(path, "create the file", &e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| io_error(path, "write the file", &e))
}

/// Records in translation `file` the language and fingerprint of the text
/// it was translated from (`translated_from`): the language it already
/// names, else its group's source. Later edits of that text show it stale.
/// Returns the value written.
pub fn mark_translated(root: &Path, file: &Path) -> Result<String, Diagnostics> {
    let (loaded, i, rel) = load_page(root, file)?;
    let site = &loaded.site;
    let entry = &site.entries[i];
    let group = &site.groups[entry.group];
    let from = crate::validate::translated_from(site, i);
    let source = &site.entries[from].page;
    if group.source == i {
        return Err(Diagnostic::new(&rel, "this page is a source, not a translation")
            .with_hint(format!(
                "its language `{}` is the source of its translations",
                entry.page.lang
            ))
            .into());
    }
    let fingerprint = format!("{}:{}", source.lang, Fingerprint::of(source));
    let text = front_matter::set_key(&entry.page.text, "translated_from", &format!("\"{fingerprint}\""))
        .map_err(|why| Diagnostic::new(&rel, why))?;
    let path = root.join(&rel);
    let temporary = path.with_extension("md.duet-tmp");
    std::fs::write(&temporary, text).map_err(|e| io_error(&rel, "write the file", &e))?;
    std::fs::rename(&temporary, &path).map_err(|e| io_error(&rel, "replace the file", &e))?;
    Ok(fingerprint)
}

/// `file` (relative to the working folder, or absolute) as a path relative to `root`.
fn relative_to(root: &Path, file: &Path) -> Result<PathBuf, Diagnostic> {
    let absolute = |p: &Path| p.canonicalize().map_err(|e| io_error(p, "find the file", &e));
    let root = absolute(root)?;
    let file = if file.is_relative() && !file.exists() && root.join(file).exists() {
        root.join(file)
    } else {
        file.to_path_buf()
    };
    let file = absolute(&file)?;
    file.strip_prefix(&root)
        .map(Path::to_path_buf)
        .map_err(|_| Diagnostic::new(&file, "the file is not inside the site"))
}
