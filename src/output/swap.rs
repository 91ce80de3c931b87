//! Write stage, last step: puts a finished staging folder in place of the
//! output. Owns everything a build keeps beside the output while it runs —
//! the lock file, the staging folder, the previous output on its way out —
//! so that two builds at once cannot mix their folders, a build killed at
//! any moment leaves nothing a later build does not clean up, the new
//! output keeps the owner and mode of the old one, and on Linux a reader
//! never sees a moment without an output.

use std::fs::{File, Metadata, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, io_error};

/// The names a build uses beside its output `public`: `.public.duet-lock`,
/// `.public.duet-staging-PID` and `.public.duet-old-PID`, in the output's
/// parent folder (a folder inside the output would be swapped out with it).
pub(super) struct Beside {
    parent: PathBuf,
    name: String,
}

const STAGING: &str = "duet-staging-";
const OLD: &str = "duet-old-";

impl Beside {
    /// The names beside `output`, an absolute path.
    pub(super) fn new(output: &Path) -> Beside {
        Beside {
            parent: output.parent().unwrap_or(Path::new(".")).to_path_buf(),
            name: output
                .file_name()
                .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned()),
        }
    }

    /// The folder the output's parent is, where everything else lives.
    pub(super) fn parent(&self) -> &Path {
        &self.parent
    }

    /// The folder this process fills before it becomes the output.
    pub(super) fn staging(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.{STAGING}{}", self.name, std::process::id()))
    }

    /// The folder the previous output (or, when a build replaces files in
    /// place, their old versions) waits in until it is removed.
    pub(super) fn old(&self) -> PathBuf {
        self.parent.join(format!(".{}.{OLD}{}", self.name, std::process::id()))
    }

    fn lock_file(&self) -> PathBuf {
        self.parent.join(format!(".{}.duet-lock", self.name))
    }

    /// The PID in `file_name` if it is one of this output's staging or old
    /// folders, exactly as duet names them.
    fn leftover_pid(&self, file_name: &str) -> Option<u32> {
        let rest = file_name.strip_prefix('.')?.strip_prefix(self.name.as_str())?;
        let pid = rest
            .strip_prefix(&format!(".{STAGING}"))
            .or_else(|| rest.strip_prefix(&format!(".{OLD}")))?;
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        pid.parse().ok()
    }
}

/// The output's lock, held while this process writes the output. It is an
/// OS advisory lock on `.NAME.duet-lock`, so the OS releases it when the
/// process ends however it ends: a killed build never leaves a stale lock
/// (only, at worst, a lock file that the next build takes and removes).
pub(super) struct OutputLock {
    file: File,
    path: PathBuf,
}

/// The lock file is removed while still locked, so a site's folder does not
/// keep it between builds. A build that opened it meanwhile sees, once it
/// gets the lock, that the path no longer names its file, and starts again.
impl Drop for OutputLock {
    fn drop(&mut self) {
        #[cfg(unix)]
        if names_file(&self.path, &self.file) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// How long a build waits for another to release the output before it
/// gives up. Short: it covers a build that is just finishing, and a child
/// process that briefly shares the holder's lock between its fork and exec,
/// not a whole second build.
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// Takes the output's lock, or explains which process holds it. Waits at
/// most [`LOCK_WAIT`]: a second build then fails before it has written
/// anything.
pub(super) fn lock(output: &Path, beside: &Beside) -> Result<OutputLock, Diagnostic> {
    let path = beside.lock_file();
    let started = Instant::now();
    loop {
        let mut file = open_lock_file(&path)?;
        let mut locked = file.try_lock();
        while matches!(locked, Err(TryLockError::WouldBlock)) && started.elapsed() < LOCK_WAIT {
            std::thread::sleep(Duration::from_millis(20));
            locked = file.try_lock();
        }
        match locked {
            Ok(()) if names_file(&path, &file) => {
                // The PID is only for the message another build shows; a
                // failure to record it does not matter.
                let _ = file.set_len(0).and_then(|()| writeln!(file, "{}", std::process::id()));
                return Ok(OutputLock { file, path });
            }
            // The previous holder removed the file as it let go: lock the new one.
            Ok(()) if started.elapsed() < LOCK_WAIT => continue,
            Ok(()) | Err(TryLockError::WouldBlock) => return Err(held(output, &path, &mut file)),
            Err(TryLockError::Error(e)) => return Err(io_error(&path, "lock the output's lock file", &e)),
        }
    }
}

fn open_lock_file(path: &Path) -> Result<File, Diagnostic> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // No symlink is followed: the lock file is ours, not a way to write elsewhere.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    options
        .open(path)
        .map_err(|e| io_error(path, "open the output's lock file", &e))
}

/// Whether `path` still names the open `file` (not removed or replaced).
#[cfg(unix)]
fn names_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::symlink_metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn names_file(_: &Path, _: &File) -> bool {
    true
}

/// The problem of a build that found the output locked by another.
fn held(output: &Path, path: &Path, file: &mut File) -> Diagnostic {
    let mut holder = String::new();
    let _ = file.read_to_string(&mut holder);
    let holder = match holder.trim() {
        pid if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) => format!(" (process {pid})"),
        _ => String::new(),
    };
    Diagnostic::new(
        output,
        format!(
            "another duet process is writing this output folder{holder}; this build stopped before writing anything"
        ),
    )
    .with_hint(format!(
        "wait for it to finish and build again; its lock `{}` is released when it ends",
        path.display()
    ))
}

