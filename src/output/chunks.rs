//! The search stage's chunk cache: a language's pages read for their
//! postings, a [`CHUNK`] of pages at a time, are kept packed in
//! `.duet-cache/search/LANG` at the site root, each chunk under a key of
//! the pages it was read from, so that a build after an edit reads again
//! only the chunks whose pages changed. A cache of another binary, site
//! configuration or theme (the build's `inputs`), or one that does not
//! read back whole, is not used.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Lang;
use crate::search::postings::{CHUNK, PackedChunk};
use crate::search::quick_check;
use crate::site::Site;
use crate::wire::{Reader, Writer};

/// The chunk cache's folder, under the site root.
pub const CACHE_DIR: &str = ".duet-cache/search";

/// The start of a cache file; another one is not read.
const FORMAT: &[u8] = b"duet chunk cache 2\n";

/// The cache file of `lang`.
fn file(root: &Path, lang: &Lang) -> PathBuf {
    root.join(CACHE_DIR).join(lang.as_str())
}

/// The key of chunk `k` of `lang`'s index of `shards` shards, whose pages
/// are the entries `entries`: it changes with any of their text (front
/// matter and body), their order, or the `stamp` of the build's inputs.
pub fn key(site: &Site, stamp: u64, lang: &Lang, shards: usize, k: usize, entries: &[usize]) -> u64 {
    debug_assert!(entries.len() <= CHUNK);
    let mut hasher = DefaultHasher::new();
    (stamp, lang, shards, k).hash(&mut hasher);
    for &i in entries {
        let page = &site.entries[i].page;
        (&page.file, page.front(), page.body_check()).hash(&mut hasher);
    }
    hasher.finish()
}

/// The chunks of `lang` a previous build kept with the same `stamp`, by
/// key; empty when there are none or the file does not read back whole.
pub fn read(root: &Path, lang: &Lang, stamp: u64) -> HashMap<u64, PackedChunk> {
    let Ok(file) = std::fs::File::open(file(root, lang)) else {
        return HashMap::new();
    };
    let mut input = std::io::BufReader::with_capacity(1 << 20, file);
    let mut head = vec![0; FORMAT.len() + 8];
    if input.read_exact(&mut head).is_err()
        || head[..FORMAT.len()] != *FORMAT
        || head[FORMAT.len()..] != stamp.to_le_bytes()
    {
        return HashMap::new();
    }
    let mut chunks = HashMap::new();
    loop {
        // A batch of records read in turn, then checked and unpacked in
        // parallel: the file is never held whole.
        let mut batch = Vec::with_capacity(BATCH);
        let mut ended = false;
        while batch.len() < BATCH {
            // Each record: its length, its check, then its key and chunk.
            let mut frame = [0; 12];
            match input.read_exact(&mut frame) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    ended = true;
                    break;
                }
                Err(_) => return HashMap::new(),
            }
            let len = u32::from_le_bytes(frame[..4].try_into().expect("four bytes")) as usize;
            let check = u64::from_le_bytes(frame[4..].try_into().expect("eight bytes"));
            let mut record = Vec::new();
            if input.by_ref().take(len as u64).read_to_end(&mut record).is_err() || record.len() != len {
                return HashMap::new();
            }
            batch.push((check, record));
        }
        let unpacked: Option<Vec<(u64, PackedChunk)>> = batch
            .into_par_iter()
            .map(|(check, record)| {
                if quick_check(&record) != check {
                    return None;
                }
                let mut input = Reader(&record);
                let key = input.u64()?;
                let chunk = PackedChunk::load(&mut input)?;
                input.is_empty().then_some((key, chunk))
            })
            .collect();
        match unpacked {
            Some(unpacked) => chunks.extend(unpacked),
            None => return HashMap::new(),
        }
        if ended {
            return chunks;
        }
    }
}

/// How many records are read before they are checked and unpacked.
const BATCH: usize = 64;

/// Keeps `chunks` of `lang`, each with its key, for the next build,
/// replacing the cache file atomically.
pub fn write<'a>(
    root: &Path,
    lang: &Lang,
    stamp: u64,
    chunks: impl IntoIterator<Item = (u64, &'a PackedChunk)>,
) -> std::io::Result<()> {
    let path = file(root, lang);
    std::fs::create_dir_all(root.join(CACHE_DIR))?;
    let temporary = path.with_extension(std::process::id().to_string());
    let written = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temporary)?);
        out.write_all(FORMAT)?;
        out.write_all(&stamp.to_le_bytes())?;
        let mut record = Writer::default();
        for (key, chunk) in chunks {
            record.0.clear();
            record.u64(key);
            chunk.save(&mut record);
            let record = &record.0;
            let len = u32::try_from(record.len()).map_err(std::io::Error::other)?;
            out.write_all(&len.to_le_bytes())?;
            out.write_all(&quick_check(record).to_le_bytes())?;
            out.write_all(record)?;
        }
        // A cache torn by a crash does not read back whole, and is not used: no sync is needed.
        out.flush()
    })();
    match written {
        Ok(()) => std::fs::rename(&temporary, path),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(e)
        }
    }
}

/// Where a build keeps its chunks: the site root, the stamp of the
/// build's inputs, and whether the previous build's are read (not in a
/// full build, which reads every page).
#[derive(Debug, Clone, Copy)]
pub struct Cache<'a> {
    /// The site root.
    pub root: &'a Path,
    /// A hash of the build's inputs besides the content.
    pub stamp: u64,
    /// Whether the previous build's chunks are read.
    pub read: bool,
}

/// Forgets the chunks of `lang`, so the next build reads every page.
pub fn clear(root: &Path, lang: &Lang) {
    let _ = std::fs::remove_file(file(root, lang));
}
