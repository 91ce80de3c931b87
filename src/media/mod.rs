//! Media: the files that sit beside the Markdown under `content/` (photos,
//! logos, PDFs). Each is published once, at a URL of no language
//! (`content/articles/photo.jpg` → `/media/articles/…`), whatever the
//! number of languages that show it; `photo.en.jpg` beside `photo.jpg` is
//! its English version. Raster images become resized variants (WebP and
//! their own format, EXIF orientation applied, all metadata dropped), made
//! once per content hash and kept in a cache; SVG is checked and copied.
//!
//! [`discover`] reads and checks every file (the discover stage of media);
//! [`Media::resolve`] turns a reference written in a page into an asset;
//! [`cache::prepare`] makes the variants a build will write.

pub mod cache;
pub mod monogram;
pub mod raster;
pub mod svg;

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Lang, MediaConfig, SiteConfig};
use crate::content::discover::CONTENT_DIR;
use crate::diagnostics::{Diagnostic, Diagnostics, Kind as DiagnosticKind, io_error};
pub use raster::{Encoding, Probe};

/// The URL folder every asset is published under.
pub const MEDIA_DIR: &str = "media";

/// The `sizes` of an image in a page's text column (the theme's `.wrap`).
pub const BODY_SIZES: &str = "(min-width: 46rem) 44rem, 100vw";

/// An asset's index in [`Media::assets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetId(pub usize);

/// What kind of file an asset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// A photo or drawing duet resizes.
    Raster(Probe),
    /// An SVG, checked and published as is; its declared size, if any.
    Svg(Option<svg::SvgSize>),
    /// Any other file (PDF, audio…), published as is.
    File,
}

/// One file under `content/` that is not a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its path relative to the site root (`content/articles/photo.jpg`), for diagnostics.
    pub source: PathBuf,
    /// Its path relative to `content/`, with `/` (`articles/photo.en.jpg`).
    pub path: String,
    /// The path pages name it by: without a language suffix (`articles/photo.jpg`).
    pub key: String,
    /// The language it is the version of, from its name (`photo.en.jpg`).
    pub lang: Option<Lang>,
    /// A hash of its bytes: the key of its cached variants.
    pub hash: u64,
    /// Its size in bytes.
    pub size: u64,
    /// What it is.
    pub kind: AssetKind,
}

/// One output file of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VariantRef {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its encoding.
    pub encoding: Encoding,
}

/// What a reference written in a page (`photo.jpg`, `../files/report.pdf`) names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// Not a reference to a file under `content/` (a URL, a page, an anchor).
    NotAsset,
    /// This asset.
    Asset(AssetId),
    /// A file that does not exist; the message says what was looked for.
    Missing(String),
    /// A path that leaves `content/`.
    Outside(String),
}

/// Every asset of a site, and how to process them.
#[derive(Debug, Clone, Default)]
pub struct Media {
    /// The assets, sorted by path.
    pub assets: Vec<Asset>,
    /// The site root, where the assets are read from.
    pub root: PathBuf,
    /// How images are processed.
    pub config: MediaConfig,
    by_path: HashMap<String, AssetId>,
    by_key: HashMap<String, Vec<AssetId>>,
    /// Per asset, in `assets` order: its output files and their URLs.
    published: Vec<Published>,
}

/// The output files of one asset, their URLs and their names in the
/// cache, found once when the assets are read rather than for every page
/// that shows them and every step of the build that looks for them.
#[derive(Debug, Clone, Default)]
struct Published {
    /// A raster's variants (per width, WebP then its fallback); empty for a file published as is.
    variants: Vec<VariantRef>,
    /// The URL path of each variant, in `variants` order.
    urls: Vec<String>,
    /// Each variant as a `srcset` candidate, its URL path and width (`/media/a-480.jpg 480w`).
    candidates: Vec<String>,
    /// The name of each variant in the cache, in `variants` order.
    cache_names: Vec<String>,
    /// Where a plain link leads: the file, or a raster's largest fallback variant.
    link: String,
}

