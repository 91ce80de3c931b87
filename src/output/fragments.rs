//! Search fragments made by the search stage, while it has each page's
//! plain text for the postings, and kept until their jobs write them: in
//! an unnamed file of the cache folder (gone when the build ends, even
//! if it is killed), since a site's fragments are too many to hold. A job
//! whose fragment is not here, or cannot be read back, makes it itself
//! from its page, which gives the same bytes: this only saves reading
//! and parsing each page a second time.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// The fragments made so far and where each is in the file.
#[derive(Debug)]
pub struct Fragments {
    file: File,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The file's length.
    end: u64,
    /// Entry → offset and length of its fragment.
    places: HashMap<usize, (u64, usize)>,
    /// A write failed: nothing is added or read any more.
    broken: bool,
}

impl Fragments {
    /// An empty store in `dir` (made if missing), or `None` if no file can be made there.
    pub fn new(dir: &Path) -> Option<Fragments> {
        std::fs::create_dir_all(dir).ok()?;
        let file = tempfile::tempfile_in(dir).ok()?;
        Some(Fragments {
            file,
            state: Mutex::default(),
        })
    }

    /// Keeps `made`, each entry's fragment, written at once.
    pub fn put(&self, made: Vec<(usize, Vec<u8>)>) {
        let mut bytes = Vec::with_capacity(made.iter().map(|(_, f)| f.len()).sum());
        for (_, fragment) in &made {
            bytes.extend_from_slice(fragment);
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if state.broken {
            return;
        }
        if (&self.file).write_all(&bytes).is_err() {
            state.broken = true;
            return;
        }
        for (i, fragment) in made {
            let at = state.end;
            state.places.insert(i, (at, fragment.len()));
            state.end += fragment.len() as u64;
        }
    }

    /// The fragment of entry `i`, if it was kept and reads back.
    pub fn get(&self, i: usize) -> Option<Vec<u8>> {
        let (at, len) = {
            let state = self.state.lock().ok()?;
            if state.broken {
                return None;
            }
            *state.places.get(&i)?
        };
        let mut bytes = vec![0; len];
        read_at(&self.file, &mut bytes, at).ok()?;
        Some(bytes)
    }
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < bytes.len() {
        match std::os::windows::fs::FileExt::seek_read(file, &mut bytes[done..], at + done as u64)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => done += n,
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_read_back_as_they_were_put() {
        let dir = tempfile::tempdir().expect("a folder");
        let kept = Fragments::new(&dir.path().join("cache")).expect("a file");
        kept.put(vec![(7, b"seven".to_vec()), (2, Vec::new()), (9, b"nine!".to_vec())]);
        kept.put(vec![(3, vec![0xff; 70_000])]);
        assert_eq!(kept.get(7).as_deref(), Some(&b"seven"[..]));
        assert_eq!(kept.get(2).as_deref(), Some(&b""[..]));
        assert_eq!(kept.get(9).as_deref(), Some(&b"nine!"[..]));
        assert_eq!(kept.get(3), Some(vec![0xff; 70_000]));
        assert_eq!(kept.get(4), None, "never put");
        assert_eq!(
            std::fs::read_dir(dir.path().join("cache")).expect("made").count(),
            0,
            "the file has no name"
        );
    }
}
