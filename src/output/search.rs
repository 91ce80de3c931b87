//! The search index's files for the plan's search jobs: the site's pages
//! turned into [`crate::search::index`] input. Shards need every page of a
//! language at once, so their postings are gathered first ([`SearchIndex`],
//! which the dev server keeps and updates a page at a time), then the
//! shards the jobs write are encoded from them ([`SearchFiles`]); each
//! page's fragment is made from the same plain text, by the search stage
//! of a build when it reads the page ([`Fragments`]), else by its own job.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::output::chunks;
use crate::output::fragments::Fragments;
use crate::plan::fingerprint::hash_of;
use crate::plan::search::{body_text, doc_count, doc_text, indexed, search_docs, shard_count};
use crate::plan::{Job, href, partners_named};
use crate::search::index::{self, DocText, Facets, Fragment, Kind};
use crate::search::postings::{CHUNK, Chunk, DocShards, PackedChunk, Postings, differing_shards, each_shard};
use crate::search::{Gzip, Gzips};
use crate::site::{Site, Taxonomy};

/// The postings of languages' indexes in memory, and their shards encoded
/// from them: kept by the dev server, so that an edit encodes again only
/// the shards of the edited pages' words, and gzips only those whose JSON
/// changed (an edit that moves a page's words changes the positions of
/// many shards, but most of them do not write positions for that page).
#[derive(Debug, Default)]
pub struct SearchIndex {
    by_lang: HashMap<Lang, LangIndex>,
}

/// One language's postings and its shards as written.
#[derive(Debug)]
struct LangIndex {
    postings: Postings,
    shards: Vec<Encoded>,
}

/// A shard's JSON and its gzipped file.
#[derive(Debug, Default)]
struct Encoded {
    json: String,
    file: Vec<u8>,
}

impl Encoded {
    /// Shard `n` of `postings`.
    fn of(postings: &Postings, n: usize, gzip: &mut Gzip) -> Encoded {
        let json = postings.shard(n).map(index::shard_json).unwrap_or_default();
        let file = index::gzip(json.as_bytes(), gzip);
        Encoded { json, file }
    }

    /// Encodes shard `n` again, gzipping only if its JSON changed;
    /// whether it did.
    fn refresh(&mut self, postings: &Postings, n: usize, gzip: &mut Gzip) -> bool {
        let json = postings.shard(n).map(index::shard_json).unwrap_or_default();
        if json == self.json {
            return false;
        }
        *self = Encoded {
            file: index::gzip(json.as_bytes(), gzip),
            json,
        };
        true
    }
}

/// The languages `jobs` write shards of, each once.
fn shard_langs(jobs: &[Job]) -> BTreeSet<&Lang> {
    jobs.iter()
        .filter_map(|job| job.search_shard().map(|(lang, _)| lang))
        .collect()
}

/// Reads the pages of `lang` once, for their postings, packed a chunk at
/// a time. Pages are read [`CHUNK`] at a time, and the plain text of a
/// chunk's bodies is dropped once read: a language's bodies are never all
/// held at once, nor its postings unpacked. `shards` is the language's
/// [`shard_count`], counted once by the caller, which gathers the chunks
/// into as many shards.
fn read_lang(site: &Site, lang: &Lang, shards: usize, doc_shards: DocShards) -> Result<Vec<PackedChunk>, Diagnostic> {
    search_docs(site, lang)
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(k, entries)| read_chunk(site, shards, k, entries, doc_shards, None))
        .collect()
}

/// What a build's search stage makes besides postings: the fragments of
/// the `wanted` entries, while it has their text, kept in `kept`.
struct Making<'a> {
    locales: &'a Locales,
    wanted: &'a HashSet<usize>,
    kept: &'a Fragments,
    gzips: &'a Gzips,
}

