//! The byte form of the build's caches (parsed pages, search chunks):
//! little-endian integers and length-prefixed text, written after one
//! another and read back in the same order. Reading never panics: input
//! that is cut short or not text reads as `None`. A cache file is a
//! format line, a stamp, then records, each framed by its length and a
//! check ([`read_records`], [`write_records`]).

use std::io::{Read, Write};
use std::path::Path;

use rayon::prelude::*;

/// Appends values to a record.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

/// Marks a missing text where its length would be.
const NONE: u32 = u32::MAX;

impl Writer {
    /// A four-byte integer.
    pub fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// An eight-byte integer.
    pub fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// A length that fits four bytes: what a cache holds is far smaller.
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).expect("a cached value is under 4 GiB"));
    }

    /// A text.
    pub fn str(&mut self, text: &str) {
        self.len(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    /// A text or none.
    pub fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.str(text),
            None => self.u32(NONE),
        }
    }

    /// A list of texts or none.
    pub fn opt_strs(&mut self, texts: Option<&[String]>) {
        match texts {
            Some(texts) => {
                self.len(texts.len());
                for text in texts {
                    self.str(text);
                }
            }
            None => self.u32(NONE),
        }
    }

    /// Raw bytes, with their length.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.0.extend_from_slice(bytes);
    }
}

/// Takes values from the start of a record.
#[derive(Debug)]
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }

    /// A four-byte integer.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// An eight-byte integer.
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items that each take at least `least` bytes, refused if
    /// the rest of the record cannot hold them (before room is made).
    pub fn count(&mut self, least: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(least.max(1)) <= self.0.len()).then_some(n)
    }

    /// A text.
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A text or none (`Some(None)`).
    pub fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u32()? {
            NONE => Some(None),
            n => Some(Some(std::str::from_utf8(self.take(n as usize)?).ok()?)),
        }
    }

    /// A text or none, owned.
    pub fn opt_string(&mut self) -> Option<Option<String>> {
        Some(self.opt_str()?.map(String::from))
    }

    /// A list of texts or none.
    pub fn opt_strs(&mut self) -> Option<Option<Vec<String>>> {
        match self.u32()? {
            NONE => Some(None),
            n if n as usize * 4 <= self.0.len() => {
                let texts = (0..n).map(|_| self.str().map(String::from)).collect::<Option<_>>()?;
                Some(Some(texts))
            }
            _ => None,
        }
    }

    /// Raw bytes, with their length.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// Whether the whole record was read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How many records, and at most how many bytes of them, are read before
/// they are checked and unpacked.
const BATCH: (usize, usize) = (256, 8 << 20);

/// The records of the file at `path`, each unpacked by `unpack` (which
/// must read it whole); `None` when there is no such file, when it does
/// not start with `format` and `stamp`, or when a record does not read
/// back (its length, its `check`, or `unpack`). A file cut short between
/// two records gives those before the cut. Records are read a batch at a
/// time and checked and unpacked in parallel: the file is never held whole.
pub fn read_records<T: Send>(
    path: &Path,
    format: &[u8],
    stamp: u64,
    check: fn(&[u8]) -> u64,
    unpack: impl Fn(&mut Reader) -> Option<T> + Sync,
) -> Option<Vec<T>> {
    let mut input = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path).ok()?);
    let mut head = vec![0; format.len() + 8];
    input.read_exact(&mut head).ok()?;
    if head[..format.len()] != *format || head[format.len()..] != stamp.to_le_bytes() {
        return None;
    }
    let mut records = Vec::new();
    // Each batch is checked and unpacked while the next one is read.
    let mut next = read_batch(&mut input)?;
    loop {
        let (batch, ended) = next;
        let (unpacked, following) = rayon::join(
            || {
                batch
                    .frames
                    .par_iter()
                    .map(|(sum, range)| {
                        let record = &batch.bytes[range.clone()];
                        (check(record) == *sum).then_some(())?;
                        let mut input = Reader(record);
                        let value = unpack(&mut input)?;
                        input.is_empty().then_some(value)
                    })
                    .collect::<Option<Vec<T>>>()
            },
            || (!ended).then(|| read_batch(&mut input)),
        );
        records.extend(unpacked?);
        match following {
            None => return Some(records),
            Some(batch) => next = batch?,
        }
    }
}

/// Records read together: their bytes one after another, and each one's
/// check and place in them.
struct Batch {
    bytes: Vec<u8>,
    frames: Vec<(u64, std::ops::Range<usize>)>,
}

