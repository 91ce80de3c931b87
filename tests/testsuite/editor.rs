//! The editor's commands: init, new article, new translation.

use crate::common::*;

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let site = Fixture::new(&[]);
    let dir = site.root().join("portal");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_duet"))
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let summary = duet::build(&duet::BuildOptions {
        root: dir.clone(),
        output: "public".into(),
        drafts: false,
        base_url: None,
        strict: true,
        full: false,
    })
    .expect("the new site builds, even strictly");
    assert_eq!(summary.warnings, []);
    assert!(
        dir.join("public/vi/articles/ky-ket-thoa-thuan-hop-tac-dau-tien/index.html")
            .is_file()
    );
    assert!(
        dir.join("public/en/articles/first-partnership-agreement-signed/index.html")
            .is_file()
    );
    assert!(!dir.join("themes").exists(), "the theme is built in");
    let report = duet::check::check(&dir);
    assert_eq!(report.problems, [], "duet check finds nothing to fix");
    // A second init into the same folder refuses and changes nothing.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_duet"))
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_contains(&String::from_utf8_lossy(&again.stderr), "the folder is not empty");
}

#[test]
fn new_article_folds_its_title_into_the_file_name() {
    let site = Fixture::new(&["bilingual"]);
    let run = site.run(&["new", "article", "Hợp tác chiến lược với Đại học Huế"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "content/articles/hop-tac-chien-luoc-voi-dai-hoc-hue.vi.md"
    );
    let text = std::fs::read_to_string(site.root().join(run.stdout.trim())).unwrap();
    assert_contains(&text, "title: \"Hợp tác chiến lược với Đại học Huế\"\n");
    assert_contains(&text, &format!("date: {}\n", duet::i18n::Date::today()));
    assert_contains(&text, "draft: true\n");
    // It is a draft: built only with --drafts.
    site.build_with(true).expect("the new article builds");
    assert!(site.exists("vi/articles/hop-tac-chien-luoc-voi-dai-hoc-hue/index.html"));
    // The same title again is refused; English is accepted with --lang.
    assert_eq!(
        site.run(&["new", "article", "Hợp tác chiến lược với Đại học Huế"]).code,
        Some(1)
    );
    let en = site.run(&["new", "article", "A \"quoted\" title", "--lang", "en"]);
    assert_eq!(en.stdout.trim(), "content/articles/a-quoted-title.en.md");
    assert_contains(
        &std::fs::read_to_string(site.root().join(en.stdout.trim())).unwrap(),
        r#"title: "A \"quoted\" title""#,
    );
}

#[test]
fn new_translation_carries_the_text_over_and_records_its_source() {
    let site = Fixture::new(&["bilingual"]);
    let run = site.run(&[
        "new",
        "translation",
        "content/articles/local-only.vi.md",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "content/articles/local-only.en.md");
    let text = std::fs::read_to_string(site.root().join("content/articles/local-only.en.md")).unwrap();
    assert_contains(&text, "title: \"Tin chỉ có tiếng Việt\"\n");
    assert_contains(&text, "translated_from: \"");
    assert_contains(&text, "draft: true\n");
    assert_contains(&text, "Chỉ có bản tiếng Việt.");
    // Not published until the draft mark goes; then it is a fresh translation.
    site.build().unwrap();
    assert!(!site.exists("en/articles/tin-chi-co-tieng-viet/index.html"));
    std::fs::write(
        site.root().join("content/articles/local-only.en.md"),
        text.replace("draft: true\n", ""),
    )
    .unwrap();
    let summary = site.build().unwrap();
    assert!(site.exists("en/articles/tin-chi-co-tieng-viet/index.html"));
    assert_eq!(summary.warnings, []);
    // A second translation into the same language is refused.
    let again = site.run(&[
        "new",
        "translation",
        "content/articles/local-only.vi.md",
        "--lang",
        "en",
    ]);
    assert_eq!(again.code, Some(1));
    assert_contains(&again.stderr, "the `en` version exists already");
}