/// Reads chunk `k` of a language's index: its pages `entries`, and makes
/// their fragments if a build's stage is `making` them. A fragment that
/// fails is left to its job, which says why.
fn read_chunk(
    site: &Site,
    shards: usize,
    k: usize,
    entries: &[usize],
    doc_shards: DocShards,
    making: Option<&Making>,
) -> Result<PackedChunk, Diagnostic> {
    let bodies: Vec<String> = entries
        .iter()
        .map(|&i| body_text(&site.entries[i].page))
        .collect::<Result<_, _>>()?;
    let texts: Vec<DocText> = entries
        .iter()
        .zip(&bodies)
        .map(|(&i, body)| doc_text(&site.entries[i].page, body))
        .collect();
    let chunk = Chunk::read((k * CHUNK) as u32, &texts, shards).pack(doc_shards);
    if let Some(making) = making {
        let made: Vec<(usize, Vec<u8>)> = making.gzips.with(|gzip| {
            entries
                .iter()
                .zip(&bodies)
                .filter(|(i, _)| making.wanted.contains(i))
                .filter_map(|(&i, body)| Some((i, fragment(site, making.locales, i, body, gzip).ok()?)))
                .collect()
        });
        making.kept.put(made);
    }
    Ok(chunk)
}

/// [`read_lang`] for a build, which keeps its chunks in the chunk cache
/// ([`chunks`]) and takes those whose pages did not change from the
/// previous build's; the chunks are kept by the caller ([`Keep`]), while
/// it gathers them into shards.
fn read_lang_kept<'a>(
    site: &Site,
    lang: &Lang,
    shards: usize,
    cache: chunks::Cache<'a>,
    making: Option<&Making>,
) -> Result<LangChunks<'a>, Diagnostic> {
    let docs = search_docs(site, lang);
    let places: Vec<u64> = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(k, entries)| chunks::place(site, cache.stamp, lang, shards, k, entries))
        .collect();
    let keys: Vec<u64> = docs
        .par_chunks(CHUNK)
        .zip(&places)
        .map(|(entries, &place)| chunks::key(site, place, entries))
        .collect();
    let mut kept = if cache.read {
        chunks::read(cache.root, lang, cache.stamp)
    } else {
        HashMap::new()
    };
    let index = cache.indexes.get(lang).copied().unwrap_or_default();
    // Kept with the index the previous output holds: they tell which of its shards changed.
    let same_index = index.before.is_some() && kept.values().all(|k| Some(k.index) == index.before);
    let slots: Vec<Option<PackedChunk>> = keys.iter().map(|key| kept.remove(key).map(|k| k.chunk)).collect();
    let changed = !kept.is_empty() || slots.iter().any(Option::is_none);
    // What is left of the cache: the chunks that changed, as they were.
    let mut before: HashMap<u64, PackedChunk> = kept.into_values().map(|k| (k.place, k.chunk)).collect();
    let missed: Vec<usize> = (0..slots.len()).filter(|&k| slots[k].is_none()).collect();
    let packed: Vec<PackedChunk> = docs
        .par_chunks(CHUNK)
        .zip(slots)
        .enumerate()
        .map(|(k, (entries, slot))| match slot {
            Some(chunk) => Ok(chunk),
            None => read_chunk(site, shards, k, entries, DocShards::Dropped, making),
        })
        .collect::<Result<_, _>>()?;
    // A chunk read again in the place of one that was kept numbers its
    // pages as before, so only the shards whose postings it changed can
    // change (a word mended, or a sentence added at the end, changes a
    // few; a sentence added at the start moves every later word); any
    // other change (a page added, gone or moved, a cache not read or
    // not kept with the index the previous output holds) may change
    // every shard.
    let mut touched = Some(HashSet::new());
    for &k in &missed {
        match (before.remove(&places[k]), touched.as_mut()) {
            (Some(old), Some(touched)) => {
                touched.extend(differing_shards(&old, &packed[k]));
            }
            _ => touched = None,
        }
    }
    if !before.is_empty() || !cache.read || !same_index {
        touched = None;
    }
    let keep = changed.then_some(Keep {
        cache,
        index: index.now,
        keys,
        places,
    });
    Ok(LangChunks {
        chunks: packed,
        touched,
        keep,
    })
}

/// A language's chunks, and the shards that may differ from the previous
/// build's: `None` when any may.
struct LangChunks<'a> {
    chunks: Vec<PackedChunk>,
    touched: Option<HashSet<usize>>,
    /// How to keep the chunks in the cache, when they changed.
    keep: Option<Keep<'a>>,
}

