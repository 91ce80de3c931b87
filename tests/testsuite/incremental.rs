//! One-edit builds agree with full builds: random sequences of edits
//! (text, titles, dates, partners, topics, pages added, removed and moved,
//! drafts, navigation, images and files) applied through the dev server's
//! incremental path, and built by a new process from the previous output
//! and the build cache, leave an output byte-identical to a full build of
//! the same files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use duet::incremental::{Incremental, Update};

use crate::common::*;

/// A small, seeded generator: the same seed replays the same edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Sets top-level front matter `key` to `value` (a whole line), or adds it.
fn set_key(text: &str, key: &str, value: &str) -> String {
    let (head, body) = text[4..].split_once("\n---\n").expect("front matter");
    let mut lines: Vec<String> = head.lines().map(str::to_string).collect();
    let line = format!("{key}: {value}");
    match lines.iter().position(|l| l.starts_with(&format!("{key}:"))) {
        Some(i) => lines[i] = line,
        None => lines.push(line),
    }
    format!("---\n{}\n---\n{body}", lines.join("\n"))
}

fn remove_key(text: &str, key: &str) -> String {
    let (head, body) = text[4..].split_once("\n---\n").expect("front matter");
    let lines: Vec<&str> = head.lines().filter(|l| !l.starts_with(&format!("{key}:"))).collect();
    format!("---\n{}\n---\n{body}", lines.join("\n"))
}

fn get_key(text: &str, key: &str) -> Option<String> {
    let head = text[4..].split_once("\n---\n")?.0;
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")).map(|v| v.trim().to_string()))
}

/// `file` and its translations (the same name in other languages).
fn twins(articles: &[PathBuf], file: &Path) -> Vec<PathBuf> {
    let stem = |p: &Path| {
        p.file_name()
            .unwrap()
            .to_string_lossy()
            .split('.')
            .next()
            .unwrap()
            .to_string()
    };
    articles.iter().filter(|p| stem(p) == stem(file)).cloned().collect()
}

/// Markdown files under `dir`, relative to `root`, sorted.
fn files(root: &Path, dir: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    found.sort();
    found
}