impl Media {
    /// A set of assets read from `root`.
    pub fn new(root: &Path, config: &MediaConfig, mut assets: Vec<Asset>) -> Media {
        assets.sort_by(|a, b| a.path.cmp(&b.path));
        let mut by_path = HashMap::new();
        let mut by_key: HashMap<String, Vec<AssetId>> = HashMap::new();
        for (i, asset) in assets.iter().enumerate() {
            by_path.insert(asset.path.clone(), AssetId(i));
            by_key.entry(asset.key.clone()).or_default().push(AssetId(i));
        }
        let published = assets.par_iter().map(|asset| Published::of(asset, config)).collect();
        Media {
            assets,
            root: root.to_path_buf(),
            config: config.clone(),
            by_path,
            by_key,
            published,
        }
    }

    /// The asset with id `id`.
    pub fn get(&self, id: AssetId) -> &Asset {
        &self.assets[id.0]
    }

    /// What `dest`, written in a file in folder `dir` (relative to
    /// `content/`) of language `lang`, names: the `lang` version of the file
    /// if there is one, else the file itself. Site paths (`/…`), URLs,
    /// anchors, pages (`.md`, `.html`) and paths without an extension are
    /// not assets.
    pub fn resolve(&self, dir: &str, lang: &Lang, dest: &str) -> Reference {
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        let last = path.rsplit('/').next().unwrap_or_default();
        let extension = last.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if matches!(extension.as_deref(), None | Some("md" | "html" | "htm")) {
            return Reference::NotAsset;
        }
        self.resolve_file(dir, lang, dest)
    }

    /// What `dest` names where it can only name a file (an image, a logo):
    /// as [`Media::resolve`], whatever its extension.
    pub fn resolve_file(&self, dir: &str, lang: &Lang, dest: &str) -> Reference {
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        if path.is_empty() || path.starts_with('/') || path.contains(':') {
            return Reference::NotAsset;
        }
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Reference::Outside(format!("`{dest}` leads out of the content folder"));
                    }
                }
                p => parts.push(p),
            }
        }
        let joined = parts.join("/");
        let versions = self.by_key.get(&joined).into_iter().flatten();
        let own = versions.clone().find(|&&id| self.get(id).lang.as_ref() == Some(lang));
        let any = self
            .by_path
            .get(&joined)
            .or_else(|| versions.clone().find(|&&id| self.get(id).lang.is_none()));
        match own.or(any) {
            Some(&id) => Reference::Asset(id),
            None => Reference::Missing(format!("`{dest}` names no file (looked for content/{joined})")),
        }
    }

    /// The output files of an asset: a raster's variants (per width, WebP
    /// then its fallback), or the file itself (an empty list).
    pub fn variants(&self, id: AssetId) -> &[VariantRef] {
        &self.published[id.0].variants
    }

    /// The variants of an asset with their URL paths, in [`Media::variants`] order.
    pub fn variant_urls(&self, id: AssetId) -> impl Iterator<Item = (&VariantRef, &str)> {
        let published = &self.published[id.0];
        published.variants.iter().zip(published.urls.iter().map(String::as_str))
    }

    /// The `srcset` of an asset's WebP variants (`webp`) or of its fallback
    /// variants, with `base` before each URL; empty for a file published as is.
    pub fn srcset(&self, id: AssetId, webp: bool, base: &str) -> String {
        let published = &self.published[id.0];
        let chosen = || {
            published
                .variants
                .iter()
                .zip(&published.candidates)
                .filter(move |(v, _)| (v.encoding == Encoding::Webp) == webp)
                .map(|(_, candidate)| candidate)
        };
        let mut set = String::with_capacity(chosen().map(|c| base.len() + c.len() + 2).sum());
        for candidate in chosen() {
            if !set.is_empty() {
                set.push_str(", ");
            }
            set.push_str(base);
            set.push_str(candidate);
        }
        set
    }

    /// The variants of an asset with their names in the cache, in [`Media::variants`] order.
    pub(crate) fn cache_names(&self, id: AssetId) -> impl Iterator<Item = (&VariantRef, &str)> {
        let published = &self.published[id.0];
        published
            .variants
            .iter()
            .zip(published.cache_names.iter().map(String::as_str))
    }

    /// The URL path of an asset published as is.
    pub fn url(&self, id: AssetId) -> String {
        file_url(&self.get(id).path)
    }

    /// The URL path of one variant of a raster asset: `/media/DIR/NAME-WIDTH.EXT`.
    pub fn variant_url(&self, id: AssetId, width: u32, encoding: Encoding) -> String {
        match self
            .variant_urls(id)
            .find(|(v, _)| v.width == width && v.encoding == encoding)
        {
            Some((_, url)) => url.to_string(),
            None => variant_url(&self.get(id).path, width, encoding),
        }
    }

    /// The URL a plain link to the asset leads to: the file, or a raster's
    /// largest fallback variant.
    pub fn link_url(&self, id: AssetId) -> &str {
        &self.published[id.0].link
    }
}

