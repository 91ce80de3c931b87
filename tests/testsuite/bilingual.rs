//! The two-language fixture: pages, pairing, switcher, hreflang, strings.

use crate::common::*;

fn built() -> Fixture {
    let site = Fixture::new(&["bilingual"]);
    site.build().expect("the bilingual fixture builds");
    site
}

#[test]
fn every_page_is_written_under_its_language() {
    let site = built();
    for rel in [
        "index.html",
        "vi/index.html",
        "en/index.html",
        "vi/about/index.html",
        "en/about/index.html",
        "vi/partners/index.html",
        "vi/partners/unesco/index.html",
        "en/partners/unesco/index.html",
        "vi/partners/imexco/index.html",
        "vi/articles/index.html",
        "en/articles/heritage-partnership/index.html",
    ] {
        assert!(site.exists(rel), "{rel} should be written");
    }
    assert_eq!(attr_values(&site.read("vi/about/index.html"), "html ", "lang"), ["vi"]);
    assert_eq!(attr_values(&site.read("en/about/index.html"), "html ", "lang"), ["en"]);
}

#[test]
fn slugs_fold_vietnamese_titles_unless_given() {
    let site = built();
    // "Hợp tác chiến lược về di sản Thăng Long" has no slug: folded, đ and diacritics dropped.
    assert!(site.exists("vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html"));
    assert!(site.exists("vi/articles/dien-dan-giao-duc-da-phuong/index.html"));
    // The English twin gives its own slug.
    assert!(site.exists("en/articles/heritage-partnership/index.html"));
}

#[test]
fn translations_link_to_each_other_with_hreflang_and_the_switcher() {
    let site = built();
    let vi = site.read("vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html");
    let en = site.read("en/articles/heritage-partnership/index.html");
    let vi_url = "https://example.org/portal/vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/";
    let en_url = "https://example.org/portal/en/articles/heritage-partnership/";
    for page in [&vi, &en] {
        assert_eq!(attr_values(page, "hreflang=\"vi\" href", "href"), [vi_url]);
        assert_eq!(attr_values(page, "hreflang=\"en\" href", "href"), [en_url]);
        assert_eq!(attr_values(page, "hreflang=\"x-default\"", "href"), [vi_url]);
    }
    // The switcher on each page leads to the other (under the base path).
    assert_contains(
        &vi,
        r#"<a href="/portal/en/articles/heritage-partnership/" lang="en" hreflang="en" rel="alternate">English</a>"#,
    );
    assert_contains(
        &en,
        r#"<a href="/portal/vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/" lang="vi" hreflang="vi" rel="alternate">Tiếng Việt</a>"#,
    );
}

#[test]
fn an_untranslated_page_says_so_and_has_no_false_hreflang() {
    let site = built();
    let page = site.read("vi/articles/tin-chi-co-tieng-viet/index.html");
    // Its switcher leads to the English home with a visible note, in English.
    assert_contains(
        &page,
        r#"<a class="untranslated" href="/portal/en/" lang="en">English <small>(not translated yet, go to home page)</small></a>"#,
    );
    // No hreflang points at an English page that does not exist.
    assert!(attr_values(&page, "hreflang=\"en\" href", "href").is_empty(), "{page}");
    assert!(!site.public().join("en/articles/tin-chi-co-tieng-viet").exists());
}

#[test]
fn navigation_text_comes_from_each_languages_strings() {
    let site = built();
    let vi = site.read("vi/index.html");
    let en = site.read("en/index.html");
    assert_contains(&vi, ">Tin bài</a>");
    assert_contains(&vi, ">Bỏ qua, đến nội dung chính</a>");
    assert_contains(&vi, "Chân trang tiếng Việt.");
    assert_contains(&en, ">News</a>");
    assert_contains(&en, ">Skip to main content</a>");
    assert_contains(&en, "English footer.");
    assert_lacks(&en, "Tin bài");
}

