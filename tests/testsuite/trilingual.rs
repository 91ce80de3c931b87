//! Three languages (vi, en, zh): nothing assumes there are two.

use crate::common::*;

fn built() -> Fixture {
    let site = Fixture::new(&["trilingual"]);
    site.build().expect("the trilingual fixture builds");
    site
}

#[test]
fn each_language_gets_its_pages() {
    let site = built();
    for lang in ["vi", "en", "zh"] {
        assert!(site.exists(&format!("{lang}/index.html")));
        assert!(site.exists(&format!("{lang}/partners/lenovo/index.html")));
        assert_eq!(
            attr_values(&site.read(&format!("{lang}/index.html")), "html ", "lang"),
            [lang]
        );
    }
}

#[test]
fn a_chinese_title_folds_to_an_ascii_slug() {
    let site = built();
    let zh_dir = site.public().join("zh/articles");
    let slugs: Vec<String> = std::fs::read_dir(&zh_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(slugs.len(), 1, "{slugs:?}");
    assert!(slugs[0].is_ascii() && slugs[0].starts_with("lian-xiang"), "{slugs:?}");
}

#[test]
fn every_article_links_to_all_its_translations() {
    let site = built();
    let zh_dir = site.public().join("zh/articles");
    let slug = std::fs::read_dir(&zh_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .find(|n| n != "index.html")
        .unwrap();
    let zh = site.read(&format!("zh/articles/{}/index.html", slug.to_string_lossy()));
    assert_eq!(
        attr_values(&zh, "rel=\"alternate\" hreflang", "hreflang"),
        ["vi", "en", "zh", "x-default"]
    );
    assert_contains(&zh, r#"<time datetime="2024-09-14">2024年9月14日</time>"#);
    assert_contains(&zh, r#"<a href="/zh/topics/environment/">环境</a>"#);
    // The switcher offers the two other languages as links.
    assert_contains(&zh, r#"lang="vi" hreflang="vi" rel="alternate">Tiếng Việt</a>"#);
    assert_contains(&zh, r#"lang="en" hreflang="en" rel="alternate">English</a>"#);
    assert_contains(
        &zh,
        r#"<span class="current" lang="zh" aria-current="true">中文</span>"#,
    );
}

#[test]
fn a_page_only_in_english_says_so_in_both_other_languages() {
    let site = built();
    let en = site.read("en/articles/a-story-told-only-in-english/index.html");
    assert_contains(&en, "Tiếng Việt <small>(chưa có bản dịch, về trang chủ)</small>");
    assert_contains(&en, "中文 <small>(尚未翻译，前往首页)</small>");
    // Without a default-language version there is no x-default.
    assert!(attr_values(&en, "hreflang=\"x-default\"", "href").is_empty());
}
