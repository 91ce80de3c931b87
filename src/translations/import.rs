//! `duet translations import`: a translator's exchange file written back
//! into the page's `*.LANG.md`, all or nothing. The Markdown is rebuilt
//! from the source's skeleton and each unit's target, its codes replaced
//! by the source's markup; sections the file does not cover keep the
//! existing translation. `translated_from` gets the source's fingerprint
//! at export, so a source edited since still shows as stale.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::build::load;
use crate::content::page::TRANSLATED_FIELDS;
use crate::content::{Fingerprint, front_matter};
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};
use crate::translations::document::Document;
use crate::translations::exchange::{Exchange, expand};
use crate::translations::export::target_lang;
use crate::translations::segment::{Segment, rebuild};
use crate::translations::{Format, po, xliff};

/// What `duet translations import` is asked for.
pub struct ImportOptions {
    /// The site root.
    pub root: PathBuf,
    /// Publish new translations at once rather than as drafts.
    pub publish: bool,
}

/// A translation written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The translation file, relative to the root.
    pub file: PathBuf,
    /// The units applied.
    pub units: usize,
    /// Whether the file is new.
    pub created: bool,
}

/// Reads exchange file `file` and writes its translation, or nothing:
/// every problem of the file is reported, each naming its unit.
pub fn import(options: &ImportOptions, file: &Path) -> Result<Imported, Diagnostics> {
    let text = std::fs::read_to_string(file).map_err(|e| io_error(file, "read the file", &e))?;
    let format = match file.extension().and_then(|e| e.to_str()) {
        Some("po") => Format::Po,
        Some("xlf" | "xliff" | "xml") => Format::Xliff,
        _ => {
            return Err(Diagnostic::new(file, "duet reads exchange files named *.xlf, *.xliff or *.po").into());
        }
    };
    let exchange = match format {
        Format::Po => po::read(&text),
        Format::Xliff => xliff::read(&text),
    }
    .map_err(|(line, column, message)| Diagnostic::at(file, line, column, message))?;
    let loaded = load(&options.root, true, false)?;
    let site = &loaded.site;
    let here = |message: String| Diagnostic::at(file, 1, 1, message);
    if exchange.original.ends_with(".ftl") {
        let lang = target_lang(site, &exchange.target_lang).map_err(|d| here(d.message))?;
        let existed = options
            .root
            .join(format!(
                "locales/{lang}/{}",
                crate::translations::strings::TRANSLATED_FTL
            ))
            .exists();
        let (written, units) = crate::translations::strings::import(
            &options.root,
            file,
            &exchange,
            loaded.renderer.locales(),
            &site.config.default_lang,
            &lang,
        )?;
        return Ok(Imported {
            file: written,
            units,
            created: !existed,
        });
    }
    let Some(i) = site
        .entries
        .iter()
        .position(|e| e.is_translation() && e.page.file.to_string_lossy().replace('\\', "/") == exchange.original)
    else {
        return Err(here(format!("its source `{}` is not a page of the site", exchange.original)).into());
    };
    let source = Document::of(&site.entries[i].page);
    let lang = target_lang(site, &exchange.target_lang).map_err(|d| here(d.message))?;
    let recorded_lang = crate::content::fingerprint::recorded_language(&exchange.fingerprint);
    if lang == source.page.lang
        || recorded_lang != Some(source.page.lang.as_str())
        || Fingerprint::parse(&exchange.fingerprint).is_none()
    {
        return Err(here(format!(
            "the file's languages ({} → {}) or fingerprint `{}` do not fit `{}`",
            exchange.source_lang, exchange.target_lang, exchange.fingerprint, exchange.original
        ))
        .into());
    }
    let group = &site.groups[site.entries[i].group];
    let existing = group.get(&lang).map(|j| Document::of(&site.entries[j].page));
    let translated = translate_units(file, &exchange, &source)?;
    let body = rebuild_body(file, &source, existing.as_ref(), &translated)?;
    let field = |id: &str| -> Result<Option<String>, Diagnostic> {
        if let Some(text) = translated.get(id) {
            return Ok(Some(text.clone()));
        }
        let has = source.segments.iter().any(|s| s.id == id);
        match (&existing, has) {
            (_, false) => Ok(None),
            (Some(t), true) => Ok(t.page.translated_field(id).map(str::to_string)),
            (None, true) => Err(here(format!(
                "unit `{id}` is missing, and there is no translation to keep it from"
            ))),
        }
    };
    let fields: Vec<(&str, Option<String>)> = TRANSLATED_FIELDS
        .iter()
        .map(|&key| Ok((key, field(key)?)))
        .collect::<Result<_, Diagnostic>>()?;
    let stamp = format!("\"{}\"", exchange.fingerprint);
    let page = source.page;
    let (target, text, created) = match &existing {
        Some(t) => {
            let mut text = format!("{}{body}", &t.page.text[..t.page.body.start]);
            for (key, value) in &fields {
                if let Some(value) = value {
                    text = front_matter::set_key(&text, key, &json(value))
                        .map_err(|why| Diagnostic::new(&t.page.file, why))?;
                }
            }
            text = front_matter::set_key(&text, "translated_from", &stamp)
                .map_err(|why| Diagnostic::new(&t.page.file, why))?;
            (t.page.file.clone(), text, false)
        }
        None => {
            let dir = if page.dir.is_empty() {
                "content".to_string()
            } else {
                format!("content/{}", page.dir)
            };
            let target = PathBuf::from(format!("{dir}/{}.{lang}.md", page.stem));
            let mut text = "---\n".to_string();
            for (key, value) in &fields {
                // A new file needs a title even when the source's was not translated.
                if let Some(value) = value.as_deref().or((*key == "title").then_some("")) {
                    text.push_str(&format!("{key}: {}\n", json(value)));
                }
            }
            if page.key != format!("{}/{}", page.dir, page.stem).trim_start_matches('/') {
                text.push_str(&format!("translation_key: {}\n", json(&page.key)));
            }
            text.push_str(&format!("translated_from: {stamp}\n"));
            if !options.publish {
                text.push_str("# Remove `draft` to publish.\ndraft: true\n");
            }
            text.push_str("---\n");
            text.push_str(&body);
            (target, text, true)
        }
    };
    let path = options.root.join(&target);
    let temporary = path.with_extension("md.duet-tmp");
    std::fs::write(&temporary, text).map_err(|e| io_error(&target, "write the file", &e))?;
    std::fs::rename(&temporary, &path).map_err(|e| io_error(&target, "replace the file", &e))?;
    Ok(Imported {
        file: target,
        units: exchange.units.len(),
        created,
    })
}

