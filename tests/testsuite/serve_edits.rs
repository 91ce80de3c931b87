//! Differential test of the dev server: a scripted sequence of the edits
//! editors make, each saved the ways editors save (in place, by rename,
//! vim's backup-and-write, `sed -i`), several times in a row. After every
//! step the server's output must be byte-identical to a fresh `duet build`
//! of the same files into another folder.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;
use crate::serve::{events, start};

/// How an editor puts a file on disk.
#[derive(Debug, Clone, Copy)]
enum Save {
    /// Truncate and write the same file (same inode).
    InPlace,
    /// Write a hidden temporary file beside it and rename it over (atomic-write libraries, VS Code, emacs).
    Rename,
    /// vim's default: move the original to `name~`, write a new file, remove the backup.
    Vim,
    /// `sed -i`: write `sedXXXXXX` in the same folder, rename it over.
    Sed,
}

fn save(path: &Path, text: &str, how: Save) {
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    match how {
        Save::InPlace => std::fs::write(path, text).unwrap(),
        Save::Rename => {
            let temporary = dir.join(format!(".{name}.tmp-save"));
            std::fs::write(&temporary, text).unwrap();
            std::fs::rename(&temporary, path).unwrap();
        }
        Save::Vim => {
            let backup = dir.join(format!("{name}~"));
            let existed = path.exists();
            if existed {
                std::fs::rename(path, &backup).unwrap();
            }
            std::fs::write(path, text).unwrap();
            if existed {
                std::fs::remove_file(&backup).unwrap();
            }
        }
        Save::Sed => {
            let temporary = dir.join("sedK3x9Qa");
            std::fs::write(&temporary, text).unwrap();
            std::fs::rename(&temporary, path).unwrap();
        }
    }
}

/// Drives a server through edits, comparing its output with fresh builds.
struct Drive<'a> {
    site: &'a Fixture,
    output: PathBuf,
    stream: mpsc::Receiver<String>,
    scratch: tempfile::TempDir,
    failures: Vec<String>,
    steps: usize,
}

impl Drive<'_> {
    /// Waits for the server to react to a save and then fall quiet:
    /// returns the event lines it sent.
    fn settle(&self) -> String {
        let mut seen = String::new();
        // The first event, then quiet for a while (a save can be several batches).
        if let Ok(line) = self.stream.recv_timeout(Duration::from_secs(5)) {
            seen.push_str(&line);
            seen.push('\n');
        }
        while let Ok(line) = self.stream.recv_timeout(Duration::from_millis(400)) {
            seen.push_str(&line);
            seen.push('\n');
        }
        seen
    }

    /// Runs one step, waits, and compares the server's output with a fresh build.
    fn step(&mut self, what: &str, edit: impl FnOnce(&Fixture)) {
        self.steps += 1;
        edit(self.site);
        let seen = self.settle();
        let fresh = self.scratch.path().join(format!("fresh-{}", self.steps));
        if let Err(problems) = duet::build(&duet::BuildOptions {
            root: self.site.root().to_path_buf(),
            output: fresh.clone(),
            drafts: false,
            base_url: None,
            strict: false,
            full: false,
        }) {
            panic!("step {} ({what}): the fresh build failed: {problems}", self.steps);
        }
        // Search indexes are written just after the reload: give them a moment.
        let mut differences = Vec::new();
        for _ in 0..10 {
            differences = differ(&snapshot(&self.output), &snapshot(&fresh));
            if differences.is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        if !differences.is_empty() {
            self.failures.push(format!(
                "step {} ({what}), events {:?}: {} file(s) differ:\n  {}",
                self.steps,
                seen.lines().filter(|l| l.starts_with("event:")).collect::<Vec<_>>(),
                differences.len(),
                differences.join("\n  ")
            ));
        }
    }

    /// A save that must fail: the server reports a problem and keeps serving.
    fn bad_step(&mut self, what: &str, edit: impl FnOnce(&Fixture)) {
        self.steps += 1;
        edit(self.site);
        let seen = self.settle();
        if !seen.contains("event: problem") {
            self.failures.push(format!(
                "step {} ({what}): no problem reported; saw {seen:?}",
                self.steps
            ));
        }
    }
}

