//! Checks of a linked site that are about its content as a whole rather
//! than one file: term labels in every language, stale translations.

use crate::content::Fingerprint;
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::site::{Site, Taxonomy};

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
                    problems.push(
                        entry
                            .page
                            .error_at_key(tax.name(), format!("`{term}` has no label in `{lang}`"))
                            .with_hint(format!("add `{key} = …` to locales/{lang}/site.ftl")),
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
    for group in &site.groups {
        let source = &site.entries[group.source].page;
        let current = Fingerprint::of(source);
        for &(_, i) in &group.members {
            let page = &site.entries[i].page;
            let Some(recorded) = &page.translated_from else {
                continue;
            };
            if i == group.source {
                continue;
            }
            match current.changed_since(recorded) {
                Ok(changed) if changed.is_empty() => {}
                Ok(changed) => stale.push(
                    page.error_at_key(
                        "translated_from",
                        format!(
                            "the translation is stale: {} changed in {}",
                            source.file.display(),
                            changed
                                .iter()
                                .map(|c| format!("“{c}”"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "update the translation, then run `duet translated {}`",
                        page.file.display()
                    )),
                ),
                Err(message) => stale.push(
                    page.error_at_key("translated_from", message)
                        .with_hint(format!(
                            "run `duet translated {}` to record it",
                            page.file.display()
                        )),
                ),
            }
        }
    }
    stale
}
