//! The build cache: a build in a new process takes the files the previous
//! build made from the same inputs from its output, and only from an output
//! that is as that build left it; what it keeps equals a full build after
//! each kind of edit (and over random edits, in `incremental.rs`).

use std::path::Path;

use crate::common::*;

/// Builds `site` into `public/`, from the cache unless `full`.
fn build(site: &Fixture, full: bool) -> duet::BuildSummary {
    build_into(site.root(), Path::new("public"), full).unwrap_or_else(|p| panic!("the site builds: {p}"))
}

/// Writes `count` old Vietnamese articles on education (`old-1.vi.md`…).
fn old_articles(site: &Fixture, count: usize) {
    for k in 1..=count {
        std::fs::write(
            site.root().join(format!("content/articles/old-{k}.vi.md")),
            format!("---\ntitle: \"Tin cũ số {k}\"\ndate: 2010-01-0{k}\ntopics: [education]\n---\nNội dung cũ {k}.\n"),
        )
        .unwrap();
    }
}

const PAGE: &str = "vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html";

#[test]
fn an_unchanged_site_is_kept_whole_and_an_edit_renders_only_what_shows_it() {
    let site = Fixture::new(&["bilingual"]);
    let first = build(&site, false);
    assert_eq!(first.reused, 0, "nothing to keep the first time");
    let again = build(&site, false);
    let statics = duet::load(site.root(), false, false).unwrap().theme.static_files.len();
    assert_eq!(
        again.reused + statics,
        again.written.files,
        "every rendered file is kept"
    );
    let before = site.read("en/index.html");
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "Hai bên thúc đẩy",
        "Hai bên cùng thúc đẩy",
    );
    let edited = build(&site, false);
    assert!(
        site.read(PAGE).contains("Hai bên cùng thúc đẩy"),
        "the edit is published"
    );
    assert!(
        edited.reused > 0 && edited.reused < again.reused,
        "some files are rendered again, not all: {} kept of {}",
        edited.reused,
        again.reused
    );
    assert_eq!(
        site.read("en/index.html"),
        before,
        "a page that does not show the edit is kept"
    );
    assert!(edited.in_place, "a few files change in place");
    assert!(!first.in_place, "the first build swaps in a new output");
}

#[test]
fn a_build_that_fails_while_replacing_files_puts_the_old_ones_back() {
    let site = Fixture::new(&["bilingual"]);
    build(&site, false);
    let before = snapshot(&site.public());
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "Hai bên thúc đẩy",
        "Hai bên cùng thúc đẩy",
    );
    // A folder where the page's new version would be written, beside it.
    let blocker = site.public().join(PAGE).with_file_name(".index.html.duet-tmp");
    std::fs::create_dir_all(blocker.join("x")).unwrap();
    let problems = duet::build(&duet::BuildOptions {
        root: site.root().to_path_buf(),
        output: "public".into(),
        drafts: false,
        base_url: None,
        strict: false,
        full: false,
    })
    .expect_err("the page cannot be written");
    assert!(
        problems.to_string().contains("hop-tac-chien-luoc-ve-di-san-thang-long"),
        "{problems}"
    );
    std::fs::remove_dir_all(&blocker).unwrap();
    assert_eq!(snapshot(&site.public()), before, "every file is as it was");
    let beside = names(site.root());
    assert!(
        !beside.iter().any(|n| n.starts_with(".public.duet-")),
        "nothing left beside the output: {beside:?}"
    );
    // The cache was forgotten: the next build renders everything, edit included.
    let summary = build(&site, false);
    assert_eq!(summary.reused, 0);
    assert!(site.read(PAGE).contains("Hai bên cùng thúc đẩy"));
}

