//! A build loads pages without holding their bodies: each file is let go
//! of as soon as it is parsed and read again where a body is needed. What
//! a reader or an editor sees must not change for it.

use duet::build::{Bodies, load_with};

use crate::common::{Fixture, assert_contains};

#[test]
fn a_build_holds_each_page_without_its_body_and_reads_the_same_body_back() {
    let site = Fixture::new(&["bilingual"]);
    let held = load_with(site.root(), false, false, None, Bodies::Held).expect("loads");
    let let_go = load_with(site.root(), false, false, None, Bodies::LetGo).expect("loads");
    assert_eq!(held.site.entries.len(), let_go.site.entries.len());
    assert!(!let_go.site.entries.is_empty());
    for (h, l) in held.site.entries.iter().zip(&let_go.site.entries) {
        let file = std::fs::read_to_string(site.root().join(&l.page.file)).expect("the page's file");
        assert_eq!(&*h.page.text, file, "{} is held whole", h.page.file.display());
        assert_eq!(
            &*l.page.text,
            l.page.front(),
            "{} keeps its front matter only",
            l.page.file.display()
        );
        assert_eq!(l.page.front(), &file[..l.page.body.start]);
        assert_eq!(l.page.read_body().expect("read again"), h.page.body());
        assert_eq!(l.page.body_check(), h.page.body_check(), "the same check, held or not");
        assert_eq!(&*l.page.read_text().expect("read again"), file);
    }
}

#[test]
fn a_broken_link_in_a_body_let_go_of_is_reported_at_its_line_with_its_text() {
    let site = Fixture::new(&["bilingual"]);
    site.edit(
        "content/articles/education-forum.vi.md",
        "Nội dung diễn đàn.",
        "Nội dung diễn đàn.\n\nXem thêm [trang này](/vi/khong-co/) nhé.",
    );
    let text = std::fs::read_to_string(site.root().join("content/articles/education-forum.vi.md")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("khong-co"))
        .expect("the link's line")
        + 1;
    let line_text = text.lines().nth(line - 1).unwrap();
    // Columns count characters: "ê" is one.
    let column = line_text[..line_text.find("[trang").unwrap()].chars().count() + 1;
    let summary = site.build().expect("a broken link is a warning");
    let warning = summary
        .warnings
        .iter()
        .find(|w| w.message == "`/vi/khong-co/` is not a page of this site")
        .unwrap_or_else(|| panic!("{:#?}", summary.warnings));
    assert_eq!(
        warning.path,
        std::path::Path::new("content/articles/education-forum.vi.md")
    );
    let position = warning.position.expect("a position");
    assert_eq!((position.line, position.column), (line, column));
    // The text a snippet is drawn from is the whole file, its body read again.
    assert_eq!(warning.source.as_deref(), Some(text.as_str()));
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!("content/articles/education-forum.vi.md:{line}:{column}: `/vi/khong-co/` is not a page of this site"),
    );
}

#[test]
fn a_build_keeps_one_languages_cards_at_a_time_and_pages_show_the_same() {
    let site = Fixture::new(&["trilingual"]);
    let loaded = duet::load(site.root(), false, false).expect("loads");
    let (site, renderer) = (&loaded.site, &loaded.renderer);
    let jobs = duet::plan::jobs(site);
    // Every page job's language is its placement's, and names its pass.
    for job in &jobs {
        let placed = duet::plan::placement(site, job).map(|p| p.lang);
        assert_eq!(job.page_lang(site), placed.as_ref(), "{job:?}");
    }
    let passes = duet::plan::passes(site, &jobs, |job| job);
    let langs: Vec<_> = site.config.languages.iter().map(|l| &l.lang).collect();
    assert_eq!(passes.len(), langs.len() + 1, "files, then each language's pages");
    assert!(passes[0].iter().all(|job| job.page_lang(site).is_none()));
    for (pass, lang) in passes[1..].iter().zip(&langs) {
        assert!(pass.iter().all(|job| job.page_lang(site) == Some(*lang)), "{lang}");
    }
    let in_passes: Vec<_> = passes.iter().flatten().copied().collect();
    assert_eq!(in_passes.len(), jobs.len(), "every job once");
    // Each language's part of the memo is made by its pages and let go of
    // after its last one; pages show what a memo of their own shows.
    let memo = duet::render::Memo::new(site, &jobs);
    let page_jobs = |pass: &[&duet::plan::Job]| -> Vec<duet::plan::Job> {
        pass.iter()
            .filter(|job| job.page_lang(site).is_some())
            .map(|&job| job.clone())
            .collect()
    };
    for (pass, lang) in passes[1..].iter().zip(&langs) {
        let pages = page_jobs(pass);
        assert!(pages.len() > 1, "{lang}");
        for (k, job) in pages.iter().enumerate() {
            let shown = renderer.render(site, &memo, job).expect("renders");
            let alone = renderer
                .render(site, &duet::render::Memo::new(site, []), job)
                .expect("renders");
            assert_eq!(shown, alone, "{job:?}");
            let last = k + 1 == pages.len();
            assert_eq!(memo.holds(lang), !last, "{lang} after page {k} of {}", pages.len());
        }
        for later in &langs[langs.iter().position(|l| l == lang).expect("a language") + 1..] {
            assert!(!memo.holds(later), "{later} is not made before its pass");
        }
    }
}
