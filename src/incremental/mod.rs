//! One-edit builds: apply an edit of content files to a loaded site and
//! name the jobs it affects, derived from what each job declares it reads
//! ([`crate::plan::reads`]); nothing here restates what a template shows.
//!
//! Two paths, one answer:
//! - **patch**, for saves that change only an article's text (title,
//!   summary, body): the edited pages replace their old versions in place,
//!   with every stand-in that shows them, and the lists that hold them are
//!   sorted again. This is the only code that changes a linked [`Site`];
//!   it keeps every index, URL and list membership as it was (the site's
//!   shape), so the jobs and their dependents stay valid.
//! - **relink**, for anything else: the edited files are read again and the
//!   site linked anew. If its shape is unchanged (the same entries at the
//!   same URLs with the same translations), the facts that differ name the
//!   jobs to redo, with the jobs that are new or placed anew; the files of
//!   jobs that went (a listing's last page) are removed. Otherwise
//!   everything is rebuilt.
//!
//! Either way the output after writing [`Update`] equals a full build of
//! the same files (a property the test suite checks over random edits).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::build::{LinkOptions, Loaded, link};
use crate::content::{self, Page, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::media::{AssetId, Media};
use crate::output::search::{SearchFiles, SearchIndex};
use crate::output::{self, Written};
use crate::plan::{self, Dependents, Fact, Job, List};
use crate::site::{self, Entry, Site, Taxonomy, newest_first};

mod changes;
use changes::{Changes, changed_facts};

/// A loaded site kept up to date through edits, with the index of which
/// jobs read which facts and the postings of its search indexes (so an
/// edit re-reads only the edited pages' words).
pub struct Incremental {
    loaded: Loaded,
    dependents: Dependents,
    search: SearchIndex,
}

/// A site linked anew: the site, its pages by file, its broken links.
type Relinked = (Site, std::collections::BTreeMap<PathBuf, Page>, Vec<Diagnostic>);

/// What an edit asks to be written again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// These jobs and no others, and the files of outputs the site no
    /// longer has removed (a listing lost its last page).
    Jobs {
        /// The jobs to write.
        jobs: Vec<Job>,
        /// The output paths to remove, relative to the output folder.
        gone: Vec<String>,
    },
    /// The whole site: its shape changed.
    Everything,
}

impl Incremental {
    /// Starts from a freshly loaded site, whose pages hold their text.
    pub fn new(loaded: Loaded) -> Result<Incremental, Diagnostics> {
        let dependents = Dependents::of(&loaded.site);
        let search = SearchIndex::of(&loaded.site)?;
        Ok(Incremental {
            loaded,
            dependents,
            search,
        })
    }

    /// The site as it stands.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Applies an edit of content `files` (relative to `root`; deleted
    /// files drop out) and says what to write. On error nothing changed.
    pub fn edit(&mut self, root: &Path, files: &BTreeSet<PathBuf>) -> Result<Update, Diagnostics> {
        let (assets, files): (BTreeSet<PathBuf>, BTreeSet<PathBuf>) = files
            .iter()
            .cloned()
            .partition(|f| Self::is_asset(root, &self.loaded, f));
        if assets.is_empty() {
            return self.edit_pages(root, &files);
        }
        let Some((media, facts)) = Self::reread_assets(root, &self.loaded, &assets)? else {
            // Files came, went or changed size: references may resolve anew.
            let media = crate::media::discover(root, &self.loaded.site.config)?;
            let old = std::mem::replace(&mut self.loaded.site.media, Arc::new(media));
            return match self.relink(root, &files) {
                Ok((site, pages, broken_links)) => {
                    self.dependents = Dependents::of(&site);
                    self.search = SearchIndex::of(&site)?;
                    self.loaded.site = site;
                    self.loaded.pages = pages;
                    self.loaded.broken_links = broken_links;
                    Ok(Update::Everything)
                }
                Err(problems) => {
                    self.loaded.site.media = old;
                    Err(problems)
                }
            };
        };
        let mut jobs = self.dependents.jobs_reading(&facts);
        let previous = std::mem::replace(&mut self.loaded.site.media, Arc::new(media));
        match self.edit_pages(root, &files) {
            Ok(Update::Jobs { jobs: more, gone }) => {
                jobs.extend(more);
                jobs.sort();
                jobs.dedup();
                Ok(Update::Jobs { jobs, gone })
            }
            Ok(Update::Everything) => Ok(Update::Everything),
            Err(problems) => {
                self.loaded.site.media = previous;
                Err(problems)
            }
        }
    }