/// What the chunk cache keeps of a language besides its chunks: each
/// chunk's key and place, with the index they were read for.
struct Keep<'a> {
    cache: chunks::Cache<'a>,
    index: u64,
    keys: Vec<u64>,
    places: Vec<u64>,
}

impl Keep<'_> {
    /// Writes `packed`, the chunks of `lang`, to the cache; a cache that
    /// cannot be written is cleared, with a warning.
    fn write(&self, lang: &Lang, packed: &[PackedChunk]) -> Option<Diagnostic> {
        let records = self.keys.iter().zip(&self.places).zip(packed);
        let written = chunks::write(
            self.cache.root,
            lang,
            self.cache.stamp,
            self.index,
            records.map(|((&key, &place), chunk)| (key, place, chunk)),
        );
        let e = written.err()?;
        chunks::clear(self.cache.root, lang);
        Some(crate::diagnostics::io_error(
            &chunks::file(self.cache.root, lang),
            "keep the search index's chunks (the next build reads every page)",
            &e,
        ))
    }
}

impl SearchIndex {
    /// The postings and shards of every page of `langs`.
    pub fn build<'a>(site: &Site, langs: impl IntoIterator<Item = &'a Lang>) -> Result<SearchIndex, Diagnostic> {
        let by_lang = langs
            .into_iter()
            .map(|lang| {
                let shards = shard_count(site, lang);
                let postings = Postings::gather(read_lang(site, lang, shards, DocShards::Kept)?, shards);
                let shards = (0..postings.shard_count())
                    .into_par_iter()
                    .map_init(Gzip::default, |gzip, n| Encoded::of(&postings, n, gzip))
                    .collect();
                Ok((lang.clone(), LangIndex { postings, shards }))
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(SearchIndex { by_lang })
    }

    /// The postings of every language of `site`.
    pub fn of(site: &Site) -> Result<SearchIndex, Diagnostic> {
        SearchIndex::build(site, site.config.languages.iter().map(|l| &l.lang))
    }

    /// Takes the text of the `edited` entries as it is in `site` (entries
    /// that are not indexed are left out), and encodes the shards whose
    /// postings changed again. Returns the shard jobs of those whose file
    /// came out the same: the plan names a shard whose words changed, but
    /// a frequent word writes positions only for its first block, so a
    /// page outside it can move its words without changing the file.
    /// The site's documents must be numbered as when the index was built:
    /// an edit that renumbers them changes the plan's jobs, and the whole
    /// index is built again.
    pub fn update(&mut self, site: &Site, edited: impl IntoIterator<Item = usize>) -> Result<HashSet<Job>, Diagnostic> {
        let mut numbers: HashMap<Lang, HashMap<usize, u32>> = HashMap::new();
        let mut touched: HashMap<Lang, BTreeSet<usize>> = HashMap::new();
        for i in edited {
            let entry = &site.entries[i];
            let Some(index) = self.by_lang.get_mut(&entry.lang) else {
                continue;
            };
            if !indexed(entry) {
                continue;
            }
            let numbers = numbers.entry(entry.lang.clone()).or_insert_with(|| {
                search_docs(site, &entry.lang)
                    .into_iter()
                    .enumerate()
                    .map(|(doc, i)| (i, doc as u32))
                    .collect()
            });
            let body = body_text(&entry.page)?;
            let shards = index.postings.replace(numbers[&i], &doc_text(&entry.page, &body));
            touched
                .entry(entry.lang.clone())
                .or_default()
                .extend(shards.into_iter().map(|n| n as usize));
        }
        let mut unchanged = HashSet::new();
        for (lang, wanted) in touched {
            let LangIndex { postings, shards } = self.by_lang.get_mut(&lang).expect("edited above");
            let same: Vec<usize> = shards
                .par_iter_mut()
                .enumerate()
                .filter(|(n, _)| wanted.contains(n))
                .map_init(Gzip::default, |gzip, (n, shard)| {
                    (!shard.refresh(postings, n, gzip)).then_some(n)
                })
                .flatten()
                .collect();
            unchanged.extend(same.into_iter().map(|n| Job::SearchShard(lang.clone(), n)));
        }
        Ok(unchanged)
    }

    /// The shards `jobs` write, borrowed from the index.
    pub fn encode(&self, jobs: &[Job]) -> SearchFiles<'_> {
        let shards = jobs
            .iter()
            .filter_map(|job| {
                let (lang, n) = job.search_shard()?;
                let file = &self.by_lang.get(lang)?.shards.get(n)?.file;
                Some(((lang.clone(), n), Cow::Borrowed(file.as_slice())))
            })
            .collect();
        SearchFiles {
            shards,
            ..SearchFiles::default()
        }
    }
}