/// Output paths that are only on one side or differ in bytes.
fn differ(
    served: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
    fresh: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in served {
        match fresh.get(path) {
            None => out.push(format!("only served: {}", path.display())),
            Some(other) if other != bytes => out.push(format!("differs: {}", path.display())),
            Some(_) => {}
        }
    }
    for path in fresh.keys().filter(|p| !served.contains_key(*p)) {
        out.push(format!("missing from served: {}", path.display()));
    }
    out
}

fn article(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\nsummary: \"{title}.\"\npartners: [unesco]\n---\n{body}\n")
}

#[test]
fn the_served_output_equals_a_fresh_build_after_every_edit() {
    let site = Fixture::new(&["bilingual"]);
    let server = start(&site);
    let stream = events(server.port);
    std::thread::sleep(Duration::from_millis(300));
    let mut drive = Drive {
        site: &site,
        output: server.output.clone(),
        stream,
        scratch: tempfile::tempdir().unwrap(),
        failures: Vec::new(),
        steps: 0,
    };
    let read = |site: &Fixture, rel: &str| std::fs::read_to_string(site.root().join(rel)).unwrap();
    let all = [Save::InPlace, Save::Rename, Save::Vim, Save::Sed];

    // Text edits of an article, every way of saving, twice over.
    let local = "content/articles/local-only.vi.md";
    for (n, how) in all.iter().chain(&all).enumerate() {
        drive.step(&format!("text edit {n} by {how:?}"), |site| {
            let text = read(site, local);
            let body = text.lines().last().unwrap().to_string();
            save(
                &site.root().join(local),
                &text.replace(&body, &format!("Lần sửa {n}.")),
                *how,
            );
        });
    }

    // site.yaml saved by rename, again and again, then written in place.
    for (n, how) in [Save::Rename, Save::Vim, Save::Sed, Save::Rename, Save::InPlace]
        .into_iter()
        .enumerate()
    {
        drive.step(&format!("site.yaml edit {n} by {how:?}"), |site| {
            let text = read(site, "site.yaml");
            let paginate = 1 + n % 3;
            let edited: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("paginate:") {
                        format!("paginate: {paginate}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            save(&site.root().join("site.yaml"), &edited, how);
        });
    }

    // Articles added, in a new folder, by several kinds of save.
    for (n, how) in [Save::InPlace, Save::Sed, Save::Vim, Save::Rename]
        .into_iter()
        .enumerate()
    {
        drive.step(&format!("article {n} added by {how:?}"), |site| {
            let dir = site.root().join("content/articles/batch");
            std::fs::create_dir_all(&dir).unwrap();
            let text = article(
                &format!("Bài mới số {n}"),
                &format!("2024-0{}-15", n + 1),
                "Nội dung mới.",
            );
            save(&dir.join(format!("bai-{n}.vi.md")), &text, how);
        });
    }
    drive.step("an added article edited", |site| {
        let path = site.root().join("content/articles/batch/bai-1.vi.md");
        let text = std::fs::read_to_string(&path).unwrap();
        save(&path, &text.replace("Nội dung mới.", "Nội dung đã sửa."), Save::Vim);
    });

    // The folder moved out of the site's content, back in, and out again.
    for n in 0..3 {
        drive.step(&format!("folder moved out {n}"), |site| {
            std::fs::rename(site.root().join("content/articles/batch"), site.root().join("attic")).unwrap();
        });
        if n < 2 {
            drive.step(&format!("folder moved back in {n}"), |site| {
                std::fs::rename(site.root().join("attic"), site.root().join("content/articles/batch")).unwrap();
            });
        }
    }

    // A site templates/ folder created after start, with an override, edited several times.
    drive.step("templates/ created with an override", |site| {
        let dir = site.root().join("templates");
        std::fs::create_dir_all(&dir).unwrap();
        let theirs = std::fs::read_to_string(fixtures().join("../../themes/portal/templates/404.html")).unwrap();
        std::fs::write(dir.join("404.html"), theirs.replace("<h1>", "<h1 class=\"own\">")).unwrap();
    });
    for (n, how) in all.into_iter().enumerate() {
        drive.step(&format!("override edited {n} by {how:?}"), |site| {
            let path = site.root().join("templates/404.html");
            let text = std::fs::read_to_string(&path).unwrap();
            save(
                &path,
                &text.replace("<h1 class=\"own", &format!("<h1 class=\"own{n}")),
                how,
            );
        });
    }
    drive.step("a partial override in a new subfolder", |site| {
        let dir = site.root().join("templates/partials");
        std::fs::create_dir_all(&dir).unwrap();
        let theirs =
            std::fs::read_to_string(fixtures().join("../../themes/portal/templates/partials/article-card.html"))
                .unwrap();
        std::fs::write(dir.join("article-card.html"), format!("<!-- own card -->\n{theirs}")).unwrap();
    });
    drive.step("templates/ removed", |site| {
        std::fs::remove_dir_all(site.root().join("templates")).unwrap();
    });

    // A partner renamed: its title, several times, then its file (and id).
    for (n, how) in [Save::InPlace, Save::Rename, Save::Vim].into_iter().enumerate() {
        drive.step(&format!("partner title {n} by {how:?}"), |site| {
            let path = site.root().join("content/partners/unesco.vi.md");
            let text = std::fs::read_to_string(&path).unwrap();
            let title = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
            save(&path, &text.replace(&title, &format!("title: UNESCO {n}")), how);
        });
    }
    drive.step("partner file renamed", |site| {
        let dir = site.root().join("content/partners");
        std::fs::rename(dir.join("bach-khoa.vi.md"), dir.join("dai-hoc-bach-khoa.vi.md")).unwrap();
    });

    // UI strings changed, every way of saving.
    let strings = "locales/vi/site.ftl";
    for (n, how) in all.into_iter().enumerate() {
        drive.step(&format!("strings {n} by {how:?}"), |site| {
            let text = read(site, strings);
            let line = text.lines().find(|l| l.starts_with("site-title")).unwrap().to_string();
            save(
                &site.root().join(strings),
                &text.replace(&line, &format!("site-title = Cổng thử {n}")),
                how,
            );
        });
    }

    // Bad saves, then fixes, of an article and of site.yaml, twice each.
    let pact = "content/articles/heritage-pact.vi.md";
    let good_pact = read(&site, pact);
    let good_config = read(&site, "site.yaml");
    for (n, how) in [Save::InPlace, Save::Vim].into_iter().enumerate() {
        drive.bad_step(&format!("bad article save {n}"), |site| {
            save(&site.root().join(pact), "---\ntitle: [unclosed\n---\n", how);
        });
        drive.step(&format!("article fixed {n}"), |site| {
            save(
                &site.root().join(pact),
                &good_pact.replace("Bối cảnh", &format!("Bối cảnh {n}")),
                Save::Rename,
            );
        });
        drive.bad_step(&format!("bad site.yaml save {n}"), |site| {
            save(&site.root().join("site.yaml"), "paginate: [\n", how);
        });
        drive.step(&format!("site.yaml fixed {n}"), |site| {
            save(&site.root().join("site.yaml"), &good_config, Save::Sed);
        });
    }
    // After a failed full build, the next good save brings everything back.
    drive.bad_step("bad site.yaml once more", |site| {
        save(&site.root().join("site.yaml"), "languages: 3\n", Save::Rename);
    });
    drive.step("site.yaml restored in place", |site| {
        save(&site.root().join("site.yaml"), &good_config, Save::InPlace);
    });

    assert!(
        drive.failures.is_empty(),
        "{} of {} steps left the served output unlike a fresh build:\n{}",
        drive.failures.len(),
        drive.steps,
        drive.failures.join("\n")
    );
}
