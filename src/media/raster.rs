//! Raster images: read a photo's header without decoding it (size,
//! orientation, format), and turn it into resized variants — EXIF
//! orientation applied, every metadata segment left behind, since the
//! variants are encoded from pixels alone.

use std::io::Cursor;

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, metadata::Orientation};

/// How a variant is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Encoding {
    /// WebP (lossy for photos), offered first to browsers that read it.
    Webp,
    /// JPEG: the fallback of photos.
    Jpeg,
    /// PNG: the fallback of images with transparency, drawings and GIFs.
    Png,
}

impl Encoding {
    /// The file extension of the encoding.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Webp => "webp",
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
        }
    }

    /// The MIME type of the encoding, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Encoding::Webp => "image/webp",
            Encoding::Jpeg => "image/jpeg",
            Encoding::Png => "image/png",
        }
    }
}

/// What the header of a raster image says, read without decoding its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    /// Width as shown (EXIF orientation applied).
    pub width: u32,
    /// Height as shown.
    pub height: u32,
    /// The encoding of its fallback variants.
    pub fallback: Encoding,
}

/// Limits on what may be decoded.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Most pixels an image may have.
    pub max_pixels: u64,
}

/// Whether `name`'s extension is one of a raster image duet processes.
pub fn is_raster(name: &str) -> bool {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "gif" | "webp")
}

fn reader(bytes: &[u8], budget: Budget) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("the image cannot be read: {e}"))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP) => {}
        Some(other) => {
            return Err(format!(
                "{other:?} images are not supported: use JPEG, PNG, WebP or GIF"
            ));
        }
        None => {
            return Err("the file is not a JPEG, PNG, WebP or GIF image (its first bytes are no image header)".into());
        }
    }
    let mut limits = Limits::default();
    // Decoded pixels (at most 4 bytes each) plus the decoder's own buffers.
    limits.max_alloc = Some(budget.max_pixels.saturating_mul(8).max(64 << 20));
    reader.limits(limits);
    Ok(reader)
}

fn rotated(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// Reads an image's header: its size as shown and how it is re-encoded.
/// An image whose header claims more pixels than `budget` allows is refused
/// here, before anything is allocated for its pixels.
pub fn probe(bytes: &[u8], budget: Budget) -> Result<Probe, String> {
    let reader = reader(bytes, budget)?;
    let format = reader.format();
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("the image is corrupt or truncated: {e}"))?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, budget)?;
    if format == Some(ImageFormat::Jpeg) && !jpeg_complete(bytes) {
        // Decoders fill the missing rows with grey; a reader would see half a photo.
        return Err("the image is truncated: its data stops before the end of the JPEG".into());
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let alpha = decoder.color_type().has_alpha();
    let fallback = match format {
        Some(ImageFormat::Jpeg) => Encoding::Jpeg,
        Some(ImageFormat::WebP) if !alpha => Encoding::Jpeg,
        _ => Encoding::Png,
    };
    let (width, height) = if rotated(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Probe {
        width,
        height,
        fallback,
    })
}

/// Whether a JPEG's scan data reaches its end-of-image marker. Markers
/// before the first scan are walked by their lengths (an EXIF thumbnail has
/// an end marker of its own); data after the end (phones append videos) is allowed.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xff {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xff => i += 1,
            0x01 | 0xd0..=0xd7 => i += 2,
            0xda => return bytes[i..].windows(2).any(|w| w == [0xff, 0xd9]),
            _ => i += 2 + usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]])),
        }
    }
    false
}

fn check_size(width: u32, height: u32, budget: Budget) -> Result<(), String> {
    let pixels = u64::from(width) * u64::from(height);
    if width == 0 || height == 0 {
        return Err("the image has no pixels".into());
    }
    if pixels > budget.max_pixels {
        return Err(format!(
            "the image is {width} × {height} pixels ({} megapixels), more than the {} megapixels allowed; it was not decoded",
            pixels / 1_000_000,
            budget.max_pixels / 1_000_000
        ));
    }
    Ok(())
}