/// The hash of each prepared shard's JSON, by language and shard number.
pub type ShardHashes = HashMap<(Lang, usize), u64>;

/// The shards of a set of jobs, made before the jobs are written:
/// borrowed from the dev server's [`SearchIndex`], or owned when they were
/// built for the jobs alone ([`SearchFiles::prepare`]). Fragments are made
/// by their own jobs ([`SearchFiles::fragment`]), each from its page, or
/// taken from those the stage made and keeps in a file, so the site's
/// fragments are never all held at once.
#[derive(Default)]
pub struct SearchFiles<'a> {
    shards: HashMap<(Lang, usize), Cow<'a, [u8]>>,
    /// The fragments the stage made, if it could keep them.
    made: Option<Fragments>,
    /// Compressors for fragments, each taken by one job at a time: making
    /// one costs hundreds of kilobytes, zeroed.
    gzips: Gzips,
}

impl SearchFiles<'_> {
    /// Builds the postings of every language that `jobs` has a shard job
    /// of and encodes those shards. A shard is gzipped only if its JSON's
    /// hash is not `previous(lang, n)` (the hash of the JSON of the file
    /// the previous build wrote, if it is kept). Pages are read through
    /// the chunk `cache`, if there is one, and the fragments of `jobs` of
    /// the pages read are made then (dates shown through `locales`) and
    /// kept in its folder. Returns the files, the hash of each shard's
    /// JSON (a shard with a hash and no file is the same as before), and
    /// warnings.
    pub fn prepare(
        site: &Site,
        locales: &Locales,
        jobs: &[Job],
        previous: impl Fn(&Lang, usize) -> Option<u64> + Sync,
        cache: Option<chunks::Cache>,
    ) -> Result<(SearchFiles<'static>, ShardHashes, Vec<Diagnostic>), Diagnostic> {
        let mut warnings = Vec::new();
        let gzips = Gzips::default();
        let wanted_fragments: HashSet<usize> = jobs.iter().filter_map(Job::search_fragment).collect();
        let made = cache
            .filter(|_| !wanted_fragments.is_empty())
            .and_then(|cache| Fragments::new(&cache.root.join(chunks::CACHE_DIR)));
        let making = made.as_ref().map(|kept| Making {
            locales,
            wanted: &wanted_fragments,
            kept,
            gzips: &gzips,
        });
        let wanted_shards: Vec<(&Lang, usize)> = jobs.iter().filter_map(Job::search_shard).collect();
        let mut shards = HashMap::new();
        let mut hashes = HashMap::new();
        for lang in shard_langs(jobs) {
            let count = shard_count(site, lang);
            let LangChunks { chunks, touched, keep } = match cache {
                Some(cache) => read_lang_kept(site, lang, count, cache, making.as_ref())?,
                None => LangChunks {
                    chunks: read_lang(site, lang, count, DocShards::Dropped)?,
                    touched: None,
                    keep: None,
                },
            };
            // A shard without words of a changed chunk holds what the
            // previous build's file holds: it is not gathered again.
            let mut wanted = vec![false; count.max(1)];
            for &(_, n) in wanted_shards.iter().filter(|(l, _)| *l == lang) {
                match (&touched, previous(lang, n)) {
                    (Some(touched), Some(hash)) if !touched.contains(&n) => {
                        hashes.insert((lang.clone(), n), hash);
                    }
                    _ => wanted[n] = true,
                }
            }
            // Each shard is encoded as soon as it is gathered, and its
            // postings dropped: the language's are never all unpacked. The
            // chunks are kept in the cache meanwhile, which one core does
            // alone.
            let (encoded, unkept) = rayon::join(
                || {
                    each_shard(
                        &chunks,
                        count,
                        |n| wanted[n],
                        |n, shard| {
                            let json = index::shard_json(&shard);
                            drop(shard);
                            let hash = hash_of(json.as_str());
                            let file = (previous(lang, n) != Some(hash))
                                .then(|| gzips.with(|gzip| index::gzip(json.as_bytes(), gzip)));
                            (n, hash, file)
                        },
                    )
                },
                || keep.as_ref().and_then(|keep| keep.write(lang, &chunks)),
            );
            warnings.extend(unkept);
            for (n, hash, file) in encoded {
                hashes.insert((lang.clone(), n), hash);
                if let Some(file) = file {
                    shards.insert((lang.clone(), n), Cow::Owned(file));
                }
            }
        }
        let files = SearchFiles { shards, made, gzips };
        Ok((files, hashes, warnings))
    }

    /// Whether shard `n` of `lang` is here.
    pub fn has(&self, lang: &Lang, n: usize) -> bool {
        self.shards.contains_key(&(lang.clone(), n))
    }

    /// Shard `n` of `lang`'s index, as its job writes it: the one copy of
    /// its bytes, since a job's contents own theirs.
    pub fn shard(&self, lang: &Lang, n: usize) -> Result<Vec<u8>, Diagnostic> {
        let bytes = self
            .shards
            .get(&(lang.clone(), n))
            .ok_or_else(|| Diagnostic::new(format!("{lang}/search-index"), format!("shard {n} was not prepared")))?;
        Ok(bytes.to_vec())
    }

    /// The fragment of entry `i`, as its job writes it: the one the stage
    /// made, or made here from the page's plain text, which the postings
    /// were read from too.
    pub fn fragment(&self, site: &Site, locales: &Locales, i: usize) -> Result<Vec<u8>, Diagnostic> {
        if let Some(made) = self.made.as_ref().and_then(|made| made.get(i)) {
            return Ok(made);
        }
        let body = body_text(&site.entries[i].page)?;
        self.gzips.with(|gzip| fragment(site, locales, i, &body, gzip))
    }
}

