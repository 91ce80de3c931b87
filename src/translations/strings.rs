//! The UI strings a language lacks, exchanged like pages: each Fluent
//! message the default language defines and the target does not becomes a
//! unit (its attributes too, as `id.attr`), its placeables (`{ $count }`,
//! `{ -brand }`) protected as codes; the translations come back as
//! `locales/LANG/translated.ftl`, written whole or not at all. Messages
//! whose value selects between variants (plurals) are left out: a
//! translator must see the variants, which these formats cannot show as
//! one unit; they are named so an editor writes them by hand.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};
use crate::i18n::Locales;
use crate::translations::exchange::{Exchange, Unit, expand};
use crate::translations::segment::Part;

/// The file the translations of UI strings are written to, in `locales/LANG/`.
pub const TRANSLATED_FTL: &str = "translated.ftl";

/// The exchange of UI strings `target` lacks, and the ids left out
/// because they select between variants.
pub fn exchange(locales: &Locales, default: &Lang, target: &Lang) -> (Option<Exchange>, Vec<String>) {
    let have: BTreeSet<&str> = locales.definitions(target).map(|(id, _, _)| id).collect();
    let mut units = Vec::new();
    let mut skipped = Vec::new();
    let mut ids: Vec<&str> = locales.definitions(default).map(|(id, _, _)| id).collect();
    ids.sort_unstable();
    let mut original = String::new();
    for id in ids {
        if id.starts_with('-') || have.contains(id) {
            continue;
        }
        let Some((path, line, text)) = locales.message_source(default, id) else {
            continue;
        };
        if original.is_empty() {
            original = path.display().to_string();
        }
        let Some(message) = message_text(text, line) else {
            continue;
        };
        if message.iter().any(|(_, value)| value.contains("->")) {
            skipped.push(id.to_string());
            continue;
        }
        for (attribute, value) in message {
            let unit_id = match attribute {
                Some(a) => format!("{id}.{a}"),
                None => id.to_string(),
            };
            units.push(Unit {
                id: unit_id,
                source: parts(&value),
                target: None,
                previous_source: None,
                previous_target: None,
                note: Some(format!("UI string, defined in {}:{line}", path.display())),
                at: (0, 0),
            });
        }
    }
    let exchange = (!units.is_empty()).then(|| Exchange {
        original: if original.ends_with(".ftl") {
            original
        } else {
            format!("locales/{default}/site.ftl")
        },
        source_lang: default.to_string(),
        target_lang: target.to_string(),
        fingerprint: String::new(),
        units,
    });
    (exchange, skipped)
}

/// The value and attributes of the message whose `id =` is on 1-based
/// `line` of an `.ftl` file's `text`: continuation lines joined by newlines.
fn message_text(text: &str, line: usize) -> Option<Vec<(Option<String>, String)>> {
    let mut lines = text.lines().skip(line.checked_sub(1)?);
    let first = lines.next()?;
    let (_, value) = first.split_once('=')?;
    let mut out: Vec<(Option<String>, String)> = vec![(None, value.trim().to_string())];
    for next in lines {
        if next.trim().is_empty() || !next.starts_with([' ', '\t']) {
            break;
        }
        let trimmed = next.trim();
        if let Some(attr) = trimmed.strip_prefix('.')
            && let Some((name, value)) = attr.split_once('=')
        {
            out.push((Some(name.trim().to_string()), value.trim().to_string()));
        } else if let Some(last) = out.last_mut() {
            if !last.1.is_empty() {
                last.1.push('\n');
            }
            last.1.push_str(trimmed);
        }
    }
    out.retain(|(attribute, value)| !(attribute.is_none() && value.is_empty()));
    Some(out)
}

/// The parts of message (or `message.attribute`) `unit_id` as the default
/// language defines it now.
fn current_source(locales: &Locales, default: &Lang, unit_id: &str) -> Option<Vec<Part>> {
    let (id, attribute) = match unit_id.split_once('.') {
        Some((id, a)) => (id, Some(a)),
        None => (unit_id, None),
    };
    let (_, line, text) = locales.message_source(default, id)?;
    message_text(text, line)?
        .into_iter()
        .find(|(a, _)| a.as_deref() == attribute)
        .map(|(_, value)| parts(&value))
}