/// One random edit of the site in `root`: returns what it did and the files it touched.
fn random_edit(
    root: &Path,
    rng: &mut Rng,
    step: usize,
    scripted: &mut Vec<&'static str>,
) -> (String, BTreeSet<PathBuf>) {
    let articles = files(root, "content/articles");
    let partners: Vec<String> = files(root, "content/partners")
        .iter()
        .filter_map(|p| p.file_name()?.to_str()?.split('.').next().map(str::to_string))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let read = |rel: &Path| std::fs::read_to_string(root.join(rel)).unwrap();
    let write = |rel: &Path, text: &str| {
        std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
        std::fs::write(root.join(rel), text).unwrap();
    };
    let media = root.join("content/articles/photo.jpg").exists() || root.join("content/articles/chart.png").exists();
    if media && scripted.is_empty() && rng.below(2) == 0 {
        return media_edit(root, rng, step);
    }
    let op = scripted.pop().unwrap_or_else(|| {
        *rng.pick(&[
            "body",
            "body",
            "title",
            "summary",
            "date",
            "same-date",
            "add",
            "remove",
            "move",
            "partners",
            "topics",
            "partner-title",
            "nav-title",
            "draft",
            "translation-body",
        ])
    });
    let sources: Vec<PathBuf> = articles
        .iter()
        .filter(|p| !p.to_string_lossy().ends_with(".en.md"))
        .cloned()
        .collect();
    let file = rng.pick(&sources).clone();
    let text = read(&file);
    let mut touched: BTreeSet<PathBuf> = [file.clone()].into();
    let what = match op {
        "body" => {
            write(&file, &format!("{text}\nThêm một câu ở bước {step}.\n"));
            format!("body of {}", file.display())
        }
        "title" => {
            // A slug of its own keeps the URL: only the title (and the order
            // among articles of the same date) changes.
            let slug = format!("bai-{step}-{}", rng.below(1000));
            let with_slug = match get_key(&text, "slug") {
                Some(_) => text.clone(),
                None => set_key(&text, "slug", &slug),
            };
            let title = format!("\"{} tiêu đề {step}\"", ["A", "Ă", "B", "Z", "Đ"][rng.below(5)]);
            write(&file, &set_key(&with_slug, "title", &title));
            format!("title of {}", file.display())
        }
        "summary" => {
            write(&file, &set_key(&text, "summary", &format!("\"Tóm tắt mới {step}\"")));
            format!("summary of {}", file.display())
        }
        "date" => {
            let date = format!(
                "20{:02}-{:02}-{:02}",
                10 + rng.below(16),
                1 + rng.below(12),
                1 + rng.below(28)
            );
            write(&file, &set_key(&text, "date", &date));
            format!("date of {} to {date}", file.display())
        }
        "same-date" => {
            let chosen: &PathBuf = rng.pick(&sources);
            let other = read(chosen);
            let date = get_key(&other, "date").unwrap_or_else(|| "2025-01-01".into());
            write(&file, &set_key(&text, "date", &date));
            format!("date of {} to another's {date}", file.display())
        }
        "add" => {
            let new = PathBuf::from(format!("content/articles/moi-{step}.vi.md"));
            let partner = rng.pick(&partners).clone();
            write(
                &new,
                &format!(
                    "---\ntitle: \"Bài mới {step}\"\ndate: 2025-0{}-1{}\npartners: [{partner}]\n---\nNội dung {step}.\n",
                    1 + rng.below(9),
                    rng.below(10)
                ),
            );
            touched = [new.clone()].into();
            format!("added {}", new.display())
        }
        // An article goes or moves with its translations, which inherit its date.
        "remove" if sources.len() > 2 => {
            for twin in twins(&articles, &file) {
                std::fs::remove_file(root.join(&twin)).unwrap();
                touched.insert(twin);
            }
            format!("removed {} and its translations", file.display())
        }
        "move" => {
            for twin in twins(&articles, &file) {
                let lang = twin.to_string_lossy().rsplit('.').nth(1).unwrap().to_string();
                let to = PathBuf::from(format!("content/articles/chuyen-{step}.{lang}.md"));
                std::fs::rename(root.join(&twin), root.join(&to)).unwrap();
                touched.insert(twin);
                touched.insert(to);
            }
            format!("moved {} and its translations", file.display())
        }
        "partners" => {
            let chosen: Vec<String> = (0..rng.below(3))
                .map(|_| rng.pick(&partners).clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            write(&file, &set_key(&text, "partners", &format!("[{}]", chosen.join(", "))));
            format!("partners of {} to {chosen:?}", file.display())
        }
        "topics" => {
            let current = get_key(&text, "topics");
            let next = if current.is_some() {
                remove_key(&text, "topics")
            } else {
                // A topic some other article uses has labels in every language.
                let used: Vec<String> = sources
                    .iter()
                    .filter_map(|p| get_key(&read(p.as_path()), "topics"))
                    .collect();
                match used.first() {
                    Some(topics) => set_key(&text, "topics", topics),
                    None => text.clone(),
                }
            };
            write(&file, &next);
            format!("topics of {}", file.display())
        }
        "partner-title" => {
            let profile = PathBuf::from(format!("content/partners/{}.vi.md", rng.pick(&partners)));
            if root.join(&profile).exists() {
                let profile_text = read(&profile);
                write(
                    &profile,
                    &set_key(&profile_text, "title", &format!("\"Đối tác {step}\"")),
                );
            }
            touched = [profile.clone()].into();
            format!("title of {}", profile.display())
        }
        "nav-title" => {
            let about = PathBuf::from("content/about.vi.md");
            if root.join(&about).exists() {
                let about_text = read(&about);
                write(
                    &about,
                    &set_key(&about_text, "title", &format!("\"Giới thiệu {step}\"")),
                );
            }
            touched = [about.clone()].into();
            format!("title of {}", about.display())
        }
        "draft" => {
            let drafted = get_key(&text, "draft").is_some();
            for twin in twins(&articles, &file) {
                let twin_text = read(&twin);
                let next = if drafted {
                    remove_key(&twin_text, "draft")
                } else {
                    set_key(&twin_text, "draft", "true")
                };
                write(&twin, &next);
                touched.insert(twin);
            }
            format!("draft mark of {} and its translations", file.display())
        }
        "translation-body" => {
            let english: Vec<&PathBuf> = articles
                .iter()
                .filter(|p| p.to_string_lossy().ends_with(".en.md"))
                .collect();
            if english.is_empty() {
                return (format!("no translation to edit (step {step})"), BTreeSet::new());
            }
            let en = (*rng.pick(&english)).clone();
            let en_text = read(&en);
            write(&en, &format!("{en_text}\nOne more sentence at step {step}.\n"));
            touched = [en.clone()].into();
            format!("body of {}", en.display())
        }
        _ => format!("nothing (step {step})"),
    };
    (what, touched)
}

/// One random edit of the files beside the pages of the media fixture:
/// new pixels, a new size, a file added or removed, a reference written.
fn media_edit(root: &Path, rng: &mut Rng, step: usize) -> (String, BTreeSet<PathBuf>) {
    use crate::media::{phone_jpeg, png};
    let articles = PathBuf::from("content/articles");
    let write = |rel: &Path, bytes: &[u8]| std::fs::write(root.join(rel), bytes).unwrap();
    let image = articles.join(["chart.png", "chart.en.png", "photo.jpg"][rng.below(3)]);
    let op = *rng.pick(&[
        "pixels",
        "pixels",
        "size",
        "new-file",
        "remove",
        "reference",
        "logo",
        "hero",
        "file-with-text",
    ]);
    let what = match op {
        "pixels" if root.join(&image).exists() => {
            let shade = (step * 37 % 256) as u8;
            if image.extension().is_some_and(|e| e == "jpg") {
                write(&image, &phone_jpeg(300, 200, 6));
            } else {
                write(&image, &png(120, 80, shade));
            }
            format!("new pixels in {}", image.display())
        }
        "size" if root.join(&image).exists() => {
            write(&image, &png(90 + rng.below(100) as u32, 60, 7));
            format!("new size of {}", image.display())
        }
        "new-file" => {
            let new = articles.join(format!("extra-{step}.png"));
            write(&new, &png(40, 40, 3));
            return (format!("added {}", new.display()), [new].into());
        }
        "remove" if root.join(&image).exists() => {
            std::fs::remove_file(root.join(&image)).unwrap();
            format!("removed {}", image.display())
        }
        // Saved together: a file (new the first time, then changed) and new
        // words, which the search index takes.
        "file-with-text" => {
            let new = articles.join("extra.png");
            write(&new, &png(40, 40, (step % 250) as u8 + 3));
            let page = articles.join("visit.vi.md");
            let text = std::fs::read_to_string(root.join(&page)).unwrap();
            std::fs::write(root.join(&page), format!("{text}\nTừ mới số {step}, quokka{step}.\n")).unwrap();
            return (
                format!("added {} and words to {}", new.display(), page.display()),
                [new, page].into(),
            );
        }
        "reference" => {
            let page = articles.join(*rng.pick(&["visit.vi.md", "visit.en.md", "heritage-pact.vi.md"]));
            let text = std::fs::read_to_string(root.join(&page)).unwrap();
            let name = image.file_name().unwrap().to_string_lossy().replace(".en", "");
            std::fs::write(
                root.join(&page),
                format!(
                    "{text}
![Hình {step}]({name})
"
                ),
            )
            .unwrap();
            return (format!("{} shows {name}", page.display()), [page].into());
        }
        "logo" => {
            let logo = PathBuf::from("content/partners/acme.svg");
            let width = 100 + rng.below(3) * 20;
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} 40\"><rect width=\"{width}\" height=\"40\" fill=\"#{:06x}\"/></svg>\n",
                step * 4099 % 0xffffff
            );
            std::fs::write(root.join(&logo), svg).unwrap();
            return (format!("logo of acme, {width} wide"), [logo].into());
        }
        "hero" => {
            let page = articles.join("heritage-pact.vi.md");
            let text = std::fs::read_to_string(root.join(&page)).unwrap();
            let text = if get_key(&text, "image").is_some() {
                remove_key(&text, "image")
            } else {
                set_key(&text, "image", "chart.png")
            };
            std::fs::write(root.join(&page), text).unwrap();
            return (format!("hero of {}", page.display()), [page].into());
        }
        _ => return (format!("nothing (step {step})"), BTreeSet::new()),
    };
    (what, [image].into())
}

