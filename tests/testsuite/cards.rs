//! Social cards: every page without an image of its own gets a 1200 × 630
//! PNG in its language, which its Open Graph tags name; cards are drawn
//! once and kept in the media cache; titles the fonts cannot write give a
//! warning at their `title` rather than boxes.

use std::path::{Path, PathBuf};

use duet::cards::Fonts;
use duet::diagnostics::Kind;

use crate::common::{Fixture, assert_contains, attr_values, json_ld};

/// The Vietnamese and English pages of the article without an image.
const VI: &str = "vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/";
const EN: &str = "en/articles/heritage-partnership/";
/// The article with a photo.
const WITH_IMAGE: &str = "vi/articles/chuyen-tham/";

fn built() -> Fixture {
    let site = crate::media::site();
    site.build().unwrap_or_else(|e| panic!("the site builds: {e}"));
    site
}

fn card(site: &Fixture, page: &str) -> image::RgbImage {
    let path = site.public().join(page).join("card.png");
    image::open(&path)
        .unwrap_or_else(|e| panic!("{} should be a PNG: {e}", path.display()))
        .to_rgb8()
}

/// The cards in the media cache, with their change times and inodes.
fn cached_cards(root: &Path) -> Vec<(PathBuf, std::time::SystemTime, u64)> {
    let mut found: Vec<_> = std::fs::read_dir(root.join(".duet-cache/media"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("card-"))
        .map(|p| {
            let meta = std::fs::metadata(&p).unwrap();
            (p, meta.modified().unwrap(), std::os::unix::fs::MetadataExt::ino(&meta))
        })
        .collect();
    found.sort();
    found
}

/// How many pixels of `card` in rows `rows` differ from its top-left pixel.
fn inked(card: &image::RgbImage, rows: std::ops::Range<u32>) -> usize {
    let background = *card.get_pixel(0, 0);
    rows.flat_map(|y| (0..card.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| *card.get_pixel(x, y) != background)
        .count()
}

#[test]
fn each_language_of_a_page_without_an_image_has_a_card() {
    let site = built();
    for page in [VI, EN] {
        let card = card(&site, page);
        assert_eq!(card.dimensions(), (1200, 630), "{page}");
    }
}

#[test]
fn open_graph_and_json_ld_name_the_card() {
    let site = built();
    for page in [VI, EN] {
        let html = site.read(&format!("{page}index.html"));
        let urls = attr_values(&html, r#"property="og:image""#, "content");
        let prefix = format!("https://example.org/portal/{page}card.png?v=");
        assert!(
            urls.len() == 1 && urls[0].starts_with(&prefix) && urls[0].len() == prefix.len() + 8,
            "{page}: {urls:?}"
        );
        assert_contains(&html, r#"<meta property="og:image:type" content="image/png">"#);
        assert_contains(&html, r#"<meta property="og:image:width" content="1200">"#);
        assert_contains(&html, r#"<meta property="og:image:height" content="630">"#);
        assert_eq!(json_ld(&html)["image"][0], urls[0].as_str());
    }
    let html = site.read(&format!("{VI}index.html"));
    assert_contains(
        &html,
        r#"<meta property="og:image:alt" content="Hợp tác chiến lược về di sản Thăng Long">"#,
    );
    // Partners and standalone pages have theirs too.
    for page in ["vi/partners/beta/", "en/about/"] {
        assert!(site.exists(&format!("{page}card.png")), "{page}");
        let html = site.read(&format!("{page}index.html"));
        assert_contains(&html, &format!("https://example.org/portal/{page}card.png?v="));
    }
}

#[test]
fn a_page_with_an_image_has_no_card() {
    let site = built();
    assert!(!site.exists(&format!("{WITH_IMAGE}card.png")));
    let html = site.read(&format!("{WITH_IMAGE}index.html"));
    assert_eq!(
        attr_values(&html, r#"property="og:image""#, "content"),
        ["https://example.org/portal/media/articles/photo-200.jpg"]
    );
}

#[test]
fn the_title_is_drawn_in_each_language() {
    let site = built();
    let (vi, en) = (card(&site, VI), card(&site, EN));
    assert_ne!(vi, en, "the Vietnamese card differs from the English one");
    for (lang, card) in [("vi", &vi), ("en", &en)] {
        // The title's block, between the rule at the top and the band at the foot.
        let title = inked(card, 100..470);
        assert!(
            title > 20_000,
            "{lang}: only {title} pixels of the title area are drawn on"
        );
        let colours: std::collections::HashSet<[u8; 3]> = card.pixels().map(|p| p.0).collect();
        // Background, text, band and the anti-aliased edges between them.
        assert!(colours.len() > 20, "{lang}: {} colours", colours.len());
    }
    // The titles differ, and so does the ink of their lines.
    let rows_differing = (100..470)
        .filter(|&y| (0..1200).any(|x| vi.get_pixel(x, y) != en.get_pixel(x, y)))
        .count();
    assert!(rows_differing > 100, "{rows_differing} rows of the title area differ");
}

#[test]
fn a_second_build_draws_no_card_again() {
    let site = built();
    let first = cached_cards(site.root());
    assert!(first.len() >= 4, "{first:?}");
    let before = std::fs::read(site.public().join(VI).join("card.png")).unwrap();
    site.build().unwrap();
    assert_eq!(cached_cards(site.root()), first, "the cache is used, not drawn anew");
    assert_eq!(std::fs::read(site.public().join(VI).join("card.png")).unwrap(), before);

    // A new title is a new card, under a new version; the old one is pruned.
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "title: \"Hợp tác chiến lược về di sản Thăng Long\"",
        "slug: hop-tac-chien-luoc-ve-di-san-thang-long\ntitle: \"Hợp tác về di sản\"",
    );
    let old_url = attr_values(
        &site.read(&format!("{VI}index.html")),
        r#"property="og:image""#,
        "content",
    );
    site.build().unwrap();
    let new_url = attr_values(
        &site.read(&format!("{VI}index.html")),
        r#"property="og:image""#,
        "content",
    );
    assert_ne!(old_url, new_url);
    assert_ne!(std::fs::read(site.public().join(VI).join("card.png")).unwrap(), before);
    assert_eq!(cached_cards(site.root()).len(), first.len(), "the old card is pruned");
}

#[test]
fn vietnamese_titles_are_written_with_every_mark() {
    let title = "Đường ạ ệ ị ộ ậ ữ ở đ Ă Â Ê Ô Ơ Ư ẵ ẫ ỹ ử ₫ — “trích dẫn” …";
    assert_eq!(Fonts::built_in().missing(title), Vec::<char>::new());
    let site = crate::media::site();
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "title: \"Hợp tác chiến lược về di sản Thăng Long\"",
        &format!("slug: hop-tac-chien-luoc-ve-di-san-thang-long\ntitle: \"{title}\""),
    );
    let summary = site.build().unwrap();
    let glyphs: Vec<_> = summary.warnings.iter().filter(|w| w.kind == Kind::CardGlyphs).collect();
    assert!(glyphs.is_empty(), "{glyphs:?}");
    assert!(inked(&card(&site, VI), 100..470) > 10_000);
}

#[test]
fn a_title_no_font_can_write_is_a_warning_until_a_font_is_added() {
    let site = crate::media::site();
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "title: \"Hợp tác chiến lược về di sản Thăng Long\"",
        "slug: hop-tac-chien-luoc-ve-di-san-thang-long\ntitle: \"Ωμέγα\"",
    );
    let summary = site.build().unwrap();
    let glyphs: Vec<_> = summary.warnings.iter().filter(|w| w.kind == Kind::CardGlyphs).collect();
    assert_eq!(glyphs.len(), 1, "{glyphs:?}");
    let warning = glyphs[0];
    assert!(warning.path.ends_with("heritage-pact.vi.md"), "{warning}");
    assert_eq!(warning.position.map(|p| (p.line, p.column)), Some((3, 8)), "{warning}");
    assert!(warning.message.contains('Ω'), "{warning}");
    // The card is still there, with the site's title instead of boxes.
    let fallback = card(&site, VI);
    assert_eq!(fallback.dimensions(), (1200, 630));

    site.overlay("cards");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(
        site.root().join("site.yaml"),
        format!("{yaml}cards:\n  fonts: [fonts/greek.ttf]\n"),
    )
    .unwrap();
    let summary = site.build().unwrap();
    assert!(
        summary.warnings.iter().all(|w| w.kind != Kind::CardGlyphs),
        "{:?}",
        summary.warnings
    );
    assert_ne!(card(&site, VI), fallback, "the Greek title is drawn");
}

#[test]
fn a_font_that_cannot_be_read_is_an_error_in_site_yaml() {
    let site = crate::media::site();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(
        site.root().join("site.yaml"),
        format!("{yaml}cards:\n  fonts: [fonts/none.ttf]\n"),
    )
    .unwrap();
    let problems = site.build().unwrap_err();
    let problem = &problems.0[0];
    assert!(problem.path.ends_with("site.yaml"), "{problem}");
    assert_eq!(
        problem.position.map(|p| (p.line, p.column)),
        Some((12, 11)),
        "{problem}"
    );
    assert!(problem.message.contains("fonts/none.ttf"), "{problem}");
}

#[test]
fn cards_can_be_turned_off() {
    let site = crate::media::site();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(
        site.root().join("site.yaml"),
        format!("{yaml}cards:\n  enabled: false\n"),
    )
    .unwrap();
    site.build().unwrap();
    assert!(!site.exists(&format!("{VI}card.png")));
    assert!(
        attr_values(
            &site.read(&format!("{VI}index.html")),
            r#"property="og:image""#,
            "content"
        )
        .is_empty()
    );
}