/// Each unit's target as Markdown, by id; every problem, each naming its unit.
fn translate_units(
    file: &Path,
    exchange: &Exchange,
    source: &Document,
) -> Result<HashMap<String, String>, Diagnostics> {
    let segments: HashMap<&str, &Segment> = source.segments.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut problems = Vec::new();
    let mut translated = HashMap::new();
    for unit in &exchange.units {
        let at = |message: String| Diagnostic::at(file, unit.at.0, unit.at.1, format!("unit `{}`: {message}", unit.id));
        let Some(segment) = segments.get(unit.id.as_str()) else {
            problems.push(
                at(format!("{} has no such segment any more", exchange.original))
                    .with_hint("the source changed since the export; export again and carry the translation over"),
            );
            continue;
        };
        let Some(target) = &unit.target else {
            problems.push(at("it is not translated (or still marked fuzzy)".into()));
            continue;
        };
        match expand(target, &segment.parts) {
            Ok(text) if text.trim().is_empty() && !segment.source_text().trim().is_empty() => {
                problems.push(at("its translation is empty".into()));
            }
            Ok(text) => {
                translated.insert(unit.id.clone(), text);
            }
            Err(why) => problems.push(at(why)),
        }
    }
    if problems.is_empty() {
        Ok(translated)
    } else {
        Err(problems.into())
    }
}

/// The translated body: each section rebuilt from the source's skeleton
/// when the file covers it, else the existing translation's section.
fn rebuild_body(
    file: &Path,
    source: &Document,
    existing: Option<&Document>,
    translated: &HashMap<String, String>,
) -> Result<String, Diagnostics> {
    let body = source.page.body();
    let aligned = existing.filter(|t| t.sections.len() == source.sections.len());
    let mut out = String::with_capacity(body.len());
    let mut problems = Vec::new();
    for (k, range) in source.sections.iter().enumerate() {
        let segments: Vec<&Segment> = source.body_segments(k).collect();
        let covered = segments.iter().filter(|s| translated.contains_key(&s.id)).count();
        if covered == segments.len() && (covered > 0 || aligned.is_none()) {
            out.push_str(&rebuild(body, range.clone(), segments, |s| &translated[&s.id]));
        } else if covered == 0
            && let Some(t) = aligned
        {
            out.push_str(&t.page.body()[t.sections[k].clone()]);
        } else {
            let missing = segments
                .iter()
                .find(|s| !translated.contains_key(&s.id))
                .map_or("", |s| s.id.as_str());
            problems.push(
                Diagnostic::at(
                    file,
                    1,
                    1,
                    format!(
                        "unit `{missing}` of section “{}” is missing from the file, and no translation of that section can be kept",
                        source.section_name(k)
                    ),
                )
                .with_hint("export the page again (`duet translations export --all`)"),
            );
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems.into())
    }
}

/// A YAML double-quoted string.
fn json(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}