/// Applies `steps` random edits to the site in `root` through the
/// incremental path, comparing after each with a full build.
fn edits_agree_with_full_builds(root: &Path, seed: u64, steps: usize, mut scripted: Vec<&'static str>) {
    let incremental_out = root.join("incremental-out");
    let full_out = root.join("full-out");
    let cached_out = root.join("cached-out");
    let build = |output: &Path, full: bool| build_into(root, output, full);
    build(&cached_out, true).expect("the first build");
    // Files kept from the previous output by the builds after edits, and files they rendered.
    let (mut kept, mut rendered, mut in_place) = (0, 0, 0);
    let loaded = duet::load(root, false, false).expect("the site loads");
    duet::incremental::write(&incremental_out, &loaded, &Update::Everything).expect("the first build");
    let mut state = Incremental::new(loaded).unwrap();
    let mut rng = Rng(seed);
    let seed_shown = seed;
    let mut log = Vec::new();
    let mut partial = 0;
    scripted.reverse();
    for step in 0..steps {
        let (what, touched) = random_edit(root, &mut rng, step, &mut scripted);
        log.push(what);
        let update = match state.edit(root, &touched) {
            Ok(update) => update,
            // An edit the site refuses (a partner left without a profile…) is undone.
            Err(problems) => panic!("step {step} was refused: {problems}\n{}", log.join("\n")),
        };
        partial += usize::from(matches!(update, Update::Jobs { .. }));
        state.write(&incremental_out, &update).expect("the edit is written");
        let _ = std::fs::remove_dir_all(&full_out);
        build(&full_out, true).unwrap_or_else(|p| panic!("full build after step {step}: {p}\n{}", log.join("\n")));
        // After the full build, which leaves the cache describing its own output.
        let summary = build(&cached_out, false)
            .unwrap_or_else(|p| panic!("cached build after step {step}: {p}\n{}", log.join("\n")));
        kept += summary.reused;
        in_place += usize::from(summary.in_place);
        rendered += summary.written.files - summary.reused;
        let b = snapshot(&full_out);
        for (out, path) in [
            (&incremental_out, "the dev server's"),
            (&cached_out, "the build cache's"),
        ] {
            let a = snapshot(out);
            if a == b {
                continue;
            }
            let differ: Vec<String> = a
                .keys()
                .chain(b.keys())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter(|k| a.get(*k) != b.get(*k))
                .map(|k| k.display().to_string())
                .collect();
            panic!(
                "seed {seed_shown:#x}, step {step}: {path} output differs from a full build in {differ:#?}\nedits:\n{}",
                log.join("\n")
            );
        }
    }
    assert!(
        partial * 2 >= steps,
        "most edits take the incremental path ({partial} of {steps})"
    );
    // Edits of an image's size or of a URL change the site's shape and render everything.
    assert!(
        kept * 2 > rendered,
        "builds after an edit keep at least a third of the files ({kept} kept, {rendered} rendered)"
    );
    assert!(
        in_place > 0 && in_place < steps,
        "some builds change files in place, others swap in a new output ({in_place} of {steps} in place)"
    );
}

