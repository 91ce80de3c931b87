//! `duet translations export`: one exchange file per page whose
//! translation into a language is missing or stale, holding the page's
//! translatable fields and body segments (never shared fields).

use std::path::{Path, PathBuf};

use crate::build::load;
use crate::config::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};
use crate::site::Site;
use crate::translations::document::{Document, fingerprint_of};
use crate::translations::exchange::{Exchange, Unit};
use crate::translations::{Format, history};

/// Which pages and segments to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Missing and stale translations, whole pages.
    Stale,
    /// Missing translations whole; stale ones only the sections that
    /// changed, with the previous source and translation as context.
    Changed,
    /// Every page, whole, current translations too (a full review or a
    /// translation memory for a new vendor).
    All,
}

/// What `duet translations export` is asked for.
pub struct ExportOptions {
    /// The site root.
    pub root: PathBuf,
    /// The language to translate into.
    pub lang: String,
    /// XLIFF or PO.
    pub format: Format,
    /// Which pages and segments.
    pub scope: Scope,
    /// The folder the files go into, relative to the root unless absolute.
    pub output: PathBuf,
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// Its path.
    pub path: PathBuf,
    /// The number of units in it.
    pub units: usize,
    /// The words to translate in it.
    pub words: usize,
    /// UI strings left out because they select between variants (plurals):
    /// to be translated by hand.
    pub skipped: Vec<String>,
}

/// Exports the pages of the site in `options.root` that need translating
/// into `options.lang`; returns the files written, in page order.
pub fn export(options: &ExportOptions) -> Result<Vec<Exported>, Diagnostics> {
    let loaded = load(&options.root, true, false)?;
    let site = &loaded.site;
    let lang = target_lang(site, &options.lang)?;
    let output = options.root.join(&options.output);
    if output.starts_with(options.root.join("content")) {
        return Err(
            Diagnostic::new(&options.output, "exchange files cannot go under content/")
                .with_hint("they would be read as pages; choose another --output")
                .into(),
        );
    }
    let mut written = Vec::new();
    let locales = loaded.renderer.locales();
    // Only the strings the language lacks: those it has live in its own
    // `.ftl` files, which an import must not define twice.
    let (strings, skipped) = crate::translations::strings::exchange(locales, &site.config.default_lang, &lang);
    let mut all: Vec<(Exchange, Option<&str>)> = exchanges(site, &lang, options.scope, &options.root)
        .into_iter()
        .map(|e| (e, None))
        .collect();
    // The UI strings the language lacks travel in one file of their own.
    if lang != site.config.default_lang {
        all.extend(strings.map(|e| (e, Some("strings"))));
    }
    for (exchange, name) in all {
        let relative = Path::new(&exchange.original);
        let stem = name.map(str::to_string).unwrap_or_else(|| {
            relative
                .strip_prefix("content")
                .unwrap_or(relative)
                .to_string_lossy()
                .trim_end_matches(".md")
                .rsplit_once('.')
                .map_or_else(String::new, |(stem, _)| stem.to_string())
        });
        let path = output
            .join(lang.as_str())
            .join(format!("{stem}.{}", options.format.extension()));
        let text = match options.format {
            Format::Xliff => crate::translations::xliff::write(&exchange),
            Format::Po => crate::translations::po::write(&exchange),
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
        }
        std::fs::write(&path, text).map_err(|e| io_error(&path, "write the file", &e))?;
        let words = words_in(&exchange);
        let skipped = if name.is_some() { skipped.clone() } else { Vec::new() };
        written.push(Exported {
            path,
            units: exchange.units.len(),
            words,
            skipped,
        });
    }
    Ok(written)
}

/// The words to translate in `exchange`: its units' source words.
fn words_in(exchange: &Exchange) -> usize {
    exchange
        .units
        .iter()
        .map(|u| crate::translations::segment::words_of(&u.source))
        .sum()
}

