//! The postings of one language's index in memory, grouped the way the
//! shards are written: for each shard, its words, their written forms, and
//! for each form the pages it occurs in. Built once from every page, then
//! kept up to date a page at a time, so that after an edit a shard is
//! encoded again from what is already known instead of from every page of
//! the language ([`Postings::replace`]). That is the dev server's way; a
//! build never holds them unpacked: it packs each chunk as it is read
//! ([`PackedChunk`]) and encodes each shard as soon as it is gathered
//! ([`each_shard`]).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::index::{BODY, DocText, MAX_POSITIONS, SUMMARY, TITLE};
use super::{WordMap, each_word_nfc, fold_token, is_cjk, shard_of};

mod known;
mod packed;
use known::Known;
pub use packed::{DocShards, PackedChunk, differing_shards};

/// One written form of a word in one page: where it occurs (fields) and its
/// first [`MAX_POSITIONS`] word numbers in the page. Sixteen bytes, not
/// twenty-four: the positions after the first are kept as gaps of up to
/// 65,535 words (the file writes gaps too), and a larger gap ends the
/// positions kept (positions only grow, so every later gap is larger).
/// Postings are most of a language's index in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The page's document number in its language.
    pub doc: u32,
    /// The fields the form occurs in: title, summary, body bits.
    pub fields: u8,
    /// How many positions are kept.
    len: u8,
    first: u32,
    gaps: [u16; MAX_POSITIONS - 1],
}

impl Posting {
    fn new(doc: u32, fields: u8, position: u32) -> Posting {
        Posting {
            doc,
            fields,
            len: 1,
            first: position,
            gaps: [0; MAX_POSITIONS - 1],
        }
    }

    /// Word numbers of the first occurrences, in order.
    pub fn positions(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        let mut at = self.first;
        (0..usize::from(self.len)).map(move |i| {
            if i > 0 {
                at += u32::from(self.gaps[i - 1]);
            }
            at
        })
    }

    fn add(&mut self, field: u8, position: u32) {
        self.fields |= field;
        let len = usize::from(self.len);
        if len < MAX_POSITIONS {
            let last = self.positions().last().unwrap_or(self.first);
            if let Ok(gap) = u16::try_from(position - last) {
                self.gaps[len - 1] = gap;
                self.len += 1;
            }
        }
    }
}

/// The words of one shard: folded term → written form → postings in
/// document order. Maps keep both in the order the file lists them.
pub type Shard = BTreeMap<Box<str>, BTreeMap<Box<str>, Vec<Posting>>>;

/// A shard's postings while they are gathered: by term, then by written form.
type Terms = WordMap<Box<str>, WordMap<Box<str>, Vec<Posting>>>;

/// The postings of a language's pages, by shard.
#[derive(Debug, Default)]
pub struct Postings {
    shards: Vec<Shard>,
    /// The shards each document has words in, to find its postings again.
    doc_shards: Vec<Vec<u32>>,
}

/// Word numbers left between fields, so a phrase never spans two of them.
const FIELD_GAP: u32 = 1;

/// How many pages are read together, sharing the written forms they use:
/// a form is folded once per chunk, not once per page.
pub const CHUNK: usize = 128;

/// A written form met in a chunk: its folded term (`None` when it is the
/// form itself) and its shard.
#[derive(Debug)]
struct Form {
    form: Box<str>,
    term: Option<Box<str>>,
    shard: u32,
}

impl Form {
    fn term(&self) -> &str {
        self.term.as_deref().unwrap_or(&self.form)
    }
}

/// Pages read together: the forms they use, each once with its postings
/// in document order, and the shards each page has words in. Gathering a
/// shard then takes a form's postings of a whole chunk at once.
#[derive(Debug)]
pub struct Chunk {
    /// The document number of its first page.
    first: u32,
    forms: Vec<Form>,
    /// Per form, its postings: one per page that has it, in document order.
    lists: Vec<Vec<Posting>>,
    /// Per page, the shards it has words in, each once, in order.
    shards: Vec<Vec<u32>>,
}

