//! What an edit touched: [`classify`] turns changed paths into a
//! [`Change`]. A pure function of paths; no I/O. Which outputs an edit
//! affects is the planner's business (`crate::incremental`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::discover::CONTENT_DIR;

/// Folders of the site besides `content/` that a build reads: a change in
/// any of them may change every page.
pub const INPUT_DIRS: &[&str] = &["themes", "templates", "locales", "static"];

/// What an edit touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing duet reads (the output itself, editor backups).
    Nothing,
    /// Content only: these files (relative to the root) — pages and the
    /// files beside them — and perhaps folders, so the server also looks
    /// for files come and gone.
    Content(BTreeSet<PathBuf>),
    /// Config, templates, theme or UI strings: everything may change.
    Everything,
}

/// Classifies changed paths (absolute, or relative to `root`). Any path
/// under `content/` that is not noise counts, Markdown or not: a folder
/// created, moved or removed brings or takes files without events of their
/// own, so the server compares the content's file list with what it knows.
pub fn classify(root: &Path, output: &Path, paths: &[PathBuf]) -> Change {
    let mut content = BTreeSet::new();
    let mut touched_content = false;
    let mut everything = false;
    let output_rel = output.strip_prefix(root).unwrap_or(output);
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_output = rel.starts_with(output_rel);
        // Hidden files and folders are not read by a build (discover skips them).
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let editor_noise = hidden || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp");
        let staging = rel
            .components()
            .next()
            .is_some_and(|c| c.as_os_str().to_string_lossy().contains(".duet-"));
        if in_output || editor_noise || staging {
            continue;
        }
        if rel.starts_with(CONTENT_DIR) {
            touched_content = true;
            // A folder's own events name no file: its files are found by listing.
            if name.contains('.') {
                content.insert(rel.to_path_buf());
            }
        } else if rel == Path::new(CONFIG_FILE) || INPUT_DIRS.iter().any(|d| rel.starts_with(d)) {
            everything = true;
        }
    }
    if everything {
        Change::Everything
    } else if touched_content {
        Change::Content(content)
    } else {
        Change::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changes() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            classify(
                root,
                out,
                &[
                    p("/site/content/articles/a.vi.md"),
                    p("/site/content/articles/.a.vi.md.swp")
                ]
            ),
            Change::Content([p("content/articles/a.vi.md")].into())
        );
        assert_eq!(classify(root, out, &[p("/site/public/vi/index.html")]), Change::Nothing);
        assert_eq!(
            classify(root, out, &[p("/site/.public.duet-staging-1/x")]),
            Change::Nothing
        );
        assert_eq!(
            classify(root, out, &[p("/site/content/a.vi.md"), p("/site/locales/vi/site.ftl")]),
            Change::Everything
        );
        assert_eq!(classify(root, out, &[p("/site/site.yaml")]), Change::Everything);
        assert_eq!(
            classify(root, out, &[p("/site/themes/portal/templates/base.html")]),
            Change::Everything
        );
    }

    #[test]
    fn folders_and_other_files_in_content_count_as_content() {
        let root = Path::new("/site");
        let out = Path::new("/tmp/preview");
        let p = |s: &str| PathBuf::from(s);
        // A folder moved out or in: no Markdown path, but the content changed.
        assert_eq!(
            classify(root, out, &[p("/site/content/articles/2024")]),
            Change::Content(BTreeSet::new())
        );
        // sed -i writes `sedXXXXXX` and renames it over the article.
        assert_eq!(
            classify(
                root,
                out,
                &[p("/site/content/a/sedK3x9Qa"), p("/site/content/a/x.vi.md")]
            ),
            Change::Content([p("content/a/x.vi.md")].into())
        );
        assert_eq!(
            classify(root, out, &[p("/site/content/.git/x.md"), p("/site/notes/x.css")]),
            Change::Nothing
        );
        // The site's static files are copied into the output: they are input.
        assert_eq!(classify(root, out, &[p("/site/static/x.css")]), Change::Everything);
        // A photo beside an article is content too.
        assert_eq!(
            classify(root, out, &[p("/site/content/articles/photo.jpg")]),
            Change::Content([p("content/articles/photo.jpg")].into())
        );
        assert_eq!(classify(root, out, &[p("/site/templates")]), Change::Everything);
    }
}
