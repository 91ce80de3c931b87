//! Write stage: renders jobs in parallel and streams each page to disk as
//! soon as it is rendered, into a staging folder beside the output that is
//! swapped in only when every page succeeded. A failed build leaves the
//! previous output untouched, and duet never writes outside its output.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::swap::{self, Beside};
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};

/// The file that marks a folder as duet's output, so duet only ever replaces
/// folders it made.
pub const MARKER: &str = ".duet-output";

/// Folders a build must never replace, whatever the command line says.
const SYSTEM_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib64",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/var",
    "/Users",
    "/System",
    "/Library",
    "/Applications",
];

/// Folders of a site that hold its input.
const INPUT_DIRS: &[&str] = &["content", "themes", "locales", "templates", "static"];

/// What an output file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Bytes rendered now.
    Bytes(Vec<u8>),
    /// A file made earlier that the output may share (a processed image in
    /// the cache): hard-linked where the file system allows, else copied.
    Linked(PathBuf),
    /// A file of the site copied as it is.
    Copied(PathBuf),
}

/// Something that can be put into an output file.
pub trait Payload {
    /// Writes it at `path` (which does not exist yet); returns its size.
    fn put(&self, path: &Path) -> std::io::Result<u64>;
}

impl Payload for String {
    fn put(&self, path: &Path) -> std::io::Result<u64> {
        std::fs::write(path, self).map(|()| self.len() as u64)
    }
}

impl Payload for Vec<u8> {
    fn put(&self, path: &Path) -> std::io::Result<u64> {
        std::fs::write(path, self).map(|()| self.len() as u64)
    }
}

impl Payload for Contents {
    fn put(&self, path: &Path) -> std::io::Result<u64> {
        match self {
            Contents::Bytes(bytes) => bytes.put(path),
            // Sharing the cache's copy writes no bytes (and needs no look at its
            // size); across file systems it is copied.
            Contents::Linked(from) => match std::fs::hard_link(from, path) {
                Ok(()) => Ok(0),
                Err(_) => std::fs::copy(from, path),
            },
            Contents::Copied(from) => std::fs::copy(from, path),
        }
    }
}

/// What a successful write produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Bytes written: files hard-linked from the cache count none.
    pub bytes: u64,
}

/// Resolves `output` against `root` and checks that duet may replace it:
/// not a system folder, not the site root or a folder containing it, not an
/// input folder or inside one, and, if it exists, either empty or marked as
/// duet's own output. Returns the absolute output path.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let shown = output.display().to_string();
    let refuse = |why: String| {
        Diagnostic::new(output, format!("refusing to use `{shown}` as the output folder: {why}"))
            .with_hint("pass --output with a folder of its own, such as `public`")
    };
    let root = resolve(&std::env::current_dir().unwrap_or_default(), root);
    let output = resolve(&root, output);
    if is_system_dir(&output) {
        return Err(refuse("it is a system folder".into()));
    }
    if root.starts_with(&output) {
        return Err(refuse("it is the site root or contains it".into()));
    }
    for input in INPUT_DIRS {
        let input_dir = root.join(input);
        if output.starts_with(&input_dir) || input_dir.starts_with(&output) {
            return Err(refuse(format!("it overlaps the site's `{input}` folder")));
        }
    }
    // Whatever exists there must be a folder: a device, FIFO or socket
    // would otherwise be moved aside and a folder put in its place.
    let existing = match std::fs::symlink_metadata(&output) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(refuse(format!("it cannot be inspected: {e}"))),
    };
    if let Some(m) = &existing {
        // A symlink to a folder was resolved above, so one here leads nowhere.
        let target = std::fs::metadata(&output).ok();
        if let Some(kind) = not_a_folder(target.as_ref().unwrap_or(m)) {
            return Err(refuse(format!("it is {kind}, not a folder")));
        }
    }
    if existing.is_some() && !output.join(MARKER).is_file() {
        let empty = std::fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(refuse(format!(
                "it is not empty and was not made by duet (it has no `{MARKER}` file)"
            )));
        }
    }
    Ok(output)
}

/// What `m` is, when it is not a folder: "a file", "a FIFO", and so on.
fn not_a_folder(m: &std::fs::Metadata) -> Option<&'static str> {
    let kind = m.file_type();
    if kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some(if kind.is_symlink() {
        "a symlink to nothing"
    } else if kind.is_file() {
        "a file"
    } else {
        "something other than a file"
    })
}

