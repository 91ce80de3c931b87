//! The `media` and `cards` settings of `site.yaml`: how photos are
//! processed and whether pages without an image get a social card.

use serde::Deserialize;

/// The `media` settings of `site.yaml`: how photos are resized and which
/// files are refused before they are decoded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaConfig {
    /// Widths in pixels of the variants of each raster image (never wider than the original).
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// Quality of the lossy variants (JPEG and WebP), 1–100.
    #[serde(default = "default_quality")]
    pub quality: u8,
    /// Files larger than this many megabytes are refused.
    #[serde(default = "default_max_megabytes")]
    pub max_megabytes: u64,
    /// Images with more than this many megapixels are refused before decoding.
    #[serde(default = "default_max_megapixels")]
    pub max_megapixels: u64,
    /// The image of pages that have none (Open Graph, JSON-LD), relative to `content/`.
    #[serde(default)]
    pub default_image: Option<String>,
}

impl Default for MediaConfig {
    fn default() -> MediaConfig {
        MediaConfig {
            widths: default_widths(),
            quality: default_quality(),
            max_megabytes: default_max_megabytes(),
            max_megapixels: default_max_megapixels(),
            default_image: None,
        }
    }
}

fn default_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}

fn default_quality() -> u8 {
    80
}

fn default_max_megabytes() -> u64 {
    20
}

fn default_max_megapixels() -> u64 {
    50
}

/// The `cards` settings of `site.yaml`: the social card (Open Graph
/// image) duet draws for each page that has no image of its own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardsConfig {
    /// Whether pages without an image get a card (else `media.default_image`).
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Font files (TrueType or OpenType, relative to the site root) for titles
    /// the built-in font cannot write: Chinese, Japanese, Arabic…
    #[serde(default)]
    pub fonts: Vec<String>,
}

impl Default for CardsConfig {
    fn default() -> CardsConfig {
        CardsConfig {
            enabled: true,
            fonts: Vec::new(),
        }
    }
}

fn default_true() -> bool {
    true
}