/// The widths of an image's variants: each configured width narrower than
/// the image, and the image's own width when a configured one is wider
/// (images are never enlarged).
pub fn variant_widths(width: u32, configured: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = configured.iter().copied().filter(|&w| w < width).collect();
    if widths.len() < configured.len() {
        widths.push(width);
    }
    widths
}

/// The height of the variant of `width` of an image of `probe`'s size.
pub fn variant_height(probe: &Probe, width: u32) -> u32 {
    let h = (u64::from(probe.height) * u64::from(width) + u64::from(probe.width) / 2) / u64::from(probe.width);
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

/// One encoded variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its width in pixels.
    pub width: u32,
    /// Its encoding.
    pub encoding: Encoding,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

/// Decodes an image once and encodes every variant of it: at each of
/// `widths`, in WebP and in `fallback`, at `quality` (lossy encodings).
/// Only pixels are encoded, so no EXIF, GPS, XMP or ICC data survives.
pub fn process(bytes: &[u8], budget: Budget, widths: &[u32], quality: u8) -> Result<Vec<Variant>, String> {
    let probe = probe(bytes, budget)?;
    let reader = reader(bytes, budget)?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("the image is corrupt or truncated: {e}"))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| format!("the image is corrupt or truncated: {e}"))?;
    image.apply_orientation(orientation);
    let alpha = probe.fallback == Encoding::Png && image.color().has_alpha();
    let (pixel_type, source) = if alpha {
        (fr::PixelType::U8x4, image.into_rgba8().into_raw())
    } else {
        (fr::PixelType::U8x3, image.into_rgb8().into_raw())
    };
    let source = fr::images::Image::from_vec_u8(probe.width, probe.height, source, pixel_type)
        .map_err(|e| format!("the image could not be prepared for resizing: {e}"))?;
    let mut resizer = fr::Resizer::new();
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    let mut variants = Vec::with_capacity(widths.len() * 2);
    for &width in widths {
        let height = variant_height(&probe, width);
        let pixels = if width == probe.width {
            source.buffer().to_vec()
        } else {
            let mut target = fr::images::Image::new(width, height, pixel_type);
            resizer
                .resize(&source, &mut target, &options)
                .map_err(|e| format!("the image could not be resized: {e}"))?;
            target.into_vec()
        };
        let height = if width == probe.width { probe.height } else { height };
        let webp = if alpha {
            webp::Encoder::from_rgba(&pixels, width, height)
        } else {
            webp::Encoder::from_rgb(&pixels, width, height)
        };
        let webp = webp
            .encode_simple(false, f32::from(quality))
            .map_err(|e| format!("the WebP variant could not be encoded: {e:?}"))?;
        variants.push(Variant {
            width,
            encoding: Encoding::Webp,
            bytes: webp.to_vec(),
        });
        let color = if alpha {
            image::ExtendedColorType::Rgba8
        } else {
            image::ExtendedColorType::Rgb8
        };
        let mut out = Vec::new();
        let encoded = match probe.fallback {
            Encoding::Jpeg => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .encode(&pixels, width, height, color),
            Encoding::Png | Encoding::Webp => {
                use image::ImageEncoder;
                image::codecs::png::PngEncoder::new(&mut out).write_image(&pixels, width, height, color)
            }
        };
        encoded.map_err(|e| format!("the {} variant could not be encoded: {e}", probe.fallback.extension()))?;
        variants.push(Variant {
            width,
            encoding: probe.fallback,
            bytes: out,
        });
    }
    Ok(variants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_enlarge() {
        assert_eq!(variant_widths(3000, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(variant_widths(1200, &[480, 960, 1600]), [480, 960, 1200]);
        assert_eq!(variant_widths(960, &[480, 960, 1600]), [480, 960]);
        assert_eq!(variant_widths(100, &[480, 960, 1600]), [100]);
    }
}
