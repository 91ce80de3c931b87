//! The watcher: which folders of the site are watched, and how events
//! become batches of changed paths.
//!
//! Folders are watched, never single files: an editor that saves by
//! rename (vim, emacs, `sed -i`) puts a new file in place of the old, and
//! an inotify watch on the file would follow the old one away. The site
//! root is watched on its own (for `site.yaml` and input folders that
//! appear later), and each input folder recursively.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::classify::INPUT_DIRS;
use crate::content::discover::CONTENT_DIR;
use crate::diagnostics::Diagnostic;

/// How long the file system must stay quiet before a batch is taken: a
/// save is often several events (write, rename, remove the backup).
const QUIET: Duration = Duration::from_millis(40);

/// The longest a batch is held while events keep coming.
const LONGEST: Duration = Duration::from_millis(500);

/// The site's watched folders and the events they report.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    events: Receiver<PathBuf>,
    root: PathBuf,
    /// Input folders (relative names) watched now.
    watched: BTreeSet<&'static str>,
}

impl Watch {
    /// Watches `root` (absolute) and the input folders that exist in it.
    pub fn start(root: &Path) -> Result<Watch, Diagnostic> {
        let (tx, events) = mpsc::channel::<PathBuf>();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // Only writes count: reading the site during a build must not trigger another.
            if let Ok(event) = event
                && is_write(&event.kind)
            {
                for path in event.paths {
                    let _ = tx.send(path);
                }
            }
        })
        .map_err(|e| Diagnostic::new("(serve)", format!("could not watch the site: {e}")))?;
        let mut watch = Watch {
            watcher,
            events,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Diagnostic::new(".", format!("could not watch the site root: {e}")))?;
        watch.refresh(&[])?;
        Ok(watch)
    }

    /// Waits for changes and returns the changed paths once the file
    /// system has been quiet for a moment; `None` if the watcher stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let first = self.events.recv().ok()?;
        let started = Instant::now();
        let mut paths = vec![first];
        while started.elapsed() < LONGEST {
            match self.events.recv_timeout(QUIET) {
                Ok(path) => paths.push(path),
                Err(_) => break,
            }
        }
        Some(paths)
    }

    /// Watches input folders that appeared (a `templates/` made after the
    /// server started) and rewatches those replaced, as `batch` shows.
    /// Call it before rebuilding, so a file written into a new folder
    /// while the build reads it is not missed.
    pub fn refresh(&mut self, batch: &[PathBuf]) -> Result<(), Diagnostic> {
        for &name in std::iter::once(&CONTENT_DIR).chain(INPUT_DIRS) {
            let dir = self.root.join(name);
            let replaced = batch.iter().any(|p| p == &dir);
            if self.watched.contains(name) && !replaced {
                continue;
            }
            if self.watched.remove(name) {
                // It may be gone already, and its watch with it.
                let _ = self.watcher.unwatch(&dir);
            }
            if dir.is_dir() {
                self.watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| Diagnostic::new(name, format!("could not watch: {e}")))?;
                self.watched.insert(name);
            }
        }
        Ok(())
    }
}

/// Whether a file system event changes a file (not merely reads it):
/// creating, renaming and removing count as much as writing.
fn is_write(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Every Markdown file under `content/` (relative to `root`), as discover
/// would find it: hidden entries and symlinks skipped. Names only, no
/// reading: cheap enough to take after every content event.
pub fn content_files(root: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(root.join(CONTENT_DIR))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_creations_and_removals_are_writes() {
        use notify::event::*;
        assert!(is_write(&EventKind::Modify(ModifyKind::Name(RenameMode::To))));
        assert!(is_write(&EventKind::Modify(ModifyKind::Name(RenameMode::From))));
        assert!(is_write(&EventKind::Create(CreateKind::File)));
        assert!(is_write(&EventKind::Remove(RemoveKind::Folder)));
        assert!(is_write(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(!is_write(&EventKind::Access(AccessKind::Open(AccessMode::Read))));
        assert!(!is_write(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any))));
    }
}
