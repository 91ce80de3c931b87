//! A chunk's postings packed into bytes once the chunk is read, so that a
//! language's postings wait for their shards in about a third of the room
//! that sixteen-byte [`Posting`]s in a list per form take: a build holds
//! every chunk of a language until its shards are gathered, and at
//! 100,000 pages those lists were most of its memory.

use super::{Chunk, Form, MAX_POSITIONS, Posting};
use crate::wire::{Reader, Writer};

/// The postings of a [`Chunk`], each form's run of them packed after the
/// last: per posting, its document's distance from the one before (from
/// the chunk's first document for the first), its fields and how many
/// positions it keeps in one byte, its first position, then each gap,
/// integers in seven-bit groups (LEB128).
#[derive(Debug)]
pub struct PackedChunk {
    pub(super) first: u32,
    pub(super) forms: Vec<Form>,
    /// Where each form's run ends in `bytes`.
    ends: Vec<u32>,
    bytes: Vec<u8>,
    /// Per page, the shards it has words in; empty when not kept.
    pub(super) shards: Vec<Vec<u32>>,
}

/// Whether a packed chunk keeps which shards each page has words in: the
/// dev server does, to find a page's postings again after an edit; a
/// build writes every shard once and does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocShards {
    /// Kept, for [`super::Postings::replace`].
    Kept,
    /// Dropped.
    Dropped,
}

impl Chunk {
    /// This chunk's postings packed, its page shards kept or dropped.
    pub fn pack(self, doc_shards: DocShards) -> PackedChunk {
        let mut bytes = Vec::with_capacity(self.lists.iter().map(|l| l.len() * 6).sum());
        let mut ends = Vec::with_capacity(self.lists.len());
        for list in &self.lists {
            let mut last = self.first;
            for posting in list {
                push_u32(&mut bytes, posting.doc - last);
                last = posting.doc;
                bytes.push(posting.fields | posting.len << 4);
                push_u32(&mut bytes, posting.first);
                for &gap in &posting.gaps[..usize::from(posting.len) - 1] {
                    push_u32(&mut bytes, u32::from(gap));
                }
            }
            ends.push(u32::try_from(bytes.len()).expect("a chunk packs into less than 4 GiB"));
        }
        bytes.shrink_to_fit();
        PackedChunk {
            first: self.first,
            forms: self.forms,
            ends,
            bytes,
            shards: match doc_shards {
                DocShards::Kept => self.shards,
                DocShards::Dropped => Vec::new(),
            },
        }
    }
}

impl PackedChunk {
    /// Each form's shard with a hash of the form, its term and its
    /// postings, sorted: two chunks that number their pages alike give
    /// a shard the same postings exactly when they list the same hashes
    /// for it ([`differing_shards`]).
    fn shard_prints(&self) -> Vec<(usize, u64)> {
        use std::hash::{Hash, Hasher};
        let mut prints: Vec<(usize, u64)> = (0..self.forms.len())
            .map(|f| {
                let form = &self.forms[f];
                let start = if f == 0 { 0 } else { self.ends[f - 1] as usize };
                let mut hasher = std::hash::DefaultHasher::new();
                (&form.form, &form.term, &self.bytes[start..self.ends[f] as usize]).hash(&mut hasher);
                (form.shard as usize, hasher.finish())
            })
            .collect();
        prints.sort_unstable();
        prints
    }

    /// The postings of form `f`, in document order, as [`Chunk::read`] made them.
    pub(super) fn run(&self, f: usize) -> impl Iterator<Item = Posting> + '_ {
        let start = if f == 0 { 0 } else { self.ends[f - 1] as usize };
        let mut bytes = &self.bytes[start..self.ends[f] as usize];
        let mut doc = self.first;
        std::iter::from_fn(move || {
            if bytes.is_empty() {
                return None;
            }
            doc += read_u32(&mut bytes);
            let (fields, len) = (bytes[0] & 0x0f, bytes[0] >> 4);
            bytes = &bytes[1..];
            let first = read_u32(&mut bytes);
            let mut gaps = [0; MAX_POSITIONS - 1];
            for gap in &mut gaps[..usize::from(len) - 1] {
                *gap = u16::try_from(read_u32(&mut bytes)).expect("a gap was packed from a u16");
            }
            Some(Posting {
                doc,
                fields,
                len,
                first,
                gaps,
            })
        })
    }
}

/// The shards whose postings differ between `before` and `after`, two
/// versions of a chunk that number their pages alike: those of the forms
/// either has that the other lacks or holds with other postings.
pub fn differing_shards(before: &PackedChunk, after: &PackedChunk) -> Vec<usize> {
    let (before, after) = (before.shard_prints(), after.shard_prints());
    let (mut b, mut a) = (before.iter().peekable(), after.iter().peekable());
    let mut changed = Vec::new();
    loop {
        let shard = match (b.peek(), a.peek()) {
            (None, None) => return changed,
            (Some(x), Some(y)) if x == y => {
                b.next();
                a.next();
                continue;
            }
            (Some(x), Some(y)) if x < y => b.next().map(|x| x.0),
            (Some(_), Some(_)) | (None, Some(_)) => a.next().map(|y| y.0),
            (Some(_), None) => b.next().map(|x| x.0),
        };
        changed.extend(shard);
    }
}

