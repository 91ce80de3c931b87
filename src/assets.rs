//! Fingerprinted assets: files under `static/assets/` (the theme's and the
//! site's CSS, scripts, fonts and images) are published under names that
//! carry a hash of their content (`assets/duet.3f2a1c9e.css`), so hosts
//! can cache them for a year: a new version is a new name. Templates name
//! them through `asset(path="assets/duet.css")`. Stylesheets are rewritten
//! first to name the fingerprinted files they refer to, so their own hash
//! follows what they load.

use crate::content::fingerprint::fnv1a;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The folder whose files are fingerprinted.
pub const ASSETS_DIR: &str = "assets/";

/// A static file: its path in the output and its bytes.
pub type StaticFile = (String, Arc<[u8]>);

/// Extensions of files worth caching for a year under a hashed name.
const FINGERPRINTED: &[&str] = &[
    "css", "js", "mjs", "svg", "woff", "woff2", "ttf", "otf", "png", "jpg", "jpeg", "webp", "avif", "gif", "ico",
];

/// Fingerprints the static files under [`ASSETS_DIR`]: returns the files
/// as published and the map from each original path to its published one.
pub fn fingerprint(files: Vec<StaticFile>) -> (Vec<StaticFile>, BTreeMap<String, String>) {
    let (mut assets, others): (Vec<_>, Vec<_>) = files.into_iter().partition(|(path, _)| is_fingerprinted(path));
    // Everything but stylesheets first: stylesheets may name them.
    assets.sort_by_key(|(path, _)| path.ends_with(".css"));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut published = others;
    for (path, bytes) in assets {
        let bytes: Arc<[u8]> = if path.ends_with(".css") {
            match std::str::from_utf8(&bytes) {
                Ok(css) => Arc::from(rewrite_css_urls(&path, css, &names).into_bytes()),
                Err(_) => bytes,
            }
        } else {
            bytes
        };
        let hashed = hashed_name(&path, &bytes);
        names.insert(path, hashed.clone());
        published.push((hashed, bytes));
    }
    published.sort_by(|a, b| a.0.cmp(&b.0));
    (published, names)
}

fn is_fingerprinted(path: &str) -> bool {
    path.starts_with(ASSETS_DIR)
        && path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| FINGERPRINTED.contains(&ext.to_ascii_lowercase().as_str()))
}

/// `assets/duet.css` → `assets/duet.3f2a1c9e.css`, from a hash of the bytes.
fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let hash = fnv1a(bytes);
    let short = (hash ^ (hash >> 32)) as u32;
    match path.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{short:08x}.{ext}"),
        None => format!("{path}.{short:08x}"),
    }
}

/// A stylesheet with each `url(…)` that names a fingerprinted file
/// (relative to the stylesheet, or from the site root) pointing at its
/// published name; other URLs are left as written.
fn rewrite_css_urls(css_path: &str, css: &str, names: &BTreeMap<String, String>) -> String {
    let dir = css_path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let Some(end) = after.find(')') else {
            rest = after;
            break;
        };
        let raw = &after[..end];
        let quote = raw.trim().chars().next().filter(|c| *c == '"' || *c == '\'');
        let url = raw.trim().trim_matches(['"', '\'']);
        let (path, suffix) = url.find(['?', '#']).map_or((url, ""), |i| url.split_at(i));
        let target = match path.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => normalise(&format!("{dir}/{path}")),
        };
        match names.get(&target) {
            Some(hashed) => {
                let published_rel = relative(dir, hashed);
                let q = quote.map(String::from).unwrap_or_default();
                out.push_str(&format!("{q}{published_rel}{suffix}{q}"));
            }
            None => out.push_str(raw),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `a/b/../c` → `a/c`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `target` (from the site root) as seen from folder `dir`.
fn relative(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> (String, Arc<[u8]>) {
        (path.to_string(), Arc::from(text.as_bytes()))
    }

    #[test]
    fn assets_get_content_names_and_other_files_keep_theirs() {
        let (files, names) = fingerprint(vec![
            file("assets/duet.css", "body{}"),
            file("assets/search.js", "x()"),
            file("robots-extra.txt", "keep"),
            file("assets/readme.txt", "keep"),
        ]);
        let css = &names["assets/duet.css"];
        assert!(
            css.starts_with("assets/duet.") && css.ends_with(".css") && css.len() == "assets/duet.12345678.css".len(),
            "{css}"
        );
        assert!(!names.contains_key("robots-extra.txt") && !names.contains_key("assets/readme.txt"));
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(paths.contains(&"robots-extra.txt") && paths.contains(&"assets/readme.txt"));
        assert!(
            !paths.contains(&"assets/duet.css"),
            "only the fingerprinted name is published"
        );
        // The same bytes give the same name; other bytes another.
        let (_, again) = fingerprint(vec![file("assets/duet.css", "body{}")]);
        assert_eq!(&again["assets/duet.css"], css);
        let (_, changed) = fingerprint(vec![file("assets/duet.css", "body{ }")]);
        assert_ne!(&changed["assets/duet.css"], css);
    }

    #[test]
    fn stylesheets_name_the_fingerprinted_files_they_load() {
        let (files, names) = fingerprint(vec![
            file(
                "assets/css/site.css",
                "@font-face{src:url('../fonts/a.woff2?v=1')} .x{background:url(/assets/bg.png)} .y{background:url(https://e.org/z.png)}",
            ),
            file("assets/fonts/a.woff2", "font"),
            file("assets/bg.png", "png"),
        ]);
        let css = files.iter().find(|(p, _)| p == &names["assets/css/site.css"]).unwrap();
        let css = std::str::from_utf8(&css.1).unwrap();
        let font = names["assets/fonts/a.woff2"].strip_prefix("assets/").unwrap();
        assert!(css.contains(&format!("url('../{font}?v=1')")), "{css}");
        let bg = &names["assets/bg.png"];
        assert!(
            css.contains(&format!(
                "url({})",
                bg.strip_prefix("assets/").map(|b| format!("../{b}")).unwrap()
            )),
            "{css}"
        );
        assert!(css.contains("url(https://e.org/z.png)"), "{css}");
    }
}