impl Chunk {
    /// Reads `texts`, documents `first`, `first + 1`… of an index of `shards` shards.
    pub fn read(first: u32, texts: &[DocText], shards: usize) -> Chunk {
        let shards = shards.max(1);
        let mut chunk = Chunk {
            first,
            forms: Vec::new(),
            lists: Vec::new(),
            shards: Vec::with_capacity(texts.len()),
        };
        // A word as written, and a form, → the form's index, or `None` when
        // it folds to nothing (no word). Most words recur, and each is
        // lowercased and folded once.
        let mut known = Known::default();
        for (doc, text) in (first..).zip(texts) {
            let mut page_shards = Vec::new();
            let mut start = 0u32;
            debug_assert_eq!(super::nfc(text.body), text.body, "the body's text is NFC");
            for (field, part) in [(TITLE, text.title), (SUMMARY, text.summary), (BODY, text.body)] {
                let mut position = start;
                // The body's text is NFC already (`DocText::body`).
                each_word_nfc(part, field != BODY, |word, lowered| {
                    let id = match known.get(word) {
                        Some(id) => id,
                        None => {
                            let id = chunk.form(&mut known, word, lowered, shards);
                            known.insert(word, id);
                            id
                        }
                    };
                    let Some(id) = id else {
                        return;
                    };
                    let list = &mut chunk.lists[id as usize];
                    match list.last_mut() {
                        Some(last) if last.doc == doc => last.add(field, position),
                        _ => {
                            list.push(Posting::new(doc, field, position));
                            page_shards.push(chunk.forms[id as usize].shard);
                        }
                    }
                    position += 1;
                });
                start = position + FIELD_GAP;
            }
            page_shards.sort_unstable();
            page_shards.dedup();
            chunk.shards.push(page_shards);
        }
        chunk
    }

    /// The index of the form of `word` (its token: `word` if `lowered`,
    /// else lowercased), added if new; `None` if it folds to nothing.
    fn form(&mut self, known: &mut Known, word: &str, lowered: bool, shards: usize) -> Option<u32> {
        let lower;
        let token = if lowered {
            word
        } else {
            lower = word.to_lowercase();
            if let Some(id) = known.get(&lower) {
                return id;
            }
            &lower
        };
        let plain = token.is_ascii() || token.chars().next().is_some_and(is_cjk);
        let term = if plain { None } else { Some(fold_token(token)) };
        let id = if term.as_deref() == Some("") {
            None
        } else {
            let term = term.filter(|t| t != token).map(String::into_boxed_str);
            let shard = shard_of(term.as_deref().unwrap_or(token), shards) as u32;
            self.forms.push(Form {
                form: token.into(),
                term,
                shard,
            });
            self.lists.push(Vec::new());
            Some(self.forms.len() as u32 - 1)
        };
        if token != word {
            known.insert(token, id);
        }
        id
    }

    /// Every posting of the chunk with its form: of a chunk of one page,
    /// that page's words.
    fn words(&self) -> impl Iterator<Item = (&Form, Posting)> {
        self.forms
            .iter()
            .zip(&self.lists)
            .flat_map(|(form, list)| list.iter().map(move |posting| (form, *posting)))
    }
}

/// The shards (of `shards`) whose postings differ between two versions of
/// a page: those of the written forms it gains or loses, or whose fields
/// or first positions change. An edit that adds a sentence touches only
/// the shards of words that were not there or not that often.
pub fn changed_shards(old: &DocText, new: &DocText, shards: usize) -> BTreeSet<usize> {
    let page = |text: &DocText| Chunk::read(0, &[*text], shards).pack(DocShards::Dropped);
    differing_shards(&page(old), &page(new)).into_iter().collect()
}

