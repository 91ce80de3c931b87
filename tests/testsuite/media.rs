//! Media: photos, logos and files beside the Markdown, published once for
//! every language as resized, metadata-free variants. Images are made here
//! with the `image` crate; the EXIF segment (orientation and GPS) is
//! written by hand, as a phone would.

use std::path::Path;

use crate::common::{Fixture, assert_contains, assert_lacks, attr_values, build_reference_portal};

/// Something in the EXIF data that must never reach a published byte.
const SECRET: &[u8] = b"GPSMARK-21.0285N";

/// A TIFF/EXIF block: orientation, a description holding [`SECRET`], and a GPS IFD.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    // IFD0 at 8: 3 entries (2 + 36 + 4 bytes), then the description at 50, the GPS IFD at 68.
    t.extend(3u16.to_le_bytes());
    entry(&mut t, 0x010e, 2, SECRET.len() as u32 + 1, 50);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut t, 0x8825, 4, 1, 68);
    t.extend(0u32.to_le_bytes());
    t.extend(SECRET);
    t.push(0);
    t.push(0);
    assert_eq!(t.len(), 68);
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, 98);
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(21u32, 1u32), (1, 1), (2850, 100)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    t
}

/// A JPEG of `w` × `h` stored pixels with an EXIF segment, as phones write them.
pub fn phone_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode(&img, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    let tiff = exif(orientation);
    let mut app1 = vec![0xff, 0xe1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

pub fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([shade, (x % 256) as u8, 0, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The media fixture over the bilingual one, with its images made.
pub fn site() -> Fixture {
    let site = Fixture::new(&["bilingual", "media"]);
    let articles = site.root().join("content/articles");
    // Stored 300 × 200, shown 200 × 300 (EXIF orientation 6: rotate 90°).
    std::fs::write(articles.join("photo.jpg"), phone_jpeg(300, 200, 6)).unwrap();
    std::fs::write(articles.join("chart.png"), png(120, 80, 10)).unwrap();
    std::fs::write(articles.join("chart.en.png"), png(120, 80, 250)).unwrap();
    site
}

fn built() -> Fixture {
    let site = site();
    if let Err(e) = site.build() {
        panic!("the media site builds: {e}");
    }
    site
}

fn every_file(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

#[test]
fn variants_and_srcset_are_written_with_their_sizes() {
    let site = built();
    for w in [100, 150, 200] {
        for ext in ["webp", "jpg"] {
            let rel = format!("media/articles/photo-{w}.{ext}");
            assert!(site.exists(&rel), "{rel} is written");
        }
    }
    // Never enlarged: the photo is 200 px wide as shown.
    assert!(!site.exists("media/articles/photo-400.jpg"));
    let jpg = image::open(site.public().join("media/articles/photo-200.jpg")).unwrap();
    assert_eq!((jpg.width(), jpg.height()), (200, 300), "orientation applied");
    let webp = image::open(site.public().join("media/articles/photo-100.webp")).unwrap();
    assert_eq!((webp.width(), webp.height()), (100, 150));

    let html = site.read("vi/articles/chuyen-tham/index.html");
    assert_contains(
        &html,
        r#"<source type="image/webp" srcset="/portal/media/articles/photo-100.webp 100w, /portal/media/articles/photo-150.webp 150w, /portal/media/articles/photo-200.webp 200w""#,
    );
    assert_contains(
        &html,
        r#"srcset="/portal/media/articles/photo-100.jpg 100w, /portal/media/articles/photo-150.jpg 150w, /portal/media/articles/photo-200.jpg 200w""#,
    );
    assert_contains(
        &html,
        r#"width="200" height="300" alt="Bức ảnh lễ ký" loading="lazy" decoding="async">"#,
    );
    // The hero comes first and loads at once; the body's images wait.
    assert_contains(
        &html,
        r#"width="200" height="300" alt="Lễ ký kết tại Hà Nội" fetchpriority="high">"#,
    );
    assert_contains(&html, "<figcaption>Ảnh: Ban biên tập</figcaption>");
}

#[test]
fn no_metadata_reaches_a_published_byte() {
    let site = site();
    let source = std::fs::read(site.root().join("content/articles/photo.jpg")).unwrap();
    assert!(
        source.windows(SECRET.len()).any(|w| w == SECRET),
        "the test photo carries GPS data"
    );
    site.build().unwrap();
    let files = every_file(&site.public());
    assert!(
        files.iter().any(|f| f.ends_with("media/articles/photo-200.jpg")),
        "the photo is published"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        for needle in [SECRET, b"Exif\0\0".as_slice()] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} carries metadata",
                file.display()
            );
        }
    }
}

#[test]
fn one_copy_per_asset_and_each_language_its_own_version() {
    let site = built();
    let pdfs: Vec<_> = every_file(&site.public())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs, [site.public().join("media/articles/report.pdf")]);
    let vi = site.read("vi/articles/chuyen-tham/index.html");
    let en = site.read("en/articles/the-visit/index.html");
    for html in [&vi, &en] {
        assert_contains(html, r#"href="/portal/media/articles/report.pdf#page=2""#);
        assert_contains(html, "/portal/media/articles/photo-200.jpg");
    }
    assert_contains(&vi, "/portal/media/articles/chart-120.png");
    assert_lacks(&vi, "chart.en");
    assert_contains(&en, "/portal/media/articles/chart.en-120.png");
    assert_lacks(&en, "chart-120");
    let english = image::open(site.public().join("media/articles/chart.en-120.png")).unwrap();
    assert_eq!(
        english.to_rgba8().get_pixel(0, 0)[0],
        250,
        "the English chart is its own file"
    );
}

#[test]
fn open_graph_and_json_ld_have_an_absolute_image() {
    let site = built();
    let html = site.read("en/articles/the-visit/index.html");
    assert_eq!(
        attr_values(&html, r#"property="og:image""#, "content"),
        ["https://example.org/portal/media/articles/photo-200.jpg"]
    );
    assert_contains(&html, r#"<meta property="og:image:width" content="200">"#);
    assert_contains(&html, r#"<meta property="og:image:height" content="300">"#);
    assert_contains(
        &html,
        r#"<meta property="og:image:alt" content="The signing in Hanoi">"#,
    );
    let data = crate::common::json_ld(&html);
    assert_eq!(
        data["image"][0],
        "https://example.org/portal/media/articles/photo-200.jpg"
    );
}

#[test]
fn pages_without_an_image_show_the_sites_default() {
    let site = site();
    site.edit(
        "site.yaml",
        "  widths:",
        "  default_image: articles/chart.png\n  widths:",
    );
    site.build().unwrap();
    // Pages of their own have a social card instead (tests/testsuite/cards.rs).
    let html = site.read("en/partners/index.html");
    assert_eq!(
        attr_values(&html, r#"property="og:image""#, "content"),
        ["https://example.org/portal/media/articles/chart.en-120.png"]
    );
    assert_contains(&html, r#"<meta property="og:image:width" content="120">"#);
}

#[test]
fn partners_show_their_logo_or_a_monogram() {
    let site = built();
    assert!(site.exists("media/partners/acme.svg"));
    let list = site.read("vi/partners/index.html");
    assert_contains(
        &list,
        r#"<img src="/portal/media/partners/acme.svg" width="120" height="40" alt="""#,
    );
    // Beta has no logo: its initials stand in.
    assert_contains(&list, ">QB</text></svg>");
    // English readers see the logo too: it is shared by the translations.
    assert_contains(
        &site.read("en/partners/acme/index.html"),
        "/portal/media/partners/acme.svg",
    );
    let article = site.read("vi/articles/chuyen-tham/index.html");
    assert_contains(&article, "/portal/media/partners/acme.svg");
    assert_contains(&article, ">QB</text>");
    // Each place shows a logo at its own height, however many pages of
    // one build show it: beside the article's date, and on a listing's card.
    let monogram = |px: u32| {
        format!(
            r#"width="{px}" height="{px}" aria-hidden="true" focusable="false"><rect width="64" height="64" rx="12"/><text x="32" y="32" dy=".35em" text-anchor="middle" font-size="26">QB</text>"#
        )
    };
    assert_contains(&article, &monogram(24));
    assert_contains(&site.read("vi/articles/index.html"), &monogram(20));
}

#[test]
fn a_rebuild_reuses_the_cache_and_prunes_what_is_gone() {
    let site = built();
    let cache = site.root().join(".duet-cache/media");
    let listing = || {
        let mut files: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), e.metadata().unwrap().modified().unwrap())
            })
            // The index of what was read of each file is rewritten when files change;
            // social cards are counted in tests/testsuite/cards.rs.
            .filter(|(name, _)| name != "index.tsv" && !name.to_string_lossy().starts_with("card-"))
            .collect();
        files.sort();
        files
    };
    let first = listing();
    // 3 widths × 2 formats of the photo, 2 × 2 of each chart (100 px and its own 120).
    assert_eq!(first.len(), 14, "{first:?}");
    site.build().unwrap();
    assert_eq!(listing(), first, "nothing was processed again");
    std::fs::write(site.root().join("content/articles/chart.png"), png(120, 80, 99)).unwrap();
    site.build().unwrap();
    let after = listing();
    assert_eq!(after.len(), 14, "the old chart's variants were pruned: {after:?}");
    assert_eq!(after.iter().filter(|f| !first.contains(f)).count(), 4);
}

#[test]
fn bad_images_are_refused_naming_the_file() {
    let site = site();
    let articles = site.root().join("content/articles");
    std::fs::write(articles.join("fake.png"), b"not an image at all").unwrap();
    // A valid PNG header claiming 100,000 × 100,000 pixels.
    let mut bomb = png(1, 1, 0);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(articles.join("bomb.png"), bomb).unwrap();
    std::fs::write(
        site.root().join("content/partners/evil.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>alert(1)</script>\n</svg>\n",
    )
    .unwrap();
    let problems = site.build().unwrap_err().to_string();
    assert_contains(&problems, "content/articles/fake.png");
    assert_contains(&problems, "content/articles/bomb.png");
    assert_contains(&problems, "100000 × 100000");
    assert_contains(&problems, "content/partners/evil.svg:2:3");
    assert_contains(&problems, "<script>");
    assert!(!site.public().exists(), "nothing was published");

    // A header that reads well over pixels that stop halfway.
    let site = self::site();
    let mut truncated = phone_jpeg(300, 200, 1);
    truncated.truncate(truncated.len() / 2);
    std::fs::write(site.root().join("content/articles/photo.jpg"), truncated).unwrap();
    let problems = site.build().unwrap_err().to_string();
    assert_contains(&problems, "content/articles/photo.jpg: the image is truncated");
    assert!(!site.public().exists(), "nothing was published");
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn references_out_of_content_are_errors_and_missing_files_warnings() {
    let site = site();
    site.edit(
        "content/articles/visit.vi.md",
        "Đoạn mở đầu.",
        "Đoạn mở đầu. ![x](../../site.yaml.png) ![y](../../../etc/passwd)",
    );
    site.edit(
        "content/partners/acme.vi.md",
        "logo: acme.svg",
        "logo: ../../etc/passwd",
    );
    let problems = site.build().unwrap_err().to_string();
    assert_contains(
        &problems,
        "content/articles/visit.vi.md:9:14: `../../site.yaml.png` leads out of the content folder",
    );
    assert_contains(
        &problems,
        "content/articles/visit.vi.md:9:40: `../../../etc/passwd` leads out of the content folder",
    );
    assert_contains(
        &problems,
        "content/partners/acme.vi.md:3:7: `../../etc/passwd` leads out of the content folder",
    );

    let site = self::site();
    site.edit("content/articles/visit.en.md", "(chart.png)", "(chrat.png)");
    let summary = site.build().unwrap();
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("visit.en.md:9:41") && w.contains("chrat.png")),
        "{warnings:#?}"
    );
}

#[test]
fn images_without_alt_text_are_reported_per_language() {
    let site = site();
    site.edit("content/articles/visit.en.md", "![Chart](chart.png)", "![](chart.png)");
    site.edit("content/articles/visit.en.md", "image_alt: The signing in Hanoi\n", "");
    let summary = site.build().unwrap();
    let alt: Vec<String> = summary
        .warnings
        .iter()
        .filter(|w| w.kind == duet::diagnostics::Kind::MissingAlt)
        .map(ToString::to_string)
        .collect();
    assert_eq!(alt.len(), 2, "{alt:#?}");
    assert!(alt.iter().all(|w| w.contains("visit.en.md")), "{alt:#?}");
    let check = site.run(&["check"]);
    assert_eq!(check.code, Some(1), "{}", check.stdout);
    assert_contains(&check.stdout, "missing-alt");
}

#[test]
fn a_site_static_folder_is_copied_and_links_to_it_are_not_broken() {
    let site = site();
    std::fs::create_dir_all(site.root().join("static/images")).unwrap();
    std::fs::write(site.root().join("static/images/map.jpg"), phone_jpeg(10, 10, 1)).unwrap();
    site.edit(
        "content/articles/visit.en.md",
        "Introduction.",
        "Introduction. [Map](/images/map.jpg)",
    );
    let summary = site.build().unwrap();
    assert!(site.exists("images/map.jpg"), "static files are copied as they are");
    assert!(
        summary.warnings.iter().all(|w| !w.message.contains("map.jpg")),
        "{:#?}",
        summary.warnings
    );
    let check = site.run(&["check"]);
    assert_lacks(&check.stdout, "/images/map.jpg");
}

#[test]
fn two_files_on_one_path_are_an_error_naming_both() {
    let site = site();
    std::fs::create_dir_all(site.root().join("static/vi")).unwrap();
    std::fs::write(site.root().join("static/vi/index.html"), "mine").unwrap();
    std::fs::write(site.root().join("content/articles/photo.png"), png(200, 300, 1)).unwrap();
    let problems = site.build().unwrap_err().to_string();
    assert_contains(
        &problems,
        "static/vi/index.html: this file would be published at /vi/index.html, where duet writes the `vi` home page",
    );
    assert_contains(&problems, "content/articles/photo.png");
    assert_contains(&problems, "as would content/articles/photo.jpg");
}

#[test]
fn a_partial_theme_folder_overrides_single_files() {
    let site = site();
    let theme = site.root().join("themes/portal/static/assets");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("duet.css"), "body { color: red }").unwrap();
    site.build().unwrap();
    let home = site.read("vi/index.html");
    let css = attr_values(&home, r#"rel="stylesheet""#, "href");
    let css = css[0].trim_start_matches("/portal/");
    assert_eq!(site.read(css), "body { color: red }");
    // Everything else still comes from the built-in theme.
    let icon = attr_values(&home, r#"rel="icon""#, "href");
    assert!(site.exists(icon[0].trim_start_matches("/portal/")));
    assert_contains(&home, "<html lang=\"vi\"");
}

#[test]
fn check_reports_files_no_page_uses_as_notes() {
    let site = site();
    std::fs::write(site.root().join("content/articles/forgotten.pdf"), "%PDF-1.4\n").unwrap();
    let check = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["file"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["content/articles/forgotten.pdf"]);
}

#[test]
fn every_partner_of_the_portal_shows_a_logo_or_its_monogram() {
    let out = build_reference_portal();
    for lang in ["vi", "en"] {
        let list = std::fs::read_to_string(out.path().join(format!("public/{lang}/partners/index.html"))).unwrap();
        let partners = list.matches("<article class=\"card partner-card\"").count();
        assert_eq!(partners, 9, "{lang}");
        assert_eq!(
            list.matches("<span class=\"logo-box\">").count(),
            partners,
            "{lang}: a logo each"
        );
        for letters in ["WHC", "MOFA", "CEEC", "NFUAJ", "VFUA"] {
            assert_contains(&list, &format!(">{letters}</text></svg>"));
        }
        let home = std::fs::read_to_string(out.path().join(format!("public/{lang}/index.html"))).unwrap();
        // The home page's logo wall (cards above it show their partners' logos too).
        let wall = home
            .split("<ul class=\"partner-wall\">")
            .nth(1)
            .and_then(|s| s.split("</ul>").next())
            .expect("a partner wall");
        assert_eq!(
            wall.matches("<span class=\"logo-box\">").count(),
            partners,
            "{lang} home"
        );
    }
}
