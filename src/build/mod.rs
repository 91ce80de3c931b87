//! The build: runs the stages in order and gathers every problem they find.
//! [`load`] runs everything up to a linked site ready to render; [`build`]
//! renders and writes it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cards;
use crate::config::Lang;
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::media;
use crate::output::{self, Contents};
use crate::plan::{self, Job};
use crate::render::Renderer;
use crate::site::Site;
use crate::theme::Theme;
use crate::validate;

mod load;

pub use load::{Bodies, load, load_with};
pub(crate) use load::{LinkOptions, link, static_paths};
use load::{ParseCache, binary, load_cached};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (the folder with `site.yaml`).
    pub root: PathBuf,
    /// The output folder, relative to the root unless absolute.
    pub output: PathBuf,
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Another base URL than `site.yaml`'s, for preview and staging builds.
    pub base_url: Option<String>,
    /// Fail on any UI string missing in a language, even if a fallback
    /// covers it, and on links to pages or anchors that do not exist.
    pub strict: bool,
    /// Render every file, ignoring what the previous build left in the
    /// output and the build cache ([`output::reuse`]).
    pub full: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// The output folder, absolute.
    pub output: PathBuf,
    /// Pages per language ([`Site::pages_per_language`]), in site order.
    pub pages: Vec<(Lang, usize)>,
    /// Translation groups with a page missing in some language.
    pub untranslated: usize,
    /// Problems that do not stop the build (stale translations, broken links).
    pub warnings: Vec<Diagnostic>,
    /// Files and bytes written.
    pub written: output::Written,
    /// Files taken unchanged from the previous build's output (they count
    /// among the files written, not among the bytes).
    pub reused: usize,
    /// Content files not read: their stamps were those the parse cache
    /// kept, so their pages were taken from it ([`crate::content::stamp`]).
    pub unread: usize,
    /// Whether the files rendered replaced their old versions in the
    /// output, rather than a new output being swapped in.
    pub in_place: bool,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time per stage.
    pub stages: Vec<(&'static str, Duration)>,
}

/// A site loaded and linked, with its templates compiled: ready to render,
/// and to relink after an edit without reading everything again.
pub struct Loaded {
    /// The linked site.
    pub site: Site,
    /// Templates and UI strings.
    pub renderer: Renderer,
    /// The theme's files (static files are copied to the output).
    pub theme: Theme,
    /// Links in bodies to pages or anchors that do not exist (errors with `strict`).
    pub broken_links: Vec<Diagnostic>,
    /// Every page as parsed, before linking, by file; empty when loaded for
    /// a build ([`Bodies::LetGo`]), which does not look at them again.
    pub(crate) pages: BTreeMap<PathBuf, Page>,
    pub(crate) locales: Arc<Locales>,
    pub(crate) drafts: bool,
    pub(crate) strict: bool,
    /// Problems found while loading that do not stop a build (links skipped under content/).
    pub warnings: Vec<Diagnostic>,
    /// Content files whose pages were taken from the parse cache by their
    /// stamp, without being read ([`crate::content::stamp`]).
    pub unread: usize,
}