/// Removes this output's staging and old folders left by builds that were
/// killed (their process is gone) or by this process. Only folders named
/// exactly as duet names them beside this output are touched; a running
/// build's folders are kept. Call with the lock held.
pub(super) fn remove_leftovers(beside: &Beside) -> Result<(), Diagnostic> {
    let parent = beside.parent();
    let entries = std::fs::read_dir(parent).map_err(|e| io_error(parent, "list the output's parent folder", &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(parent, "list the output's parent folder", &e))?;
        let Some(pid) = entry.file_name().to_str().and_then(|n| beside.leftover_pid(n)) else {
            continue;
        };
        if pid != std::process::id() && is_alive(pid) {
            continue;
        }
        let path = entry.path();
        // A symlink or file with such a name was not made by duet.
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        std::fs::remove_dir_all(&path)
            .map_err(|e| io_error(&path, "remove the folder an interrupted build left", &e))?;
    }
    Ok(())
}

/// Whether a process `pid` exists (a signal 0 reaches it or is refused).
/// A PID that cannot be asked about counts as alive, so its folder is kept.
#[cfg(unix)]
fn is_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return true;
    };
    !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

#[cfg(not(unix))]
fn is_alive(_: u32) -> bool {
    true
}

/// What the output folder is now, seen without following a symlink: absent,
/// or a real folder whose owner and mode the new output takes over.
pub(super) fn previous(output: &Path) -> Result<Option<Metadata>, Diagnostic> {
    match std::fs::symlink_metadata(output) {
        Ok(m) if m.is_dir() => Ok(Some(m)),
        Ok(_) => Err(Diagnostic::new(
            output,
            "refusing to replace the output folder: it is no longer a folder",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(output, "inspect the output folder", &e)),
    }
}

/// Gives `staging` the owner and group of the previous output and its mode,
/// plus the owner's rights so this process can fill it; [`restore_mode`]
/// sets the exact mode once it is full. Done before filling so that, as in
/// a setgid folder, new folders inside take the folder's group.
#[cfg(unix)]
pub(super) fn take_over(staging: &Path, previous: &Metadata, output: &Path) -> Result<(), Diagnostic> {
    use std::os::unix::fs::MetadataExt;
    let own = std::fs::metadata(staging).map_err(|e| io_error(staging, "inspect the staging folder", &e))?;
    let uid = (own.uid() != previous.uid()).then_some(previous.uid());
    let gid = (own.gid() != previous.gid()).then_some(previous.gid());
    if uid.is_some() || gid.is_some() {
        std::os::unix::fs::chown(staging, uid, gid).map_err(|e| {
            Diagnostic::new(
                output,
                format!(
                    "could not give the new output the owner and group of the current one ({}:{}): {e}",
                    previous.uid(),
                    previous.gid()
                ),
            )
            .with_hint("build as the folder's owner, or as a member of its group")
        })?;
    }
    set_mode(staging, previous.mode() | 0o700)
}

/// Sets the exact mode of the previous output on the filled staging folder.
#[cfg(unix)]
pub(super) fn restore_mode(staging: &Path, previous: &Metadata) -> Result<(), Diagnostic> {
    set_mode(staging, std::os::unix::fs::MetadataExt::mode(previous))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), Diagnostic> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o7777))
        .map_err(|e| io_error(path, "set the mode of the staging folder", &e))
}