#[test]
fn a_listing_that_loses_its_last_page_renders_again_only_what_shows_that_listing() {
    let site = Fixture::new(&["bilingual"]);
    // Three articles on education: two pages of two.
    old_articles(&site, 2);
    build(&site, false);
    let second = "vi/topics/education/page/2/index.html";
    assert!(site.public().join(second).exists(), "the listing has a second page");
    let before = build(&site, false).reused;
    let untouched = site.read("en/index.html");
    // The dev server follows the same edit.
    let served = site.root().join("served");
    let mut server = duet::incremental::Incremental::new(duet::load(site.root(), false, false).unwrap()).unwrap();
    server.write(&served, &duet::incremental::Update::Everything).unwrap();
    let file = "content/articles/old-1.vi.md";
    site.edit(file, "topics: [education]", "topics: [heritage]");
    let update = server.edit(site.root(), &[file.into()].into()).unwrap();
    let duet::incremental::Update::Jobs { jobs, gone } = &update else {
        panic!("the dev server renders the pages that show the listing, not the site: {update:?}");
    };
    assert_eq!(gone, &[second.to_string()]);
    assert!(
        jobs.len() * 2 < duet::plan::jobs(&server.loaded().site).len(),
        "{} jobs",
        jobs.len()
    );
    server.write(&served, &update).unwrap();
    let edited = build(&site, false);
    assert!(
        !site.public().join("vi/topics/education/page").exists(),
        "the second page is gone, and its folders"
    );
    assert!(
        edited.reused * 2 > before,
        "most files are kept when a listing loses a page ({} of {before})",
        edited.reused
    );
    assert_eq!(site.read("en/index.html"), untouched);
    let full = site.root().join("full");
    full_build(site.root(), &full);
    assert!(
        snapshot(&site.public()) == snapshot(&full),
        "the kept build equals a full build"
    );
    assert!(
        snapshot(&served) == snapshot(&full),
        "the dev server's output equals a full build"
    );
    assert!(!served.join("vi/topics/education/page").exists());
}

#[test]
fn a_kept_file_that_went_missing_is_rendered_again() {
    let site = Fixture::new(&["bilingual"]);
    build(&site, false);
    let page = site.read(PAGE);
    std::fs::remove_file(site.public().join(PAGE)).unwrap();
    let summary = build(&site, false);
    assert_eq!(site.read(PAGE), page);
    assert!(summary.reused > 0);
}

#[test]
fn an_output_another_build_or_tool_replaced_is_not_reused() {
    let site = Fixture::new(&["bilingual"]);
    build(&site, false);
    // Another tool rewrites the output's marker (as a copy of another build would).
    let marker = site.public().join(duet::output::MARKER);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let text = std::fs::read(&marker).unwrap();
    std::fs::remove_file(&marker).unwrap();
    std::fs::write(&marker, text).unwrap();
    assert_eq!(build(&site, false).reused, 0);
    assert!(build(&site, false).reused > 0, "the build after that has a cache again");
    assert_eq!(build(&site, true).reused, 0, "--full renders every file");
}

#[test]
fn a_damaged_cache_is_ignored() {
    let site = Fixture::new(&["bilingual"]);
    build(&site, false);
    let dir = site.root().join(duet::output::reuse::CACHE_DIR);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 1, "one cache file for one output folder");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    // Every fingerprint made unreadable: nothing matches, nothing is kept.
    let (head, prints) = text.split_at(text.match_indices('\n').nth(2).unwrap().0 + 1);
    let damaged: String = prints.lines().map(|l| format!("z{}\n", &l[1..])).collect();
    std::fs::write(&files[0], format!("{head}{damaged}")).unwrap();
    assert_eq!(build(&site, false).reused, 0);
    // Of another version: not read.
    std::fs::write(&files[0], text.replacen("cache 2", "cache 0", 1)).unwrap();
    assert_eq!(build(&site, false).reused, 0);
    // Cut short: what is left still names files and their prints.
    let text = std::fs::read_to_string(&files[0]).unwrap();
    std::fs::write(&files[0], &text[..text.len() / 2]).unwrap();
    let page = site.read(PAGE);
    assert!(build(&site, false).reused > 0);
    assert_eq!(site.read(PAGE), page);
}