/// The site's language `code`, unless it is not one.
pub fn target_lang(site: &Site, code: &str) -> Result<Lang, Diagnostic> {
    site.config.language(code).map(|l| l.lang.clone()).ok_or_else(|| {
        let codes: Vec<&str> = site.config.languages.iter().map(|l| l.lang.as_str()).collect();
        Diagnostic::new(
            "site.yaml",
            format!("`{code}` is not one of the site's languages ({})", codes.join(", ")),
        )
    })
}

/// The exchanges of every page needing translation into `lang`. Pure but
/// for reading the previous source from git history when asked for context.
pub fn exchanges(site: &Site, lang: &Lang, scope: Scope, root: &Path) -> Vec<Exchange> {
    let mut groups: Vec<&crate::site::Group> = site.groups.iter().collect();
    groups.sort_by(|a, b| a.key.cmp(&b.key));
    let mut out = Vec::new();
    for group in groups {
        let source_i = group.source;
        if site.entries[source_i].page.lang == *lang {
            continue;
        }
        let existing = group.get(lang);
        // A translation is made from the text its `translated_from` names.
        let from = existing.map_or(source_i, |i| crate::validate::translated_from(site, i));
        if site.entries[from].page.lang == *lang {
            continue;
        }
        let source = Document::of(&site.entries[from].page);
        let translation = existing.map(|i| Document::of(&site.entries[i].page));
        let recorded = existing.and_then(|i| site.entries[i].page.translated_from.clone());
        let all: Vec<usize> = (0..source.sections.len()).collect();
        let sections = match (&translation, &recorded, scope) {
            (_, _, Scope::All) | (None, _, _) | (Some(_), None, _) => all,
            (Some(t), Some(recorded), _) => {
                let changed = source.changed_sections(recorded);
                // Only sections that line up with the translation's can be
                // merged back into it; otherwise the page goes whole.
                let aligned = t.sections.len() == source.sections.len();
                match (changed.is_empty(), scope, aligned) {
                    (true, ..) => continue,
                    (false, Scope::Changed, true) => changed,
                    (false, ..) => all,
                }
            }
        };
        let context = scope == Scope::Changed && recorded.is_some();
        // Stale translations aligned section by section and segment by
        // segment, when their structure still matches the source's.
        let aligned = |k: usize, n: usize| {
            let t = translation.as_ref()?;
            if t.sections.len() != source.sections.len() {
                return None;
            }
            let theirs: Vec<_> = if k == 0 {
                t.segments.iter().filter(|s| s.section == 0).collect()
            } else {
                t.body_segments(k).collect()
            };
            let ours = source.segments.iter().filter(|s| s.section == k).count();
            (theirs.len() == ours)
                .then(|| theirs.get(n).map(|s| s.parts.clone()))
                .flatten()
        };
        let previous = if context {
            recorded
                .as_deref()
                .and_then(|r| history::previous_source(root, &source.page.file, r))
        } else {
            None
        };
        let mut units = Vec::new();
        for &k in &sections {
            let name = source.section_name(k);
            for (n, segment) in source.segments.iter().filter(|s| s.section == k).enumerate() {
                let mut unit = Unit::of(segment, Some(format!("Section: {name}")));
                if context {
                    unit.previous_target = aligned(k, n);
                    unit.previous_source = previous.as_ref().and_then(|p| p.aligned(k, n, segment));
                }
                units.push(unit);
            }
        }
        out.push(Exchange {
            original: source.page.file.to_string_lossy().replace('\\', "/"),
            source_lang: source.page.lang.to_string(),
            target_lang: lang.to_string(),
            fingerprint: fingerprint_of(source.page),
            units,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::segment::{Part, segment};

    #[test]
    fn export_counts_a_segments_words_as_status_does() {
        let (segments, _) = segment("before`code`after\n");
        let parts = &segments[0].parts;
        assert!(
            matches!(&parts[1], Part::Code(_, code) if code == "`code`"),
            "{parts:?}"
        );
        assert_eq!(
            segments[0].words(),
            2,
            "status: markup between two words keeps them two"
        );
        let exchange = Exchange {
            units: vec![Unit::of(&segments[0], None)],
            ..Exchange::default()
        };
        assert_eq!(words_in(&exchange), segments[0].words(), "export counts as status does");
    }
}