/// Elsewhere a folder's owner and mode are not duet's to copy.
#[cfg(not(unix))]
pub(super) fn take_over(_: &Path, _: &Metadata, _: &Path) -> Result<(), Diagnostic> {
    Ok(())
}

#[cfg(not(unix))]
pub(super) fn restore_mode(_: &Path, _: &Metadata) -> Result<(), Diagnostic> {
    Ok(())
}

/// Puts `staging` in place of `output`, then removes the previous output.
/// An existing output is exchanged with the staging folder in one step
/// where the system can (Linux `renameat2` with `RENAME_EXCHANGE`), so the
/// output path always holds a whole site; elsewhere, or where the file
/// system refuses, the old output is renamed aside and the new one renamed
/// in, with a moment between when there is none.
pub(super) fn swap(staging: &Path, output: &Path, beside: &Beside) -> Result<(), Diagnostic> {
    if previous(output)?.is_none() {
        return std::fs::rename(staging, output).map_err(|e| io_error(output, "move the new output in place", &e));
    }
    let replaced = match exchange(staging, output) {
        Ok(true) => staging.to_path_buf(),
        Ok(false) => rename_twice(staging, output, &beside.old())?,
        Err(e) => return Err(io_error(output, "exchange the new output with the current one", &e)),
    };
    std::fs::remove_dir_all(&replaced).map_err(|e| {
        io_error(
            &replaced,
            "remove the previous output (the new one is in place; a later build removes it)",
            &e,
        )
    })
}

/// Exchanges two folders atomically; `Ok(false)` when this system or file
/// system cannot, so the caller falls back to two renames.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Old kernels, and file systems without exchange, say so with these.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// The fallback swap: the old output renamed to `old`, the new one renamed
/// in, the old one put back if that fails. Returns where the old one is.
fn rename_twice(staging: &Path, output: &Path, old: &Path) -> Result<PathBuf, Diagnostic> {
    if std::fs::symlink_metadata(old).is_ok() {
        std::fs::remove_dir_all(old).map_err(|e| io_error(old, "remove an old output folder", &e))?;
    }
    std::fs::rename(output, old).map_err(|e| io_error(output, "move the previous output aside", &e))?;
    if let Err(e) = std::fs::rename(staging, output) {
        // Put the previous output back so the site is never left without one.
        let _ = std::fs::rename(old, output);
        return Err(io_error(output, "move the new output in place", &e));
    }
    Ok(old.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognised_by_their_exact_name() {
        let beside = Beside::new(Path::new("/srv/site/public"));
        assert_eq!(beside.leftover_pid(".public.duet-staging-42"), Some(42));
        assert_eq!(beside.leftover_pid(".public.duet-old-7"), Some(7));
        for other in [
            ".public.duet-staging-",
            ".public.duet-staging-4x",
            ".public.duet-staging--4",
            ".public.duet-staging-+4",
            ".public.duet-lock",
            ".other.duet-staging-42",
            ".publicx.duet-staging-42",
            "public.duet-staging-42",
            ".public.duet-staging-99999999999",
        ] {
            assert_eq!(beside.leftover_pid(other), None, "{other}");
        }
    }

    #[test]
    fn the_fallback_swap_replaces_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, output, old) = (dir.path().join("new"), dir.path().join("out"), dir.path().join("old"));
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("a"), "new").unwrap();
        std::fs::create_dir(&output).unwrap();
        std::fs::write(output.join("a"), "old").unwrap();
        assert_eq!(rename_twice(&staging, &output, &old).unwrap(), old);
        assert_eq!(std::fs::read_to_string(output.join("a")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(old.join("a")).unwrap(), "old");
    }

    #[test]
    fn only_dead_processes_are_dead() {
        assert!(is_alive(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!is_alive(pid));
    }
}
