//! Link checks of Markdown bodies, shared by the build and `duet check`:
//! destinations with a forbidden URL scheme (always an error), links to
//! content files or site URLs that do not exist and anchors no heading has
//! (a warning in a build, an error with `--strict`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind, line_col};
use crate::markdown::{self, Scanned};
use crate::media::{AssetKind, Reference};
use crate::plan;
use crate::site::Site;

/// What the link check found.
#[derive(Debug, Default)]
pub struct LinkProblems {
    /// Destinations that may not be published (`javascript:`…).
    pub forbidden: Vec<Diagnostic>,
    /// Links to pages or anchors that do not exist.
    pub broken: Vec<Diagnostic>,
    /// Images without alt text in some language.
    pub missing_alt: Vec<Diagnostic>,
}

/// Checks the files `image` and `logo` name in entry `i`'s front matter,
/// and that a shared image has alt text in the entry's language.
fn front_matter_files(site: &Site, i: usize, found: &mut LinkProblems) {
    let entry = &site.entries[i];
    let page = &entry.page;
    let source = &site.entries[site.groups[entry.group].source].page;
    for (key, value) in [("image", &page.shared.image), ("logo", &page.shared.logo)] {
        let Some(value) = value else { continue };
        // Shared fields are checked where they are written: in the source, or here if repeated.
        let written = if page.line_of_key(key).is_some() { page } else { source };
        match site.shared_reference(i, value) {
            Reference::Asset(id) => {
                if key == "logo" && matches!(site.media.get(id).kind, AssetKind::File) {
                    found.forbidden.push(written.error_at_key(
                        key,
                        format!("`{value}` is not an image: a logo is SVG, PNG, JPEG, WebP or GIF"),
                    ));
                }
                if key == "image" && page.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    found.missing_alt.push(
                        page.error_at_key(
                            "title",
                            format!("the image `{value}` has no `image_alt` in this language"),
                        )
                        .with_hint("add `image_alt:` with what the image shows, in this file's language")
                        .with_kind(Kind::MissingAlt),
                    );
                }
            }
            Reference::Missing(why) => found
                .broken
                .push(written.error_at_key(key, why).with_kind(Kind::BrokenLink)),
            Reference::Outside(why) => found.forbidden.push(written.error_at_key(key, why)),
            Reference::NotAsset => {}
        }
    }
}

/// The URL paths of every page and file the build writes, and of the
/// static files `published`.
fn site_urls(site: &Site, published: &HashSet<String>) -> HashSet<String> {
    let jobs = plan::jobs(site);
    let mut urls: HashSet<String> = jobs
        .iter()
        .filter_map(|job| plan::placement(site, job))
        .map(|p| p.url)
        .collect();
    for lang in site.config.languages.iter().map(|l| &l.lang) {
        urls.insert(format!("/{lang}/atom.xml"));
    }
    urls.extend(published.iter().map(|p| format!("/{p}")));
    urls.extend(
        jobs.iter()
            .filter_map(|job| plan::asset_output(site, job))
            .map(|p| format!("/{p}")),
    );
    urls
}

/// The headings and link destinations of every entry's body, in entry
/// order, with links to content files resolved: found once, for the link
/// check and for the files each page uses. `scans` holds each entry's
/// scan, taken from its page ([`crate::content::Page::scanned`]): a body
/// scanned while its file was read is not read again; another a build let
/// go of is read again from its file.
pub fn analyse(site: &Site, scans: Vec<Option<Arc<Scanned>>>) -> Result<Vec<markdown::Analysed>, Diagnostics> {
    let analysed: Vec<Result<markdown::Analysed, Diagnostic>> = scans
        .into_par_iter()
        .enumerate()
        .map(|(i, scanned)| {
            let resolve = |dest: &str| site.resolve_link(i, dest);
            if let Some(found) = scanned.and_then(|s| s.resolve(&site.markdown, &resolve)) {
                return Ok(found);
            }
            Ok(markdown::analyse(
                &site.entries[i].page.read_body()?,
                &site.markdown,
                &resolve,
            ))
        })
        .collect();
    let mut problems = Vec::new();
    let analysed = analysed
        .into_iter()
        .filter_map(|r| r.map_err(|d| problems.push(d)).ok())
        .collect();
    if problems.is_empty() {
        Ok(analysed)
    } else {
        Err(problems.into())
    }
}

