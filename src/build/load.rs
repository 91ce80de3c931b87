//! The load stage of a build: the site's files read, parsed (through the
//! parse cache in a build) and linked, its theme and strings compiled.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Loaded;
use crate::cards;
use crate::config::{Lang, SiteConfig};
use crate::content::cache::Cached;
use crate::content::{self, Page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::links;
use crate::markdown;
use crate::media::{self, Media};
use crate::plan;
use crate::render::Renderer;
use crate::site::{self, Site};
use crate::theme::Theme;
use crate::validate;

/// Reads, parses and links the site in `root` and compiles its theme,
/// reporting every problem of every stage at once. `strict` turns UI
/// strings missing in a language into errors, even where a fallback stands
/// in, and so too links to pages or anchors that do not exist.
pub fn load(root: &Path, drafts: bool, strict: bool) -> Result<Loaded, Diagnostics> {
    load_with(root, drafts, strict, None, Bodies::Held)
}

/// Whether a loaded site holds its pages' bodies: the dev server and the
/// checks hold them; a build lets each go as soon as its file is parsed
/// and reads it again when a job needs it ([`Page::read_body`]), so that
/// loading holds every page's metadata but no more than a few files' text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Every page keeps its whole text.
    Held,
    /// Every page keeps its front matter and reads its body from its file.
    LetGo,
}

/// [`load`], with another base URL than `site.yaml`'s (`--base-url`), and
/// the bodies held or let go.
pub fn load_with(
    root: &Path,
    drafts: bool,
    strict: bool,
    base_url: Option<&str>,
    bodies: Bodies,
) -> Result<Loaded, Diagnostics> {
    load_cached(root, drafts, strict, base_url, bodies, ParseCache::Off)
}

/// A content file as it was looked at: its page taken back from the parse
/// cache by its stamp, or its text read (with the page the cache kept).
enum Looked {
    Same(Page),
    Read(Option<Cached>, Result<content::SourceFile, Diagnostic>),
}

/// Whether loading goes through the parse cache ([`content::cache`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ParseCache {
    /// Every file is parsed, and nothing is kept.
    Off,
    /// Every file is parsed, and every page is kept for the next build.
    Write,
    /// The pages of files whose text did not change since the last build
    /// are taken from the cache, and every page is kept for the next.
    ReadAndWrite,
}

