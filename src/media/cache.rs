//! The cache of processed images: each variant is made once per content
//! hash and parameters and kept in `.duet-cache/media/` at the site root
//! (which `duet init`'s `.gitignore` lists), so a build reprocesses only
//! new or changed images; a full build prunes what no asset uses any more.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{AssetId, AssetKind, Media, VariantRef, raster};
use crate::diagnostics::{Diagnostic, Diagnostics, io_error};

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".duet-cache/media";

impl Media {
    fn cache_dir(&self) -> PathBuf {
        self.root.join(CACHE_DIR)
    }

    /// Where a variant of an asset is kept in the cache (made by [`prepare`]).
    pub fn cached(&self, id: AssetId, variant: VariantRef) -> PathBuf {
        let name = match self.cache_names(id).find(|(v, _)| **v == variant) {
            Some((_, name)) => name.to_string(),
            None => file_name(self.get(id).hash, variant, self.config.quality),
        };
        self.cache_dir().join(name)
    }
}

/// The name of a variant in the cache: what it is made from and how.
pub(super) fn file_name(hash: u64, v: VariantRef, quality: u8) -> String {
    format!("{hash:016x}-{}-q{quality}.{}", v.width, v.encoding.extension())
}

/// The files of the cache as a build found them: listed once by
/// [`prepare`], for the look-up of every variant and for [`prune`].
pub struct Listing(HashSet<OsString>);

/// Makes every variant missing from the cache, decoding each image once,
/// in parallel. A corrupt or truncated image is an error naming its file.
pub fn prepare(media: &Media) -> Result<Listing, Diagnostics> {
    let dir = media.cache_dir();
    let rasters: Vec<AssetId> = (0..media.assets.len())
        .map(AssetId)
        .filter(|&id| matches!(media.get(id).kind, AssetKind::Raster(_)))
        .collect();
    if !rasters.is_empty() {
        std::fs::create_dir_all(&dir).map_err(|e| io_error(Path::new(CACHE_DIR), "create the image cache", &e))?;
    }
    // One listing of the cache instead of a look-up per variant.
    let cached = Listing(
        std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default(),
    );
    let problems: Vec<Diagnostic> = rasters
        .par_iter()
        .filter_map(|&id| prepare_one(media, &dir, &cached, id).err())
        .collect();
    if problems.is_empty() {
        Ok(cached)
    } else {
        Err(problems.into())
    }
}

fn prepare_one(media: &Media, dir: &Path, cached: &Listing, id: AssetId) -> Result<(), Diagnostic> {
    let asset = media.get(id);
    let wanted = media.variants(id);
    if media
        .cache_names(id)
        .all(|(_, name)| cached.0.contains(OsStr::new(name)))
    {
        return Ok(());
    }
    let bytes =
        std::fs::read(media.root.join(&asset.source)).map_err(|e| io_error(&asset.source, "read the file", &e))?;
    let budget = raster::Budget {
        max_pixels: media.config.max_megapixels.saturating_mul(1_000_000),
    };
    let widths: Vec<u32> = wanted
        .iter()
        .map(|v| v.width)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let variants = raster::process(&bytes, budget, &widths, media.config.quality)
        .map_err(|m| Diagnostic::new(&asset.source, m))?;
    for variant in variants {
        let Some((_, name)) = media
            .cache_names(id)
            .find(|(v, _)| v.width == variant.width && v.encoding == variant.encoding)
        else {
            continue;
        };
        // Written beside, then renamed: a killed build never leaves half a file under a good name.
        let partial = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&partial, &variant.bytes)
            .and_then(|()| std::fs::rename(&partial, dir.join(name)))
            .map_err(|e| {
                io_error(
                    Path::new(CACHE_DIR).join(name).as_path(),
                    "write the processed image",
                    &e,
                )
            })?;
    }
    Ok(())
}