impl Published {
    fn of(asset: &Asset, config: &MediaConfig) -> Published {
        let variants: Vec<VariantRef> = match asset.kind {
            AssetKind::Raster(probe) => raster::variant_widths(probe.width, &config.widths)
                .into_iter()
                .flat_map(|width| {
                    let height = if width == probe.width {
                        probe.height
                    } else {
                        raster::variant_height(&probe, width)
                    };
                    [Encoding::Webp, probe.fallback].map(|encoding| VariantRef {
                        width,
                        height,
                        encoding,
                    })
                })
                .collect(),
            AssetKind::Svg(_) | AssetKind::File => Vec::new(),
        };
        let urls: Vec<String> = variants
            .iter()
            .map(|v| variant_url(&asset.path, v.width, v.encoding))
            .collect();
        let candidates = variants
            .iter()
            .zip(&urls)
            .map(|(v, url)| format!("{url} {}w", v.width))
            .collect();
        let cache_names = variants
            .iter()
            .map(|&v| cache::file_name(asset.hash, v, config.quality))
            .collect();
        let link = match variants.iter().rposition(|v| v.encoding != Encoding::Webp) {
            Some(largest) => urls[largest].clone(),
            None => file_url(&asset.path),
        };
        Published {
            variants,
            urls,
            candidates,
            cache_names,
            link,
        }
    }
}

/// The URL path of a file published as is: `/media/PATH`.
fn file_url(path: &str) -> String {
    let mut url = String::with_capacity(MEDIA_DIR.len() + path.len() + 2);
    url.push('/');
    url.push_str(MEDIA_DIR);
    url.push('/');
    url.push_str(path);
    url
}

/// The URL path of a variant of the file at `path` (under `content/`): `/media/DIR/NAME-WIDTH.EXT`.
fn variant_url(path: &str, width: u32, encoding: Encoding) -> String {
    let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
    format!("/{MEDIA_DIR}/{stem}-{width}.{}", encoding.extension())
}

