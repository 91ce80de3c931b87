//! The reference portal of this repository, built as a user would.

use std::path::Path;

use crate::common::*;

/// A copy of the portal's own site (config, content, strings, theme).
pub(crate) fn portal() -> Fixture {
    let site = Fixture::new(&[]);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), site.root().join("site.yaml")).unwrap();
    for dir in ["content", "locales", "themes"] {
        copy_tree(&repo.join(dir), &site.root().join(dir));
    }
    site
}

#[test]
fn the_portal_builds_both_languages_without_warnings() {
    let site = portal();
    let summary = site.build().expect("the reference portal builds");
    assert_eq!(summary.warnings, [], "no stale translations or missing strings");
    assert_eq!(summary.untranslated, 0);
    for lang in ["vi", "en"] {
        let listing = site.read(&format!("{lang}/articles/index.html"));
        assert_eq!(
            listing.matches("class=\"card-title\"").count(),
            5,
            "five articles in {lang}"
        );
        let partners = site.read(&format!("{lang}/partners/index.html"));
        assert_eq!(
            partners.matches("class=\"card-title\"").count(),
            9,
            "nine partners in {lang}"
        );
    }
}

#[test]
fn with_one_english_article_removed_every_hreflang_still_resolves() {
    let site = portal();
    std::fs::remove_file(site.root().join("content/articles/panasonic-world-heritage.en.md")).unwrap();
    site.build().expect("the portal builds without the article");
    assert_hreflang_targets_are_real(&site, "https://duet-portal.example.org/");
    // The Vietnamese article names no English alternate, and English readers get the notice page.
    let vi = site.read("vi/articles/panasonic-va-unesco-hop-tac-bao-ve-di-san/index.html");
    assert!(attr_values(&vi, "hreflang=\"en\"", "href").is_empty());
    assert_contains(
        &site.read("en/articles/panasonic-va-unesco-hop-tac-bao-ve-di-san/index.html"),
        "class=\"fallback-notice\"",
    );
}

#[test]
fn check_finds_nothing_wrong_with_the_portal() {
    let site = portal();
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_contains(&run.stdout, "Checked 32 pages: no problems.");
}

#[test]
fn a_partners_website_shows_in_every_language() {
    let site = portal();
    site.build().unwrap();
    let mut with_website = 0;
    for entry in std::fs::read_dir(site.public().join("vi/partners")).unwrap() {
        let id = entry.unwrap().file_name().to_string_lossy().into_owned();
        if id == "index.html" {
            continue;
        }
        let links = |lang: &str| {
            attr_values(
                &site.read(&format!("{lang}/partners/{id}/index.html")),
                "rel=\"external\"",
                "href",
            )
        };
        let vi = links("vi");
        assert_eq!(
            vi,
            links("en"),
            "{id}: the website is a shared field, shown in both languages"
        );
        with_website += usize::from(!vi.is_empty());
        assert_lacks(&site.read(&format!("en/partners/{id}/index.html")), "nofollow");
    }
    assert!(with_website >= 6, "{with_website} partners link their website");
}
