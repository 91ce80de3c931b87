//! `duet check`: what is untranslated, stale or broken before an editor
//! publishes — what a build validates (see [`crate::validate`]) and more:
//! pages missing in a language, and UI strings defined but unused or used
//! but undefined.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::build::{Loaded, load};
use crate::diagnostics::{Diagnostic, Kind, line_col};
use crate::i18n::Locales;
use crate::site::Site;
use crate::theme::Theme;
use crate::validate::stale_translations;

/// What `duet check` found, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every problem, sorted by kind, file and position.
    pub problems: Vec<Problem>,
    /// How many pages (in all languages) were checked.
    pub pages: usize,
    /// Things worth knowing that are not problems (files no page refers to).
    pub notes: Vec<Problem>,
}

/// One problem found by `duet check`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// What kind of problem it is (`broken-link`, `stale`…).
    pub kind: Kind,
    /// File, relative to the site root.
    pub file: String,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, 0 when the problem is about the whole file.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Problem {
    fn from(d: Diagnostic) -> Problem {
        let (line, column) = d.position.map_or((0, 0), |p| (p.line, p.column));
        Problem {
            kind: d.kind,
            file: d.path.display().to_string(),
            line,
            column,
            message: d.message,
            hint: d.hint,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": [{}] {}", self.kind, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// UI strings duet itself asks for, beyond those the templates name.
pub const CODE_KEYS: &[&str] = &[
    "site-title",
    "site-tagline",
    "articles-title",
    "partners-title",
    "not-found-title",
    "search-title",
    "pager-position",
    "date-long",
    "date-month",
    "date-year",
];

/// Families of UI strings duet asks for by computed name.
pub const CODE_PREFIXES: &[&str] = &["month-", "taxonomy-", "topic-", "country-", "partner-kind-"];

/// Checks the site in `root` (drafts included, as editors see them).
/// Problems that stop the site from loading are reported as `build`
/// problems, and the other checks then cannot run.
pub fn check(root: &Path) -> Report {
    let loaded = match load(root, true, false) {
        Ok(loaded) => loaded,
        Err(problems) => {
            // Whatever stops the site from loading is a build problem here.
            let mut problems: Vec<Problem> = problems
                .0
                .into_iter()
                .map(|d| Problem::from(d.with_kind(Kind::Build)))
                .collect();
            problems.sort();
            return Report {
                problems,
                pages: 0,
                notes: Vec::new(),
            };
        }
    };
    let Loaded {
        site, renderer, theme, ..
    } = &loaded;
    let locales = renderer.locales();
    let mut problems = Vec::new();
    problems.extend(untranslated(site).into_iter().map(Problem::from));
    match stale_translations(site) {
        Ok(stale) => problems.extend(stale.into_iter().map(Problem::from)),
        Err(d) => problems.push(Problem::from(d)),
    }
    problems.extend(locales.warnings.iter().cloned().map(Problem::from));
    problems.extend(string_usage(site, theme, locales));
    problems.extend(loaded.broken_links.iter().cloned().map(Problem::from));
    problems.sort();
    problems.dedup();
    let used: HashSet<crate::media::AssetId> = site.uses.iter().flatten().copied().collect();
    let default_image = site.default_image(&site.config.default_lang);
    let publisher_logo = site.publisher_logo();
    let notes = site
        .media
        .assets
        .iter()
        .enumerate()
        .map(|(i, asset)| (crate::media::AssetId(i), asset))
        .filter(|(id, _)| !used.contains(id) && Some(*id) != default_image && Some(*id) != publisher_logo)
        .map(|(_, asset)| Problem::from(crate::media::unused(asset)))
        .collect();
    Report {
        problems,
        pages: site.pages_per_language().iter().map(|(_, n)| n).sum(),
        notes,
    }
}

/// Pages missing in some language, reported on their source file.
fn untranslated(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for group in site.untranslated() {
        let missing: Vec<&str> = site
            .config
            .languages
            .iter()
            .filter(|l| group.get(&l.lang).is_none())
            .map(|l| l.lang.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let source = &site.entries[group.source].page;
        let base = source
            .file
            .to_string_lossy()
            .trim_end_matches(&format!(".{}.md", source.lang))
            .to_string();
        found.push(
            Diagnostic::new(&source.file, format!("not translated into {}", missing.join(", "))).with_hint(format!(
                "write {}",
                missing
                    .iter()
                    .map(|l| format!("{base}.{l}.md"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    found.into_iter().map(|d| d.with_kind(Kind::Untranslated)).collect()
}

/// UI strings the templates ask for that no language defines, and strings
/// defined that nothing asks for.
fn string_usage(site: &Site, theme: &Theme, locales: &Locales) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut used: HashSet<String> = CODE_KEYS.iter().map(std::string::ToString::to_string).collect();
    // The publisher's strings and the labels of its legal links.
    if let Some(publisher) = &site.config.publisher {
        used.extend(["publisher-name", "publisher-address", "publisher-notice"].map(String::from));
        used.extend(publisher.legal.iter().map(|l| l.label.clone()));
    }
    for template in &theme.templates {
        for (offset, _) in template.text.match_indices("t(key=\"") {
            let start = offset + 7;
            let Some(len) = template.text[start..].find('"') else {
                continue;
            };
            let key = &template.text[start..start + len];
            used.insert(key.to_string());
            let defined = site.config.languages.iter().any(|l| locales.has(&l.lang, key));
            if !defined {
                let (line, column) = line_col(&template.text, offset);
                problems.push(Problem::from(
                    Diagnostic::at(
                        &template.path,
                        line,
                        column,
                        format!("the UI string `{key}` is defined in no language"),
                    )
                    .with_hint(format!(
                        "add `{key} = …` to locales/{}/site.ftl",
                        site.config.default_lang
                    ))
                    .with_kind(Kind::UndefinedString),
                ));
            }
        }
    }
    for language in &site.config.languages {
        for (id, path, line) in locales.definitions(&language.lang) {
            let asked = used.contains(id) || id.starts_with('-') || CODE_PREFIXES.iter().any(|p| id.starts_with(p));
            // The built-in theme's strings serve every site; only the site's own are its business.
            if !asked && !path.starts_with("(built-in theme)") {
                problems.push(Problem::from(
                    Diagnostic::at(path, line, 1, format!("the UI string `{id}` is never used"))
                        .with_kind(Kind::UnusedString),
                ));
            }
        }
    }
    problems
}

/// Counts of problems per kind, for the summary line.
pub fn counts(report: &Report) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for p in &report.problems {
        *counts.entry(p.kind.as_str()).or_insert(0) += 1;
    }
    counts
}
