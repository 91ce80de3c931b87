//! Languages beyond the two at the centre: direction, locale metadata and
//! UI strings that fall back to another language.

use crate::common::*;

#[test]
fn arabic_pages_are_right_to_left_with_their_locale() {
    let site = Fixture::new(&["arabic"]);
    let summary = site.build().expect("the Arabic fixture builds");
    let page = site.read("ar/articles/trth-thng-lwng/index.html");
    assert_contains(&page, r#"<html lang="ar" dir="rtl">"#);
    assert_contains(&page, r#"<meta property="og:locale" content="ar_EG">"#);
    assert_contains(&page, r#"<meta property="og:locale:alternate" content="vi_VN">"#);
    assert_contains(&site.read("vi/index.html"), r#"<html lang="vi" dir="ltr">"#);
    // The Arabic site's own strings, and English where it has none.
    assert_contains(&page, ">الرئيسية</a>");
    assert_contains(&page, ">News</a>");
    assert_contains(&page, ">التراث</a>");
    // Each message that falls back is a warning naming the stand-in language.
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("locales/ar: message `nav-articles` is missing in `ar`; `en` stands in")),
        "{warnings:#?}"
    );
    assert!(!warnings.iter().any(|w| w.contains("`nav-home` is missing in `ar`")));
    assert!(!warnings.iter().any(|w| w.contains("is missing in `en`")));
}

#[test]
fn variables_that_differ_between_languages_are_flagged() {
    let site = Fixture::new(&["arabic"]);
    let warnings: Vec<String> = site.build().unwrap().warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w
                .starts_with("locales/ar/site.ftl:6:1: message `articles-count` uses [] in `ar` but [$count] in `vi`")),
        "{warnings:#?}"
    );
}

#[test]
fn strict_builds_fail_on_any_missing_string() {
    let site = Fixture::new(&["arabic"]);
    let run = site.run(&["build", "--strict"]);
    assert_eq!(run.code, Some(1));
    assert_contains(
        &run.stderr,
        "error: locales/ar: message `nav-articles` is missing in `ar`; `en` stands in",
    );
    assert!(!site.public().exists());
}

#[test]
fn a_missing_string_with_no_fallback_names_the_chain() {
    let site = Fixture::new(&["arabic"]);
    // Remove the English site title: Arabic falls back to English and finds nothing.
    std::fs::write(
        site.root().join("locales/en/site.ftl"),
        "site-tagline = Test.\nfooter-about = Footer.\ntopic-heritage = Heritage\n",
    )
    .unwrap();
    std::fs::write(
        site.root().join("locales/ar/site.ftl"),
        "site-tagline = x\nfooter-about = x\ntopic-heritage = x\n",
    )
    .unwrap();
    let text = site.build().unwrap_err().to_string();
    assert_contains(
        &text,
        "the Fluent message `site-title` is missing in language `ar` and its fallbacks (en)",
    );
}
