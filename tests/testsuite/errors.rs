//! Bad input: every problem reported with file, line and column, exit code
//! 1, and the previous output left exactly as it was.

use crate::common::*;

#[test]
fn malformed_front_matter_fails_and_keeps_the_previous_output() {
    let site = Fixture::new(&["bilingual"]);
    let first = site.run(&["build"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let before = snapshot(&site.public());

    site.overlay("broken-front-matter");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // All three problems of the two files, each with file:line:column.
    assert_contains(
        &run.stderr,
        "error: content/articles/broken.vi.md:2:8: the quote opened here is not closed before the next key `date`",
    );
    assert_contains(
        &run.stderr,
        "error: content/articles/typo.vi.md:3:7: `2025-02-30` does not exist: month 2 of 2025 has 28 days",
    );
    assert_contains(
        &run.stderr,
        "error: content/articles/typo.vi.md:4:1: unknown front matter key `sumary`",
    );
    assert_contains(&run.stderr, "hint: did you mean `summary`?");
    assert_contains(
        &run.stderr,
        "error: 3 problem(s); the build failed and left the previous output as it was",
    );
    assert_lacks(&run.stderr, "panicked");

    assert_eq!(
        snapshot(&site.public()),
        before,
        "public/ must be byte-for-byte unchanged"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The media cache (social cards are drawn into it) is no staging folder.
        .filter(|n| n.contains("duet-") && n != ".duet-cache")
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
}

#[test]
fn a_missing_fluent_key_names_the_key_the_language_and_the_template() {
    let site = Fixture::new(&["bilingual", "missing-key"]);
    let problems = site.build().unwrap_err();
    let d = &problems.0[0];
    assert_eq!(d.path, std::path::Path::new("(built-in theme)/templates/base.html"));
    let position = d.position.expect("a template position");
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/portal/templates/base.html"
    ))
    .unwrap();
    let line = base.lines().nth(position.line - 1).unwrap();
    assert!(line.contains(r#"t(key="footer-about")"#), "points at {line:?}");
    assert_contains(
        &d.message,
        "the Fluent message `footer-about` is missing in language `en`",
    );
    assert!(!site.public().exists(), "nothing is written by a failed first build");

    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains(
        &run.stderr,
        &format!("(built-in theme)/templates/base.html:{}:", position.line),
    );
}

#[test]
fn a_translation_that_contradicts_a_shared_field_names_both_files() {
    let site = Fixture::new(&["bilingual"]);
    let en = site.root().join("content/articles/education-forum.en.md");
    std::fs::write(&en, "---\ntitle: Forum\ndate: 2024-03-29\n---\nx\n").unwrap();
    let problems = site.build().unwrap_err();
    let text = problems.to_string();
    assert_contains(
        &text,
        "content/articles/education-forum.en.md:3:7: `date` differs from the source language's value in content/articles/education-forum.vi.md:3",
    );
}

#[test]
fn an_unknown_partner_suggests_the_closest() {
    let site = Fixture::new(&["bilingual"]);
    site.edit(
        "content/articles/education-forum.vi.md",
        "partners: [unesco]",
        "partners: [unesko]",
    );
    let problems = site.build().unwrap_err().to_string();
    assert_contains(
        &problems,
        "content/articles/education-forum.vi.md:5:12: unknown partner `unesko`",
    );
    assert_contains(&problems, "did you mean `unesco`?");
}

#[test]
fn duplicate_translations_and_urls_are_reported() {
    let site = Fixture::new(&["bilingual"]);
    let content = site.root().join("content/articles");
    std::fs::write(
        content.join("copy.en.md"),
        "---\ntitle: Copy\ntranslation_key: articles/education-forum\n---\n",
    )
    .unwrap();
    std::fs::write(
        content.join("clash.vi.md"),
        "---\ntitle: Clash\ndate: 2020-01-01\nslug: dien-dan-giao-duc-da-phuong\n---\n",
    )
    .unwrap();
    let text = site.build().unwrap_err().to_string();
    assert_contains(
        &text,
        "content/articles/copy.en.md:3:18: this file and content/articles/education-forum.en.md are both the `en` version of `articles/education-forum`",
    );
    assert_contains(&text, "both have the URL /vi/articles/dien-dan-giao-duc-da-phuong/");
}

#[test]
fn files_without_a_known_language_are_reported() {
    let site = Fixture::new(&["bilingual"]);
    let content = site.root().join("content");
    std::fs::write(content.join("notes.md"), "---\ntitle: N\n---\n").unwrap();
    std::fs::write(content.join("notes.fr.md"), "---\ntitle: N\n---\n").unwrap();
    std::fs::write(content.join("latin1.vi.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    let text = site.build().unwrap_err().to_string();
    assert_contains(&text, "content/notes.md: the file name has no language suffix");
    assert_contains(&text, "content/notes.fr.md: `fr` is not one of the site's languages");
    assert_contains(&text, "content/latin1.vi.md:2:11: the file is not valid UTF-8");
}

#[test]
fn the_output_folder_guard_is_applied_before_anything_is_written() {
    let site = Fixture::new(&["bilingual"]);
    for bad in [".", "content", "locales/out"] {
        let run = site.run(&["build", "--output", bad]);
        assert_eq!(run.code, Some(1), "{bad}: {}", run.stdout);
        assert_contains(&run.stderr, "refusing to use");
    }
    std::fs::create_dir(site.root().join("mine")).unwrap();
    std::fs::write(site.root().join("mine/keep.txt"), "precious").unwrap();
    let run = site.run(&["build", "--output", "mine"]);
    assert_eq!(run.code, Some(1));
    assert_contains(&run.stderr, "not made by duet");
    assert_eq!(
        std::fs::read_to_string(site.root().join("mine/keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn crlf_and_a_byte_order_mark_are_accepted() {
    let site = Fixture::new(&["bilingual"]);
    let path = site.root().join("content/about.en.md");
    let text = std::fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    site.build().expect("CRLF and BOM build");
    assert_contains(&site.read("en/about/index.html"), "<h1>About</h1>");
}

#[test]
fn a_term_without_a_label_is_reported_where_it_is_used() {
    let site = Fixture::new(&["bilingual"]);
    let vi = site.root().join("content/articles/education-forum.vi.md");
    let text = std::fs::read_to_string(&vi)
        .unwrap()
        .replace("topics: [education]", "topics: [education, oceans]");
    std::fs::write(&vi, text).unwrap();
    let text = site.build().unwrap_err().to_string();
    // Reported for the source and for the English translation that inherits it.
    assert_contains(
        &text,
        "content/articles/education-forum.vi.md:6:21: `oceans` has no label in `vi`",
    );
    assert_contains(&text, "hint: add `topic-oceans = …` to locales/en/site.ftl");
}

#[test]
fn check_lists_exactly_the_known_problems() {
    let site = Fixture::new(&["bilingual", "check-problems"]);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
    let found: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}:{}",
                p["kind"].as_str().unwrap(),
                p["file"].as_str().unwrap(),
                p["line"]
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "broken-link content/articles/education-forum.vi.md:8",
            "broken-link content/articles/education-forum.vi.md:10",
            "broken-link content/articles/education-forum.vi.md:10",
            "missing-string locales/en:0",
            "stale content/articles/heritage-pact.en.md:5",
            "undefined-string templates/partials/fallback-notice.html:1",
            "untranslated content/articles/local-only.vi.md:0",
            "untranslated content/articles/upcoming.vi.md:0",
            "untranslated content/partners/bach-khoa.vi.md:0",
            "untranslated content/partners/imexco.vi.md:0",
            "unused-string locales/vi/site.ftl:8",
        ]
    );
    assert_eq!(report["ok"], false);
    assert_eq!(report["counts"]["broken-link"], 3);
    let messages: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .contains(&"`../partners/unesko.md` names no content file (looked for content/partners/unesko.LANG.md)"),
        "{messages:#?}"
    );
    assert!(
        messages.contains(&"`heritage-pact.md#noi-dung` links to an anchor that does not exist"),
        "{messages:#?}"
    );
    assert!(
        messages.contains(&"`/vi/khong-co/` is not a page of this site"),
        "{messages:#?}"
    );
    // The text format says the same, one problem a line.
    let text = site.run(&["check"]);
    assert_eq!(text.code, Some(1));
    assert_contains(
        &text.stdout,
        "content/articles/education-forum.vi.md:10:10: [broken-link] `heritage-pact.md#noi-dung` links to an anchor that does not exist\n  hint: did you mean `#noi-dung-hop-tac`?",
    );
    assert_contains(
        &text.stdout,
        "Checked 14 pages: 3 broken-link, 1 missing-string, 1 stale, 1 undefined-string, 4 untranslated, 1 unused-string.",
    );
}

#[test]
fn check_reports_what_stops_a_build() {
    let site = Fixture::new(&["bilingual"]);
    site.edit(
        "content/articles/education-forum.vi.md",
        "partners: [unesco]",
        "partners: [unesko]",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(1));
    assert_contains(
        &run.stdout,
        "content/articles/education-forum.vi.md:5:12: [build] unknown partner `unesko`",
    );
}

#[test]
fn control_characters_from_files_are_escaped_in_human_output_only() {
    let site = Fixture::new(&["bilingual"]);
    std::fs::write(
        site.root().join("content/articles/case.vi.md"),
        "---\ntitle: A\ndate: 2025-01-01\n\"\\e]0;pwned\\a\\e[2Jx\": 1\n---\n",
    )
    .unwrap();
    let build = site.run(&["build"]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(
        !build.stderr.contains(['\x1b', '\x07']),
        "raw control characters reach the terminal: {:?}",
        build.stderr
    );
    assert_contains(
        &build.stderr,
        "error: content/articles/case.vi.md:4:1: unknown front matter key `\\x1b]0;pwned\\x07\\x1b[2Jx`",
    );
    let text = site.run(&["check"]);
    assert!(!text.stdout.contains(['\x1b', '\x07']), "{:?}", text.stdout);
    assert_contains(&text.stdout, "[build] unknown front matter key `\\x1b]0;pwned");
    // JSON is data: the key is kept as written, encoded by JSON's own escapes.
    let json = site.run(&["check", "--format", "json"]);
    assert_contains(
        &json.stdout,
        "unknown front matter key `\\u001b]0;pwned\\u0007\\u001b[2Jx`",
    );
}

#[test]
fn symlinks_skipped_under_content_are_named_in_a_warning() {
    let site = Fixture::new(&["bilingual"]);
    let content = site.root().join("content");
    let outside = site.root().join("outside.vi.md");
    std::fs::write(&outside, "---\ntitle: Ngoài\ndate: 2025-01-01\n---\n").unwrap();
    std::os::unix::fs::symlink(&outside, content.join("articles/outside.vi.md")).unwrap();
    std::os::unix::fs::symlink(&content, content.join("loop")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "warning: content/articles/outside.vi.md: this is a symbolic link; duet does not follow links under content/, so it was skipped",
    );
    assert_contains(&run.stderr, "warning: content/loop: this is a symbolic link;");
}