/// One output file of a job, as its path and contents: pages go through
/// the templates; feeds, the sitemap, robots.txt and the search index are
/// written by the output stage; media come from the content folder and the
/// image cache; social cards are drawn into that cache (here, so they are
/// drawn in parallel with the other jobs) unless it has them. Search shards
/// come from `search`, made once for the jobs at hand
/// ([`output::search::SearchFiles::prepare`]); a page's search fragment is
/// made by its job.
pub fn produce(
    site: &Site,
    renderer: &Renderer,
    search: &output::search::SearchFiles,
    memo: &crate::render::Memo,
    job: &Job,
) -> Result<(String, Contents), Diagnostic> {
    let text = |(path, text): (String, String)| (path, Contents::Bytes(text.into_bytes()));
    // The search index's files are placed by the plan.
    let search_file = |bytes: Vec<u8>| {
        let path = plan::output_path(site, job).expect("every search job has an output path");
        (path, Contents::Bytes(bytes))
    };
    match job {
        Job::Feed(lang) => output::feed::atom(site, renderer.locales(), lang).map(text),
        Job::Sitemap(part) => Ok(text(output::sitemap::sitemap(site, *part))),
        Job::Robots => Ok(text(output::sitemap::robots(site))),
        Job::SearchIndex(lang) => Ok(search_file(output::search::meta(site, lang))),
        Job::SearchShard(lang, n) => search.shard(lang, *n).map(search_file),
        Job::SearchFragment(i, _) => search.fragment(site, renderer.locales(), *i).map(search_file),
        Job::SearchFilters(lang) => output::search::filters(site, renderer.locales(), lang).map(search_file),
        Job::Host(file) => Ok(text(output::hosting::host_file(site, renderer.assets(), *file))),
        Job::Asset(id) => Ok((
            plan::asset_output(site, job).unwrap_or_default(),
            Contents::Copied(site.media.root.join(&site.media.get(*id).source)),
        )),
        Job::Variant(id, width, encoding) => {
            let variant = site
                .media
                .variants(*id)
                .iter()
                .find(|v| v.width == *width && v.encoding == *encoding);
            let variant = variant.ok_or_else(|| {
                Diagnostic::new(
                    &site.media.get(*id).source,
                    "internal error: a variant the plan lists is not made",
                )
            })?;
            Ok((
                plan::asset_output(site, job).unwrap_or_default(),
                Contents::Linked(site.media.cached(*id, *variant)),
            ))
        }
        Job::Card(i) => {
            let card = cards::Card::of(site, renderer.locales(), renderer.fonts(), *i)?;
            let cached = cards::cached(&site.media.root, renderer.fonts(), &card)?;
            Ok((plan::cards::output_path(site, *i), Contents::Linked(cached)))
        }
        Job::Entry(_)
        | Job::Home(_)
        | Job::Articles(..)
        | Job::Partners(_)
        | Job::PartnerArticles(..)
        | Job::TaxonomyIndex(..)
        | Job::Term(..)
        | Job::NotFound(_)
        | Job::Root
        | Job::Search(_) => renderer
            .render(site, memo, job)
            .map(|(path, html)| (path, Contents::Bytes(html))),
    }
}

/// A build that renders at most one file in this many of the plan replaces
/// them in the previous output ([`output::patch_output`]) rather than
/// filling a staging folder with links to all the others: one write and
/// two links a file changed, against a folder made and removed for every
/// page and a link for every file.
const PATCH_SHARE: usize = 2;

/// The fingerprint of what a build reads besides the content: the duet
/// binary, `site.yaml` and the options, the theme's templates, static
/// files and strings, the fonts of social cards, and the build date (age
/// notes and the copyright year follow it). A change of any of them
/// renders every file again.
fn inputs(options: &BuildOptions, site: &Site, renderer: &Renderer, theme: &Theme) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    binary().hash(&mut hasher);
    (
        &*site.config.source,
        &site.config.base_url,
        options.drafts,
        options.strict,
    )
        .hash(&mut hasher);
    for template in &theme.templates {
        (&template.name, &template.text).hash(&mut hasher);
    }
    theme.static_files.hash(&mut hasher);
    for strings in &theme.locales {
        (&strings.lang, &*strings.text).hash(&mut hasher);
    }
    (&theme.site_static, &theme.assets, renderer.fonts().fingerprint()).hash(&mut hasher);
    renderer.build_date().hash(&mut hasher);
    hasher.finish()
}

/// Builds the site: on success the output folder holds the new site; on
/// failure it is untouched and every problem found is returned.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    build_with_progress(options, &|_, _| {})
}

