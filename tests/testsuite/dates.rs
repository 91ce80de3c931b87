//! Dates at the precision of their source: a month or a year is shown,
//! sorted and published as such in every language, never with a made-up day.

use crate::common::*;

fn site_with_partial_dates() -> Fixture {
    let site = Fixture::new(&["bilingual"]);
    // The source gives only a month for one story and only a year for another.
    site.edit(
        "content/articles/education-forum.vi.md",
        "date: 2024-03-28",
        "date: 2011-05",
    );
    site.edit("content/articles/local-only.vi.md", "date: 2023-05-01", "date: 2024");
    site.build().expect("month and year dates build");
    site
}

#[test]
fn month_and_year_dates_are_shown_at_their_precision_in_every_language() {
    let site = site_with_partial_dates();
    let vi = site.read("vi/articles/dien-dan-giao-duc-da-phuong/index.html");
    assert_contains(&vi, "<time datetime=\"2011-05\">tháng 5 năm 2011</time>");
    let en = site.read("en/articles/multilateral-education-forum/index.html");
    assert_contains(&en, "<time datetime=\"2011-05\">May 2011</time>");
    let year = site.read("vi/articles/tin-chi-co-tieng-viet/index.html");
    assert_contains(&year, "<time datetime=\"2024\">năm 2024</time>");
    for page in [&vi, &en, &year] {
        assert_lacks(page, "2011-05-01");
        assert_lacks(page, "2024-01-01");
        assert_lacks(page, "ngày 1 tháng 5");
    }
    assert_eq!(json_ld(&en)["datePublished"], "2011-05");
}

#[test]
fn feeds_and_sitemap_write_what_their_formats_allow() {
    let site = site_with_partial_dates();
    // Atom needs a full timestamp: the month stands at its first day.
    assert_contains(&site.read("en/atom.xml"), "<published>2011-05-01T00:00:00Z</published>");
    // The sitemap's W3C datetime allows a month or a year.
    let sitemap = site.read("sitemap.xml");
    assert_contains(&sitemap, "<lastmod>2011-05</lastmod>");
    assert_contains(&sitemap, "<lastmod>2024</lastmod>");
}

#[test]
fn a_month_sorts_between_the_months_around_it() {
    let site = site_with_partial_dates();
    // Newest first: 2025-10-17 (heritage pact), 2024 (the year-only story), 2011-05.
    let list = site.read("vi/articles/index.html");
    let heritage = list.find("hop-tac-chien-luoc").expect("the 2025 story is listed");
    let year = list.find("tin-chi-co-tieng-viet").expect("the 2024 story is listed");
    assert!(heritage < year, "2025-10-17 is listed before 2024");
    let years = site.read("vi/years/2011/index.html");
    assert_contains(&years, "dien-dan-giao-duc-da-phuong");
}