    /// [`Incremental::edit`] of pages only.
    fn edit_pages(&mut self, root: &Path, files: &BTreeSet<PathBuf>) -> Result<Update, Diagnostics> {
        if let Some(facts) = self.patch(root, files)? {
            let unchanged = self.search.update(&self.loaded.site, edited_pages(&facts))?;
            let reordered = facts.iter().any(|f| matches!(f, Fact::List(_)));
            let mut jobs = self.dependents.jobs_reading(&facts);
            // A list sorted anew shows other pages on its pages, and gives
            // articles new neighbours: the index follows, and what reads the
            // edited pages now is rebuilt as well as what read them before.
            if reordered {
                self.dependents = Dependents::of(&self.loaded.site);
                jobs.extend(self.dependents.jobs_reading(&facts));
                jobs.sort();
                jobs.dedup();
            }
            jobs.retain(|job| !unchanged.contains(job));
            return Ok(Update::Jobs { jobs, gone: Vec::new() });
        }
        let (site, pages, broken_links) = self.relink(root, files)?;
        let update = match changed_facts(&self.loaded.site, &site) {
            Some(Changes { facts, placed, gone }) => {
                let old = self.dependents.jobs_reading(&facts);
                self.dependents = Dependents::of(&site);
                let mut jobs = self.dependents.jobs_reading(&facts);
                let went: std::collections::HashSet<&Job> = gone.iter().collect();
                jobs.extend(old.into_iter().filter(|job| !went.contains(job)));
                // A new date renumbers the search index's documents: it is built again.
                let renumbered = placed
                    .iter()
                    .chain(&gone)
                    .any(|job| matches!(job, Job::SearchFragment(..)));
                jobs.extend(placed);
                if renumbered {
                    self.search = SearchIndex::of(&site)?;
                    jobs.extend(plan::jobs(&site).into_iter().filter(|job| job.search_shard().is_some()));
                } else {
                    let unchanged = self.search.update(&site, edited_pages(&facts))?;
                    jobs.retain(|job| !unchanged.contains(job));
                }
                jobs.sort();
                jobs.dedup();
                // A path another job now writes is not removed.
                let written: std::collections::HashSet<String> = if gone.is_empty() {
                    Default::default()
                } else {
                    jobs.iter().filter_map(|job| plan::output_path(&site, job)).collect()
                };
                let mut gone: Vec<String> = gone
                    .iter()
                    .filter_map(|job| plan::output_path(&self.loaded.site, job))
                    .filter(|path| !written.contains(path))
                    .collect();
                gone.sort();
                Update::Jobs { jobs, gone }
            }
            None => {
                self.dependents = Dependents::of(&site);
                self.search = SearchIndex::of(&site)?;
                Update::Everything
            }
        };
        self.loaded.site = site;
        self.loaded.pages = pages;
        self.loaded.broken_links = broken_links;
        Ok(update)
    }

    /// Whether `rel` is (or was) a file beside the pages rather than a page.
    fn is_asset(root: &Path, loaded: &Loaded, rel: &Path) -> bool {
        let known = loaded.site.media.assets.iter().any(|a| a.source == rel);
        known
            || (rel.starts_with(content::discover::CONTENT_DIR)
                && rel.extension().is_none_or(|e| e != "md")
                && root.join(rel).is_file())
    }