/// The reference portal, copied into a temporary folder.
fn portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "locales", "themes"] {
        copy_tree(&repo.join(part), &dir.path().join(part));
    }
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

#[test]
fn random_edits_of_the_portal_agree_with_full_builds() {
    let site = portal();
    // First the edits that reorder lists in place (same date, then new titles).
    let scripted = vec!["same-date", "title", "title", "body", "title"];
    edits_agree_with_full_builds(site.path(), 0x5eed_0001, 40, scripted);
}

#[test]
fn random_edits_with_stand_ins_agree_with_full_builds() {
    // Articles missing in English are published there as notices: their text follows the source's.
    let site = Fixture::new(&["bilingual", "fallbacks"]);
    let scripted = vec!["body", "body", "same-date", "title", "title", "summary"];
    edits_agree_with_full_builds(site.root(), 0x5eed_0002, 50, scripted);
}

#[test]
fn random_edits_of_images_and_files_agree_with_full_builds() {
    let site = crate::media::site();
    edits_agree_with_full_builds(site.root(), 0x5eed_0003, 40, vec!["body"]);
}

/// Applies one edit (files and new texts) through the incremental path and
/// checks the output against a full build.
fn step(state: &mut Incremental, root: &Path, out: &Path, edits: &[(&str, &dyn Fn(String) -> String)]) {
    let mut touched = BTreeSet::new();
    for (rel, edit) in edits {
        let path = root.join(rel);
        std::fs::write(&path, edit(std::fs::read_to_string(&path).unwrap())).unwrap();
        touched.insert(PathBuf::from(rel));
    }
    let update = state.edit(root, &touched).unwrap();
    state.write(out, &update).unwrap();
    let full = root.join("full-out");
    full_build(root, &full);
    let (a, b) = (snapshot(out), snapshot(&full));
    let differ: Vec<_> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).collect();
    assert!(differ.is_empty(), "after editing {touched:?}: {differ:#?}");
}

