//! Fallback policies for pages not translated into a language.

use crate::common::*;

fn built() -> Fixture {
    let site = Fixture::new(&["bilingual", "fallbacks"]);
    site.build().expect("the fallback fixture builds");
    site
}

const VI_ONLY: &str = "https://example.org/portal/vi/articles/tin-chi-co-tieng-viet/";

#[test]
fn notice_publishes_the_source_marked_with_its_language_and_canonical() {
    let site = built();
    let page = site.read("en/articles/tin-chi-co-tieng-viet/index.html");
    assert_eq!(attr_values(&page, "html ", "lang"), ["en"], "the UI is English");
    assert_contains(&page, r#"<article class="article" lang="vi">"#);
    assert_contains(&page, "<h1>Tin chỉ có tiếng Việt</h1>");
    assert_contains(
        &page,
        "This page has not been translated into English yet. The original, in Tiếng Việt, is shown below.",
    );
    assert_eq!(attr_values(&page, "rel=\"canonical\"", "href"), [VI_ONLY]);
    assert!(
        attr_values(&page, "rel=\"alternate\" hreflang", "href").is_empty(),
        "no hreflang on a stand-in"
    );
    assert_lacks(&page, "application/ld+json");
    // Dates and labels around it speak English.
    assert_contains(&page, "1 May 2023");
}

#[test]
fn notice_pages_stay_out_of_alternates_sitemap_and_feed_but_are_listed() {
    let site = built();
    let source = site.read("vi/articles/tin-chi-co-tieng-viet/index.html");
    assert!(
        attr_values(&source, "hreflang=\"en\"", "href").is_empty(),
        "the source names no English alternate"
    );
    // Its switcher leads to the stand-in and says it is not a translation.
    assert_contains(
        &source,
        r#"<a class="untranslated" href="/portal/en/articles/tin-chi-co-tieng-viet/" lang="en">English <small>(not translated yet)</small></a>"#,
    );
    let sitemap = site.read("sitemap.xml");
    assert_lacks(&sitemap, "/en/articles/tin-chi-co-tieng-viet/");
    assert_contains(
        &sitemap,
        "<loc>https://example.org/portal/vi/articles/tin-chi-co-tieng-viet/</loc>",
    );
    assert_lacks(&site.read("en/atom.xml"), "Tin chỉ có tiếng Việt");
    assert_lacks(&crate::search::fragments(&site, "en"), "Tin chỉ có tiếng Việt");
    assert_contains(&crate::search::fragments(&site, "vi"), "Tin chỉ có tiếng Việt");
    // English readers still find it in their listing.
    assert_contains(&site.read("en/articles/page/2/index.html"), "Tin chỉ có tiếng Việt");
    // The stand-in's own switcher leads back to the real page.
    let stand_in = site.read("en/articles/tin-chi-co-tieng-viet/index.html");
    assert_contains(
        &stand_in,
        r#"<a href="/portal/vi/articles/tin-chi-co-tieng-viet/" lang="vi" hreflang="vi" rel="alternate">Tiếng Việt</a>"#,
    );
}

#[test]
fn redirect_sends_readers_and_search_engines_to_the_source() {
    let site = built();
    let page = site.read("en/partners/imexco/index.html");
    assert_contains(
        &page,
        r#"<meta http-equiv="refresh" content="0; url=/portal/vi/partners/imexco/">"#,
    );
    assert_contains(&page, r#"<meta name="robots" content="noindex">"#);
    assert_eq!(
        attr_values(&page, "rel=\"canonical\"", "href"),
        ["https://example.org/portal/vi/partners/imexco/"]
    );
    assert_contains(&page, r#"<a href="/portal/vi/partners/imexco/">"#);
    assert_lacks(&site.read("sitemap.xml"), "/en/partners/imexco/");
    // Redirects are not listed among the English partners.
    assert_lacks(&site.read("en/partners/index.html"), "/en/partners/imexco/");
}

#[test]
fn every_hreflang_written_points_at_a_real_translation() {
    let site = built();
    assert_hreflang_targets_are_real(&site, "https://example.org/portal/");
}

#[test]
fn a_stand_in_card_is_marked_with_its_language_and_dated_in_the_pages() {
    let site = built();
    // Paginated by two: the Vietnamese-only story is on page 2 of the English list.
    let list = site.read("en/articles/page/2/index.html");
    let card = list
        .split("<article class=\"card\">")
        .find(|c| c.contains("Tin chỉ có tiếng Việt"))
        .expect("the stand-in is listed in English");
    assert_contains(card, r#"<h2 class="card-title" lang="vi">"#);
    assert_contains(card, r#"<p lang="vi">Bài này chưa được dịch.</p>"#);
    assert_contains(card, r#"<time datetime="2023-05-01">1 May 2023</time>"#);
    // English cards carry no lang of their own: the page's is theirs.
    let first = site.read("en/articles/index.html");
    assert_lacks(&first, r#"class="card-title" lang="#);
}

#[test]
fn a_partner_whose_id_contains_page_keeps_its_pager_links() {
    let site = Fixture::new(&["bilingual"]);
    site.overlay("fallbacks");
    std::fs::write(
        site.root().join("content/partners/webpage.vi.md"),
        "---\ntitle: Webpage\n---\nx\n",
    )
    .unwrap();
    for n in 1..=3 {
        std::fs::write(
            site.root().join(format!("content/articles/w{n}.vi.md")),
            format!("---\ntitle: Bài {n}\ndate: 2020-01-0{n}\npartners: [webpage]\n---\nx\n"),
        )
        .unwrap();
    }
    site.build().unwrap();
    let second = site.read("vi/partners/webpage/page/2/index.html");
    assert_contains(&second, r#"<link rel="prev" href="/portal/vi/partners/webpage/">"#);
}