    /// Reads edited assets again. When each still exists with the same kind
    /// and size (so every job and URL stays), returns the new media and the
    /// facts of the assets whose content changed; `None` when the site's shape changed.
    fn reread_assets(
        root: &Path,
        loaded: &Loaded,
        assets: &BTreeSet<PathBuf>,
    ) -> Result<Option<(Media, Vec<Fact>)>, Diagnostics> {
        let media = &loaded.site.media;
        let mut new = media.assets.clone();
        let mut facts = Vec::new();
        for rel in assets {
            let Some(i) = media.assets.iter().position(|a| &a.source == rel) else {
                return Ok(None);
            };
            if !root.join(rel).is_file() {
                return Ok(None);
            }
            let asset = crate::media::read_asset(root, &loaded.site.config, rel).map_err(Diagnostics::from)?;
            if asset.kind != new[i].kind {
                return Ok(None);
            }
            if asset.hash != new[i].hash {
                facts.push(Fact::Asset(AssetId(i)));
            }
            new[i] = asset;
        }
        Ok(Some((Media::new(root, &media.config, new), facts)))
    }

    /// Re-reads `files` and links the site anew, without changing `self`.
    fn relink(&self, root: &Path, files: &BTreeSet<PathBuf>) -> Result<Relinked, Diagnostics> {
        let loaded = &self.loaded;
        let mut pages = loaded.pages.clone();
        let mut problems = Vec::new();
        for rel in files {
            pages.remove(rel);
            match content::discover_one(root, &loaded.site.config, rel) {
                Ok(Some(file)) => match content::parse(&file) {
                    Ok(page) => {
                        pages.insert(rel.clone(), page);
                    }
                    Err(d) => problems.extend(d),
                },
                Ok(None) => {}
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        let (site, broken_links) = link(
            loaded.site.config.clone(),
            pages.values().cloned().collect(),
            LinkOptions {
                drafts: loaded.drafts,
                strict: loaded.strict,
                media: loaded.site.media.clone(),
                published: crate::build::static_paths(&loaded.theme),
            },
            &loaded.locales,
            loaded.site.markdown.clone(),
        )?;
        Ok((site, pages, broken_links))
    }

    /// Applies an edit of article `files` in place when it changes only
    /// their text — the same files, URLs, languages, pairing, draft marks
    /// and shared fields — and returns the facts it changed: the pages, and
    /// the lists whose order a new title changed. `Ok(None)` when the edit
    /// needs a relink; `self` is then unchanged. Costs what the edited
    /// files and the lists that hold them cost, not what the site does.
    fn patch(&mut self, root: &Path, files: &BTreeSet<PathBuf>) -> Result<Option<Vec<Fact>>, Diagnostics> {
        let loaded = &self.loaded;
        let mut replacements = Vec::new();
        for rel in files {
            let Some(old) = loaded.pages.get(rel) else {
                return Ok(None);
            };
            let Some(file) = content::discover_one(root, &loaded.site.config, rel).map_err(Diagnostics::from)? else {
                return Ok(None);
            };
            let page = content::parse(&file).map_err(Diagnostics::from)?;
            let same_place = page.section == Section::Articles
                && page.lang == old.lang
                && page.key == old.key
                && page.draft == old.draft
                && page.slug == old.slug
                && page.shared == old.shared;
            let Some(i) = loaded
                .site
                .entries
                .iter()
                .position(|e| e.is_translation() && &e.page.file == rel)
            else {
                return Ok(None);
            };
            if !same_place || site::url_of(&page).ok().as_ref() != Some(&loaded.site.entries[i].url) {
                return Ok(None);
            }
            // The files it shows are in the index of dependents: a new one needs it rebuilt.
            if page.body() != old.body() && uses_of(&loaded.site, i, &page) != loaded.site.uses[i] {
                return Ok(None);
            }
            replacements.push((rel.clone(), i, page));
        }
        // Everything is checked: from here on the site changes.
        let site = &mut self.loaded.site;
        let mut facts = Vec::new();
        let mut edited = Vec::new();
        // Edits in place keep every page where it is: the counts hold throughout.
        let shards = plan::search::shard_counts(site);
        for (rel, i, mut page) in replacements {
            let retitled = page.title != site.entries[i].page.title;
            self.loaded.pages.insert(rel, page.clone());
            // Inherited shared fields are as they were: the written ones did not change.
            page.shared = site.entries[i].page.shared.clone();
            let group = site.entries[i].group;
            // Stand-ins show their source's text: they take the new page too.
            let stand_ins: Vec<usize> = site.groups[group]
                .fallbacks
                .iter()
                .map(|(_, f)| *f)
                .filter(|&f| site.entries[f].fallback.is_some_and(|s| s.source == i))
                .collect();
            for f in stand_ins {
                site.entries[f].page = page.clone();
                facts.push(Fact::Page(f));
                facts.extend(retitled.then_some(Fact::Title(f)));
                edited.push(f);
            }
            let old = std::mem::replace(&mut site.entries[i].page, page);
            facts.extend(plan::search::changed_words(site, i, &old, &shards));
            facts.push(Fact::Page(i));
            facts.extend(retitled.then_some(Fact::Title(i)));
            edited.push(i);
        }
        let reordered = resort(site, &edited);
        // A list in a new order gives articles new neighbours. Every
        // article whose neighbours change had one of the edited ones among
        // them before or has one after, so the edited pages' facts reach it.
        if !reordered.is_empty() {
            site.around = site::around(site);
        }
        if reordered.iter().any(|list| matches!(list, List::Partner(_))) {
            site.partner_listings = site.find_partner_listings();
        }
        facts.extend(reordered.into_iter().map(Fact::List));
        Ok(Some(facts))
    }
}

/// The entries whose pages `facts` say changed.
fn edited_pages(facts: &[Fact]) -> impl Iterator<Item = usize> + '_ {
    facts.iter().filter_map(|fact| match fact {
        Fact::Page(i) => Some(*i),
        Fact::Date(_)
        | Fact::Title(_)
        | Fact::Card(_)
        | Fact::List(_)
        | Fact::Words(..)
        | Fact::Asset(_)
        | Fact::Layout => None,
    })
}

/// The assets entry `i` would use with `page` as its text (in the same
/// place, so references resolve as they would after linking).
fn uses_of(site: &Site, i: usize, page: &Page) -> Vec<AssetId> {
    let analysed = crate::markdown::analyse(page.body(), &site.markdown, &|dest| site.resolve_link(i, dest));
    let mut ids = site.assets_named(i, &analysed);
    ids.extend(site.hero_image(i));
    ids.extend(site.logo(i));
    ids.sort();
    ids.dedup();
    ids
}

/// Sorts again the lists that hold the `edited` entries (a new title can
/// change the order of articles of the same date) and returns those whose
/// order changed.
fn resort(site: &mut Site, edited: &[usize]) -> Vec<List> {
    let mut lists: BTreeSet<ListKey> = BTreeSet::new();
    for &i in edited {
        let entry = &site.entries[i];
        lists.insert(ListKey::Articles(entry.lang.clone()));
        for tax in Taxonomy::ALL {
            for term in tax.terms_of(entry) {
                lists.insert(ListKey::Term(entry.lang.clone(), tax, term));
            }
        }
        for id in entry.page.shared.partners.iter().flatten() {
            lists.insert(ListKey::Partner(id.clone()));
        }
    }
    let mut changed = Vec::new();
    let entries: &[Entry] = &site.entries;
    let by_date = |a: &usize, b: &usize| newest_first(&entries[*a], &entries[*b]);
    let edited_groups: Vec<usize> = edited.iter().map(|&i| entries[i].group).collect();
    for key in lists {
        let reordered = match &key {
            ListKey::Articles(lang) => site.articles.get_mut(lang).is_some_and(|l| sort(l, edited, by_date)),
            ListKey::Term(lang, tax, term) => site
                .terms
                .get_mut(&(lang.clone(), *tax))
                .and_then(|t| t.get_mut(term))
                .is_some_and(|l| sort(l, edited, by_date)),
            ListKey::Partner(id) => {
                let groups = &site.groups;
                site.partner_articles.get_mut(id).is_some_and(|l| {
                    sort(l, &edited_groups, |a, b| {
                        newest_first(&entries[groups[*a].source], &entries[groups[*b].source])
                    })
                })
            }
        };
        if reordered {
            changed.push(key.into());
        }
    }
    changed
}

/// Sorts `list` by `order` if one of the `moved` items is out of place
/// (only they changed, so the rest is in order); whether its order changed.
/// Checking the neighbours first keeps the usual edit, which moves
/// nothing, from sorting a whole language's articles.
fn sort(list: &mut [usize], moved: &[usize], order: impl Fn(&usize, &usize) -> std::cmp::Ordering) -> bool {
    let in_place = |p: usize| {
        (p == 0 || order(&list[p - 1], &list[p]).is_le())
            && (p + 1 == list.len() || order(&list[p], &list[p + 1]).is_le())
    };
    let out_of_place = list
        .iter()
        .enumerate()
        .any(|(p, item)| moved.contains(item) && !in_place(p));
    if !out_of_place {
        return false;
    }
    list.sort_by(order);
    true
}

/// [`List`] with an order, so the lists to sort are visited once each.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ListKey {
    Articles(crate::config::Lang),
    Term(crate::config::Lang, Taxonomy, String),
    Partner(String),
}

