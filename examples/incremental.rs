//! Measures what `duet serve` does after one article is saved, against a
//! full build of the same site: `cargo run --release --example incremental -- SITE_DIR`.
//! The site is built into a temporary output folder; one article (the first
//! Vietnamese one) is edited, rebuilt incrementally five times, and restored.
//! It also times the link stage's related articles against the full build.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: incremental SITE_DIR"));
    let scratch = std::env::temp_dir().join(format!("duet-incremental-{}", std::process::id()));
    let output = scratch.join("public");

    let mut full = Vec::new();
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&scratch);
        let started = Instant::now();
        let options = duet::BuildOptions {
            root: root.clone(),
            output: output.clone(),
            drafts: true,
            base_url: None,
            strict: false,
            full: false,
        };
        let summary = duet::build(&options).unwrap_or_else(|e| panic!("the site builds:\n{e}"));
        full.push(started.elapsed());
        assert!(summary.written.files > 0);
    }

    let index_sizes: Vec<String> = std::fs::read_dir(&output)
        .unwrap()
        .filter_map(|e| {
            let lang = e.ok()?.file_name().to_string_lossy().into_owned();
            let shards = std::fs::read_dir(output.join(&lang).join("search-index/s")).ok()?;
            let size: u64 = shards.filter_map(|f| f.ok()?.metadata().ok()).map(|m| m.len()).sum();
            Some(format!("{lang} shards {:.1} MiB", size as f64 / (1 << 20) as f64))
        })
        .collect();
    // Let the kernel write the full build's files out first, so the edit is
    // not timed while it competes with that writeback.
    let _ = std::process::Command::new("sync").status();
    let started = Instant::now();
    let mut state = duet::incremental::Incremental::new(duet::load(&root, true, false).expect("the site loads"))
        .expect("the index is built");
    let load_time = started.elapsed();
    let articles = root.join("content/articles");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".vi.md"))
        .collect();
    names.sort();
    let file = names.first().expect("an article").clone();
    let rel = file.strip_prefix(&root).unwrap().to_path_buf();
    let original = std::fs::read_to_string(&file).unwrap();

    let mut edits = Vec::new();
    let mut written = 0;
    for round in 0..5 {
        std::fs::write(&file, format!("{original}\nĐoạn sửa thử số {round}.\n")).unwrap();
        let dirty: BTreeSet<PathBuf> = [rel.clone()].into();
        let started = Instant::now();
        let applied = duet::serve::apply_edit(&root, &output, &mut state, &dirty).expect("the edit rebuilds");
        edits.push(started.elapsed());
        assert!(
            !applied.full,
            "an edit of one article's text rebuilds only what it affects"
        );
        written = applied.files;
    }
    // A sentence before the first paragraph moves every word after it: the
    // shards of all the page's words whose first positions change. Put in
    // and taken out in turn, so that every round moves them.
    let body_start = original.find("\n---\n").expect("front matter") + 5;
    let mut openings = Vec::new();
    let mut opened = 0;
    for round in 0..5 {
        let (before, after) = original.split_at(body_start);
        let text = if round % 2 == 0 {
            format!("{before}\nĐoạn mở đầu.\n{after}")
        } else {
            original.clone()
        };
        std::fs::write(&file, text).unwrap();
        let dirty: BTreeSet<PathBuf> = [rel.clone()].into();
        let started = Instant::now();
        let applied = duet::serve::apply_edit(&root, &output, &mut state, &dirty).expect("the edit rebuilds");
        openings.push(started.elapsed());
        assert!(!applied.full);
        opened = applied.files;
    }
    std::fs::write(&file, original).unwrap();
    let _ = std::fs::remove_dir_all(&scratch);

    // What the related articles and neighbours cost, found once per build in the link stage.
    let around: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(duet::site::around(&state.loaded().site));
            started.elapsed()
        })
        .collect();
    let pages = state.loaded().site.entries.len();
    println!("site: {} ({pages} pages)", root.display());
    println!("search indexes: {}", index_sizes.join(", "));
    println!(
        "full build (median of 3):            {:>8.1} ms",
        median(full).as_secs_f64() * 1e3
    );
    println!(
        "related articles and neighbours:     {:>8.1} ms (median of 5; in the full build)",
        median(around).as_secs_f64() * 1e3
    );
    println!(
        "load for serving (once):             {:>8.1} ms",
        load_time.as_secs_f64() * 1e3
    );
    println!(
        "one article edited (median of 5):    {:>8.1} ms, {written} files rewritten",
        median(edits).as_secs_f64() * 1e3
    );
    println!(
        "a sentence before its first (or not): {:>7.1} ms, {opened} files rewritten",
        median(openings).as_secs_f64() * 1e3
    );
}
