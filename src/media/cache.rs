//! The cache of processed images: each variant is made once per content
//! hash and parameters and kept in `.duet-cache/media/` at the site root
//! (which `duet init`'s `.gitignore` lists), so a build reprocesses only
//! new or changed images; a full build prunes what no asset uses any more.

use std::collections::HashSet;
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

    /// The name of a variant in the cache: what it is made from and how.
    fn cache_name(&self, id: AssetId, v: VariantRef) -> String {
        format!(
            "{:016x}-{}-q{}.{}",
            self.get(id).hash,
            v.width,
            self.config.quality,
            v.encoding.extension()
        )
    }

    /// The bytes of one output file of an asset: a variant from the cache
    /// (made by [`prepare`]), or the file itself.
    pub fn bytes(&self, id: AssetId, variant: Option<VariantRef>) -> Result<Vec<u8>, Diagnostic> {
        let asset = self.get(id);
        match variant {
            Some(v) => {
                let path = self.cache_dir().join(self.cache_name(id, v));
                std::fs::read(&path).map_err(|e| io_error(&asset.source, "read the processed image from the cache", &e))
            }
            None => {
                std::fs::read(self.root.join(&asset.source)).map_err(|e| io_error(&asset.source, "read the file", &e))
            }
        }
    }
}

/// Makes every variant missing from the cache, decoding each image once,
/// in parallel. A corrupt or truncated image is an error naming its file.
pub fn prepare(media: &Media) -> Result<(), Diagnostics> {
    let dir = media.cache_dir();
    let rasters: Vec<AssetId> = (0..media.assets.len())
        .map(AssetId)
        .filter(|&id| matches!(media.get(id).kind, AssetKind::Raster(_)))
        .collect();
    if rasters.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| io_error(Path::new(CACHE_DIR), "create the image cache", &e))?;
    let problems: Vec<Diagnostic> = rasters
        .par_iter()
        .filter_map(|&id| prepare_one(media, &dir, id).err())
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.into())
    }
}

fn prepare_one(media: &Media, dir: &Path, id: AssetId) -> Result<(), Diagnostic> {
    let asset = media.get(id);
    let wanted = media.variants(id);
    if wanted.iter().all(|&v| dir.join(media.cache_name(id, v)).is_file()) {
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
        let Some(v) = wanted
            .iter()
            .find(|v| v.width == variant.width && v.encoding == variant.encoding)
        else {
            continue;
        };
        let name = media.cache_name(id, *v);
        // Written beside, then renamed: a killed build never leaves half a file under a good name.
        let partial = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&partial, &variant.bytes)
            .and_then(|()| std::fs::rename(&partial, dir.join(&name)))
            .map_err(|e| {
                io_error(
                    Path::new(CACHE_DIR).join(&name).as_path(),
                    "write the processed image",
                    &e,
                )
            })?;
    }
    Ok(())
}

/// Removes cached variants that no asset of `media` uses any more.
pub fn prune(media: &Media) {
    let dir = media.cache_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let keep: HashSet<String> = (0..media.assets.len())
        .map(AssetId)
        .flat_map(|id| media.variants(id).into_iter().map(move |v| media.cache_name(id, v)))
        .collect();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !keep.contains(&name) {
            // A file another build is writing now is renamed into place or gone; either is fine.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
