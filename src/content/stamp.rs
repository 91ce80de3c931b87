//! A content file's stamp: what its metadata says about it (length,
//! modification and change times, inode, device). The parse cache keeps
//! each file's stamp beside its parsed page, and the next build takes the
//! page back without reading the file when the stamp is the same, as
//! version-control indexes do: checking 200,000 files by their metadata
//! costs a small share of reading them.
//!
//! Writing a file sets its change time to the clock's time, and no call
//! sets it back, so a file written after it was read shows another stamp.
//! The one gap is a file written in the same tick of the clock as the
//! stamp it was read with (a "racy" stamp): a stamp is therefore only kept
//! when the file had not changed for [`SETTLED`] before it was read, and a
//! file changed since is read again by the next build. A body a build
//! renders is still read and checked against what was parsed
//! ([`crate::content::Page::read_body`]).

use std::fs::Metadata;
use std::time::{Duration, SystemTime};

use crate::wire::{Reader, Writer};

/// How long before it was read a file must have been last changed for its
/// stamp to be kept: longer than any file system's clock tick (FAT's is
/// two seconds).
pub const SETTLED: Duration = Duration::from_secs(3);

/// What a file's metadata said when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
}

impl Stamp {
    /// The stamp of a regular file as `meta` describes it; `None` where
    /// the platform has no change time or it is not a file.
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            meta.is_file().then(|| Stamp {
                len: meta.len(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
                device: meta.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// The stamp of the file `meta` describes, read from `before` on, if it
    /// is worth keeping: modified and changed at least [`SETTLED`] before.
    pub fn settled(meta: &Metadata, before: SystemTime) -> Option<Stamp> {
        let stamp = Stamp::of(meta)?;
        let settled = before.checked_sub(SETTLED)?;
        [stamp.modified, stamp.changed]
            .into_iter()
            .all(|time| at(time).is_some_and(|time| time <= settled))
            .then_some(stamp)
    }

    /// The stamp of the file at `path` now, without following a link.
    pub fn now(path: &std::path::Path) -> Option<Stamp> {
        Stamp::of(&std::fs::symlink_metadata(path).ok()?)
    }

    /// Appends a stamp or none to a record.
    pub fn save(stamp: Option<Stamp>, out: &mut Writer) {
        let Some(stamp) = stamp else {
            out.u32(0);
            return;
        };
        out.u32(1);
        for n in [stamp.len, stamp.inode, stamp.device] {
            out.u64(n);
        }
        for (seconds, nanoseconds) in [stamp.modified, stamp.changed] {
            out.u64(seconds as u64);
            out.u64(nanoseconds as u64);
        }
    }

    /// A stamp or none as [`Stamp::save`] wrote it.
    pub fn load(input: &mut Reader) -> Option<Option<Stamp>> {
        match input.u32()? {
            0 => return Some(None),
            1 => {}
            _ => return None,
        }
        let (len, inode, device) = (input.u64()?, input.u64()?, input.u64()?);
        let mut time = || Some((input.u64()? as i64, input.u64()? as i64));
        let (modified, changed) = (time()?, time()?);
        Some(Some(Stamp {
            len,
            modified,
            changed,
            inode,
            device,
        }))
    }
}

/// The time `(seconds, nanoseconds)` since 1970 stands for; `None` before it.
fn at((seconds, nanoseconds): (i64, i64)) -> Option<SystemTime> {
    let seconds = u64::try_from(seconds).ok()?;
    let nanoseconds = u32::try_from(nanoseconds).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::new(seconds, nanoseconds))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_kept_only_for_a_file_settled_before_it_was_read() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("a.vi.md");
        std::fs::write(&path, "text").expect("a file");
        let meta = std::fs::metadata(&path).expect("its metadata");
        let now = SystemTime::now();
        // Just written: racy.
        assert_eq!(Stamp::settled(&meta, now), None);
        let later = now + SETTLED + Duration::from_secs(1);
        let stamp = Stamp::settled(&meta, later).expect("settled by then");
        assert_eq!(Stamp::now(&path), Some(stamp));
        // Written again with the same length: another change time.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "txet").expect("written again");
        assert_ne!(Stamp::now(&path), Some(stamp));
        // Its modification time set back as it was: the change time still tells.
        let modified = meta.modified().expect("a modification time");
        let file = std::fs::File::options().write(true).open(&path).expect("opened");
        file.set_modified(modified).expect("set back");
        let now = std::fs::metadata(&path).expect("its metadata");
        assert_eq!(now.modified().expect("a modification time"), modified);
        assert_ne!(Stamp::now(&path), Some(stamp));
        // A folder has none.
        assert_eq!(Stamp::now(dir.path()), None);
        let mut out = Writer::default();
        Stamp::save(Some(stamp), &mut out);
        Stamp::save(None, &mut out);
        let mut input = Reader(&out.0);
        assert_eq!(Stamp::load(&mut input), Some(Some(stamp)));
        assert_eq!(Stamp::load(&mut input), Some(None));
        assert!(input.is_empty());
    }
}
