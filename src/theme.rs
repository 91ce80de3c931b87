//! Theme input: the templates, static files and UI strings a build uses.
//! They come from `themes/NAME/` in the site, or from the default theme
//! embedded in the binary, whose files a site's `themes/portal/` overrides
//! one by one; templates in the site's own `templates/` override the
//! theme's by name, files in its `static/` the theme's by path, and `.ftl`
//! files in `locales/LANG/` add to and override the theme's strings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};
use crate::i18n::{FtlSource, Layer};

/// The site's folder of files copied to the output as they are.
pub const STATIC_DIR: &str = "static";

/// The name of the theme compiled into duet.
pub const DEFAULT_THEME: &str = "portal";

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/portal/", $path)) as &[u8])),*]
    };
}

/// Every file of the default theme, by its path inside the theme folder.
pub const EMBEDDED: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/home.html",
    "templates/article.html",
    "templates/partner.html",
    "templates/page.html",
    "templates/list.html",
    "templates/taxonomy.html",
    "templates/404.html",
    "templates/partners.html",
    "templates/root.html",
    "templates/partials/switcher.html",
    "templates/partials/article-card.html",
    "templates/partials/card-details.html",
    "templates/partials/fallback-notice.html",
    "templates/redirect.html",
    "templates/search.html",
    "static/assets/duet.css",
    "static/assets/favicon.svg",
    "static/assets/search.js",
    "locales/vi/theme.ftl",
    "locales/en/theme.ftl",
    "locales/zh/theme.ftl",
];

/// A template's name (its path under `templates/`), where it was read from, and its text.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Name used by `extends` and `include`, e.g. `partials/switcher.html`.
    pub name: String,
    /// Path for diagnostics.
    pub path: PathBuf,
    /// Text.
    pub text: String,
}

/// Everything a build takes from its theme and the site's overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates, site overrides already applied.
    pub templates: Vec<TemplateSource>,
    /// Files copied to the output as they are, by output path.
    pub static_files: Vec<(String, Arc<[u8]>)>,
    /// UI strings of theme and site.
    pub locales: Vec<FtlSource>,
    /// The output paths of the files of the site's `static/` folder.
    pub site_static: Vec<String>,
    /// Fingerprinted assets: original path (`assets/duet.css`) → published
    /// path (`assets/duet.3f2a1c9e.css`).
    pub assets: std::collections::BTreeMap<String, String>,
}