/// Adds a posting to `shard`, in document order.
fn insert(shard: &mut Shard, term: &str, form: &str, posting: Posting) {
    if !shard.contains_key(term) {
        shard.insert(term.into(), BTreeMap::new());
    }
    let forms = shard.get_mut(term).expect("inserted above");
    if !forms.contains_key(form) {
        forms.insert(form.into(), Vec::new());
    }
    let list = forms.get_mut(form).expect("inserted above");
    match list.last() {
        Some(last) if last.doc >= posting.doc => {
            let at = list.partition_point(|p| p.doc < posting.doc);
            list.insert(at, posting);
        }
        _ => list.push(posting),
    }
}

/// Removes document `doc`'s postings from `shard`, and the words left without any.
fn remove(shard: &mut Shard, doc: u32) {
    shard.retain(|_, forms| {
        forms.retain(|_, list| {
            if let Ok(at) = list.binary_search_by_key(&doc, |p| p.doc) {
                list.remove(at);
            }
            !list.is_empty()
        });
        !forms.is_empty()
    });
}

/// Document `doc`'s postings in `shard` with their term and form, in file order.
fn postings_of(shard: &Shard, doc: u32) -> Vec<(&str, &str, Posting)> {
    let mut found = Vec::new();
    for (term, forms) in shard {
        for (form, list) in forms {
            if let Ok(at) = list.binary_search_by_key(&doc, |p| p.doc) {
                found.push((&**term, &**form, list[at]));
            }
        }
    }
    found
}

/// How many tasks per thread gather shards: a task holds its shards'
/// postings unpacked until it has handed each on, so more, smaller tasks
/// hold less at once.
const TASKS_PER_THREAD: usize = 16;

/// Gathers the postings of `chunks` (in document order, as [`Chunk::read`]
/// numbered them) into each of the `shards` shards that are `wanted`, and
/// hands each such shard with its number to `finish`, in shard order;
/// other shards' postings are not unpacked. A shard's postings are
/// unpacked only while its range of shards is gathered, so a build that
/// encodes each shard in `finish` never holds a language's postings
/// unpacked.
pub fn each_shard<R: Send>(
    chunks: &[PackedChunk],
    shards: usize,
    wanted: impl Fn(usize) -> bool + Sync,
    finish: impl Fn(usize, Shard) -> R + Sync,
) -> Vec<R> {
    let shards = shards.max(1);
    // Each task gathers a range of shards.
    let tasks = (rayon::current_num_threads() * TASKS_PER_THREAD).min(shards);
    let range = |task: usize| task * shards / tasks..(task + 1) * shards / tasks;
    let mut task_of = vec![0; shards];
    for task in 0..tasks {
        task_of[range(task)].fill(task);
    }
    // Each task's forms, as (chunk, form), in chunk order, so that
    // documents come in order.
    let mut words: Vec<Vec<(u32, u32)>> = (0..tasks).map(|_| Vec::new()).collect();
    for (c, chunk) in chunks.iter().enumerate() {
        for (f, form) in chunk.forms.iter().enumerate() {
            if !wanted(form.shard as usize) {
                continue;
            }
            words[task_of[form.shard as usize]].push((c as u32, f as u32));
        }
    }
    words
        .into_par_iter()
        .enumerate()
        .flat_map_iter(|(task, words)| {
            let range = range(task);
            let mut gathered: Vec<Terms> = range.clone().map(|_| WordMap::default()).collect();
            for (c, f) in words {
                let chunk = &chunks[c as usize];
                let form = &chunk.forms[f as usize];
                let terms = &mut gathered[form.shard as usize - range.start];
                let term = form.term();
                if !terms.contains_key(term) {
                    terms.insert(term.into(), WordMap::default());
                }
                let forms = terms.get_mut(term).expect("inserted above");
                if !forms.contains_key(&*form.form) {
                    forms.insert(form.form.clone(), Vec::new());
                }
                forms
                    .get_mut(&*form.form)
                    .expect("inserted above")
                    .extend(chunk.run(f as usize));
            }
            let (finish, wanted) = (&finish, &wanted);
            gathered
                .into_iter()
                .zip(range)
                .filter(move |(_, n)| wanted(*n))
                .map(move |(terms, n)| {
                    let shard = terms
                        .into_iter()
                        .map(|(term, forms)| (term, forms.into_iter().collect()))
                        .collect();
                    finish(n, shard)
                })
        })
        .collect()
}