/// A Fluent pattern as text with each placeable (`{ … }`, braces
/// balanced) a code the translator must keep.
fn parts(value: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = value.char_indices().peekable();
    let mut id = 0;
    while let Some((at, c)) = chars.next() {
        if c != '{' {
            text.push(c);
            continue;
        }
        let mut depth = 1;
        let mut end = value.len();
        for (j, d) in chars.by_ref() {
            match d {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = j + 1;
                break;
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(std::mem::take(&mut text)));
        }
        id += 1;
        parts.push(Part::Code(id, value[at..end].to_string()));
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    parts
}

/// Writes the translated units of a UI-strings exchange into
/// `locales/LANG/translated.ftl` (replacing messages it already holds),
/// all or nothing. Returns the file written and the units applied.
pub fn import(
    root: &Path,
    file: &Path,
    exchange: &Exchange,
    locales: &Locales,
    default: &Lang,
    lang: &Lang,
) -> Result<(PathBuf, usize), Diagnostics> {
    let mut problems = Vec::new();
    let mut messages: Vec<(String, Option<String>, String)> = Vec::new();
    for unit in &exchange.units {
        let at = |message: String| {
            Diagnostic::at(
                file,
                unit.at.0.max(1),
                unit.at.1.max(1),
                format!("unit `{}`: {message}", unit.id),
            )
        };
        let Some(target) = &unit.target else {
            problems.push(at("has no translation".into()));
            continue;
        };
        // The codes' markup comes from the site's own message, never from the file.
        let Some(source) = current_source(locales, default, &unit.id) else {
            problems.push(at("the site's UI strings have no such message any more".into()));
            continue;
        };
        match expand(target, &source) {
            Ok(text) if text.trim().is_empty() => problems.push(at("the translation is empty".into())),
            Ok(text) => {
                let (id, attribute) = match unit.id.split_once('.') {
                    Some((id, a)) => (id.to_string(), Some(a.to_string())),
                    None => (unit.id.clone(), None),
                };
                messages.push((id, attribute, text));
            }
            Err(why) => problems.push(at(why)),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let rel = PathBuf::from(format!("locales/{lang}/{TRANSLATED_FTL}"));
    let path = root.join(&rel);
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let ids: BTreeSet<&str> = messages.iter().map(|(id, _, _)| id.as_str()).collect();
    // Messages of the file that this import does not cover stay as they are.
    let mut out = String::new();
    let mut keep = true;
    for line in existing.lines() {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            let id = line.split('=').next().unwrap_or_default().trim();
            keep = !ids.contains(id);
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    if out.is_empty() {
        out.push_str(&format!(
            "# UI strings translated into `{lang}`, imported by `duet translations import`.\n"
        ));
    }
    let mut current: Option<&str> = None;
    for (id, attribute, text) in &messages {
        let indented = text.replace('\n', "\n    ");
        match attribute {
            None => {
                out.push_str(&format!("{id} = {indented}\n"));
                current = Some(id);
            }
            Some(a) => {
                if current != Some(id.as_str()) {
                    // An attribute without its value: a message of attributes only.
                    out.push_str(&format!("{id} =\n"));
                    current = Some(id);
                }
                out.push_str(&format!("    .{a} = {indented}\n"));
            }
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
    }
    let temporary = path.with_extension("ftl.duet-tmp");
    std::fs::write(&temporary, out).map_err(|e| io_error(&rel, "write the file", &e))?;
    std::fs::rename(&temporary, &path).map_err(|e| io_error(&rel, "replace the file", &e))?;
    Ok((rel, messages.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeables_are_codes_and_lines_are_kept() {
        let p = parts("Trang { $current }/{ $total } { { \"x\" } }");
        assert_eq!(
            p,
            [
                Part::Text("Trang ".into()),
                Part::Code(1, "{ $current }".into()),
                Part::Text("/".into()),
                Part::Code(2, "{ $total }".into()),
                Part::Text(" ".into()),
                Part::Code(3, "{ { \"x\" } }".into()),
            ]
        );
        let text = "a = x\nsite-title = Cổng\n    thông tin\n    .slug = cong\nb = y\n";
        assert_eq!(
            message_text(text, 2).unwrap(),
            [
                (None, "Cổng\nthông tin".to_string()),
                (Some("slug".to_string()), "cong".to_string())
            ]
        );
    }
}