/// [`load_with`], through the parse cache as `cache` says.
pub(super) fn load_cached(
    root: &Path,
    drafts: bool,
    strict: bool,
    base_url: Option<&str>,
    bodies: Bodies,
    cache: ParseCache,
) -> Result<Loaded, Diagnostics> {
    let mut config = SiteConfig::load(root)?;
    if let Some(url) = base_url {
        config.base_url = crate::config::base_url(url).map_err(|m| Diagnostic::new("--base-url", m))?;
    }
    let mut problems: Vec<Diagnostic> = Vec::new();
    let theme = Theme::load(root, &config).map_err(|d| problems.extend(d.0)).ok();
    // Both walk `content/`, each on a core of its own.
    let (listed, media) = rayon::join(|| content::list(root, &config), || media::discover(root, &config));
    // How bodies are rendered: the site's one set of settings, which
    // scans each body for its anchors and links while it is read.
    let theme_ids = theme.as_ref().map(theme_ids).unwrap_or_default();
    let markdown = Arc::new(markdown::Settings::new(&config.markdown, theme_ids));
    let mut warnings = listed.skipped;
    problems.extend(listed.problems);
    let media = media.map(Arc::new).map_err(|d| problems.extend(d.0)).ok();
    // Each file is read, parsed and (in a build) let go of in one step:
    // the text of the whole site is never held at once.
    let stamp = parse_stamp(&config);
    let kept = match cache {
        ParseCache::ReadAndWrite => content::cache::read(root, stamp),
        ParseCache::Write | ParseCache::Off => Vec::new(),
    };
    // Both in file order: each file meets its kept page, if any, in one pass.
    let mut kept = kept.into_iter().peekable();
    // Files gone since the cache was kept: it is kept again without them.
    let mut stale = false;
    let files: Vec<_> = listed
        .files
        .into_iter()
        .map(|file| {
            while kept.next_if(|(path, _)| path.as_path() < file.path()).is_some() {
                stale = true;
            }
            let cached = kept.next_if(|(path, _)| path == file.path()).map(|(_, cached)| cached);
            (file, cached)
        })
        .collect();
    stale |= kept.next().is_some();
    drop(kept);
    // Files are read ahead on threads of their own (a cold disk keeps its
    // readers waiting) and parsed a batch at a time on the cores; a build
    // does not read a file whose stamp is the one the cache kept, and
    // takes its page back from the cache.
    let let_go = (bodies == Bodies::LetGo).then_some(root);
    let mut parsed: Vec<Result<(Page, bool), Vec<Diagnostic>>> = Vec::with_capacity(files.len());
    let mut unread = 0;
    content::read_ahead(
        files,
        |(file, cached)| match cached {
            Some(kept) if let_go.is_some() && kept.stamp().is_some_and(|s| file.stamp() == Some(s)) => {
                Looked::Same(kept.unchanged(&file, root))
            }
            cached => Looked::Read(cached, file.read()),
        },
        |batch| {
            unread += batch.iter().filter(|looked| matches!(looked, Looked::Same(_))).count();
            parsed.par_extend(batch.into_par_iter().map(|looked| {
                let (cached, source) = match looked {
                    Looked::Same(page) => return Ok((page, false)),
                    Looked::Read(cached, source) => (cached, source.map_err(|d| vec![d])?),
                };
                // A file read because its stamp changed (or had not settled)
                // is kept again with the stamp it has now.
                let restamped = source.stamp.is_some() && source.stamp != cached.as_ref().and_then(Cached::stamp);
                let (mut page, fresh) = match cached.and_then(|c| c.page_for(&source, let_go)) {
                    Some(page) => (page, restamped),
                    None => {
                        let mut page = content::parse(&source)?;
                        page.scanned = markdown::scan(page.body(), &markdown).map(Arc::new);
                        (page, true)
                    }
                };
                if let Some(root) = let_go {
                    page.let_go_of_body(root, source.stamp);
                }
                Ok((page, fresh))
            }));
        },
    );
    let mut parsed_pages = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok((page, fresh)) => {
                stale |= fresh;
                parsed_pages.push(page);
            }
            Err(d) => problems.extend(d),
        }
    }
    // Kept only when every file parsed: a build that fails changes no cache.
    // The pages are made into records here; the file is written while
    // they are linked.
    let records =
        (cache != ParseCache::Off && stale && problems.is_empty()).then(|| content::cache::records(&parsed_pages));
    std::thread::scope(|scope| {
        let kept = records.map(|records| scope.spawn(move || content::cache::write(root, stamp, &records)));
        // In file order: the listing walks each folder sorted by name.
        debug_assert!(
            parsed_pages.windows(2).all(|w| w[0].file < w[1].file),
            "pages in file order"
        );
        // A build hands its pages to the site and keeps no copy: it does not
        // look at them again, and copying every page's metadata at 100,000
        // pages costs time and room. The dev server keeps them for its edits.
        let (pages, site_pages) = match bodies {
            Bodies::Held => (
                parsed_pages.iter().map(|p| (p.file.clone(), p.clone())).collect(),
                parsed_pages,
            ),
            Bodies::LetGo => (BTreeMap::new(), parsed_pages),
        };
        let locales = theme.as_ref().and_then(|t| {
            Locales::build(&config, strict, &t.locales)
                .map(Arc::new)
                .map_err(|d| problems.extend(d.0))
                .ok()
        });
        let fonts = cards::Fonts::load(root, &config)
            .map(Arc::new)
            .map_err(|d| problems.extend(d.0))
            .ok();
        let renderer = match (&theme, locales.clone(), fonts) {
            (Some(theme), Some(locales), Some(fonts)) => Renderer::new(theme, locales, &config, fonts)
                .map_err(|d| problems.extend(d.0))
                .ok(),
            _ => None,
        };
        let site = match &locales {
            Some(locales) => link(
                config,
                site_pages,
                LinkOptions {
                    drafts,
                    strict,
                    media: media.clone().unwrap_or_default(),
                    published: theme.as_ref().map(static_paths).unwrap_or_default(),
                },
                locales,
                markdown,
            )
            .map_err(|d| problems.extend(d.0))
            .ok(),
            // Without UI strings terms have no slugs of their own, but every other link problem can still be found.
            None => site::link(config, site_pages, drafts, &|_, _| None)
                .map_err(|d| problems.extend(d.0))
                .ok()
                .map(|site| (site, Vec::new())),
        };
        if let (Some((site, _)), Some(theme)) = (&site, &theme)
            && !(site.media.assets.is_empty() && theme.site_static.is_empty())
        {
            problems.extend(plan::output_collisions(site, &theme.site_static));
        }

        let kept = kept.map(|k| k.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        if let Some(Err(e)) = kept {
            // Lost, it costs the next build time, not output.
            content::cache::clear(root);
            warnings.push(crate::diagnostics::io_error(
                &root.join(content::cache::CACHE_FILE),
                "keep the parsed pages (the next build parses every file)",
                &e,
            ));
        }
        match (site, renderer, theme, locales) {
            (Some((site, broken_links)), Some(renderer), Some(theme), Some(locales)) if problems.is_empty() => {
                Ok(Loaded {
                    site,
                    renderer,
                    theme,
                    broken_links,
                    pages,
                    locales,
                    drafts,
                    strict,
                    warnings,
                    unread,
                })
            }
            _ => Err(problems.into()),
        }
    })
}

