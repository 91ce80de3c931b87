//! The search stage's chunk cache: a language's pages read for their
//! postings, a [`CHUNK`] of pages at a time, are kept packed in
//! `.duet-cache/search/LANG` at the site root, each chunk under a key of
//! the pages it was read from, so that a build after an edit reads again
//! only the chunks whose pages changed. Each chunk also keeps its place
//! (its pages' files and order): a chunk read again in the place of a kept
//! one changes only the shards whose postings differ between the two. A cache of another binary, site
//! configuration or theme (the build's `inputs`), or one that does not
//! read back whole, is not used.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::config::Lang;
use crate::search::postings::{CHUNK, PackedChunk};
use crate::search::quick_check;
use crate::site::Site;
use crate::wire::{self, Reader, Writer};

/// The chunk cache's folder, under the site root.
pub const CACHE_DIR: &str = ".duet-cache/search";

/// The start of a cache file; another one is not read.
const FORMAT: &[u8] = b"duet chunk cache 4\n";

/// The cache file of `lang`.
pub fn file(root: &Path, lang: &Lang) -> PathBuf {
    root.join(CACHE_DIR).join(lang.as_str())
}

/// The place of chunk `k` of `lang`'s index of `shards` shards, whose
/// pages are the entries `entries`: it changes with their files, their
/// order, or the `stamp` of the build's inputs, but not with their text.
/// Two chunks in the same place number their pages alike, so shards
/// without words of either hold the same postings.
pub fn place(site: &Site, stamp: u64, lang: &Lang, shards: usize, k: usize, entries: &[usize]) -> u64 {
    debug_assert!(entries.len() <= CHUNK);
    let mut hasher = DefaultHasher::new();
    (stamp, lang, shards, k).hash(&mut hasher);
    for &i in entries {
        site.entries[i].page.file.hash(&mut hasher);
    }
    hasher.finish()
}

/// The key of the chunk in `place` whose pages are the entries `entries`:
/// it changes with the place and with any of their text (front matter and
/// body).
pub fn key(site: &Site, place: u64, entries: &[usize]) -> u64 {
    let mut hasher = DefaultHasher::new();
    place.hash(&mut hasher);
    for &i in entries {
        let page = &site.entries[i].page;
        (page.front(), page.body_check()).hash(&mut hasher);
    }
    hasher.finish()
}

/// A chunk a previous build kept, its place, and the index it was kept
/// with ([`Index::now`] of that build).
#[derive(Debug)]
pub struct Kept {
    /// Its [`place`].
    pub place: u64,
    /// The fingerprint of the first shard of the index it was part of.
    pub index: u64,
    /// Its postings.
    pub chunk: PackedChunk,
}

/// Which of a language's indexes the previous output holds and which this
/// build makes, each told by the fingerprint of its first shard's job,
/// which covers every page of the language: only chunks kept with the
/// index the previous output holds tell which of its shards an edit
/// changed (another output, or a build that failed after keeping its
/// chunks, may have kept them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Index {
    /// The previous output's, if it has the shard.
    pub before: Option<u64>,
    /// This build's.
    pub now: u64,
}

/// The chunks of `lang` a previous build kept with the same `stamp`, by
/// key; empty when there are none or the file does not read back whole.
pub fn read(root: &Path, lang: &Lang, stamp: u64) -> HashMap<u64, Kept> {
    let unpack = |input: &mut Reader| {
        let key = input.u64()?;
        let place = input.u64()?;
        let index = input.u64()?;
        let chunk = PackedChunk::load(input)?;
        Some((key, Kept { place, index, chunk }))
    };
    wire::read_records(&file(root, lang), FORMAT, stamp, quick_check, unpack)
        .map(HashMap::from_iter)
        .unwrap_or_default()
}

/// Keeps `chunks` of `lang`, each with its key and place, as part of the
/// index whose first shard's fingerprint is `index`, for the next build,
/// replacing the cache file atomically.
pub fn write<'a>(
    root: &Path,
    lang: &Lang,
    stamp: u64,
    index: u64,
    chunks: impl IntoIterator<Item = (u64, u64, &'a PackedChunk)>,
) -> std::io::Result<()> {
    let records = chunks.into_iter().map(|(key, place, chunk)| {
        let mut record = Writer::default();
        record.u64(key);
        record.u64(place);
        record.u64(index);
        chunk.save(&mut record);
        record.0
    });
    wire::write_records(&file(root, lang), FORMAT, stamp, quick_check, records)
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
    /// Each language's [`Index`].
    pub indexes: &'a HashMap<Lang, Index>,
}

/// Forgets the chunks of `lang`, so the next build reads every page.
pub fn clear(root: &Path, lang: &Lang) {
    let _ = std::fs::remove_file(file(root, lang));
}