/// The next [`BATCH`] of records, and whether the file ended after them;
/// `None` when a record is cut short or the file cannot be read.
fn read_batch(input: &mut impl Read) -> Option<(Batch, bool)> {
    let mut batch = Batch {
        bytes: Vec::new(),
        frames: Vec::with_capacity(BATCH.0),
    };
    while batch.frames.len() < BATCH.0 && batch.bytes.len() < BATCH.1 {
        // Each record: its length, its check, then what it holds.
        let mut frame = [0; 12];
        match input.read_exact(&mut frame) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Some((batch, true)),
            Err(_) => return None,
        }
        let mut frame = Reader(&frame);
        let (len, sum) = (frame.u32()? as usize, frame.u64()?);
        let start = batch.bytes.len();
        input.take(len as u64).read_to_end(&mut batch.bytes).ok()?;
        (batch.bytes.len() - start == len).then_some(())?;
        batch.frames.push((sum, start..start + len));
    }
    Some((batch, false))
}

/// Writes `records` to `path`, after `format` and `stamp`, each framed by
/// its length and its `check`: into a file beside it, renamed over it once
/// whole. A file torn by a crash does not read back whole and is not
/// used, so it is not synced.
pub fn write_records<R: AsRef<[u8]>>(
    path: &Path,
    format: &[u8],
    stamp: u64,
    check: fn(&[u8]) -> u64,
    records: impl IntoIterator<Item = R>,
) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = path.with_extension(std::process::id().to_string());
    let written = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temporary)?);
        out.write_all(format)?;
        out.write_all(&stamp.to_le_bytes())?;
        for record in records {
            let record = record.as_ref();
            let len = u32::try_from(record.len()).map_err(std::io::Error::other)?;
            out.write_all(&len.to_le_bytes())?;
            out.write_all(&check(record).to_le_bytes())?;
            out.write_all(record)?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(bytes: &[u8]) -> u64 {
        bytes.iter().map(|&b| u64::from(b)).sum::<u64>() + bytes.len() as u64
    }

    #[test]
    fn a_record_file_reads_back_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/file");
        let records: Vec<Vec<u8>> = (0..600u32)
            .map(|n| n.to_le_bytes().repeat(n as usize % 7 + 1))
            .collect();
        write_records(&path, b"test 1\n", 42, sum, &records).unwrap();
        let unpack = |r: &mut Reader| {
            let first = r.u32()?;
            while r.u32().is_some() {}
            Some(first)
        };
        let read = |path: &Path, stamp| read_records(path, b"test 1\n", stamp, sum, unpack);
        assert_eq!(read(&path, 42), Some((0..600).collect()));
        assert_eq!(read(&path, 43), None, "another stamp");
        let bytes = std::fs::read(&path).unwrap();
        // A byte changed in a record: its check fails.
        let mut damaged = bytes.clone();
        damaged[bytes.len() / 2] ^= 1;
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(read(&path, 42), None);
        // Cut inside a record: not used; cut between records: those before.
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert_eq!(read(&path, 42), None);
        let last = 12 + records[599].len();
        std::fs::write(&path, &bytes[..bytes.len() - last]).unwrap();
        assert_eq!(read(&path, 42), Some((0..599).collect()));
        assert_eq!(read(&dir.path().join("none"), 42), None);
    }

    #[test]
    fn values_read_back_as_written_and_cut_records_read_as_none() {
        let mut w = Writer::default();
        w.u32(7);
        w.u64(u64::MAX - 1);
        w.str("Hợp tác");
        w.opt_str(None);
        w.opt_str(Some(""));
        w.opt_strs(Some(&["a".to_string(), "đ".to_string()]));
        w.opt_strs(None);
        w.bytes(&[1, 2, 3]);
        let mut r = Reader(&w.0);
        assert_eq!(r.u32(), Some(7));
        assert_eq!(r.u64(), Some(u64::MAX - 1));
        assert_eq!(r.str(), Some("Hợp tác"));
        assert_eq!(r.opt_str(), Some(None));
        assert_eq!(r.opt_str(), Some(Some("")));
        assert_eq!(r.opt_strs(), Some(Some(vec!["a".to_string(), "đ".to_string()])));
        assert_eq!(r.opt_strs(), Some(None));
        assert_eq!(r.bytes(), Some(&[1u8, 2, 3][..]));
        assert!(r.is_empty());
        for cut in 0..w.0.len() {
            let mut r = Reader(&w.0[..cut]);
            let whole = (|| {
                r.u32()?;
                r.u64()?;
                r.str()?;
                r.opt_str()?;
                r.opt_str()?;
                r.opt_strs()?;
                r.opt_strs()?;
                r.bytes()
            })();
            assert_eq!(whole, None, "cut at {cut}");
        }
        // Text that is not UTF-8, and a count larger than the record.
        assert_eq!(Reader(&[1, 0, 0, 0, 0xff]).str(), None);
        assert_eq!(Reader(&[9, 0, 0, 0, 1, 2]).count(1), None);
    }
}
