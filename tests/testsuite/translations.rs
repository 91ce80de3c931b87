//! Translation exchange: export to XLIFF and PO, import back, status.

use std::path::{Path, PathBuf};
use std::process::Command;

use duet::translations::segment::Part;
use duet::translations::{po, xliff};

use crate::common::*;
use crate::reference::portal;

const EN: &str = "content/articles/heritage-pact.en.md";
const VI: &str = "content/articles/heritage-pact.vi.md";

/// Runs `duet translations export` with `args`; the files it wrote.
fn export(site: &Fixture, args: &[&str]) -> Vec<PathBuf> {
    let mut all = vec!["translations", "export"];
    all.extend(args);
    let run = site.run(&all);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.stdout
        .lines()
        .map(|l| PathBuf::from(l.split('\t').next().unwrap()))
        .collect()
}

fn import(site: &Fixture, files: &[PathBuf]) -> Run {
    let mut args = vec!["translations".to_string(), "import".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    site.run(&args)
}

/// Gives every unit of exchange file `path` a target: its source with each
/// text run passed through `translate`, codes kept.
fn fill(path: &Path, translate: &dyn Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let is_po = path.extension().is_some_and(|e| e == "po");
    let mut exchange = if is_po { po::read(&text) } else { xliff::read(&text) }.unwrap();
    for unit in &mut exchange.units {
        let target = unit
            .source
            .iter()
            .map(|p| match p {
                Part::Text(t) => Part::Text(translate(t)),
                other => other.clone(),
            })
            .collect();
        unit.target = Some(target);
    }
    let written = if is_po {
        po::write(&exchange)
    } else {
        xliff::write(&exchange)
    };
    std::fs::write(path, written).unwrap();
}

fn read(site: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).unwrap()
}

fn body(text: &str) -> String {
    duet::yaml::split(text).unwrap().body.to_string()
}

/// Every `x.FROM.md` with its `x.TO.md`, under `content/`.
fn pairs(site: &Fixture, from: &str, to: &str) -> Vec<(String, String)> {
    walkdir::WalkDir::new(site.root().join("content"))
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(site.root())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let twin = rel.strip_suffix(&format!(".{from}.md"))?;
            Some((rel.clone(), format!("{twin}.{to}.md")))
        })
        .collect()
}