impl From<ListKey> for List {
    fn from(key: ListKey) -> List {
        match key {
            ListKey::Articles(lang) => List::Articles(lang),
            ListKey::Term(lang, tax, term) => List::Term(lang, tax, term),
            ListKey::Partner(id) => List::Partner(id),
        }
    }
}

impl Incremental {
    /// Writes what `update` asks for into `output`, as [`write()`] does, with
    /// the shards encoded from the postings kept here.
    pub fn write(&self, output: &Path, update: &Update) -> Result<Written, Diagnostics> {
        let jobs = jobs_of(&self.loaded.site, update);
        let search = self.search.encode(&jobs);
        write_with(output, &self.loaded, update, &jobs, &search)
    }
}

/// The jobs an update writes.
fn jobs_of(site: &Site, update: &Update) -> Vec<Job> {
    match update {
        Update::Jobs { jobs, .. } => jobs.clone(),
        Update::Everything => plan::jobs(site),
    }
}

/// Writes what an update asks for into `output`: the named jobs in place,
/// or the whole site through a staging folder swapped in (so pages that
/// went away go with it). The one write path of builds and the dev server;
/// the search postings are gathered afresh for the shards it writes.
pub fn write(output: &Path, loaded: &Loaded, update: &Update) -> Result<Written, Diagnostics> {
    let jobs = jobs_of(&loaded.site, update);
    let (search, ..) = SearchFiles::prepare(&loaded.site, loaded.renderer.locales(), &jobs, |_, _| None, None)?;
    write_with(output, loaded, update, &jobs, &search)
}

/// [`write`] of `jobs` with their search files made.
fn write_with(
    output: &Path,
    loaded: &Loaded,
    update: &Update,
    jobs: &[Job],
    search: &SearchFiles,
) -> Result<Written, Diagnostics> {
    let Loaded {
        site, renderer, theme, ..
    } = loaded;
    crate::media::cache::prepare(&site.media)?;
    let memo = crate::render::Memo::new(site, jobs);
    match update {
        Update::Jobs { gone, .. } => {
            let rendered: Vec<Result<(String, output::Contents), Diagnostic>> = jobs
                .par_iter()
                .map(|job| crate::build::produce(site, renderer, search, &memo, job))
                .collect();
            let files: Vec<(String, output::Contents)> = rendered.into_iter().collect::<Result<_, _>>()?;
            output::write_in_place(output, &files, gone)
        }
        Update::Everything => output::write_site(
            output,
            &plan::passes(site, jobs, |job| job),
            |job| crate::build::produce(site, renderer, search, &memo, job),
            &theme.static_files,
        ),
    }
}
