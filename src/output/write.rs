//! Write stage: renders jobs in parallel and streams each page to disk as
//! soon as it is rendered, into a staging folder beside the output that is
//! swapped in only when every page succeeded. A failed build leaves the
//! previous output untouched, and duet never writes outside its output.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::swap::{self, Beside};
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};

/// The file that marks a folder as duet's output, so duet only ever replaces
/// folders it made.
pub const MARKER: &str = ".duet-output";

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
/// plus `static_files`, into a fresh staging folder: pass by pass, each
/// pass's jobs all written before the next pass's begin (a build's passes
/// are languages, see [`crate::plan::passes`]); on success swaps it in
/// for `output`, which keeps the owner, group and mode it had. On failure
/// removes the staging folder and returns every problem; `output` is left
/// as it was. While another build holds the output it waits a moment, then
/// fails having written nothing; it removes what killed builds left beside
/// the output.
pub fn write_site<J, F, C>(
    output: &Path,
    passes: &[Vec<J>],
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
        let written = fill(&staging, output, passes, render, static_files)?;
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
    passes: &[Vec<J>],
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
    let mut problems: Vec<Diagnostic> = Vec::new();
    for jobs in passes {
        problems.par_extend(jobs.par_iter().filter_map(|job| {
            if stopped() {
                return None;
            }
            // Each page is written as soon as it is rendered and then dropped.
            let result = render(job).and_then(|(rel, contents)| write(&rel, &contents));
            result.err()
        }));
    }
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
            files: passes.iter().map(Vec::len).sum::<usize>() + static_files.len(),
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
    file_in(output, None, rel)
}

/// [`file_at`], looked up from `folder` (`output`, opened) where there is
/// one: the folders above the output are not walked again for each file.
pub(super) fn file_in(output: &Path, folder: Option<&std::fs::File>, rel: &str) -> Option<PathBuf> {
    let path = safe_join(output, rel)?;
    #[cfg(target_os = "linux")]
    if let Some(folder) = folder {
        use rustix::fs::{AtFlags, FileType, StatxFlags, statx};
        let found = statx(folder, rel, AtFlags::SYMLINK_NOFOLLOW, StatxFlags::TYPE).ok()?;
        return (FileType::from_raw_mode(found.stx_mode.into()) == FileType::RegularFile).then_some(path);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = folder;
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
    fn each_pass_is_written_before_the_next_begins() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first_done = AtomicU64::new(0);
        let too_early = AtomicU64::new(0);
        let render = |j: &u64| {
            if *j < 200 {
                first_done.fetch_add(1, Ordering::SeqCst);
            } else if first_done.load(Ordering::SeqCst) < 200 {
                too_early.fetch_add(1, Ordering::SeqCst);
            }
            Ok((format!("{j}.html"), j.to_string()))
        };
        let passes = vec![(0..200).collect::<Vec<u64>>(), (200..400).collect()];
        let written = write_site(&out, &passes, render, &[]).unwrap();
        assert_eq!(written.files, 400);
        assert_eq!(
            too_early.into_inner(),
            0,
            "pages of the second pass rendered during the first"
        );
        assert_eq!(std::fs::read_to_string(out.join("399.html")).unwrap(), "399");
    }

    #[test]
    fn failed_builds_leave_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let ok = |j: &u32| Ok((format!("{j}.html"), format!("page {j}").into_bytes()));
        write_site(&out, &[vec![1, 2]], ok, &[]).unwrap();
        let bad = |j: &u32| {
            if *j == 2 {
                Err(Diagnostic::new("x", "boom"))
            } else {
                Ok((format!("{j}.html"), "new".to_string()))
            }
        };
        assert!(write_site(&out, &[vec![1], vec![2]], bad, &[]).is_err());
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
            &[vec![0]],
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
        let problems = write_site(&out, &[jobs], blocked, &[]).unwrap_err();
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