/// `meta.json` of `lang`'s index.
pub fn meta(site: &Site, lang: &Lang) -> Vec<u8> {
    index::meta(doc_count(site, lang), shard_count(site, lang)).into_bytes()
}

/// What kind of page entry `i` is, as results show it.
fn kind(site: &Site, i: usize) -> Kind {
    match site.entries[i].page.section {
        Section::Articles => Kind::Article,
        Section::Partners => Kind::Partner,
        Section::Home | Section::Pages => Kind::Page,
    }
}

/// The fragment of entry `i`, whose body reads as `body` in plain text.
fn fragment(site: &Site, locales: &Locales, i: usize, body: &str, gzip: &mut Gzip) -> Result<Vec<u8>, Diagnostic> {
    let entry = &site.entries[i];
    let lang = &entry.lang;
    let date_display = match entry.page.shared.date {
        Some(d) => locales
            .format_date(lang, d)
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))?,
        None => String::new(),
    };
    let date = entry.page.shared.date.map(|d| d.to_string()).unwrap_or_default();
    let url = href(site, &entry.url);
    let bytes = index::fragment(
        &Fragment {
            url: &url,
            title: &entry.page.title,
            kind: kind(site, i),
            date: &date,
            date_display: &date_display,
            summary: entry.page.summary.as_deref().unwrap_or_default(),
            text: body,
        },
        gzip,
    );
    Ok(bytes)
}

/// `filters.gz` of `lang`'s index: kind, partners, topics and year of each page.
pub fn filters(site: &Site, locales: &Locales, lang: &Lang) -> Result<Vec<u8>, Diagnostic> {
    let facets = search_docs(site, lang)
        .into_iter()
        .map(|i| {
            let entry = &site.entries[i];
            let partners = partners_named(site, i, lang)
                .map(|p| site.entries[p].page.title.clone())
                .collect();
            let topics = Taxonomy::Topics
                .terms_named(entry)
                .iter()
                .map(|t| Taxonomy::Topics.label(locales, lang, t))
                .collect::<Result<_, _>>()?;
            Ok(Facets {
                kind: kind(site, i),
                partners,
                topics,
                year: entry.page.shared.date.map(|d| d.to_string()[..4].to_string()),
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    Ok(index::filters(&facets))
}