/// Removes cached variants that no asset of `media` uses any more, and
/// cached files of other kinds (social cards) not named in `also_keep`,
/// among the files `listing` found before the build.
pub fn prune(media: &Media, listing: &Listing, also_keep: &HashSet<String>) {
    let dir = media.cache_dir();
    let keep: HashSet<&str> = (0..media.assets.len())
        .map(AssetId)
        .flat_map(|id| media.cache_names(id).map(|(_, name)| name))
        .collect();
    for file in &listing.0 {
        let name = file.to_string_lossy();
        if !keep.contains(name.as_ref()) && !also_keep.contains(name.as_ref()) && name != INDEX {
            // A file another build is writing now is renamed into place or gone; either is fine.
            let _ = std::fs::remove_file(dir.join(file));
        }
    }
}

/// The name of the index of what was read of each asset, in the cache folder.
const INDEX: &str = "index.tsv";

/// What identifies a file's version without reading it: size, change time and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    size: u64,
    modified_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The file's size in bytes.
    pub(super) fn size(&self) -> u64 {
        self.size
    }

    /// The stamp of the file at `path`.
    pub(super) fn of(path: &Path) -> std::io::Result<Stamp> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Ok(Stamp {
            size: meta.len(),
            modified_ns,
            inode,
        })
    }
}

/// What the last build read of each asset (its hash and header), by path
/// under `content/`, so a build whose photos did not change reads none of them.
pub(super) type Known = std::collections::HashMap<String, (Stamp, u64, AssetKind)>;

/// Reads the index; anything unreadable in it is simply read again.
pub(super) fn known(root: &Path) -> Known {
    let Ok(text) = std::fs::read_to_string(root.join(CACHE_DIR).join(INDEX)) else {
        return Known::new();
    };
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let [size, modified, inode, hash, kind @ .., path] = f.as_slice() else {
                return None;
            };
            let stamp = Stamp {
                size: size.parse().ok()?,
                modified_ns: modified.parse().ok()?,
                inode: inode.parse().ok()?,
            };
            let hash = u64::from_str_radix(hash, 16).ok()?;
            Some((path.to_string(), (stamp, hash, parse_kind(kind)?)))
        })
        .collect()
}

fn parse_kind(f: &[&str]) -> Option<AssetKind> {
    let n = |s: &str| s.parse::<u32>().ok();
    Some(match f {
        ["raster", w, h, fallback] => AssetKind::Raster(raster::Probe {
            width: n(w)?,
            height: n(h)?,
            fallback: match *fallback {
                "jpg" => raster::Encoding::Jpeg,
                "png" => raster::Encoding::Png,
                _ => return None,
            },
        }),
        ["svg", "-", "-", "-"] => AssetKind::Svg(None),
        ["svg", w, h, _] => AssetKind::Svg(Some(super::svg::SvgSize {
            width: n(w)?,
            height: n(h)?,
        })),
        ["file", "-", "-", "-"] => AssetKind::File,
        _ => return None,
    })
}

/// Writes the index of `assets` with their stamps. Failing to write it
/// only costs the next build a read of every file.
pub(super) fn remember(root: &Path, assets: &[(Stamp, &super::Asset)]) {
    let mut text = String::new();
    for (stamp, asset) in assets {
        let kind = match asset.kind {
            AssetKind::Raster(p) => format!("raster\t{}\t{}\t{}", p.width, p.height, p.fallback.extension()),
            AssetKind::Svg(Some(s)) => format!("svg\t{}\t{}\t-", s.width, s.height),
            AssetKind::Svg(None) => "svg\t-\t-\t-".into(),
            AssetKind::File => "file\t-\t-\t-".into(),
        };
        text.push_str(&format!(
            "{}\t{}\t{}\t{:016x}\t{kind}\t{}\n",
            stamp.size, stamp.modified_ns, stamp.inode, asset.hash, asset.path
        ));
    }
    let dir = root.join(CACHE_DIR);
    let partial = dir.join(format!(".{INDEX}.{}.tmp", std::process::id()));
    let _ = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&partial, text))
        .and_then(|()| std::fs::rename(&partial, dir.join(INDEX)));
}