/// Whether `path` (absolute, normalised) is a system folder or a user's home.
pub fn is_system_dir(path: &Path) -> bool {
    if SYSTEM_DIRS.iter().any(|d| path == Path::new(d)) {
        return true;
    }
    // A home folder itself (`/home/ana`) holds far more than a site.
    let parent = path.parent().unwrap_or(path);
    parent == Path::new("/home") || parent == Path::new("/Users")
}

/// `path` made absolute against `base` and normalised, with symlinks of
/// its existing ancestors resolved, without requiring `path` to exist.
fn resolve(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            c => normal.push(c.as_os_str()),
        }
    }
    // Resolve symlinks in the longest existing prefix, so `public -> /` is caught.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Joins a relative, `/`-separated output path to `dir`, refusing anything
/// that could leave it (`..`, absolute paths, empty segments).
pub fn safe_join(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for segment in rel.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains('\\') || segment.contains(':') {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// Renders every job with `render` (in parallel) and writes the results,
/// plus `static_files`, into a fresh staging folder; on success swaps it in
/// for `output`, which keeps the owner, group and mode it had. On failure
/// removes the staging folder and returns every problem; `output` is left
/// as it was. While another build holds the output it waits a moment, then
/// fails having written nothing; it removes what killed builds left beside
/// the output.
pub fn write_site<J, F, C>(
    output: &Path,
    jobs: &[J],
    render: F,
    static_files: &[(String, Arc<[u8]>)],
) -> Result<Written, Diagnostics>
where
    J: Sync,
    C: Payload,
    F: Fn(&J) -> Result<(String, C), Diagnostic> + Sync,
{
    let beside = Beside::new(output);
    let parent = beside.parent();
    std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the output's parent folder", &e))?;
    // Held until this function returns, so no other build uses these names meanwhile.
    let _lock = swap::lock(output, &beside)?;
    swap::remove_leftovers(&beside)?;
    let previous = swap::previous(output)?;
    let staging = beside.staging();
    std::fs::create_dir(&staging).map_err(|e| io_error(&staging, "create the staging folder", &e))?;

    let result = (|| {
        if let Some(previous) = &previous {
            swap::take_over(&staging, previous, output)?;
        }
        let written = fill(&staging, output, jobs, render, static_files)?;
        if let Some(previous) = &previous {
            swap::restore_mode(&staging, previous)?;
        }
        swap::swap(&staging, output, &beside)?;
        Ok(written)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Fills `staging`. Problems of the input (a page that does not render) are
/// all collected; the first I/O error stops the writing, and is the only
/// one reported: a full disk or a read-only folder is one cause, not one
/// problem per file. Paths in problems are shown under `output`.
fn fill<J, F, C>(
    staging: &Path,
    output: &Path,
    jobs: &[J],
    render: F,
    static_files: &[(String, Arc<[u8]>)],
) -> Result<Written, Diagnostics>
where
    J: Sync,
    C: Payload,
    F: Fn(&J) -> Result<(String, C), Diagnostic> + Sync,
{
    let bytes = AtomicU64::new(0);
    let io_failure = OnceLock::new();
    // Folders made so far: many files share one (images, pages of a
    // section), and asking the file system again costs two calls a file.
    // Kept as plain strings: hashing a `Path` parses its components first.
    let folders: Mutex<HashSet<OsString>> = Mutex::default();
    let made = |parent: &Path| folders.lock().is_ok_and(|f| f.contains(parent.as_os_str()));
    let write = |rel: &str, contents: &dyn Payload| -> Result<(), Diagnostic> {
        let path = safe_join(staging, rel)
            .ok_or_else(|| Diagnostic::new(rel, "refusing to write an output path that leaves the output folder"))?;
        let parent = path.parent().expect("a joined path has a parent");
        let folder = if made(parent) {
            Ok(())
        } else {
            std::fs::create_dir_all(parent).map(|()| {
                if let Ok(mut f) = folders.lock() {
                    f.insert(parent.as_os_str().to_os_string());
                }
            })
        };
        let written = folder
            .map_err(|e| io_error(&output.join(rel), "create a folder", &e))
            .and_then(|()| {
                contents
                    .put(&path)
                    .map_err(|e| io_error(&output.join(rel), "write the file", &e))
            });
        match written {
            Ok(size) => {
                bytes.fetch_add(size, Ordering::Relaxed);
            }
            Err(d) => {
                // Only the first failure is kept; later ones share its cause.
                let _ = io_failure.set(
                    d.with_hint("the build stopped writing at this file; is the disk full or the folder read-only?"),
                );
            }
        }
        Ok(())
    };
    let stopped = || io_failure.get().is_some();
    let mut problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            if stopped() {
                return None;
            }
            // Each page is written as soon as it is rendered and then dropped.
            let result = render(job).and_then(|(rel, contents)| write(&rel, &contents));
            result.err()
        })
        .collect();
    for (rel, contents) in static_files {
        if stopped() {
            break;
        }
        if let Err(d) = write(rel, &contents.to_vec()) {
            problems.push(d);
        }
    }
    if !stopped()
        && let Err(d) = write(
            MARKER,
            &"This folder is generated by duet and replaced on every build.\n".to_string(),
        )
    {
        problems.push(d);
    }
    problems.extend(io_failure.into_inner());
    if problems.is_empty() {
        Ok(Written {
            files: jobs.len() + static_files.len(),
            bytes: bytes.into_inner(),
        })
    } else {
        Err(problems.into())
    }
}

/// Replaces a few files of an existing output in place, each atomically
/// (written beside itself, then renamed over), for live edits. The
/// contents are all rendered before the first file is touched; then the
/// files `gone` (outputs the site no longer has) are removed, with the
/// folders they leave empty. Fails, as [`write_site`] does, while another
/// build holds the output.
pub fn write_in_place<C: Payload>(
    output: &Path,
    files: &[(String, C)],
    gone: &[String],
) -> Result<Written, Diagnostics> {
    let _lock = swap::lock(output, &Beside::new(output))?;
    let mut bytes = 0;
    for (rel, contents) in files {
        let staged = Staged::write(output, rel, contents)?;
        bytes += staged.size;
        staged.put_in_place(output, rel)?;
    }
    for rel in gone {
        if let Some(path) = file_at(output, rel) {
            std::fs::remove_file(&path)
                .map_err(|e| io_error(&path, "remove the file of an output the site no longer has", &e))?;
        }
        remove_empty_folders(output, rel);
    }
    Ok(Written {
        files: files.len(),
        bytes,
    })
}

/// A file written beside its place in the output under a hidden name, to
/// be renamed over its old version: readers see the old file or the new
/// one, never half of one.
pub(super) struct Staged {
    /// Where the file goes.
    pub(super) path: PathBuf,
    temporary: PathBuf,
    /// The bytes written.
    pub(super) size: u64,
}

impl Staged {
    /// Writes `contents` beside output path `rel`, making its folders.
    pub(super) fn write<C: Payload + ?Sized>(output: &Path, rel: &str, contents: &C) -> Result<Staged, Diagnostic> {
        let path = safe_join(output, rel)
            .ok_or_else(|| Diagnostic::new(rel, "refusing to write an output path that leaves the output folder"))?;
        let parent = path.parent().expect("a joined path has a parent");
        std::fs::create_dir_all(parent).map_err(|e| io_error(&output.join(rel), "create a folder", &e))?;
        let temporary = parent.join(format!(
            ".{}.duet-tmp",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        let _ = std::fs::remove_file(&temporary);
        let size = contents
            .put(&temporary)
            .map_err(|e| io_error(&output.join(rel), "write the file", &e))?;
        Ok(Staged { path, temporary, size })
    }

    /// Renames the file over its place; on failure nothing of it is left.
    pub(super) fn put_in_place(self, output: &Path, rel: &str) -> Result<(), Diagnostic> {
        let renamed = std::fs::rename(&self.temporary, &self.path);
        // Renaming a hard link over another link of the same file does
        // nothing (POSIX): a cached file written again is already in place.
        self.discard();
        renamed.map_err(|e| io_error(&output.join(rel), "replace the file", &e))
    }

    /// Removes the file written.
    pub(super) fn discard(&self) {
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// The regular file at output path `rel` inside `output`, if there is one
/// (not a folder or a link, not a path that leaves `output`).
pub(super) fn file_at(output: &Path, rel: &str) -> Option<PathBuf> {
    let path = safe_join(output, rel)?;
    path.symlink_metadata().is_ok_and(|m| m.is_file()).then_some(path)
}

/// Removes the folders of output path `rel` inside `output` that are left
/// empty once its file is gone, deepest first.
pub(super) fn remove_empty_folders(output: &Path, rel: &str) {
    let Some(path) = safe_join(output, rel) else {
        return;
    };
    let mut folder = path.parent();
    while let Some(dir) = folder.filter(|d| *d != output && d.starts_with(output)) {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_folders_are_refused() {
        for dir in ["/", "/etc", "/usr", "/home", "/home/ana", "/root", "/tmp"] {
            assert!(is_system_dir(Path::new(dir)), "{dir}");
        }
        assert!(!is_system_dir(Path::new("/home/ana/site/public")));
        assert!(!is_system_dir(Path::new("/srv/site/public")));
    }

    #[test]
    fn the_guard_refuses_root_parents_and_inputs() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir(root.join("content")).unwrap();
        for bad in [".", "..", "content", "content/x", "/", "/etc", "../.."] {
            let e = check_output_dir(root, Path::new(bad));
            assert!(e.is_err(), "{bad} should be refused");
        }
        assert!(check_output_dir(root, Path::new("public")).is_ok());
        std::fs::create_dir(root.join("public")).unwrap();
        std::fs::write(root.join("public/notes.txt"), "mine").unwrap();
        let e = check_output_dir(root, Path::new("public")).unwrap_err();
        assert!(e.message.contains("not made by duet"), "{}", e.message);
        std::fs::write(root.join("public").join(MARKER), "").unwrap();
        assert!(check_output_dir(root, Path::new("public")).is_ok());
    }

    #[test]
    fn a_symlink_to_root_is_refused() {
        let site = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/", site.path().join("public")).unwrap();
        assert!(check_output_dir(site.path(), Path::new("public")).is_err());
    }

    #[test]
    fn safe_join_stays_inside() {
        let base = Path::new("/out");
        assert_eq!(
            safe_join(base, "vi/index.html"),
            Some(PathBuf::from("/out/vi/index.html"))
        );
        for bad in ["../x", "/etc/passwd", "vi/../../x", "", "a//b", "a\\..\\b"] {
            assert_eq!(safe_join(base, bad), None, "{bad}");
        }
    }

    #[test]
    fn failed_builds_leave_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let ok = |j: &u32| Ok((format!("{j}.html"), format!("page {j}").into_bytes()));
        write_site(&out, &[1, 2], ok, &[]).unwrap();
        let bad = |j: &u32| {
            if *j == 2 {
                Err(Diagnostic::new("x", "boom"))
            } else {
                Ok((format!("{j}.html"), "new".to_string()))
            }
        };
        assert!(write_site(&out, &[1, 2], bad, &[]).is_err());
        assert_eq!(std::fs::read_to_string(out.join("1.html")).unwrap(), "page 1");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn the_first_write_error_stops_the_build_and_is_reported_once() {
        // Every page goes into `pages/`, where each render first puts a file:
        // creating the folder fails for every page with one cause (EEXIST),
        // as writes fail for every page on a full disk. This proves the
        // stop-and-report-once logic, not any particular kernel error.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[0],
            |_: &u32| Ok(("old.html".to_string(), "old".to_string())),
            &[],
        )
        .unwrap();
        let staging = Beside::new(&out).staging();
        let rendered = AtomicU64::new(0);
        let blocked = |j: &u32| {
            rendered.fetch_add(1, Ordering::Relaxed);
            let _ = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(staging.join("pages"));
            Ok((format!("pages/{j}.html"), "new".to_string()))
        };
        let jobs: Vec<u32> = (0..2000).collect();
        let problems = write_site(&out, &jobs, blocked, &[]).unwrap_err();
        assert_eq!(problems.0.len(), 1, "{problems}");
        let problem = &problems.0[0];
        assert!(problem.path.starts_with(out.join("pages")), "{problem}");
        assert!(problem.message.starts_with("could not create a folder: "), "{problem}");
        assert!(
            rendered.into_inner() < 2000,
            "the build stops instead of trying every page"
        );
        assert!(!staging.exists());
        assert_eq!(std::fs::read_to_string(out.join("old.html")).unwrap(), "old");
    }
}
