//! Translations know which source text they were made from.

use crate::common::*;

const EN: &str = "content/articles/heritage-pact.en.md";
const VI: &str = "content/articles/heritage-pact.vi.md";

fn marked() -> Fixture {
    let site = Fixture::new(&["bilingual"]);
    let run = site.run(&["translated", EN]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_contains(&run.stdout, "translated_from");
    let text = std::fs::read_to_string(site.root().join(EN)).unwrap();
    assert_contains(&text, "translated_from: \"");
    assert_eq!(site.build().unwrap().warnings, [], "fresh after marking");
    site
}

#[test]
fn a_source_edit_makes_its_translation_stale_naming_the_section() {
    let site = marked();
    site.edit(
        VI,
        "Hai bên thúc đẩy sản xuất xanh.",
        "Hai bên thúc đẩy sản xuất xanh và tiêu dùng bền vững.",
    );
    let warnings = site.build().unwrap().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0].to_string();
    assert_contains(&w, "content/articles/heritage-pact.en.md:5:");
    assert_contains(
        &w,
        "the translation is stale: content/articles/heritage-pact.vi.md changed in “Nội dung hợp tác”",
    );
    assert_lacks(&w, "Bối cảnh");
    // The CLI shows it as a warning; the build still succeeds.
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0));
    assert_contains(&run.stderr, "warning: content/articles/heritage-pact.en.md:5:");
    // Marking it translated again clears it.
    site.run(&["translated", EN]);
    assert_eq!(site.build().unwrap().warnings, []);
}

#[test]
fn whitespace_and_shared_field_edits_do_not() {
    let site = marked();
    site.edit(
        VI,
        "Thỏa thuận được ký tại Hoàng thành Thăng Long.",
        "Thỏa thuận được ký\ntại   Hoàng thành Thăng Long.\n",
    );
    site.edit(VI, "date: 2025-10-17", "date: 2025-10-18");
    site.edit(VI, "topics: [heritage]", "topics: [heritage, education]");
    assert_eq!(site.build().unwrap().warnings, []);
}

#[test]
fn only_translations_can_be_marked() {
    let site = Fixture::new(&["bilingual"]);
    let run = site.run(&["translated", VI]);
    assert_eq!(run.code, Some(1));
    assert_contains(&run.stderr, "this page is a source, not a translation");
    let original = std::fs::read_to_string(crate::common::fixtures().join("bilingual").join(VI)).unwrap();
    assert_eq!(
        std::fs::read_to_string(site.root().join(VI)).unwrap(),
        original,
        "the source is untouched"
    );
}

#[test]
fn a_translation_made_from_a_translation_follows_that_text() {
    let site = Fixture::new(&["bilingual"]);
    // French UI strings fall back to English; only the content matters here.
    site.edit(
        "site.yaml",
        "  - code: en\n    name: English\n",
        "  - code: en\n    name: English\n  - code: fr\n    name: Français\n    fallback: [en]\n",
    );
    let run = site.run(&["new", "translation", EN, "--lang", "fr"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let fr = "content/articles/heritage-pact.fr.md";
    let text = std::fs::read_to_string(site.root().join(fr)).unwrap();
    assert_contains(&text, "translated_from: \"en:");
    site.edit(fr, "draft: true\n", "");
    // Only staleness matters here (French UI strings fall back, with warnings).
    let stale = |site: &Fixture| -> Vec<String> {
        site.build()
            .unwrap()
            .warnings
            .iter()
            .map(std::string::ToString::to_string)
            .filter(|w| w.contains("stale"))
            .collect()
    };
    assert_eq!(stale(&site), Vec::<String>::new(), "fresh when made");
    // Editing the Vietnamese source does not touch the English text the French came from.
    site.edit(
        VI,
        "Hai bên thúc đẩy sản xuất xanh.",
        "Hai bên thúc đẩy sản xuất xanh hơn.",
    );
    let found = stale(&site);
    assert!(!found.iter().any(|w| w.contains(fr)), "{found:#?}");
    // Editing the English text makes the French stale, naming the English file.
    site.edit(
        EN,
        "Strategic heritage partnership at Thang Long",
        "A strategic heritage partnership",
    );
    let found = stale(&site);
    assert!(
        found
            .iter()
            .any(|w| w.contains(fr)
                && w.contains("the translation is stale: content/articles/heritage-pact.en.md changed")),
        "{found:#?}"
    );
    // Marking it translated again records the English text again.
    let run = site.run(&["translated", fr]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_contains(
        &std::fs::read_to_string(site.root().join(fr)).unwrap(),
        "translated_from: \"en:",
    );
}

#[test]
fn marking_never_rewrites_a_line_inside_a_value() {
    let site = Fixture::new(&["bilingual"]);
    // A quoted summary whose second line starts like the key, at the margin
    // (lenient YAML readers accept it): marking must not take it for the key.
    let text = "---\ntitle: \"Multilateral education forum\"\nsummary: \"A dialogue.\ntranslated_from: is part of this sentence.\"\n---\nContent.\n";
    std::fs::write(site.root().join("content/articles/education-forum.en.md"), text).unwrap();
    let run = site.run(&["translated", "content/articles/education-forum.en.md"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_contains(&run.stderr, "cannot be edited safely");
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/articles/education-forum.en.md")).unwrap(),
        text,
        "the file is left as it was"
    );
    // Indented, as YAML means it, the line stays text and the real key is written.
    let text = "---\ntitle: \"Multilateral education forum\"\nsummary: \"A dialogue.\n  translated_from: is part of this sentence.\"\n---\nContent.\n";
    std::fs::write(site.root().join("content/articles/education-forum.en.md"), text).unwrap();
    let run = site.run(&["translated", "content/articles/education-forum.en.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let written = std::fs::read_to_string(site.root().join("content/articles/education-forum.en.md")).unwrap();
    assert_contains(
        &written,
        "  translated_from: is part of this sentence.\"\ntranslated_from: \"vi:",
    );
}
