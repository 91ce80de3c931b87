//! Fingerprints of what each job reads, so that a build in a new process
//! can tell which files of the previous build still hold: a job's
//! fingerprint covers the build's inputs outside the content (the binary,
//! `site.yaml`, the theme), the site's shape (which file each entry
//! comes from and its URL), the job's placement, and the value of every
//! [`Fact`] it declares it reads ([`reads`]). Nothing
//! here restates what a template shows; pure, no I/O.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::reads::{Fact, List, card_facts, reads};
use super::search::search_docs;
use super::{Job, output_path, placement};
use crate::config::Lang;
use crate::site::Site;

/// The fingerprint of one output file: equal fingerprints, equal bytes.
pub type Fingerprint = u64;

/// What a job writes and from what: its output path and fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    /// The file's path relative to the output folder.
    pub path: String,
    /// The fingerprint of everything it is made from.
    pub fingerprint: Fingerprint,
    /// A hash of what it holds, where a job's inputs are too broad to tell
    /// (a search shard reads every page of its language): a file made from
    /// other inputs that holds the same is kept.
    pub content: Option<u64>,
}

/// The values of the facts jobs read, each hashed once: many jobs read the
/// same facts (every page reads the navigation; every listing page of a
/// language reads the whole list's order).
struct Values {
    page: Vec<u64>,
    date: Vec<u64>,
    title: Vec<u64>,
    /// Per entry, the value of its card: every fact it stands for with
    /// its value, hashed once however many lists show it.
    card: Vec<u64>,
    lists: HashMap<List, u64>,
    words: HashMap<Lang, u64>,
    assets: Vec<u64>,
    layout: u64,
}

/// The hash of `value`, as fingerprints and the build cache compare them.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Values {
    fn of(site: &Site, layout: u64) -> Values {
        let entries = &site.entries;
        let page = entries
            .par_iter()
            .map(|e| {
                let page = &e.page;
                hash_of((
                    &page.file,
                    page.front(),
                    page.body_check(),
                    &page.lang,
                    &page.shared,
                    e.fallback,
                ))
            })
            .collect();
        let date = entries
            .iter()
            .map(|e| hash_of((e.page.shared.date, e.page.shared.updated)))
            .collect();
        let title = entries.iter().map(|e| hash_of(&e.page.title)).collect();
        // A listing's length, not its order: an output shows the order only
        // through the cards it declares, one after another (a page of a
        // listing, its neighbours, a feed), and the length sets its page
        // count. An article moved in a listing changes the pages its card
        // leaves and joins, not the others.
        let mut lists = HashMap::new();
        for (lang, list) in &site.articles {
            lists.insert(List::Articles(lang.clone()), hash_of(list.len()));
        }
        for ((lang, tax), terms) in &site.terms {
            for (term, list) in terms {
                lists.insert(List::Term(lang.clone(), *tax, term.clone()), hash_of(list.len()));
            }
        }
        for (id, list) in &site.partner_articles {
            lists.insert(List::Partner(id.clone()), hash_of(list.len()));
        }
        let values = Values {
            page,
            date,
            title,
            card: Vec::new(),
            lists,
            words: HashMap::new(),
            assets: site
                .media
                .assets
                .iter()
                .map(|a| hash_of((a.hash, a.size, &a.key, &a.lang, format!("{:?}", a.kind))))
                .collect(),
            layout,
        };
        // A shard shows words of any page of its language: it is kept only
        // when no page of the language changed.
        let words = site
            .config
            .languages
            .iter()
            .map(|l| {
                let docs = search_docs(site, &l.lang);
                let pages: Vec<u64> = docs.iter().map(|&i| values.page[i]).collect();
                (l.lang.clone(), hash_of((&docs, pages)))
            })
            .collect();
        let card = (0..entries.len())
            .into_par_iter()
            .map(|j| {
                let mut hasher = DefaultHasher::new();
                for fact in card_facts(site, j) {
                    (&fact, values.of_fact(&fact)).hash(&mut hasher);
                }
                hasher.finish()
            })
            .collect();
        Values { words, card, ..values }
    }

    fn of_fact(&self, fact: &Fact) -> u64 {
        match fact {
            Fact::Page(i) => self.page[*i],
            Fact::Card(i) => self.card[*i],
            Fact::Date(i) => self.date[*i],
            Fact::Title(i) => self.title[*i],
            Fact::List(list) => self.lists.get(list).copied().unwrap_or_default(),
            Fact::Words(lang, _) => self.words.get(lang).copied().unwrap_or_default(),
            Fact::Asset(id) => self.assets[id.0],
            Fact::Layout => self.layout,
        }
    }
}

/// The print of every job of `jobs` that writes a file, in job order
/// (`None` for a job without an output path). `inputs` is the fingerprint
/// of everything outside the content a build reads.
pub fn prints(site: &Site, jobs: &[Job], inputs: u64) -> Vec<Option<Print>> {
    let placed: Vec<u64> = jobs
        .par_iter()
        .map(|job| hash_of((job, placement(site, job))))
        .collect();
    let values = Values::of(site, hash_of(&placed));
    // The shape: which file each entry comes from and its URL. Pages show
    // other pages' URLs (links in bodies), so a change of any of them
    // changes every file. Which other jobs there are (a listing's last
    // page) is the `Layout` fact, read by the outputs that list them.
    let mut shape = DefaultHasher::new();
    inputs.hash(&mut shape);
    for entry in &site.entries {
        (&entry.page.file, entry.group, &entry.url, entry.fallback).hash(&mut shape);
    }
    let shape = shape.finish();
    jobs.par_iter()
        .zip(&placed)
        .map(|(job, placed)| {
            let path = output_path(site, job)?;
            let mut hasher = DefaultHasher::new();
            (shape, placed, &path).hash(&mut hasher);
            for fact in reads(site, job) {
                (&fact, values.of_fact(&fact)).hash(&mut hasher);
            }
            Some(Print {
                path,
                fingerprint: hasher.finish(),
                content: None,
            })
        })
        .collect()
}
