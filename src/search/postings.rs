//! The postings of one language's index in memory, grouped the way the
//! shards are written: for each shard, its words, their written forms, and
//! for each form the pages it occurs in. Built once from every page, then
//! kept up to date a page at a time, so that after an edit a shard is
//! encoded again from what is already known instead of from every page of
//! the language ([`Postings::replace`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::each_word;
use super::index::{BODY, DocText, MAX_POSITIONS, SUMMARY, TITLE};
use super::shard_of;

/// One written form of a word in one page: where it occurs (fields) and its
/// first [`MAX_POSITIONS`] word numbers in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The page's document number in its language.
    pub doc: u32,
    /// The fields the form occurs in: title, summary, body bits.
    pub fields: u8,
    len: u8,
    positions: [u32; MAX_POSITIONS],
}

impl Posting {
    fn new(doc: u32, fields: u8, position: u32) -> Posting {
        let mut positions = [0; MAX_POSITIONS];
        positions[0] = position;
        Posting {
            doc,
            fields,
            len: 1,
            positions,
        }
    }

    /// Word numbers of the first occurrences, in order.
    pub fn positions(&self) -> &[u32] {
        &self.positions[..usize::from(self.len)]
    }

    fn add(&mut self, field: u8, position: u32) {
        self.fields |= field;
        if usize::from(self.len) < MAX_POSITIONS {
            self.positions[usize::from(self.len)] = position;
            self.len += 1;
        }
    }
}

/// The words of one shard: folded term → written form → postings in
/// document order. Maps keep both in the order the file lists them.
pub type Shard = BTreeMap<Box<str>, BTreeMap<Box<str>, Vec<Posting>>>;

/// The postings of a language's pages, by shard.
#[derive(Debug, Default)]
pub struct Postings {
    shards: Vec<Shard>,
    /// The shards each document has words in, to find its postings again.
    doc_shards: Vec<Vec<u32>>,
}

/// Word numbers left between fields, so a phrase never spans two of them.
const FIELD_GAP: u32 = 1;

/// The distinct written forms of one page's words, in order of first
/// occurrence: its folded term and form (ranges of `text`), its shard and posting.
struct PageWords {
    text: String,
    words: Vec<PageWord>,
}

struct PageWord {
    term: (u32, u32),
    form: (u32, u32),
    shard: u32,
    posting: Posting,
}

impl PageWords {
    fn term(&self, w: &PageWord) -> &str {
        &self.text[w.term.0 as usize..w.term.1 as usize]
    }

    fn form(&self, w: &PageWord) -> &str {
        &self.text[w.form.0 as usize..w.form.1 as usize]
    }

    /// The page's words for document `doc` of an index of `shards` shards.
    fn of(doc: u32, text: &DocText, shards: usize) -> PageWords {
        let mut page = PageWords {
            text: String::new(),
            words: Vec::new(),
        };
        let mut seen: HashMap<Box<str>, usize> = HashMap::new();
        let mut position = 0u32;
        for (field, part) in [(TITLE, text.title), (SUMMARY, text.summary), (BODY, text.body)] {
            position = page.add(part, field, position, &mut seen, (doc, shards)) + FIELD_GAP;
        }
        page
    }

    /// Adds the words of `part`, field `field`, numbered from `position`;
    /// returns the number after the last. `seen` finds forms met before.
    fn add(
        &mut self,
        part: &str,
        field: u8,
        mut position: u32,
        seen: &mut HashMap<Box<str>, usize>,
        (doc, shards): (u32, usize),
    ) -> u32 {
        each_word(part, |term, form| {
            if let Some(&k) = seen.get(form) {
                self.words[k].posting.add(field, position);
            } else {
                seen.insert(form.into(), self.words.len());
                let start = self.text.len() as u32;
                self.text.push_str(term);
                let middle = self.text.len() as u32;
                let form_range = if form == term {
                    (start, middle)
                } else {
                    self.text.push_str(form);
                    (middle, self.text.len() as u32)
                };
                self.words.push(PageWord {
                    term: (start, middle),
                    form: form_range,
                    shard: shard_of(term, shards) as u32,
                    posting: Posting::new(doc, field, position),
                });
            }
            position += 1;
        });
        position
    }

    /// The shards the page has words in, each once, in order.
    fn shards(&self) -> Vec<u32> {
        let set: BTreeSet<u32> = self.words.iter().map(|w| w.shard).collect();
        set.into_iter().collect()
    }
}

/// The shards (of `shards`) whose postings differ between two versions of
/// a page: those of the written forms it gains or loses, or whose fields
/// or first positions change. An edit that adds a sentence touches only
/// the shards of words that were not there or not that often.
pub fn changed_shards(old: &DocText, new: &DocText, shards: usize) -> BTreeSet<usize> {
    let (old, new) = (PageWords::of(0, old, shards), PageWords::of(0, new, shards));
    fn postings(page: &PageWords) -> HashMap<(&str, &str), (u32, Posting)> {
        page.words
            .iter()
            .map(|w| ((page.term(w), page.form(w)), (w.shard, w.posting)))
            .collect()
    }
    let (before, after) = (postings(&old), postings(&new));
    let mut changed = BTreeSet::new();
    for (key, (shard, posting)) in &before {
        if after.get(key).map(|(_, p)| p) != Some(posting) {
            changed.insert(*shard as usize);
        }
    }
    for (key, (shard, _)) in &after {
        if !before.contains_key(key) {
            changed.insert(*shard as usize);
        }
    }
    changed
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

impl Postings {
    /// The postings of `docs`, numbered in order, in `shards` shards.
    pub fn build(docs: &[DocText], shards: usize) -> Postings {
        let shards = shards.max(1);
        let pages: Vec<PageWords> = docs
            .par_iter()
            .enumerate()
            .map(|(doc, text)| PageWords::of(doc as u32, text, shards))
            .collect();
        let mut buckets: Vec<Vec<(u32, u32)>> = vec![Vec::new(); shards];
        for (doc, page) in pages.iter().enumerate() {
            for (k, word) in page.words.iter().enumerate() {
                buckets[word.shard as usize].push((doc as u32, k as u32));
            }
        }
        let built: Vec<Shard> = buckets
            .into_par_iter()
            .map(|bucket| {
                let mut shard = Shard::new();
                for (doc, k) in bucket {
                    let page = &pages[doc as usize];
                    let word = &page.words[k as usize];
                    insert(&mut shard, page.term(word), page.form(word), word.posting);
                }
                shard
            })
            .collect();
        Postings {
            shards: built,
            doc_shards: pages.iter().map(PageWords::shards).collect(),
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
    /// last one is added). Costs what the page's words and the shards they
    /// fall in cost, not what the language does.
    pub fn replace(&mut self, doc: u32, text: &DocText) {
        let at = doc as usize;
        if self.doc_shards.len() <= at {
            self.doc_shards.resize(at + 1, Vec::new());
        }
        for n in std::mem::take(&mut self.doc_shards[at]) {
            remove(&mut self.shards[n as usize], doc);
        }
        let page = PageWords::of(doc, text, self.shards.len());
        for word in &page.words {
            insert(
                &mut self.shards[word.shard as usize],
                page.term(word),
                page.form(word),
                word.posting,
            );
        }
        self.doc_shards[at] = page.shards();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                            p.positions().to_vec(),
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
        assert_eq!(hop.positions(), [0, 4, 6, 7]);
        assert_eq!(shard["hop"]["hop"][0].positions(), [10]);
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
}