impl Postings {
    /// The postings of `docs`, numbered in order, in `shards` shards: the
    /// tests' way in; builds read pages a chunk at a time ([`Postings::gather`]).
    #[cfg(test)]
    pub fn build(docs: &[DocText], shards: usize) -> Postings {
        let chunks = docs
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(k, texts)| Chunk::read((k * CHUNK) as u32, texts, shards).pack(DocShards::Kept))
            .collect();
        Postings::gather(chunks, shards)
    }

    /// The postings of `chunks`, each read by [`Chunk::read`] from the
    /// [`CHUNK`] documents after the one before and packed with their
    /// page shards kept, in `shards` shards.
    pub fn gather(mut chunks: Vec<PackedChunk>, shards: usize) -> Postings {
        let doc_shards = chunks.iter_mut().flat_map(|c| std::mem::take(&mut c.shards)).collect();
        Postings {
            shards: each_shard(&chunks, shards, |_| true, |_, shard| shard),
            doc_shards,
        }
    }

    /// How many shards the postings are split into.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// The words of shard `n`, if there is one.
    pub fn shard(&self, n: usize) -> Option<&Shard> {
        self.shards.get(n)
    }

    /// Puts `text` in place of document `doc`'s words (a document past the
    /// last one is added) and returns the shards whose postings changed.
    /// Costs what the page's words and the shards they fall in cost, not
    /// what the language does.
    pub fn replace(&mut self, doc: u32, text: &DocText) -> Vec<u32> {
        let at = doc as usize;
        if self.doc_shards.len() <= at {
            self.doc_shards.resize(at + 1, Vec::new());
        }
        let page = Chunk::read(doc, &[*text], self.shards.len());
        let mut after: BTreeMap<u32, Vec<(&str, &str, Posting)>> = BTreeMap::new();
        for (form, posting) in page.words() {
            after
                .entry(form.shard)
                .or_default()
                .push((form.term(), &form.form, posting));
        }
        for list in after.values_mut() {
            list.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        }
        let mut touched = self.doc_shards[at].clone();
        touched.extend(after.keys());
        touched.sort_unstable();
        touched.dedup();
        let changed: Vec<u32> = touched
            .into_iter()
            .filter(|n| {
                let before = postings_of(&self.shards[*n as usize], doc);
                Some(&before) != after.get(n)
            })
            .collect();
        for n in std::mem::take(&mut self.doc_shards[at]) {
            remove(&mut self.shards[n as usize], doc);
        }
        for (n, list) in &after {
            for (term, form, posting) in list {
                insert(&mut self.shards[*n as usize], term, form, *posting);
            }
        }
        self.doc_shards[at] = page.shards.into_iter().next().unwrap_or_default();
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_keeps_its_first_positions_until_one_is_too_far() {
        assert_eq!(std::mem::size_of::<Posting>(), 16);
        let mut near = Posting::new(7, TITLE, 3);
        for p in [10, 65_545, 65_546, 70_000] {
            near.add(BODY, p);
        }
        assert_eq!(near.positions().collect::<Vec<_>>(), [3, 10, 65_545, 65_546]);
        assert_eq!((near.doc, near.fields), (7, TITLE | BODY));
        // 65,536 words after the last one kept: no more are kept.
        let mut far = Posting::new(0, BODY, 0);
        far.add(BODY, 5);
        far.add(BODY, 65_541);
        far.add(BODY, 65_542);
        assert_eq!(far.positions().collect::<Vec<_>>(), [0, 5]);
        far.add(TITLE, 65_543);
        assert_eq!(far.fields, TITLE | BODY, "fields are still gathered");
    }

    fn text<'a>(title: &'a str, body: &'a str) -> DocText<'a> {
        DocText {
            title,
            summary: "",
            body,
        }
    }

    /// Every posting of the index, as (shard, term, form, doc, fields, positions).
    fn all(postings: &Postings) -> Vec<(usize, String, String, u32, u8, Vec<u32>)> {
        let mut out = Vec::new();
        for n in 0..postings.shard_count() {
            for (term, forms) in postings.shard(n).unwrap() {
                for (form, list) in forms {
                    for p in list {
                        out.push((
                            n,
                            term.to_string(),
                            form.to_string(),
                            p.doc,
                            p.fields,
                            p.positions().collect::<Vec<_>>(),
                        ));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn forms_keep_fields_and_first_positions() {
        let postings = Postings::build(&[text("Hợp tác", "hợp tác hợp hợp hợp và hop")], 1);
        let shard = postings.shard(0).unwrap();
        let hop = &shard["hop"]["hợp"][0];
        assert_eq!(hop.fields, TITLE | BODY);
        // Title words 0, 1; the summary is empty; the body starts at 4.
        assert_eq!(hop.positions().collect::<Vec<_>>(), [0, 4, 6, 7]);
        assert_eq!(shard["hop"]["hop"][0].positions().collect::<Vec<_>>(), [10]);
    }

    #[test]
    fn an_edit_changes_the_shards_of_the_postings_it_changes() {
        let n = 256;
        let old = text("Hợp tác", "hợp tác hợp tác hợp tác");
        // "hợp" and "tác" already have their four positions: only the new word's shard changes.
        let added = text("Hợp tác", "hợp tác hợp tác hợp tác hợp quokka");
        assert_ne!(shard_of("hop", n), shard_of("quokka", n));
        assert_eq!(changed_shards(&old, &added, n), [shard_of("quokka", n)].into());
        // A word leaving the title changes its fields; one gone goes with its shard.
        let retitled = text("Hợp quokka", "hợp tác hợp tác hợp tác");
        assert_eq!(
            changed_shards(&old, &retitled, n),
            [shard_of("tac", n), shard_of("quokka", n)].into()
        );
        let fewer = text("Hợp", "hợp hợp hợp");
        assert_eq!(
            changed_shards(&old, &fewer, n),
            [shard_of("tac", n), shard_of("hop", n)].into()
        );
        assert!(changed_shards(&old, &old, n).is_empty());
    }

    #[test]
    fn replacing_a_page_equals_building_with_it() {
        let before = [
            text("Glasgow", "COP26 hợp tác"),
            text("Lenovo", "联想集团 hợp"),
            text("x", "tác"),
        ];
        let after = [before[0], text("Hợp đồng", "Quokka hop"), before[2]];
        let mut postings = Postings::build(&before, 4);
        postings.replace(1, &after[1]);
        assert_eq!(all(&postings), all(&Postings::build(&after, 4)));
        // Back again, and a page added at the end.
        postings.replace(1, &before[1]);
        postings.replace(3, &text("Mới", "tác hợp"));
        let more = [before[0], before[1], before[2], text("Mới", "tác hợp")];
        assert_eq!(all(&postings), all(&Postings::build(&more, 4)));
    }

    #[test]
    fn replacing_a_page_names_the_shards_whose_postings_changed() {
        let n = 64;
        let page = text("Glasgow", "hợp tác và hợp tác");
        let mut postings = Postings::build(&[page, text("x", "quokka")], n);
        assert!(postings.replace(0, &page).is_empty(), "the same text changes nothing");
        // A word added after the words met four times moves nothing else.
        let added = text("Glasgow", "hợp tác và hợp tác lenovo");
        assert_eq!(postings.replace(0, &added), [shard_of("lenovo", n) as u32]);
        // Gone again; and a word that leaves the title changes its fields.
        let retitled = text("Quokka", "hợp tác và hợp tác");
        let mut expected = vec![
            shard_of("lenovo", n) as u32,
            shard_of("glasgow", n) as u32,
            shard_of("quokka", n) as u32,
        ];
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(postings.replace(0, &retitled), expected);
    }
}