impl PackedChunk {
    /// Appends this chunk to `out` as the build's chunk cache keeps it
    /// ([`PackedChunk::load`]); which shards its pages have words in is
    /// not kept.
    pub fn save(&self, out: &mut Writer) {
        out.u32(self.first);
        out.len(self.forms.len());
        for form in &self.forms {
            out.str(&form.form);
            out.opt_str(form.term.as_deref());
            out.u32(form.shard);
        }
        for &end in &self.ends {
            out.u32(end);
        }
        out.bytes(&self.bytes);
    }

    /// A chunk as [`PackedChunk::save`] wrote it at the start of `input`,
    /// which is moved past it; `None` if `input` does not start with one.
    pub fn load(input: &mut Reader) -> Option<PackedChunk> {
        let first = input.u32()?;
        // Each form takes at least twelve bytes.
        let count = input.count(12)?;
        let mut forms = Vec::with_capacity(count);
        for _ in 0..count {
            forms.push(Form {
                form: input.str()?.into(),
                term: input.opt_str()?.map(Box::from),
                shard: input.u32()?,
            });
        }
        let ends = (0..count).map(|_| input.u32()).collect::<Option<Vec<u32>>>()?;
        let bytes = input.bytes()?.to_vec();
        // Runs in order, inside the bytes: reading one cannot go out of them.
        let in_order = ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().is_none_or(|&e| e as usize <= bytes.len());
        in_order.then_some(PackedChunk {
            first,
            forms,
            ends,
            bytes,
            shards: Vec::new(),
        })
    }
}

fn push_u32(bytes: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        bytes.push(n as u8 | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

fn read_u32(bytes: &mut &[u8]) -> u32 {
    let mut n = 0;
    let mut shift = 0;
    loop {
        let byte = bytes[0];
        *bytes = &bytes[1..];
        n |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return n;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{BODY, DocText, SUMMARY, TITLE};

    #[test]
    fn packed_runs_give_back_the_postings_they_were_packed_from() {
        let long = "lời ".repeat(70_000) + "cuối";
        let texts = [
            DocText {
                title: "Hợp tác",
                summary: "hợp tác văn hoá ở hanoi",
                body: "Hợp tác, hợp tác và hợp tác nữa: hợp tác.",
            },
            DocText {
                title: "Khác",
                summary: "",
                body: &long,
            },
            DocText {
                title: "",
                summary: "",
                body: "",
            },
            DocText {
                title: "Hợp",
                summary: "",
                body: "tác",
            },
        ];
        let chunk = Chunk::read(300, &texts, 8);
        let lists = chunk.lists.clone();
        let shards = chunk.shards.clone();
        assert!(lists.iter().flatten().any(|p| p.len == MAX_POSITIONS as u8));
        assert!(lists.iter().flatten().any(|p| p.fields == TITLE | SUMMARY | BODY));
        assert!(
            lists.iter().flatten().any(|p| p.first > 16_384),
            "a position of three bytes"
        );
        let packed = chunk.pack(DocShards::Kept);
        assert_eq!(packed.first, 300);
        for (f, list) in lists.iter().enumerate() {
            assert_eq!(&packed.run(f).collect::<Vec<_>>(), list, "form {f}");
        }
        assert_eq!(packed.shards, shards);
        let dropped = Chunk::read(300, &texts, 8).pack(DocShards::Dropped);
        assert!(dropped.shards.is_empty());
        // Kept in the chunk cache and loaded again, with another chunk after it.
        let mut saved = Writer::default();
        dropped.save(&mut saved);
        Chunk::read(428, &texts[3..], 8)
            .pack(DocShards::Dropped)
            .save(&mut saved);
        let saved = saved.0;
        let mut input = Reader(&saved);
        let loaded = PackedChunk::load(&mut input).expect("a saved chunk loads");
        assert_eq!(loaded.first, 300);
        assert_eq!(loaded.forms.len(), lists.len());
        for (f, list) in lists.iter().enumerate() {
            assert_eq!(&loaded.run(f).collect::<Vec<_>>(), list, "loaded form {f}");
            assert_eq!(loaded.forms[f].term(), dropped.forms[f].term());
            assert_eq!(loaded.forms[f].form, dropped.forms[f].form);
            assert_eq!(loaded.forms[f].shard, dropped.forms[f].shard);
        }
        assert!(dropped.forms.iter().any(|f| f.term.is_some()) && dropped.forms.iter().any(|f| f.term.is_none()));
        assert_eq!(PackedChunk::load(&mut input).map(|c| c.first), Some(428));
        assert!(input.is_empty());
        // Cut short anywhere, it is refused, not half read.
        for cut in [1, 5, 9, saved.len() / 2] {
            assert!(PackedChunk::load(&mut Reader(&saved[..cut])).is_none(), "cut at {cut}");
        }
    }
}