impl Theme {
    /// Reads the theme named in `config`, the site's `templates/` and `locales/`.
    pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Diagnostics> {
        let mut problems = Vec::new();
        let theme_dir = root.join("themes").join(&config.theme);
        let embedded = || {
            EMBEDDED.iter().map(|(rel, bytes)| {
                (
                    rel.to_string(),
                    PathBuf::from(format!("(built-in theme)/{rel}")),
                    bytes.to_vec(),
                )
            })
        };
        let files: Vec<(String, PathBuf, Vec<u8>)> = if config.theme == DEFAULT_THEME {
            // The built-in theme, with any of its files the site's `themes/portal/`
            // replaces or adds: a partial folder overrides files, never the whole theme.
            let mut files: BTreeMap<String, (PathBuf, Vec<u8>)> =
                embedded().map(|(rel, path, bytes)| (rel, (path, bytes))).collect();
            if theme_dir.is_dir() {
                for (rel, path, bytes) in read_tree(root, &theme_dir, &mut problems) {
                    files.insert(rel, (path, bytes));
                }
            }
            files
                .into_iter()
                .map(|(rel, (path, bytes))| (rel, path, bytes))
                .collect()
        } else if theme_dir.is_dir() {
            read_tree(root, &theme_dir, &mut problems)
        } else {
            return Err(Diagnostic::new(
                "site.yaml",
                format!("the theme `{}` is not in themes/{}/", config.theme, config.theme),
            )
            .with_hint(format!("remove `theme` to use the built-in `{DEFAULT_THEME}` theme"))
            .into());
        };

        let mut theme = Theme::default();
        let add_template =
            |theme: &mut Theme, name: String, path: PathBuf, bytes: Vec<u8>, problems: &mut Vec<Diagnostic>| {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        theme.templates.retain(|t| t.name != name);
                        theme.templates.push(TemplateSource { name, path, text });
                    }
                    Err(_) => problems.push(Diagnostic::new(path, "the template is not valid UTF-8")),
                }
            };
        for (rel, path, bytes) in files {
            if let Some(name) = rel.strip_prefix("templates/") {
                add_template(&mut theme, name.to_string(), path, bytes, &mut problems);
            } else if let Some(out) = rel.strip_prefix("static/") {
                theme.static_files.push((out.to_string(), Arc::from(bytes)));
            } else if let Some(ftl) = rel.strip_prefix("locales/") {
                push_ftl(
                    &mut theme.locales,
                    config,
                    ftl,
                    path,
                    bytes,
                    Layer::Theme,
                    &mut problems,
                );
            }
        }
        // The site's own static files, copied as they are; they replace the theme's of the same path.
        let site_static = root.join(STATIC_DIR);
        if site_static.is_dir() {
            for (rel, _, bytes) in read_tree(root, &site_static, &mut problems) {
                theme.static_files.retain(|(p, _)| *p != rel);
                theme.site_static.push(rel.clone());
                theme.static_files.push((rel, Arc::from(bytes)));
            }
        }
        let site_templates = root.join("templates");
        if site_templates.is_dir() {
            for (rel, path, bytes) in read_tree(root, &site_templates, &mut problems) {
                add_template(&mut theme, rel, path, bytes, &mut problems);
            }
        }
        let site_locales = root.join("locales");
        if site_locales.is_dir() {
            for (rel, path, bytes) in read_tree(root, &site_locales, &mut problems) {
                push_ftl(
                    &mut theme.locales,
                    config,
                    &rel,
                    path,
                    bytes,
                    Layer::Site,
                    &mut problems,
                );
            }
        }
        // Published under content-hashed names, so hosts may cache them for a year.
        let (files, assets) = crate::assets::fingerprint(std::mem::take(&mut theme.static_files));
        theme.static_files = files;
        theme.assets = assets;
        if problems.is_empty() {
            Ok(theme)
        } else {
            Err(problems.into())
        }
    }
}

/// Adds `LANG/NAME.ftl` (relative to a locales folder) if LANG is a site language.
fn push_ftl(
    locales: &mut Vec<FtlSource>,
    config: &SiteConfig,
    rel: &str,
    path: PathBuf,
    bytes: Vec<u8>,
    layer: Layer,
    problems: &mut Vec<Diagnostic>,
) {
    let Some((code, file)) = rel.split_once('/') else {
        return;
    };
    if !file.ends_with(".ftl") {
        return;
    }
    let Some(language) = config.language(code) else {
        // The theme may ship languages the site does not use; the site's own files must match.
        if layer == Layer::Site {
            problems.push(Diagnostic::new(
                &path,
                format!("`{code}` is not one of the site's languages"),
            ));
        }
        return;
    };
    match String::from_utf8(bytes) {
        Ok(text) => locales.push(FtlSource {
            lang: language.lang.clone(),
            path,
            layer,
            text: Arc::from(text),
        }),
        Err(_) => problems.push(Diagnostic::new(path, "the file is not valid UTF-8")),
    }
}

/// Every file under `dir`, as (path relative to `dir` with `/`, path relative to `root`, bytes).
fn read_tree(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(dir);
                problems.push(Diagnostic::new(
                    path.strip_prefix(root).unwrap_or(path),
                    format!("could not read: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let shown = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir yields paths under its root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read(entry.path()) {
            Ok(bytes) => files.push((rel, shown, bytes)),
            Err(e) => problems.push(io_error(&shown, "read the file", &e)),
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_matches_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/portal");
        let mut problems = Vec::new();
        let on_disk: Vec<String> = read_tree(&dir, &dir, &mut problems).into_iter().map(|f| f.0).collect();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|f| f.0.to_string()).collect();
        embedded.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(
            embedded, on_disk,
            "every file of themes/portal must be listed in EMBEDDED"
        );
    }
}
