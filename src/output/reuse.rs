//! The build cache of one-edit builds: for each file the last build wrote,
//! the fingerprint of what it was made from ([`crate::plan::fingerprint`]),
//! kept in `.duet-cache/build` at the site root. A build in a new process
//! hard-links every file whose fingerprint is unchanged from the previous
//! output into its staging folder and renders only the others, so the
//! staging-and-swap safety holds and the output equals a full build's.
//!
//! The cache keeps a file per output folder, describing it as the last
//! build left it: it names the folder and the stamp of the marker file
//! that build wrote there (written afresh by every build), so an output
//! replaced by another build or another tool since is never reused. Files
//! of output folders that no longer exist are pruned.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::write::MARKER;
use crate::plan::fingerprint::{Fingerprint, Print};

/// The build cache's folder, under the site root (beside the image cache).
pub const CACHE_DIR: &str = ".duet-cache/build";

/// The cache file of `output` (absolute) in `root`'s [`CACHE_DIR`].
fn file(root: &Path, output: &Path) -> PathBuf {
    let mut hasher = std::hash::DefaultHasher::new();
    output.hash(&mut hasher);
    root.join(CACHE_DIR).join(format!("{:016x}", hasher.finish()))
}

/// The first line of the cache file; another one is not read.
const FORMAT: &str = "duet build cache 2";

/// What the previous build wrote into an output folder.
#[derive(Debug)]
pub struct Previous {
    output: PathBuf,
    /// The output folder, opened once: kept files are looked up from it.
    folder: Option<std::fs::File>,
    /// Each file's fingerprint and, where it has one, the hash of what it holds.
    files: HashMap<String, (Fingerprint, Option<u64>)>,
}

impl Previous {
    /// The previous build's file of `print`, if it was made from the same
    /// inputs and is still there.
    pub fn reusable(&self, print: &Print) -> Option<PathBuf> {
        if self.files.get(&print.path).map(|f| f.0) != Some(print.fingerprint) {
            return None;
        }
        self.same_file(&print.path)
    }

    /// The hash of what the previous build's file at `path` holds, if it was recorded.
    pub fn content(&self, path: &str) -> Option<u64> {
        self.files.get(path)?.1
    }

    /// The previous build's file at `path`, if it is still there.
    pub fn same_file(&self, path: &str) -> Option<PathBuf> {
        // Linking a file that went would fail the build: render it instead.
        super::write::file_in(&self.output, self.folder.as_ref(), path)
    }

    /// The paths of the files it lists, relative to the output.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The fingerprint of its file at `path`, if it lists one.
    pub fn fingerprint(&self, path: &str) -> Option<Fingerprint> {
        self.files.get(path).map(|f| f.0)
    }

    /// How many files it lists.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it lists no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The stamp of the marker a build wrote into `output`: its modification
/// time, size and (on Unix) inode, and the output folder's owner, group
/// and mode, which a new output would take over anew. `None` when the
/// marker is missing.
fn stamp(output: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(output.join(MARKER)).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        let folder = std::fs::symlink_metadata(output).ok()?;
        format!("{} {}:{} {:o}", meta.ino(), folder.uid(), folder.gid(), folder.mode())
    };
    #[cfg(not(unix))]
    let inode = 0;
    Some(format!(
        "{}.{:09} {} {inode}",
        modified.as_secs(),
        modified.subsec_nanos(),
        meta.len()
    ))
}

/// The previous build into `output` (absolute), as the cache in `root`
/// describes it; `None` when there is no cache, it is of another version
/// or another output folder, or the output is not as that build left it.
pub fn read(root: &Path, output: &Path) -> Option<Previous> {
    let text = std::fs::read_to_string(file(root, output)).ok()?;
    let mut lines = text.split('\n');
    if lines.next()? != FORMAT
        || lines.next()? != format!("output {}", output.display())
        || lines.next()? != format!("marker {}", stamp(output)?)
    {
        return None;
    }
    let files = lines
        .filter_map(|line| {
            let (print, rest) = line.split_once(' ')?;
            let (content, path) = rest.split_once(' ')?;
            let print = Fingerprint::from_str_radix(print, 16).ok()?;
            let content = match content {
                "-" => None,
                hex => Some(u64::from_str_radix(hex, 16).ok()?),
            };
            Some((path.to_string(), (print, content)))
        })
        .collect();
    Some(Previous {
        output: output.to_path_buf(),
        folder: std::fs::File::open(output).ok(),
        files,
    })
}

/// Records what a build that just wrote `output` (absolute) made it from,
/// replacing the cache file atomically.
pub fn write(root: &Path, output: &Path, prints: &[Option<Print>]) -> std::io::Result<()> {
    let stamp = stamp(output).ok_or_else(|| std::io::Error::other("the output has no marker"))?;
    let mut text = format!("{FORMAT}\noutput {}\nmarker {stamp}\n", output.display());
    for print in prints.iter().flatten() {
        // A path the line format cannot hold is rendered every time.
        if !print.path.contains('\n') {
            let content = print.content.map_or_else(|| "-".to_string(), |c| format!("{c:016x}"));
            let _ = writeln!(text, "{:016x} {content} {}", print.fingerprint, print.path);
        }
    }
    let file = file(root, output);
    std::fs::create_dir_all(root.join(CACHE_DIR))?;
    prune(root);
    let temporary = file.with_extension(std::process::id().to_string());
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, file)
}

/// Forgets the previous build into `output`, so the next one renders every file.
pub fn clear(root: &Path, output: &Path) {
    let _ = std::fs::remove_file(file(root, output));
}

/// Removes the cache files of output folders that are gone.
fn prune(root: &Path) {
    use std::io::BufRead;
    let Ok(dir) = std::fs::read_dir(root.join(CACHE_DIR)) else {
        return;
    };
    for file in dir.flatten() {
        let Ok(f) = std::fs::File::open(file.path()) else {
            continue;
        };
        let mut lines = std::io::BufReader::new(f).lines();
        let output = lines.nth(1).and_then(Result::ok);
        let gone = output
            .as_deref()
            .and_then(|line| line.strip_prefix("output "))
            .is_none_or(|output| !Path::new(output).is_dir());
        if gone {
            let _ = std::fs::remove_file(file.path());
        }
    }
}