#[test]
fn after_each_kind_of_edit_the_kept_and_the_full_build_are_byte_identical() {
    let site = Fixture::new(&["bilingual"]);
    // Old articles, listed on later pages only, not on the home page.
    old_articles(&site, 6);
    build(&site, false);
    // The dev server follows the same edits.
    let served = site.root().join("served");
    let mut server = duet::incremental::Incremental::new(duet::load(site.root(), false, false).unwrap()).unwrap();
    duet::incremental::write(&served, server.loaded(), &duet::incremental::Update::Everything).unwrap();
    let full = site.root().join("full");
    let pact = "content/articles/heritage-pact.vi.md";
    let edits: [(&str, &str, &str); 10] = [
        // A word gone from the end of the body: the search shard of that
        // word, and only it, loses the page.
        (pact, "sản xuất xanh.", "sản xuất."),
        // Words added at the end, where no other word moves.
        (pact, "sản xuất.", "sản xuất bền vững."),
        // An article too old for the home page joins a topic whose count the home page shows.
        (
            "content/articles/old-1.vi.md",
            "topics: [education]",
            "topics: [education, heritage]",
        ),
        (pact, "Hai bên thúc đẩy", "Hai bên cùng thúc đẩy"),
        (
            "content/articles/heritage-pact.en.md",
            "## Background",
            "A new first paragraph.\n\n## Background",
        ),
        // Its slug is folded from the title: the URL moves.
        (pact, "di sản Thăng Long\"", "di sản Hoàng thành Thăng Long\""),
        // A term's count on the home page, its listing, the topics page.
        (pact, "topics: [heritage]", "topics: [heritage, education]"),
        (pact, "partners: [unesco, imexco]", "partners: [unesco]"),
        // Listings in another order.
        (pact, "date: 2025-10-17", "date: 2022-01-02"),
        (
            "content/articles/education-forum.vi.md",
            "partners: [unesco]",
            "partners: [imexco]",
        ),
    ];
    for (file, from, to) in edits {
        site.edit(file, from, to);
        let summary = build(&site, false);
        let update = server.edit(site.root(), &[file.into()].into()).unwrap();
        server.write(&served, &update).unwrap();
        full_build(site.root(), &full);
        let fresh = snapshot(&full);
        for (output, who) in [(site.public(), "build"), (served.clone(), "dev server")] {
            let kept = snapshot(&output);
            let differ: Vec<_> = fresh.keys().filter(|k| kept.get(*k) != fresh.get(*k)).collect();
            assert!(
                differ.is_empty() && kept.len() == fresh.len(),
                "{who} after {to:?} ({} files kept by the build): {differ:?}",
                summary.reused
            );
        }
    }
}

#[test]
fn the_search_chunks_kept_for_the_next_build_are_used_only_when_they_read_back_whole() {
    let site = Fixture::new(&["bilingual"]);
    // More Vietnamese pages than one chunk of the index holds (128).
    for k in 1..=140 {
        std::fs::write(
            site.root().join(format!("content/articles/old-{k:03}.vi.md")),
            format!("---\ntitle: \"Tin cũ số {k}\"\ndate: 2010-01-01\n---\nNội dung cũ về giáo dục, số {k}.\n"),
        )
        .unwrap();
    }
    build(&site, false);
    let cache = site.root().join(duet::output::chunks::CACHE_DIR).join("vi");
    let mut bytes = std::fs::read(&cache).expect("the build keeps the Vietnamese chunks");
    // A letter of a word of the first chunk turned into another, still
    // text: a chunk that loaded without its check would index a word no
    // page has, where a page of the second chunk changes.
    let at = (60..bytes.len())
        .find(|&i| bytes[i].is_ascii_lowercase() && bytes[i] != b'q')
        .unwrap();
    bytes[at] = b'q';
    std::fs::write(&cache, &bytes).unwrap();
    let partner = site.root().join("content/partners/unesco.vi.md");
    let text = std::fs::read_to_string(&partner).unwrap();
    std::fs::write(&partner, format!("{text}\nMột câu mới về hợp tác.\n")).unwrap();
    build(&site, false);
    let full = site.root().join("full");
    full_build(site.root(), &full);
    let (kept, fresh) = (snapshot(&site.public()), snapshot(&full));
    let differ: Vec<_> = fresh.keys().filter(|k| kept.get(*k) != fresh.get(*k)).collect();
    assert!(differ.is_empty() && kept.len() == fresh.len(), "{differ:?}");
    // The next build kept them whole again.
    assert_ne!(std::fs::read(&cache).unwrap(), bytes);
}

