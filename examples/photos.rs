//! Benchmark corpus of photos: N bilingual (vi/en) article pairs, each
//! with a phone photo (3000 × 2000 JPEG with EXIF orientation and GPS
//! tags) beside it, shown as the hero and in the body in both languages;
//! written as a duet site and as an equivalent Hugo site whose templates
//! make the same variants (480, 960, 1600 px, WebP and JPEG).
//!
//! ```text
//! cargo run --release --example photos -- N OUTDIR
//! ```
//!
//! writes `OUTDIR/duet` and `OUTDIR/hugo`, replacing them if they exist.
//! Hugo keeps a bundle's resources with its page, so its photos sit in
//! `content/articles/pN/` with `index.vi.md` and `index.en.md`; duet's sit
//! beside `content/articles/pN.vi.md`.

use std::fs;
use std::io;
use std::path::Path;

use image::{ExtendedColorType, RgbImage, codecs::jpeg::JpegEncoder};

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: photos N OUTDIR");
        std::process::exit(2);
    };
    let out = Path::new(out);
    for part in ["duet", "hugo"] {
        let _ = fs::remove_dir_all(out.join(part));
    }
    let duet = out.join("duet");
    let hugo = out.join("hugo");
    fs::create_dir_all(duet.join("content/articles"))?;
    fs::create_dir_all(hugo.join("content/articles"))?;
    fs::create_dir_all(hugo.join("layouts/_default"))?;
    fs::write(
        duet.join("site.yaml"),
        "base_url: https://example.org\ndefault_language: vi\nlanguages:\n  - code: vi\n    name: Tiếng Việt\n  - code: en\n    name: English\n",
    )?;
    for (lang, title) in [("vi", "Cổng ảnh thử"), ("en", "Photo test portal")] {
        fs::create_dir_all(duet.join(format!("locales/{lang}")))?;
        fs::write(
            duet.join(format!("locales/{lang}/site.ftl")),
            format!("site-title = {title}\nsite-tagline = {title}.\nfooter-about = {title}.\n"),
        )?;
    }
    fs::write(
        hugo.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ndefaultContentLanguage = 'vi'\ndefaultContentLanguageInSubdir = true\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT']\n[languages.vi]\nweight = 1\n[languages.en]\nweight = 2\n[imaging]\nquality = 80\nresampleFilter = 'Lanczos'\n",
    )?;
    // The same work as duet: three widths, WebP and JPEG, srcset with sizes.
    fs::write(
        hugo.join("layouts/_default/single.html"),
        r#"<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><title>{{ .Title }}</title></head><body>
{{ with .Resources.GetMatch "photo.jpg" }}{{ $img := . }}{{ $w := slice }}{{ $j := slice }}{{ range slice 480 960 1600 }}{{ $webp := $img.Resize (printf "%dx webp q80" .) }}{{ $jpg := $img.Resize (printf "%dx jpg q80" .) }}{{ $w = $w | append (printf "%s %dw" $webp.RelPermalink .) }}{{ $j = $j | append (printf "%s %dw" $jpg.RelPermalink .) }}{{ end }}<picture><source type="image/webp" srcset="{{ delimit $w ", " }}"><img src="{{ index $j 2 }}" srcset="{{ delimit $j ", " }}" alt="{{ $.Params.image_alt }}"></picture>{{ end }}
{{ .Content }}</body></html>"#,
    )?;
    fs::write(
        hugo.join("layouts/_default/list.html"),
        "<!DOCTYPE html><title>{{ .Title }}</title>",
    )?;
    fs::write(
        hugo.join("layouts/index.html"),
        "<!DOCTYPE html><title>{{ .Title }}</title>",
    )?;
    for i in 0..n {
        let jpeg = photo(i);
        let name = format!("p{i}");
        let vi = format!(
            "---\ntitle: \"Bài {i}\"\ndate: 2025-01-{:02}\nimage: {name}.jpg\nimage_alt: \"Ảnh {i}\"\n---\nĐoạn {i}.\n\n![Ảnh {i}]({name}.jpg)\n",
            1 + i % 28
        );
        let en = format!(
            "---\ntitle: \"Article {i}\"\nimage_alt: \"Photo {i}\"\n---\nParagraph {i}.\n\n![Photo {i}]({name}.jpg)\n"
        );
        fs::write(duet.join(format!("content/articles/{name}.jpg")), &jpeg)?;
        fs::write(duet.join(format!("content/articles/{name}.vi.md")), &vi)?;
        fs::write(duet.join(format!("content/articles/{name}.en.md")), &en)?;
        let bundle = hugo.join(format!("content/articles/{name}"));
        fs::create_dir_all(&bundle)?;
        fs::write(bundle.join("photo.jpg"), &jpeg)?;
        fs::write(
            bundle.join("index.vi.md"),
            vi.replace(&format!("{name}.jpg"), "photo.jpg"),
        )?;
        fs::write(
            bundle.join("index.en.md"),
            en.replace(&format!("{name}.jpg"), "photo.jpg"),
        )?;
    }
    Ok(())
}

/// A 3000 × 2000 photo-like JPEG (gradients and noise, so it compresses as
/// photos do) with an EXIF segment: orientation 1 and GPS coordinates.
fn photo(i: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ (i as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let img = RgbImage::from_fn(3000, 2000, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state & 0x1f) as u32;
        image::Rgb([
            ((x / 12 + i as u32 * 7) % 200 + noise) as u8,
            ((y / 8) % 220 + noise / 2) as u8,
            (((x + y) / 20) % 180 + noise) as u8,
        ])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 88)
        .encode(&img, 3000, 2000, ExtendedColorType::Rgb8)
        .expect("encoding to memory cannot fail");
    let tiff = exif();
    let mut out = jpeg[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}

/// TIFF-structured EXIF: orientation 1 and a GPS IFD with a latitude.
fn exif() -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0112, 3, 1, 1);
    entry(&mut t, 0x8825, 4, 1, 38);
    t.extend(0u32.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, 68);
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(21u32, 1u32), (1, 1), (2850, 100)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    t
}