#[test]
fn an_article_a_new_title_moves_to_another_listing_page_is_found_there_next_time() {
    let site = Fixture::new(&["bilingual", "fallbacks"]);
    let root = site.root();
    let out = root.join("incremental-out");
    let loaded = duet::load(root, false, false).unwrap();
    duet::incremental::write(&out, &loaded, &Update::Everything).unwrap();
    let mut state = Incremental::new(loaded).unwrap();
    // Three Vietnamese articles of one date, with slugs of their own; two a page.
    let same_day = |slug: &'static str| move |t: String| set_key(&set_key(&t, "date", "2024-01-01"), "slug", slug);
    let (forum, pact, local) = (
        "content/articles/education-forum.vi.md",
        "content/articles/heritage-pact.vi.md",
        "content/articles/local-only.vi.md",
    );
    step(
        &mut state,
        root,
        &out,
        &[
            (forum, &same_day("forum")),
            (pact, &same_day("pact")),
            (local, &same_day("local")),
        ],
    );
    // Titles sort them A, B, C; then C becomes first: the others move down a place.
    step(
        &mut state,
        root,
        &out,
        &[
            (forum, &|t| set_key(&t, "title", "\"A\"")),
            (pact, &|t| set_key(&t, "title", "\"B\"")),
            (local, &|t| set_key(&t, "title", "\"C\"")),
        ],
    );
    step(&mut state, root, &out, &[(local, &|t| set_key(&t, "title", "\"0\""))]);
    // B is on page 2 now: an edit of its text must reach page 2, not page 1.
    step(&mut state, root, &out, &[(pact, &|t| format!("{t}\nMột câu mới.\n"))]);
}