/// Checks every link and image destination of every page's body (as
/// [`analyse`] found them), and the files its front matter names;
/// `published` are the paths of files that are not pages (static files),
/// which links may name too.
pub fn check(site: &Site, analysed: &[markdown::Analysed], published: &HashSet<String>) -> LinkProblems {
    let pages: BTreeMap<&str, usize> = site
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.url.as_str(), i))
        .collect();
    // Every URL the build writes, made only if some body links to a site path.
    let urls = std::cell::OnceCell::new();
    let anchors: Vec<HashSet<&str>> = analysed
        .iter()
        .map(|r| r.anchors.iter().map(String::as_str).collect())
        .collect();
    let mut found = LinkProblems::default();
    for (i, entry) in site.entries.iter().enumerate().filter(|(_, e)| e.is_translation()) {
        front_matter_files(site, i, &mut found);
        let page = &entry.page;
        let body_line = page.front().matches('\n').count();
        // The page's text, read only for a link with a problem (a body a
        // build let go of is read again), and once for all its problems.
        let text = std::cell::OnceCell::new();
        for link in &analysed[i].links {
            let at = |message: String| match text.get_or_init(|| page.read_text()) {
                Ok(text) => {
                    let (line, column) = line_col(&text[page.body.start..], link.offset);
                    Diagnostic::at(&page.file, body_line + line, column, message).with_source(text.clone())
                }
                Err(_) => Diagnostic::new(&page.file, message),
            };
            if link.alt.as_ref().is_some_and(|alt| alt.trim().is_empty()) {
                found.missing_alt.push(
                    at(format!("the image `{}` has no alt text", link.dest))
                        .with_hint("write what the image shows between the brackets: ![a signing ceremony in Hanoi](photo.jpg)")
                        .with_kind(Kind::MissingAlt),
                );
            }
            if let Some(why) = &link.forbidden {
                found.forbidden.push(at(why.clone()));
                continue;
            }
            // An image can only be a file: one that leaves content/ or does not exist is found here.
            if link.alt.is_some() && link.resolved.is_none() && link.broken.is_none() {
                match site.media.resolve_file(&page.dir, &page.lang, &link.dest) {
                    Reference::Outside(why) => {
                        found.forbidden.push(at(why));
                        continue;
                    }
                    Reference::Missing(why) => {
                        found.broken.push(at(why).with_kind(Kind::BrokenLink));
                        continue;
                    }
                    Reference::Asset(_) | Reference::NotAsset => {}
                }
            }
            // A file beside the pages is published where the link now leads: nothing to check.
            if matches!(site.reference(i, &link.dest), Reference::Asset(_)) {
                continue;
            }
            if let Some(why) = &link.broken {
                found.broken.push(at(why.clone()).with_kind(Kind::BrokenLink));
                continue;
            }
            let target = link.resolved.as_deref().unwrap_or(&link.dest);
            let (path, fragment) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
            let target_entry = if path.is_empty() {
                Some(i)
            } else if path.starts_with('/') && !path.starts_with("//") {
                let with_slash = if path.ends_with('/') || path.contains('.') {
                    path.to_string()
                } else {
                    format!("{path}/")
                };
                let urls = urls.get_or_init(|| site_urls(site, published));
                if !urls.contains(&with_slash) && !urls.contains(path) {
                    found
                        .broken
                        .push(at(format!("`{}` is not a page of this site", link.dest)).with_kind(Kind::BrokenLink));
                    continue;
                }
                pages.get(with_slash.as_str()).copied()
            } else {
                None
            };
            if let (Some(fragment), Some(t)) = (fragment, target_entry)
                && !fragment.is_empty()
                && !anchors[t].contains(fragment)
            {
                let ids: BTreeSet<&str> = anchors[t].iter().copied().collect();
                let near = ids.iter().copied().find(|id| id.starts_with(fragment));
                let hint = near
                    .or_else(|| crate::diagnostics::closest(fragment, ids.iter().copied()))
                    .map_or_else(
                        || "the page's headings have no such id".to_string(),
                        |c| format!("did you mean `#{c}`?"),
                    );
                found.broken.push(
                    at(format!("`{}` links to an anchor that does not exist", link.dest))
                        .with_hint(hint)
                        .with_kind(Kind::BrokenLink),
                );
            }
        }
    }
    found
}