fn round_trip(site: &Fixture, to: &str, format: &str) {
    let files = export(site, &["--to", to, "--all", "--format", format]);
    assert!(!files.is_empty());
    for file in &files {
        fill(file, &|t| t.to_string());
    }
    let run = import(site, &files);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn targets_equal_to_sources_reproduce_the_portal_byte_for_byte() {
    let site = portal();
    let before = read(&site, "content/articles/panasonic-world-heritage.en.md");
    round_trip(&site, "en", "xliff");
    let pairs = pairs(&site, "vi", "en");
    assert!(pairs.len() >= 16, "{pairs:?}");
    for (vi, en) in &pairs {
        let (vi, en) = (read(&site, vi), read(&site, en));
        assert_eq!(body(&en), body(&vi), "{en}");
    }
    // The translation's own front matter is kept, its title replaced.
    let after = read(&site, "content/articles/panasonic-world-heritage.en.md");
    let slug = before.lines().find(|l| l.starts_with("slug:")).unwrap();
    assert_contains(&after, slug);
    assert_contains(&after, "title: \"Panasonic và Trung tâm Di sản Thế giới UNESCO");
    assert_contains(&after, "translated_from: \"vi:");
    site.build().expect("the portal builds after the round trip");
}

#[test]
fn chinese_and_arabic_text_survive_a_po_round_trip() {
    for (fixture, from, to) in [
        ("trilingual", "vi", "zh"),
        ("trilingual", "vi", "en"),
        ("arabic", "vi", "ar"),
    ] {
        let site = Fixture::new(&[fixture]);
        // Translations become missing, so the import creates them from the source.
        for (_, target) in pairs(&site, from, to) {
            let _ = std::fs::remove_file(site.root().join(&target));
        }
        let originals: Vec<(String, String)> = pairs(&site, from, to)
            .into_iter()
            .map(|(s, t)| (read(&site, &s), t))
            .collect();
        round_trip(&site, to, "po");
        for (source, target) in originals {
            let written = read(&site, &target);
            assert_eq!(body(&written), body(&source), "{fixture} {target}");
            assert_contains(&written, "draft: true");
        }
    }
    // The sources themselves: Arabic and Chinese units as written.
    let site = Fixture::new(&["trilingual"]);
    let files = export(&site, &["--to", "vi", "--all", "--format", "po"]);
    let zh = files.iter().find(|f| f.ends_with("vi/articles/english-only.po"));
    assert!(zh.is_some(), "{files:?}");
}

/// The bilingual fixture with markup in its Vietnamese source and a
/// complete, marked English translation, committed to git.
fn translated_in_git() -> Fixture {
    let site = Fixture::new(&["bilingual"]);
    site.edit(
        VI,
        "sản xuất xanh.",
        "sản xuất **xanh** theo [hướng dẫn](https://e.org).",
    );
    site.edit(
        EN,
        "citadel.\n",
        "citadel.\n\n## Cooperation\n\nBoth sides promote **green** production along [guidelines](https://e.org).\n",
    );
    let run = site.run(&["translated", EN]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    git(&site, &["init", "-q"]);
    git(&site, &["add", "."]);
    git(&site, &["commit", "-q", "-m", "translated"]);
    site
}

fn git(site: &Fixture, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(site.root())
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn changed_exports_only_the_edited_section_with_its_previous_source_and_translation() {
    let site = translated_in_git();
    site.edit(VI, "sản xuất **xanh**", "sản xuất **xanh** và tiêu dùng bền vững");
    let files = export(&site, &["--to", "en", "--changed", "--format", "po"]);
    let page: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.ends_with("en/articles/heritage-pact.po"))
        .collect();
    assert_eq!(page.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(page[0]).unwrap();
    let ids: Vec<&str> = text.lines().filter(|l| l.starts_with("msgctxt")).collect();
    // The section "Nội dung hợp tác": its heading and its paragraph, nothing else.
    assert_eq!(ids.len(), 2, "{text}");
    assert_contains(&text, "msgid \"Nội dung hợp tác\"");
    assert_lacks(&text, "Bối cảnh");
    assert_lacks(&text, "msgctxt \"title\"");
    assert_contains(
        &text,
        "#, fuzzy\n#| msgid \"Hai bên thúc đẩy sản xuất **xanh** theo [hướng dẫn](https://e.org).\"\n",
    );
    assert_contains(
        &text,
        "msgid \"Hai bên thúc đẩy sản xuất <g1>xanh</g1> và tiêu dùng bền vững theo <g2>hướng dẫn</g2>.\"",
    );
    assert_contains(
        &text,
        "msgstr \"Both sides promote <g1>green</g1> production along <g2>guidelines</g2>.\"",
    );
    // XLIFF carries the same context as an alt-trans.
    let files = export(&site, &["--to", "en", "--changed"]);
    let xlf = std::fs::read_to_string(files.iter().find(|f| f.ends_with("heritage-pact.xlf")).unwrap()).unwrap();
    assert_contains(&xlf, "<alt-trans origin=\"previous-translation\">");
    assert_contains(
        &xlf,
        "<source>Hai bên thúc đẩy sản xuất **xanh** theo [hướng dẫn](https://e.org).</source>",
    );
    assert_contains(
        &xlf,
        "<target>Both sides promote <bpt id=\"1\">**</bpt>green<ept id=\"1\">**</ept>",
    );
}

#[test]
fn an_import_clears_staleness_but_a_source_edited_meanwhile_stays_stale() {
    let site = translated_in_git();
    site.edit(VI, "sản xuất **xanh**", "sản xuất **xanh** và tiêu dùng bền vững");
    assert_eq!(site.build().unwrap().warnings.len(), 1, "stale before");
    let files = export(&site, &["--to", "en", "--changed"]);
    let page = files.iter().find(|f| f.ends_with("heritage-pact.xlf")).unwrap().clone();
    fill(&page, &|t| {
        t.replace("Hai bên thúc đẩy sản xuất", "Both sides promote green")
    });
    let pristine = std::fs::read_to_string(&page).unwrap();
    let run = import(&site, std::slice::from_ref(&page));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let en = read(&site, EN);
    assert_contains(
        &en,
        "## Background\n\nThe agreement was signed at the Thang Long citadel.\n",
    );
    assert_contains(
        &en,
        "Both sides promote green **xanh** và tiêu dùng bền vững theo [hướng dẫn](https://e.org).",
    );
    assert_eq!(
        site.build().unwrap().warnings,
        [],
        "the imported translation is up to date"
    );

    // Export, then the source changes elsewhere before the import: still stale.
    site.edit(VI, "sản xuất **xanh**", "sản xuất **xanh** hơn");
    let files = export(&site, &["--to", "en", "--changed"]);
    let page = files.iter().find(|f| f.ends_with("heritage-pact.xlf")).unwrap().clone();
    fill(&page, &|t| t.to_string());
    site.edit(VI, "Hoàng thành Thăng Long.", "Hoàng thành Thăng Long, Hà Nội.");
    let run = import(&site, std::slice::from_ref(&page));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let warnings = site.build().unwrap().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_contains(&warnings[0].to_string(), "changed in “Bối cảnh”");

    // A source edited inside the exported segments: the unit is refused.
    std::fs::write(&page, &pristine).unwrap();
    let run = import(&site, std::slice::from_ref(&page));
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_contains(&run.stderr, "has no such segment any more");
}

#[test]
fn a_damaged_code_is_refused_naming_the_unit_and_nothing_is_written() {
    let site = Fixture::new(&["bilingual"]);
    site.edit(VI, "sản xuất xanh.", "sản xuất **xanh**.");
    let files = export(&site, &["--to", "en", "--all"]);
    let page = files.iter().find(|f| f.ends_with("heritage-pact.xlf")).unwrap().clone();
    fill(&page, &|t| t.to_string());
    let text = std::fs::read_to_string(&page).unwrap();
    let damaged = text.replace("xanh<ept id=\"1\">**</ept>.</target>", "xanh.</target>");
    assert_ne!(damaged, text);
    std::fs::write(&page, &damaged).unwrap();
    // The unit starts two lines above its target (0-based index → 1-based line).
    let unit_line = damaged
        .lines()
        .position(|l| l.contains("<target") && l.contains("xanh"))
        .unwrap()
        - 1;
    let before = snapshot(&site.root().join("content"));
    let run = import(&site, std::slice::from_ref(&page));
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_contains(&run.stderr, &format!("heritage-pact.xlf:{unit_line}:7: unit `"));
    assert_contains(&run.stderr, "the opening code 1 is never closed");
    assert_contains(&run.stderr, "unit `");
    assert_eq!(snapshot(&site.root().join("content")), before, "nothing written");
}

#[test]
fn status_counts_pages_and_words() {
    let site = Fixture::new(&["trilingual"]);
    let run = site.run(&["translations", "status", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let zh = json.as_array().unwrap().iter().find(|l| l["lang"] == "zh").unwrap();
    // english-only.en.md has no Chinese translation.
    assert_eq!(zh["missing"]["pages"], 1, "{zh}");
    assert!(zh["missing"]["words"].as_u64().unwrap() > 0, "{zh}");
}

#[test]
fn the_ui_strings_a_language_lacks_go_out_and_come_back_with_their_placeables() {
    let site = Fixture::new(&["bilingual"]);
    // French falls back to English for every UI string: all of them are missing.
    site.edit(
        "site.yaml",
        "  - code: en\n    name: English\n",
        "  - code: en\n    name: English\n  - code: fr\n    name: Français\n    fallback: [en]\n",
    );
    let files = export(&site, &["--to", "fr", "--format", "po"]);
    let strings = files
        .iter()
        .find(|f| f.ends_with("fr/strings.po"))
        .expect("a strings file")
        .clone();
    let po_text = std::fs::read_to_string(&strings).unwrap();
    assert_contains(&po_text, "msgctxt \"site-title\"");
    assert_contains(&po_text, "msgctxt \"topic-heritage.slug\"");
    // A placeable is a code the translator keeps.
    assert_contains(&po_text, "pager-position");
    // Slugs stay slugs (the build checks them); other text is marked.
    fill(&strings, &|t| {
        if t.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            t.to_string()
        } else {
            format!("«{t}»")
        }
    });
    let run = import(&site, std::slice::from_ref(&strings));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let ftl = read(&site, "locales/fr/translated.ftl");
    assert_contains(&ftl, "site-title = «Cổng Đối tác Thử nghiệm»");
    assert_contains(&ftl, "topic-heritage = «Di sản»\n    .slug = di-san");
    let position = ftl
        .lines()
        .find(|l| l.starts_with("pager-position = "))
        .expect("pager-position");
    assert!(
        position.contains("{ $current }") && position.contains("{ $total }"),
        "{position}"
    );
    // The site builds with them, and French pages show them.
    site.build().expect("the translated strings load");
    assert_contains(&site.read("fr/index.html"), "«Cổng Đối tác Thử nghiệm»");
    // Nothing is missing any more.
    let again = export(&site, &["--to", "fr", "--format", "po"]);
    assert!(!again.iter().any(|f| f.ends_with("fr/strings.po")), "{again:?}");
}

#[test]
fn an_images_alt_text_is_translated_with_the_page() {
    let site = Fixture::new(&["bilingual"]);
    site.edit(
        "content/articles/local-only.vi.md",
        "summary:",
        "image: https://example.org/le-ky.jpg\nimage_alt: \"Hai bên ký thỏa thuận\"\nsummary:",
    );
    let files = export(&site, &["--to", "en", "--format", "po"]);
    let file = files
        .iter()
        .find(|f| f.to_string_lossy().contains("local-only"))
        .expect("the untranslated article is exported")
        .clone();
    assert_contains(&std::fs::read_to_string(&file).unwrap(), "msgctxt \"image_alt\"");
    fill(&file, &|t| format!("[en] {t}"));
    let run = import(&site, std::slice::from_ref(&file));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_contains(
        &read(&site, "content/articles/local-only.en.md"),
        "image_alt: \"[en] Hai bên ký thỏa thuận\"",
    );
}