#[test]
fn a_cache_that_cannot_be_kept_is_a_warning_naming_its_file_and_the_build_goes_on() {
    let site = Fixture::new(&["bilingual"]);
    // Folders where the parsed pages and the Vietnamese chunks would be kept.
    let pages = site.root().join(duet::content::cache::CACHE_FILE);
    let chunks = duet::output::chunks::file(site.root(), &duet::config::Lang::parse("vi").unwrap());
    for blocker in [&pages, &chunks] {
        std::fs::create_dir_all(blocker.join("x")).unwrap();
    }
    let summary = build(&site, false);
    for blocker in [&pages, &chunks] {
        assert!(
            summary
                .warnings
                .iter()
                .any(|w| &w.path == blocker && w.message.starts_with("could not keep")),
            "{blocker:?}: {:?}",
            summary.warnings
        );
    }
    assert!(site.read(PAGE).contains("Hai bên thúc đẩy"), "the site is built");
}

#[test]
fn a_word_mended_in_a_kept_chunk_rewrites_the_shards_of_the_old_word_and_the_new() {
    let site = Fixture::new(&["bilingual"]);
    // 140 old articles of few words: the index has 64 shards, and the
    // second chunk (the oldest 17 pages) has words in only a few of them.
    for k in 1..=140 {
        std::fs::write(
            site.root().join(format!("content/articles/old-{k:03}.vi.md")),
            format!("---\ntitle: \"Tin cũ\"\nslug: old-{k:03}\ndate: 2010-01-01\n---\nNội dung cũ về giáo dục.\n"),
        )
        .unwrap();
    }
    let oldest = "content/articles/old-140.vi.md";
    let full = site.root().join("full");
    let shards = |dir: &Path| {
        snapshot(dir)
            .into_iter()
            .filter(|(path, _)| path.starts_with("vi/search-index/s"))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    build(&site, false);
    // A word only the oldest page has comes, changes, and goes.
    for (from, to) in [
        ("giáo dục.", "giáo dục quokkafest."),
        ("quokkafest.", "wallabyfest."),
        (" wallabyfest.", "."),
    ] {
        site.edit(oldest, from, to);
        let summary = build(&site, false);
        full_build(site.root(), &full);
        let (kept, fresh) = (shards(&site.public()), shards(&full));
        assert!(kept.len() > 1 && kept.len() == fresh.len(), "{} shards", kept.len());
        let differ: Vec<_> = fresh.keys().filter(|k| kept.get(*k) != fresh.get(*k)).collect();
        assert!(differ.is_empty(), "after {to:?}: {differ:?}");
        assert!(summary.in_place, "a one-word edit replaces a few files");
    }
}

#[test]
fn a_chunk_gone_from_the_end_rewrites_the_shards_of_its_words() {
    let site = Fixture::new(&["bilingual"]);
    build(&site, false);
    let meta = site.read("vi/search-index/meta.json");
    let docs: usize = meta
        .split("\"docs\":")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .unwrap()
        .parse()
        .unwrap();
    // 257 pages: two whole chunks, and a partner page without a date
    // (the index's last page), alone in the third, with a word only it
    // has; without it the index keeps its 64 shards.
    for k in 1..257 - docs {
        std::fs::write(
            site.root().join(format!("content/articles/old-{k:03}.vi.md")),
            format!("---\ntitle: \"Tin cũ\"\nslug: old-{k:03}\ndate: 2010-01-01\n---\nNội dung cũ.\n"),
        )
        .unwrap();
    }
    let last = site.root().join("content/partners/zzz.vi.md");
    std::fs::write(&last, "---\ntitle: Quokkafest\n---\nHồ sơ.\n").unwrap();
    build(&site, false);
    assert!(
        site.read("vi/search-index/meta.json")
            .contains("\"docs\":257,\"shards\":64")
    );
    std::fs::remove_file(&last).unwrap();
    build(&site, false);
    let full = site.root().join("full");
    full_build(site.root(), &full);
    assert!(
        site.read("vi/search-index/meta.json")
            .contains("\"docs\":256,\"shards\":64")
    );
    let (kept, fresh) = (snapshot(&site.public()), snapshot(&full));
    let differ: Vec<_> = fresh.keys().filter(|k| kept.get(*k) != fresh.get(*k)).collect();
    assert!(differ.is_empty() && kept.len() == fresh.len(), "{differ:?}");
}

#[test]
fn fragments_are_made_by_their_jobs_when_the_cache_folder_cannot_hold_them() {
    let site = Fixture::new(&["bilingual"]);
    let fragments = |site: &Fixture| crate::search::fragments(site, "vi") + &crate::search::fragments(site, "en");
    build(&site, true);
    let made = fragments(&site);
    assert!(made.contains("Hai bên thúc đẩy"), "{made}");
    // The search stage keeps the fragments it makes in this folder.
    let dir = site.root().join(duet::output::chunks::CACHE_DIR);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, "not a folder").unwrap();
    let summary = build(&site, true);
    assert!(
        summary.warnings.iter().any(|w| w.message.starts_with("could not keep")),
        "{:?}",
        summary.warnings
    );
    assert_eq!(fragments(&site), made);
}