/// What parsing depends on besides a file's text: the binary and the
/// site's configuration.
fn parse_stamp(config: &SiteConfig) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (binary(), &*config.source).hash(&mut hasher);
    hasher.finish()
}

/// What tells this binary from another: its version, and its file's size
/// and time (a rebuilt binary has another; its bytes need not be read).
pub(super) fn binary() -> impl std::hash::Hash {
    let file = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| (m.len(), m.modified().ok()));
    (env!("CARGO_PKG_VERSION"), file.ok())
}

/// The output paths of the theme's and site's static files.
pub(crate) fn static_paths(theme: &Theme) -> Arc<HashSet<String>> {
    Arc::new(theme.static_files.iter().map(|(p, _)| p.clone()).collect())
}

/// The ids the theme's templates use, which content headings and raw HTML must leave alone.
fn theme_ids(theme: &Theme) -> BTreeSet<String> {
    markdown::sanitise::template_ids(theme.templates.iter().map(|t| t.text.as_str()))
}

/// How pages are linked: drafts kept, broken links fatal, the site's files.
pub(crate) struct LinkOptions {
    pub(crate) drafts: bool,
    pub(crate) strict: bool,
    pub(crate) media: Arc<Media>,
    /// Output paths of the static files, which links may name.
    pub(crate) published: Arc<HashSet<String>>,
}

/// Links parsed pages, in file order, with the site's UI strings (term
/// labels and slugs) and `markdown`, the settings its bodies were scanned
/// with and are rendered with, and checks the links in their bodies: a
/// forbidden URL scheme is an error; a broken link is returned as a
/// warning, or an error if `strict`.
pub(crate) fn link(
    config: SiteConfig,
    pages: Vec<Page>,
    options: LinkOptions,
    locales: &Locales,
    markdown: Arc<markdown::Settings>,
) -> Result<(Site, Vec<Diagnostic>), Diagnostics> {
    let LinkOptions {
        drafts,
        strict,
        media,
        published,
    } = options;
    let term_slug = |lang: &Lang, key: &str| locales.attribute(lang, key, "slug");
    let mut site = site::link(config, pages, drafts, &term_slug)?;
    site.markdown = markdown;
    site.media = media;
    // One reading of every body serves the link check and the files each page uses.
    // Scans are only for linking: each is moved into what the analysis finds.
    let scans = site.entries.iter_mut().map(|e| e.page.scanned.take()).collect();
    let bodies = links::analyse(&site, scans)?;
    site.find_uses(&bodies);
    let mut problems = validate::missing_term_labels(&site, locales);
    problems.extend(validate::identity(&site, locales));
    problems.extend(plan::url_collisions(&site));
    let links = links::check(&site, &bodies, &published);
    problems.extend(links.forbidden);
    let broken = if strict {
        problems.extend(links.broken);
        links.missing_alt
    } else {
        links.broken.into_iter().chain(links.missing_alt).collect()
    };
    if problems.is_empty() {
        Ok((site, broken))
    } else {
        Err(problems.into())
    }
}

impl Loaded {
    /// The content files the site was read from, drafts included, and the
    /// files beside them (relative to the root).
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.pages
            .keys()
            .map(PathBuf::as_path)
            .chain(self.site.media.assets.iter().map(|a| a.source.as_path()))
    }
}
