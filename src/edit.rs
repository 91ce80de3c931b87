//! Editor commands that change content files on purpose, one named file
//! at a time, and nothing else: `duet translated FILE` records which source
//! text a translation was made from.

use std::path::{Path, PathBuf};

use crate::build::load;
use crate::content::{Fingerprint, front_matter};
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};

/// Records in translation `file` the fingerprint of its source's current
/// text (`translated_from`), so later edits of the source show it stale.
/// Returns the fingerprint written.
pub fn mark_translated(root: &Path, file: &Path) -> Result<String, Diagnostics> {
    let rel = relative_to(root, file)?;
    let loaded = load(root, true, false)?;
    let site = &loaded.site;
    let entry = site
        .entries
        .iter()
        .find(|e| e.is_translation() && e.page.file == rel)
        .ok_or_else(|| Diagnostic::new(&rel, "this is not a content page of the site"))?;
    let group = &site.groups[entry.group];
    let source = &site.entries[group.source].page;
    if std::ptr::eq(source, &entry.page) {
        return Err(
            Diagnostic::new(&rel, "this page is a source, not a translation")
                .with_hint(format!(
                    "its language `{}` is the source of its translations",
                    entry.page.lang
                ))
                .into(),
        );
    }
    let fingerprint = Fingerprint::of(source).to_string();
    let text = front_matter::set_key(
        &entry.page.text,
        "translated_from",
        &format!("\"{fingerprint}\""),
    )
    .ok_or_else(|| Diagnostic::new(&rel, "the file has no front matter"))?;
    let path = root.join(&rel);
    let temporary = path.with_extension("md.duet-tmp");
    std::fs::write(&temporary, text).map_err(|e| io_error(&rel, "write the file", &e))?;
    std::fs::rename(&temporary, &path).map_err(|e| io_error(&rel, "replace the file", &e))?;
    Ok(fingerprint)
}

/// `file` (relative to the working folder, or absolute) as a path relative to `root`.
fn relative_to(root: &Path, file: &Path) -> Result<PathBuf, Diagnostic> {
    let absolute = |p: &Path| {
        p.canonicalize()
            .map_err(|e| io_error(p, "find the file", &e))
    };
    let root = absolute(root)?;
    let file = if file.is_relative() && !file.exists() && root.join(file).exists() {
        root.join(file)
    } else {
        file.to_path_buf()
    };
    let file = absolute(&file)?;
    file.strip_prefix(&root)
        .map(Path::to_path_buf)
        .map_err(|_| Diagnostic::new(&file, "the file is not inside the site"))
}