/// Reads every file under `content/` that is not Markdown: hashes it,
/// reads an image's header (refusing oversized and corrupt files and
/// decompression bombs), checks an SVG. Reports every problem at once.
pub fn discover(root: &Path, config: &SiteConfig) -> Result<Media, Diagnostics> {
    let content = root.join(CONTENT_DIR);
    let files: Vec<PathBuf> = crate::content::discover::walk(&content)
        // Unreadable entries and symlinks are reported by the content stage.
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_none_or(|x| x != "md"))
        .map(|e| e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf())
        .collect();
    let known = cache::known(root);
    let read: Vec<Result<(cache::Stamp, Asset, bool), Diagnostic>> = files
        .par_iter()
        .map(|rel| {
            let stamp = cache::Stamp::of(&root.join(rel)).map_err(|e| io_error(rel, "read the file", &e))?;
            let path = content_path(rel);
            match known.get(&path) {
                // Unchanged since the last build: what was read then holds, limits checked anew.
                Some((was, hash, kind)) if *was == stamp => {
                    check_limits(rel, stamp_size(&stamp), *kind, &config.media)?;
                    let (key, lang) = language_of(&path, config);
                    Ok((
                        stamp,
                        Asset {
                            source: rel.clone(),
                            path,
                            key,
                            lang,
                            hash: *hash,
                            size: stamp_size(&stamp),
                            kind: *kind,
                        },
                        false,
                    ))
                }
                _ => read_asset(root, config, rel).map(|asset| (stamp, asset, true)),
            }
        })
        .collect();
    let mut assets = Vec::new();
    let mut stamps = Vec::new();
    let mut problems = Vec::new();
    let mut fresh = known.len() != files.len();
    for result in read {
        match result {
            Ok((stamp, asset, read)) => {
                fresh |= read;
                stamps.push(stamp);
                assets.push(asset);
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() && fresh && !assets.is_empty() {
        let pairs: Vec<(cache::Stamp, &Asset)> = stamps.iter().copied().zip(&assets).collect();
        cache::remember(root, &pairs);
    }
    if problems.is_empty() {
        Ok(Media::new(root, &config.media, assets))
    } else {
        Err(problems.into())
    }
}

/// Reads one asset (relative to the root), as after an edit.
pub fn read_asset(root: &Path, config: &SiteConfig, rel: &Path) -> Result<Asset, Diagnostic> {
    let abs = root.join(rel);
    let max_bytes = config.media.max_megabytes.saturating_mul(1 << 20);
    let size = std::fs::metadata(&abs)
        .map_err(|e| io_error(rel, "read the file", &e))?
        .len();
    if size > max_bytes {
        return Err(Diagnostic::new(
            rel,
            format!(
                "the file is {} MB, more than the {} MB allowed",
                size >> 20,
                config.media.max_megabytes
            ),
        )
        .with_hint("make it smaller, or raise `media.max_megabytes` in site.yaml"));
    }
    let bytes = std::fs::read(&abs).map_err(|e| io_error(rel, "read the file", &e))?;
    let path = content_path(rel);
    let name = path.rsplit('/').next().unwrap_or_default().to_string();
    let kind = if raster::is_raster(&name) {
        let budget = raster::Budget {
            max_pixels: config.media.max_megapixels.saturating_mul(1_000_000),
        };
        AssetKind::Raster(raster::probe(&bytes, budget).map_err(|m| Diagnostic::new(rel, m))?)
    } else if name.to_ascii_lowercase().ends_with(".svg") {
        let text = std::str::from_utf8(&bytes).map_err(|_| Diagnostic::new(rel, "the SVG is not valid UTF-8"))?;
        let size = svg::check(text).map_err(|(line, column, message)| {
            Diagnostic::at(rel, line, column, message)
                .with_hint("remove it from the SVG, or export the logo again as plain SVG")
        })?;
        AssetKind::Svg(size)
    } else {
        AssetKind::File
    };
    let (key, lang) = language_of(&path, config);
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(&bytes);
    Ok(Asset {
        source: rel.to_path_buf(),
        path,
        key,
        lang,
        hash: hasher.finish(),
        size,
        kind,
    })
}

/// A file's path under `content/`, with `/`.
fn content_path(rel: &Path) -> String {
    rel.strip_prefix(CONTENT_DIR)
        .unwrap_or(rel)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn stamp_size(stamp: &cache::Stamp) -> u64 {
    stamp.size()
}

/// The limits of `site.yaml` for a file read before, whose size and header are known.
fn check_limits(rel: &Path, size: u64, kind: AssetKind, config: &MediaConfig) -> Result<(), Diagnostic> {
    if size > config.max_megabytes.saturating_mul(1 << 20) {
        return Err(Diagnostic::new(
            rel,
            format!(
                "the file is {} MB, more than the {} MB allowed",
                size >> 20,
                config.max_megabytes
            ),
        )
        .with_hint("make it smaller, or raise `media.max_megabytes` in site.yaml"));
    }
    if let AssetKind::Raster(p) = kind
        && u64::from(p.width) * u64::from(p.height) > config.max_megapixels.saturating_mul(1_000_000)
    {
        return Err(Diagnostic::new(
            rel,
            format!(
                "the image is {} × {} pixels, more than the {} megapixels allowed; it was not decoded",
                p.width, p.height, config.max_megapixels
            ),
        ));
    }
    Ok(())
}

/// `dir/photo.en.jpg` → (`dir/photo.jpg`, `en`) when `en` is a site language.
fn language_of(path: &str, config: &SiteConfig) -> (String, Option<Lang>) {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let mut parts: Vec<&str> = name.split('.').collect();
    if parts.len() >= 3
        && let Some(language) = config.language(parts[parts.len() - 2])
    {
        let lang = language.lang.clone();
        parts.remove(parts.len() - 2);
        let name = parts.join(".");
        let key = if dir.is_empty() { name } else { format!("{dir}/{name}") };
        return (key, Some(lang));
    }
    (path.to_string(), None)
}

/// A warning for an asset no page refers to.
pub fn unused(asset: &Asset) -> Diagnostic {
    Diagnostic::new(
        &asset.source,
        "no page refers to this file; it is published all the same",
    )
    .with_hint("link it from a page, or remove it")
    .with_kind(DiagnosticKind::UnusedAsset)
}