/// [`build`], calling `progress(done, total)` as output files are written
/// (from any thread), so a front end can show how far it has got.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildSummary, Diagnostics> {
    let started = Instant::now();
    // The output folder is checked before anything else is read.
    let output_dir = output::check_output_dir(&options.root, &options.output)?;
    let Loaded {
        site,
        renderer,
        theme,
        broken_links,
        warnings: load_warnings,
        unread,
        ..
    } = load_cached(
        &options.root,
        options.drafts,
        options.strict,
        options.base_url.as_deref(),
        Bodies::LetGo,
        if options.full {
            ParseCache::Write
        } else {
            ParseCache::ReadAndWrite
        },
    )?;

    let jobs = plan::jobs(&site);
    let linked_at = started.elapsed();
    let stamp = inputs(options, &site, &renderer, &theme);
    // The previous build's cache is read (one thread) while the prints are made.
    let (mut prints, previous) = rayon::join(
        || plan::fingerprint::prints(&site, &jobs, stamp),
        || {
            (!options.full)
                .then(|| output::reuse::read(&options.root, &output_dir))
                .flatten()
        },
    );
    let stale = validate::stale_translations(&site)?;
    // Each job with the file the previous build made from the same inputs,
    // if any. Where the disk's cache is cold each look-up waits for it, so
    // many run at once: 100k pairs' 620,000 kept files were looked up in
    // 11.6 s on sixteen threads, 21.4 s on two.
    let compare = || -> Vec<(&Job, Option<(String, PathBuf)>)> {
        jobs.par_iter()
            .zip(&prints)
            .map(|(job, print)| {
                let kept = previous
                    .as_ref()
                    .zip(print.as_ref())
                    .and_then(|(previous, print)| Some((print.path.clone(), previous.reusable(print)?)));
                (job, kept)
            })
            .collect()
    };
    let lookers = match previous {
        Some(_) => crate::content::Waiting::new("look"),
        None => crate::content::Waiting::none(),
    };
    let mut work = lookers.run(compare);
    let loaded_at = started.elapsed();
    let cached = media::cache::prepare(&site.media)?;
    let processed_at = started.elapsed();
    // A shard reads the words of its whole language: the shards of a
    // language with an edited page are encoded again, but those whose
    // JSON came out as before keep their file.
    let unkept: Vec<Job> = work
        .iter()
        .filter(|(_, kept)| kept.is_none())
        .map(|(job, _)| (*job).clone())
        .collect();
    // Which index each language's shards in the previous output are of.
    let mut indexes = HashMap::new();
    for (job, print) in jobs.iter().zip(&prints) {
        if let (Some((lang, 0)), Some(print)) = (job.search_shard(), print) {
            let before = previous.as_ref().and_then(|p| p.fingerprint(&print.path));
            let index = output::chunks::Index {
                before,
                now: print.fingerprint,
            };
            indexes.insert(lang.clone(), index);
        }
    }
    let chunks = output::chunks::Cache {
        root: &options.root,
        stamp,
        read: !options.full,
        indexes: &indexes,
    };
    let (search, shard_hashes, search_warnings) = output::search::SearchFiles::prepare(
        &site,
        renderer.locales(),
        &unkept,
        |lang, n| {
            let path = plan::output_path(&site, &Job::SearchShard(lang.clone(), n))?;
            let previous = previous.as_ref()?;
            previous.same_file(&path).and(previous.content(&path))
        },
        Some(chunks),
    )?;
    for ((job, kept), print) in work.iter_mut().zip(&mut prints) {
        let (Some((lang, n)), Some(print)) = (job.search_shard(), print.as_mut()) else {
            continue;
        };
        let previous = previous.as_ref();
        match shard_hashes.get(&(lang.clone(), n)) {
            Some(&hash) => {
                print.content = Some(hash);
                if kept.is_none() && !search.has(lang, n) {
                    *kept = previous
                        .and_then(|p| p.same_file(&print.path))
                        .map(|from| (print.path.clone(), from));
                }
            }
            // Kept whole: what it holds is what the previous build said.
            None => print.content = previous.and_then(|p| p.content(&print.path)),
        }
    }
    let reused = work.iter().filter(|(_, kept)| kept.is_some()).count();
    let redo: Vec<Job> = work
        .iter()
        .filter(|(_, kept)| kept.is_none())
        .map(|(job, _)| (*job).clone())
        .collect();
    let indexed_at = started.elapsed();
    // What many pages show alike, for this pass over this site only.
    let memo = crate::render::Memo::new(&site, &redo);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let count = |result| {
        progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, jobs.len());
        result
    };
    let in_place = previous.is_some() && redo.len() * PATCH_SHARE <= jobs.len();
    let written = if in_place {
        // Few files change: they replace their old versions in the output.
        // Until that is done the cache describes nothing, so a build killed
        // midway is followed by a full one.
        output::reuse::clear(&options.root, &output_dir);
        // Files of outputs the site no longer has (a listing's last page):
        // none when the previous build lists every path this one has and
        // no more (paths are unique), which is counted in parallel.
        let listed = |p: &&plan::fingerprint::Print| {
            previous
                .as_ref()
                .is_some_and(|previous| previous.fingerprint(&p.path).is_some())
        };
        let still = prints.par_iter().flatten().filter(listed).count();
        let gone: Vec<String> = match &previous {
            Some(previous) if still < previous.len() => {
                let paths: HashSet<&str> = prints.iter().flatten().map(|p| p.path.as_str()).collect();
                previous
                    .paths()
                    .filter(|p| !paths.contains(p))
                    .map(String::from)
                    .collect()
            }
            _ => Vec::new(),
        };
        output::patch_output(
            &output_dir,
            &redo,
            &gone,
            |job| count(produce(&site, &renderer, &search, &memo, job)),
            jobs.len() + theme.static_files.len(),
        )?
    } else {
        // A language's pages one after another: its cards are then kept
        // for one language at a time.
        let passes = plan::passes(&site, &work, |(job, _)| job);
        output::write_site(
            &output_dir,
            &passes,
            |&(job, kept)| {
                count(match kept {
                    Some((path, from)) => Ok((path.clone(), Contents::Linked(from.clone()))),
                    None => produce(&site, &renderer, &search, &memo, job),
                })
            },
            &theme.static_files,
        )?
    };
    let mut cache_warnings = Vec::new();
    if let Err(e) = output::reuse::write(&options.root, &output_dir, &prints) {
        output::reuse::clear(&options.root, &output_dir);
        cache_warnings.push(crate::diagnostics::io_error(
            &options.root.join(output::reuse::CACHE_DIR),
            "keep the build cache (the next build renders every file)",
            &e,
        ));
    }

    media::cache::prune(
        &site.media,
        &cached,
        &cards::cache_names(&site, renderer.locales(), renderer.fonts()),
    );
    let pages = site.pages_per_language();
    let untranslated = site.untranslated().count();
    let card_warnings = cards::warnings(&site, renderer.fonts());
    // The site and what this pass kept of it are let go of on a thread of
    // their own: freeing them took one core about 70 ms at the end of a
    // 10,000-pair build while the other waited, and a command-line build
    // ends without waiting for it. A thread that cannot be started (which
    // `thread::spawn` would panic on) hands the closure back, dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop((site, memo)));
    Ok(BuildSummary {
        output: output_dir,
        pages,
        untranslated,
        warnings: load_warnings
            .into_iter()
            .chain(renderer.locales().warnings.iter().cloned())
            .chain(stale)
            .chain(broken_links)
            .chain(card_warnings)
            .chain(cache_warnings)
            .chain(search_warnings)
            .collect(),
        written,
        reused,
        unread,
        in_place,
        elapsed: started.elapsed(),
        stages: vec![
            ("load, parse and link", linked_at),
            ("compare with the previous build", loaded_at - linked_at),
            ("process images", processed_at - loaded_at),
            ("search index", indexed_at - processed_at),
            ("render and write", started.elapsed() - indexed_at),
        ],
    })
}
