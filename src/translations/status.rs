//! `duet translations status`: per language, how many pages and words are
//! translated, missing and stale, counted in the source's words as
//! translation vendors quote (Chinese and Japanese by character); for a
//! stale page, only the words of its changed sections.

use std::path::Path;

use serde::Serialize;

use crate::build::load;
use crate::diagnostics::Diagnostics;
use crate::translations::document::Document;

/// Pages and words in one state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Pages.
    pub pages: usize,
    /// Source words.
    pub words: usize,
}

/// The state of one language's translations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageStatus {
    /// The language code.
    pub lang: String,
    /// Translated and up to date.
    pub translated: Count,
    /// Not translated at all.
    pub missing: Count,
    /// Translated, but the source changed since (words: the changed sections').
    pub stale: Count,
}

/// The status of every language but the sources' own, drafts included.
pub fn status(root: &Path) -> Result<Vec<LanguageStatus>, Diagnostics> {
    let loaded = load(root, true, false)?;
    let site = &loaded.site;
    let mut out = Vec::new();
    for language in &site.config.languages {
        let lang = &language.lang;
        let mut status = LanguageStatus {
            lang: lang.to_string(),
            translated: Count::default(),
            missing: Count::default(),
            stale: Count::default(),
        };
        for group in &site.groups {
            if site.entries[group.source].page.lang == *lang {
                continue;
            }
            let (count, words) = match group.get(lang) {
                None => {
                    let source = Document::of(&site.entries[group.source].page);
                    (
                        &mut status.missing,
                        source.words(&(0..source.sections.len()).collect::<Vec<_>>()),
                    )
                }
                Some(i) => {
                    let from = crate::validate::translated_from(site, i);
                    let source = Document::of(&site.entries[from].page);
                    let all: Vec<usize> = (0..source.sections.len()).collect();
                    let changed = match &site.entries[i].page.translated_from {
                        Some(recorded) => source.changed_sections(recorded),
                        None => all.clone(),
                    };
                    if changed.is_empty() {
                        (&mut status.translated, source.words(&all))
                    } else {
                        (&mut status.stale, source.words(&changed))
                    }
                }
            };
            count.pages += 1;
            count.words += words;
        }
        if status.translated.pages + status.missing.pages + status.stale.pages > 0 {
            out.push(status);
        }
    }
    Ok(out)
}