#[test]
fn files_settled_before_a_build_are_not_read_by_the_next_and_any_write_is_seen() {
    let site = Fixture::new(&["bilingual"]);
    let content: Vec<_> = walkdir::WalkDir::new(site.root().join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    // Files written just before a build are read by the next one too: a
    // write in the same tick of the clock would not change their stamps.
    assert_eq!(build(&site, false).unread, 0);
    assert_eq!(build(&site, false).unread, 0, "not settled when they were read");
    std::thread::sleep(duet::content::stamp::SETTLED + std::time::Duration::from_millis(200));
    assert_eq!(build(&site, false).unread, 0, "read once more, now with their stamps");
    assert_eq!(build(&site, false).unread, content.len());
    let full = site.root().join("full");
    let pact = "content/articles/heritage-pact.vi.md";
    let path = site.root().join(pact);
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    // An edit of the same length with the modification time set back: the
    // change time still tells, and the output is a full build's.
    for (from, to) in [
        ("Hai bên thúc đẩy", "Hai bên thúc đẩx"),
        ("Hai bên thúc đẩx", "Hai bên thúc đẩy"),
    ] {
        site.edit(pact, from, to);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(modified))
            .unwrap();
        let summary = build(&site, false);
        assert_eq!(summary.unread, content.len() - 1, "only the edited file is read");
        full_build(site.root(), &full);
        assert_eq!(snapshot(&site.public()), snapshot(&full), "after {to:?}");
    }
}

#[cfg(unix)]
#[test]
fn an_article_moved_in_its_listings_rewrites_only_the_listing_pages_that_change() {
    use std::os::unix::fs::MetadataExt;
    let site = Fixture::new(&["bilingual"]);
    // Eight articles of one day, listed by title within it, two to a page;
    // their slugs are their own, so a title can change without moving a URL.
    for (k, title) in ["A", "B", "C", "D", "E", "F", "G", "H"].iter().enumerate() {
        std::fs::write(
            site.root().join(format!("content/articles/day-{k}.vi.md")),
            format!(
                "---\ntitle: \"Tin {title}\"\nslug: day-{k}\ndate: 2010-01-01\ntopics: [education]\n---\nNội dung {k}.\n"
            ),
        )
        .unwrap();
    }
    build(&site, false);
    // Each listing page's bytes and inode: a file written again has a new inode.
    let listings = |site: &Fixture| -> std::collections::BTreeMap<std::path::PathBuf, (Vec<u8>, u64)> {
        snapshot(&site.public())
            .into_iter()
            .filter(|(path, _)| path.to_string_lossy().contains("/page/"))
            .map(|(path, bytes)| {
                let inode = std::fs::metadata(site.public().join(&path)).unwrap().ino();
                (path, (bytes, inode))
            })
            .collect()
    };
    let before = listings(&site);
    assert!(before.len() > 6, "listings of several pages: {:?}", before.keys());
    // "Tin B" becomes the last of its day: it leaves its page and joins the last one.
    site.edit("content/articles/day-1.vi.md", "Tin B", "Tin Z");
    // Kept files keep their inodes, in place or hard-linked into a new output.
    build(&site, false);
    let after = listings(&site);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let (mut changed, mut rewritten) = (Vec::new(), Vec::new());
    for (path, (bytes, inode)) in &before {
        let now = &after[path];
        if now.0 != *bytes {
            changed.push(path);
        }
        if now.1 != *inode {
            rewritten.push(path);
        }
    }
    assert!(!changed.is_empty(), "the article moved");
    assert_eq!(
        rewritten, changed,
        "only the listing pages that change are written again"
    );
    let full = site.root().join("full");
    full_build(site.root(), &full);
    assert_eq!(snapshot(&site.public()), snapshot(&full));
}