#[test]
fn translations_inherit_shared_fields() {
    let site = built();
    // The English file names no partners, topics or date: they come from the Vietnamese source.
    let en = site.read("en/articles/heritage-partnership/index.html");
    assert_contains(&en, r#"<a class="partner-name" href="/portal/en/partners/unesco/">"#);
    assert_contains(&en, "</span>UNESCO</a>");
    // Imexco has no English profile: the link goes to the Vietnamese one, marked as Vietnamese.
    assert_contains(
        &en,
        r#"<a class="partner-name" href="/portal/vi/partners/imexco/" lang="vi">"#,
    );
    assert_contains(&en, "</span>Công ty Imexco</a>");
    assert_contains(&en, r#"<time datetime="2025-10-17">17 October 2025</time>"#);
    assert_contains(&en, "Heritage");
}

#[test]
fn dates_take_each_languages_form() {
    let site = built();
    let vi = site.read("vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html");
    assert_contains(&vi, r#"<time datetime="2025-10-17">ngày 17 tháng 10 năm 2025</time>"#);
}

#[test]
fn partner_pages_list_their_articles_newest_first() {
    let site = built();
    let unesco = site.read("vi/partners/unesco/index.html");
    let a = unesco
        .find("Hợp tác chiến lược về di sản")
        .expect("2025 article listed");
    let b = unesco.find("Diễn đàn giáo dục đa phương").expect("2024 article listed");
    assert!(a < b, "newest first");
    assert_lacks(&unesco, "Tin chỉ có tiếng Việt");
    let imexco = site.read("vi/partners/imexco/index.html");
    assert_contains(&imexco, "Tin chỉ có tiếng Việt");
    assert_lacks(&imexco, "Diễn đàn giáo dục");
}

#[test]
fn listings_paginate_with_prev_and_next() {
    let site = built();
    // Three Vietnamese articles, two per page.
    let first = site.read("vi/articles/index.html");
    assert_contains(&first, r#"<link rel="next" href="/portal/vi/articles/page/2/">"#);
    let second = site.read("vi/articles/page/2/index.html");
    assert_contains(&second, r#"<link rel="prev" href="/portal/vi/articles/">"#);
    assert_contains(&second, "Tin chỉ có tiếng Việt");
    assert!(!site.exists("vi/articles/page/3/index.html"));
    assert!(!site.exists("en/articles/page/2/index.html"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Fixture::new(&["bilingual"]);
    site.build().unwrap();
    assert!(!site.exists("vi/articles/ban-nhap-sap-dang/index.html"));
    site.build_with(true).unwrap();
    assert!(site.exists("vi/articles/ban-nhap-sap-dang/index.html"));
}

#[test]
fn the_root_page_serves_readers_without_javascript() {
    let site = built();
    let root = site.read("index.html");
    assert_eq!(attr_values(&root, "html ", "lang"), ["vi"]);
    assert_lacks(&root, "<script");
    assert_contains(&root, r#"href="/portal/vi/""#);
    assert_contains(&root, r#"href="/portal/en/""#);
    assert_contains(&root, "Vào trang tiếng Việt");
    assert_contains(&root, "Enter the English site");
    // The home pages name the chooser as their x-default.
    assert_eq!(
        attr_values(&site.read("en/index.html"), "hreflang=\"x-default\"", "href"),
        ["https://example.org/portal/"]
    );
}

#[test]
fn the_cli_prints_a_summary() {
    let site = Fixture::new(&["bilingual"]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_contains(&run.stdout, "Built 13 pages (vi 8, en 5)");
    assert_contains(&run.stdout, "3 page(s) are not translated into every language.");
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let a = Fixture::new(&["bilingual"]);
    a.build().unwrap();
    let b = Fixture::new(&["bilingual"]);
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| b.build().unwrap());
    assert_eq!(snapshot(&a.public()), snapshot(&b.public()));
}

#[test]
fn output_does_not_depend_on_file_system_order() {
    let a = Fixture::new(&["bilingual"]);
    a.build().unwrap();
    // The same files, created in the opposite order (directory listings follow creation order on many file systems).
    let b = Fixture::new(&[]);
    let mut files: Vec<_> = walkdir::WalkDir::new(fixtures().join("bilingual"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files.reverse();
    for file in files {
        let target = b.root().join(file.strip_prefix(fixtures().join("bilingual")).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    b.build().unwrap();
    let (sa, sb) = (snapshot(&a.public()), snapshot(&b.public()));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    assert!(sa == sb, "byte-identical trees");
}

#[test]
fn build_and_check_count_the_same_pages() {
    let site = Fixture::new(&["bilingual"]);
    let built = site.run(&["build"]);
    let checked = site.run(&["check"]);
    let number = |text: &str, word: &str| -> usize {
        let rest = &text[text.find(word).unwrap_or_else(|| panic!("{word} in {text}")) + word.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    // Drafts aside (check includes them, the fixture has one), the counts agree.
    assert_eq!(
        number(&built.stdout, "Built ") + 1,
        number(&checked.stdout, "Checked "),
        "{}\n{}",
        built.stdout,
        checked.stdout
    );
}
