//! What an editor types cannot harm a reader: raw HTML is sanitised unless
//! the site trusts it, feeds and sitemaps hold only what XML allows, and
//! content ids never take the theme's.

use crate::common::*;

const PAGE: &str = "vi/articles/bai-co-ma-nhung-va/index.html";

fn hostile(site_yaml_extra: &str) -> Fixture {
    let site = Fixture::new(&["bilingual", "hostile-body"]);
    if !site_yaml_extra.is_empty() {
        site.edit("site.yaml", "paginate: 2", &format!("paginate: 2\n{site_yaml_extra}"));
    }
    site.build().expect("the hostile body builds");
    site
}

#[test]
fn raw_html_is_sanitised_in_pages_and_feeds() {
    let site = hostile("markdown:\n  embeds: [www.youtube-nocookie.com]");
    let page = site.read(PAGE);
    let feed = site.read("vi/atom.xml");
    for (name, text) in [("page", &page), ("feed", &feed)] {
        for gone in [
            "alert(1)",
            "alert(2)",
            "alert(3)",
            "onmouseover",
            "javascript:",
            "evil.example",
        ] {
            assert!(!text.contains(gone), "{name} still has {gone}");
        }
    }
    assert_contains(&page, "<b>đậm</b>");
    assert_contains(
        &page,
        r#"<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video"></iframe>"#,
    );
}

#[test]
fn frames_need_their_host_listed() {
    let site = hostile("");
    assert_lacks(&site.read(PAGE), "<iframe");
}

#[test]
fn a_site_that_trusts_its_editors_keeps_raw_html() {
    let site = hostile("markdown:\n  raw_html: trusted");
    assert_contains(&site.read(PAGE), "<script>alert(1)</script>");
}

#[test]
fn content_ids_never_take_the_themes_ids() {
    let site = hostile("");
    let page = site.read(PAGE);
    assert_eq!(
        page.matches(r#"id="main""#).count(),
        1,
        "only the theme's <main> has id=main"
    );
    assert_contains(&page, r#"<h2 id="main-2">Main</h2>"#);
    // The two lines of a setext heading are two words apart in its id.
    assert_contains(&page, r#"<h2 id="tieu-de-hai-dong">"#);
}

#[test]
fn every_feed_and_sitemap_is_well_formed_xml() {
    let site = hostile("");
    let mut parsed = 0;
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "xml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{} is not well-formed: {e}", entry.path().display());
            }
            parsed += 1;
        }
    }
    assert!(parsed >= 3, "the feeds and the sitemap were parsed ({parsed})");
    assert_contains(&site.read("vi/atom.xml"), "Đoạn một .");
}

#[test]
fn a_build_warns_of_broken_links_and_strict_fails_on_them() {
    let site = Fixture::new(&["bilingual"]);
    std::fs::write(
        site.root().join("content/articles/links.vi.md"),
        "---\ntitle: Liên kết\ndate: 2025-01-01\n---\n[a](missing.md) [b](heritage-pact.vi.md#no-such-heading)\n",
    )
    .unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_contains(&run.stderr, "warning: content/articles/links.vi.md:5:1:");
    assert_contains(
        &run.stderr,
        "`heritage-pact.vi.md#no-such-heading` links to an anchor that does not exist",
    );
    let before = snapshot(&site.public());
    let strict = site.run(&["build", "--strict"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    assert_contains(&strict.stderr, "error: content/articles/links.vi.md:5:1:");
    assert_contains(&strict.stderr, "error: content/articles/links.vi.md:5:17:");
    assert_eq!(snapshot(&site.public()), before, "a failed build keeps the output");
}

#[test]
fn the_root_chooser_carries_the_alternates_it_is_x_default_of() {
    let site = Fixture::new(&["bilingual"]);
    site.build().unwrap();
    let root = site.read("index.html");
    for (lang, href) in [
        ("vi", "https://example.org/portal/vi/"),
        ("en", "https://example.org/portal/en/"),
        ("x-default", "https://example.org/portal/"),
    ] {
        assert_contains(
            &root,
            &format!(r#"<link rel="alternate" hreflang="{lang}" href="{href}">"#),
        );
        // Each home names the chooser as x-default, and the chooser names it back.
        let home = site.read("vi/index.html");
        assert_contains(&home, &format!(r#"hreflang="{lang}" href="{href}""#));
    }
    let sitemap = site.read("sitemap.xml");
    let root_entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://example.org/portal/</loc>"))
        .expect("the sitemap lists /");
    assert_contains(root_entry, r#"hreflang="vi" href="https://example.org/portal/vi/""#);
    assert_contains(root_entry, r#"hreflang="x-default" href="https://example.org/portal/""#);
}
