//! What a build validates of a linked site as a whole rather than one
//! file: term labels in every language, and translations whose source text
//! changed since they were translated. `duet check` reports the same.

use std::collections::HashMap;

use crate::content::{Fingerprint, fingerprint};
use crate::diagnostics::{Diagnostic, Kind};
use crate::i18n::Locales;
use crate::site::{Site, Taxonomy};

/// What the site's identity needs: the publisher's name (and the labels
/// of its legal links) in every language, its logo and the default image
/// among the files beside the pages, and a label for every partner kind.
pub fn identity(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut problems = Vec::new();
    let add = |lang: &crate::config::Lang, key: &str| format!("add `{key} = …` to locales/{lang}/site.ftl");
    if let Some(publisher) = &config.publisher {
        let keys = std::iter::once("publisher-name").chain(publisher.legal.iter().map(|l| l.label.as_str()));
        for key in keys {
            for language in &config.languages {
                if !locales.has(&language.lang, key) {
                    problems.push(
                        config
                            .error_at_item("publisher", key, format!("`{key}` has no text in `{}`", language.lang))
                            .with_hint(add(&language.lang, key)),
                    );
                }
            }
        }
        for link in publisher.legal.iter().filter(|l| l.is_content_file()) {
            for language in &config.languages {
                problems.extend(site.legal_page(&language.lang, &link.url).err());
            }
        }
        if publisher.logo.as_deref().is_some_and(|l| !l.contains("://")) && site.publisher_logo().is_none() {
            problems.push(
                config
                    .error_at_path(
                        &["publisher", "logo"],
                        "the publisher's logo is not an image beside the pages",
                    )
                    .with_hint("put the SVG or raster file under content/ and name it from there, as `logo.svg`"),
            );
        }
    }
    if let Some(image) = &config.media.default_image
        && site.default_image(&config.default_lang).is_none()
    {
        problems.push(config.error_at_path(
            &["media", "default_image"],
            format!("`{image}` is not a file under content/"),
        ));
    }
    for entry in &site.entries {
        if let Some(kind) = &entry.page.shared.kind {
            let key = format!("partner-kind-{kind}");
            if !locales.has(&entry.lang, &key) {
                problems.push(
                    entry
                        .page
                        .error_at_key("kind", format!("the kind `{kind}` has no label in `{}`", entry.lang))
                        .with_hint(add(&entry.lang, &key)),
                );
            }
        }
    }
    problems
}

/// Topics and countries are labelled by Fluent messages (`topic-ID`,
/// `country-ID`); a term without a label in a page's language is reported
/// at the front matter line that uses it.
pub fn missing_term_labels(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in &site.entries {
        for tax in Taxonomy::ALL {
            for term in tax.terms_named(entry).iter() {
                let Some(key) = tax.label_key(term) else {
                    continue;
                };
                let lang = &entry.lang;
                if !locales.has(lang, &key) {
                    let add = format!("add `{key} = …` to locales/{lang}/site.ftl");
                    let prefix = key.strip_suffix(term.as_str()).unwrap_or_default();
                    let known = locales
                        .definitions(lang)
                        .filter_map(|(id, _, _)| id.strip_prefix(prefix));
                    let hint = match crate::diagnostics::closest(term, known) {
                        Some(near) => format!("did you mean `{near}`? Or {add}"),
                        None => add,
                    };
                    problems.push(
                        entry
                            .page
                            .error_at_item(tax.name(), term, format!("`{term}` has no label in `{lang}`"))
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
/// A source that a build let go of is read again; an error if it cannot be.
pub fn stale_translations(site: &Site) -> Result<Vec<Diagnostic>, Diagnostic> {
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
            let print = match current.entry(from) {
                std::collections::hash_map::Entry::Occupied(print) => print.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => slot.insert(Fingerprint::read(source)?),
            };
            match print.changed_since(recorded) {
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
    Ok(stale.into_iter().map(|d| d.with_kind(Kind::Stale)).collect())
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
