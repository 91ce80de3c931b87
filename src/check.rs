//! Checks of a linked site as a whole rather than one file: term labels in
//! every language, stale translations, and `duet check`: what is
//! untranslated, stale or broken before an editor publishes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::build::{Loaded, load};
use crate::content::{Fingerprint, Section, fingerprint};
use crate::diagnostics::{Diagnostic, line_col};
use crate::i18n::Locales;
use crate::site::{Site, Taxonomy};
use crate::theme::Theme;

/// Topics and countries are labelled by Fluent messages (`topic-ID`,
/// `country-ID`); a term without a label in a page's language is reported
/// at the front matter line that uses it.
pub fn missing_term_labels(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in &site.entries {
        for tax in Taxonomy::ALL {
            for term in tax.terms_of(entry) {
                let Some(key) = tax.label_key(&term) else {
                    continue;
                };
                let lang = &entry.lang;
                if !locales.has(lang, &key) {
                    let add = format!("add `{key} = …` to locales/{lang}/site.ftl");
                    let prefix = key.strip_suffix(term.as_str()).unwrap_or_default();
                    let known = locales
                        .definitions(lang)
                        .filter_map(|(id, _, _)| id.strip_prefix(prefix));
                    let hint = match crate::diagnostics::closest(&term, known) {
                        Some(near) => format!("did you mean `{near}`? Or {add}"),
                        None => add,
                    };
                    problems.push(
                        entry
                            .page
                            .error_at_item(tax.name(), &term, format!("`{term}` has no label in `{lang}`"))
                            .with_hint(hint),
                    );
                }
            }
        }
    }
    problems
}

/// Translations whose source's translatable text changed since their
/// `translated_from` fingerprint was recorded, naming the changed sections.
pub fn stale_translations(site: &Site) -> Vec<Diagnostic> {
    let mut stale = Vec::new();
    // Fingerprints are computed once per page they are compared with.
    let mut current: HashMap<usize, Fingerprint> = HashMap::new();
    for group in &site.groups {
        for &(_, i) in &group.members {
            let page = &site.entries[i].page;
            let Some(recorded) = &page.translated_from else {
                continue;
            };
            if i == group.source {
                continue;
            }
            if let Some(lang) = fingerprint::recorded_language(recorded)
                && !group.members.iter().any(|(l, _)| l.as_str() == lang)
            {
                stale.push(
                    page.error_at_key(
                        "translated_from",
                        format!("this translation was made from the `{lang}` text, which the site does not have"),
                    )
                    .with_hint(format!(
                        "write `translated_from` without `{lang}:`, or run `duet translated {}`",
                        page.file.display()
                    )),
                );
                continue;
            }
            let from = translated_from(site, i);
            let source = &site.entries[from].page;
            match current
                .entry(from)
                .or_insert_with(|| Fingerprint::of(source))
                .changed_since(recorded)
            {
                Ok(changed) if changed.is_empty() => {}
                Ok(changed) => stale.push(
                    page.error_at_key(
                        "translated_from",
                        format!(
                            "the translation is stale: {} changed in {}",
                            source.file.display(),
                            changed.iter().map(|c| format!("“{c}”")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "update the translation, then run `duet translated {}`",
                        page.file.display()
                    )),
                ),
                Err(message) => stale.push(
                    page.error_at_key("translated_from", message)
                        .with_hint(format!("run `duet translated {}` to record it", page.file.display())),
                ),
            }
        }
    }
    stale
}

/// The entry whose text translation `i` was made from: the language its
/// `translated_from` names, when the group has it, else the group's source.
pub fn translated_from(site: &Site, i: usize) -> usize {
    let entry = &site.entries[i];
    let group = &site.groups[entry.group];
    entry
        .page
        .translated_from
        .as_deref()
        .and_then(fingerprint::recorded_language)
        .and_then(|lang| group.members.iter().find(|&&(ref l, j)| l.as_str() == lang && j != i))
        .map_or(group.source, |&(_, j)| j)
}

/// What `duet check` found, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every problem, sorted by kind, file and position.
    pub problems: Vec<Problem>,
    /// How many pages (in all languages) were checked.
    pub pages: usize,
}

/// One problem found by `duet check`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// `build`, `untranslated`, `stale`, `missing-string`, `string-variables`,
    /// `undefined-string`, `unused-string`, `broken-link`.
    pub kind: &'static str,
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
    fn from(kind: &'static str, d: Diagnostic) -> Problem {
        let (line, column) = d.position.map_or((0, 0), |p| (p.line, p.column));
        Problem {
            kind,
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
pub const CODE_PREFIXES: &[&str] = &["month-", "taxonomy-", "topic-", "country-"];

/// Checks the site in `root` (drafts included, as editors see them).
/// Problems that stop the site from loading are reported as `build`
/// problems, and the other checks then cannot run.
pub fn check(root: &Path) -> Report {
    let loaded = match load(root, true, false) {
        Ok(loaded) => loaded,
        Err(problems) => {
            let mut problems: Vec<Problem> = problems.0.into_iter().map(|d| Problem::from("build", d)).collect();
            problems.sort();
            return Report { problems, pages: 0 };
        }
    };
    let Loaded {
        site, renderer, theme, ..
    } = &loaded;
    let locales = renderer.locales();
    let mut problems = Vec::new();
    problems.extend(untranslated(site).into_iter().map(|d| Problem::from("untranslated", d)));
    problems.extend(stale_translations(site).into_iter().map(|d| Problem::from("stale", d)));
    for warning in &locales.warnings {
        let kind = if warning.message.contains(" uses [") {
            "string-variables"
        } else {
            "missing-string"
        };
        problems.push(Problem::from(kind, warning.clone()));
    }
    problems.extend(string_usage(site, theme, locales));
    problems.extend(
        loaded
            .broken_links
            .iter()
            .cloned()
            .map(|d| Problem::from("broken-link", d)),
    );
    problems.sort();
    problems.dedup();
    Report {
        problems,
        pages: site.pages_per_language().iter().map(|(_, n)| n).sum(),
    }
}

/// Pages missing in some language, reported on their source file.
fn untranslated(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for group in site.groups.iter().filter(|g| g.section != Section::Home) {
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
    found
}

/// UI strings the templates ask for that no language defines, and strings
/// defined that nothing asks for.
fn string_usage(site: &Site, theme: &Theme, locales: &Locales) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut used: HashSet<String> = CODE_KEYS.iter().map(|k| k.to_string()).collect();
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
                    "undefined-string",
                    Diagnostic::at(
                        &template.path,
                        line,
                        column,
                        format!("the UI string `{key}` is defined in no language"),
                    )
                    .with_hint(format!(
                        "add `{key} = …` to locales/{}/site.ftl",
                        site.config.default_lang
                    )),
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
                    "unused-string",
                    Diagnostic::at(path, line, 1, format!("the UI string `{id}` is never used")),
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
        *counts.entry(p.kind).or_insert(0) += 1;
    }
    counts
}
