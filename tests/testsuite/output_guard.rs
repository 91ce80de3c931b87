//! The host and the output folder: what `--output` may name, what a build
//! keeps of the folder it replaces, what it leaves beside it when killed or
//! run twice at once, and how it reports a disk that refuses writes. Every
//! case runs in temporary folders, never on real system paths.

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::common::*;

/// Names in `dir` that a build uses while it runs (staging and old outputs).
fn build_folders(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.contains(".duet-staging-") || n.contains(".duet-old-"))
        .collect()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A PID that surely belongs to no process: a child that has exited and
/// been reaped.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("`true` runs");
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn things_that_are_not_folders_are_refused_and_left_alone() {
    let site = Fixture::new(&["bilingual"]);
    let root = site.root();
    mkfifo(&root.join("fifo"));
    let _socket = std::os::unix::net::UnixListener::bind(root.join("socket")).unwrap();
    std::os::unix::fs::symlink(root.join("fifo"), root.join("to-fifo")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
    std::fs::write(root.join("file"), "mine").unwrap();
    let before = names(root);
    for (output, why) in [
        ("fifo", "it is a FIFO"),
        ("socket", "it is a socket"),
        ("to-fifo", "it is a FIFO"),
        ("dangling", "it is a symlink"),
        ("file", "it is a file"),
    ] {
        let problems = duet::build(&duet::BuildOptions {
            root: root.to_path_buf(),
            output: output.into(),
            drafts: false,
            base_url: None,
            strict: false,
            full: false,
        })
        .expect_err(output);
        assert_eq!(problems.0.len(), 1, "{output}: {problems}");
        assert_contains(&problems.to_string(), "refusing to use");
        assert_contains(&problems.to_string(), why);
        assert_eq!(names(root), before, "{output}: nothing is written beside it");
    }
    let fifo = std::fs::symlink_metadata(root.join("fifo")).unwrap();
    assert!(fifo.file_type().is_fifo(), "the FIFO is still a FIFO");
    assert!(
        std::fs::symlink_metadata(root.join("socket"))
            .unwrap()
            .file_type()
            .is_socket()
    );
    assert!(
        std::fs::symlink_metadata(root.join("to-fifo"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::symlink_metadata(root.join("dangling"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // The command line says the same, with exit code 1.
    let run = site.run(&["build", "--output", "fifo"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_contains(&run.stderr, "refusing to use `fifo` as the output folder: it is a FIFO");
    assert_eq!(names(root), before);
}

#[test]
fn a_shared_output_folder_keeps_its_owner_group_and_mode() {
    // 2775 is a group's shared folder (setgid), 1777 a sticky one, 750 a
    // private one; each both empty and holding a previous build.
    for mode in [0o2775, 0o1777, 0o750] {
        for previous in [false, true] {
            let site = Fixture::new(&["bilingual"]);
            let public = site.public();
            std::fs::create_dir(&public).unwrap();
            if previous {
                site.build().unwrap();
            }
            if let Err(e) = std::os::unix::fs::chown(&public, Some(65534), Some(65534)) {
                eprintln!("skipped: giving a folder to uid 65534 needs root ({e})");
                return;
            }
            std::fs::set_permissions(&public, std::fs::Permissions::from_mode(mode)).unwrap();

            site.build().unwrap();

            let kept = std::fs::metadata(&public).unwrap();
            let case = format!("mode {mode:o}, previous build: {previous}");
            assert_eq!(kept.mode() & 0o7777, mode, "{case}");
            assert_eq!((kept.uid(), kept.gid()), (65534, 65534), "{case}");
            if mode & 0o2000 != 0 {
                // As in the folder itself, new folders inside take its group.
                assert_eq!(std::fs::metadata(public.join("vi")).unwrap().gid(), 65534, "{case}");
            }
            assert!(site.exists("vi/index.html"), "{case}");
            assert_eq!(build_folders(site.root()), Vec::<String>::new(), "{case}");
        }
    }
}

#[test]
fn leftovers_of_dead_builds_are_removed_and_nothing_else() {
    let site = Fixture::new(&["bilingual"]);
    let root = site.root();
    let dead = dead_pid();
    let mut live = Command::new("sleep").arg("60").spawn().expect("`sleep` runs");
    let leftovers = [
        format!(".public.duet-staging-{dead}"),
        format!(".public.duet-old-{dead}"),
    ];
    let kept = [
        format!(".public.duet-staging-{}", live.id()),
        format!(".public.duet-old-{}", live.id()),
        // Another output's leftovers, and names that only look like ours.
        format!(".other.duet-staging-{dead}"),
        ".public.duet-staging-abc".to_string(),
        format!(".public.duet-staging-{dead}x"),
        format!("public.duet-staging-{dead}"),
    ];
    for name in leftovers.iter().chain(&kept) {
        std::fs::create_dir_all(root.join(name).join("vi")).unwrap();
        std::fs::write(root.join(name).join("vi/index.html"), "old").unwrap();
    }
    // A file with a leftover's name is not a folder duet made: left alone.
    let file = format!(".public.duet-old-{}", dead_pid());
    std::fs::write(root.join(&file), "mine").unwrap();

    site.build().unwrap();
    live.kill().unwrap();
    live.wait().unwrap();

    for name in &leftovers {
        assert!(!root.join(name).exists(), "{name} should be removed");
    }
    for name in &kept {
        assert!(root.join(name).join("vi/index.html").is_file(), "{name} should be kept");
    }
    assert_eq!(std::fs::read_to_string(root.join(&file)).unwrap(), "mine");
    assert!(site.exists("vi/index.html"));
}

#[test]
fn a_build_into_an_output_another_build_holds_fails_clearly_and_leaks_nothing() {
    let site = Fixture::new(&["bilingual"]);
    site.build().unwrap();
    let before = snapshot(&site.public());
    let lock = std::fs::File::create(site.root().join(".public.duet-lock")).unwrap();
    lock.lock().unwrap();
    let names_before = names(site.root());

    let problems = site.build().unwrap_err();
    assert_eq!(problems.0.len(), 1, "{problems}");
    assert_contains(
        &problems.to_string(),
        "another duet process is writing this output folder",
    );

    assert_eq!(snapshot(&site.public()), before, "the output is untouched");
    assert_eq!(names(site.root()), names_before, "no folder is left beside it");
    drop(lock);
    site.build().unwrap();
    assert!(
        !site.root().join(".public.duet-lock").exists(),
        "the lock file goes with the build that held it"
    );
}

#[test]
fn builds_at_once_into_one_output_never_leak_a_folder() {
    let site = Fixture::new(&["bilingual"]);
    site.build().unwrap();
    let succeeded = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                for _ in 0..4 {
                    match site.build() {
                        Ok(_) => {
                            succeeded.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(problems) => {
                            assert_eq!(problems.0.len(), 1, "{problems}");
                            assert_contains(&problems.to_string(), "another duet process");
                        }
                    }
                }
            });
        }
    });
    assert!(succeeded.into_inner() > 0);
    assert_eq!(build_folders(site.root()), Vec::<String>::new());
    assert!(!site.root().join(".public.duet-lock").exists());
    assert!(site.exists("vi/index.html"));
    assert!(site.exists(".duet-output"));
}

#[test]
fn the_output_never_disappears_while_a_build_swaps_it_in() {
    let dir = tempfile::tempdir().unwrap();
    let public: PathBuf = dir.path().join("public");
    let page = |j: &u32| Ok((format!("{j}.html"), format!("page {j}").into_bytes()));
    duet::output::write_site(&public, &[vec![1]], page, &[]).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let (done, missing, marker) = (done.clone(), missing.clone(), public.join("1.html"));
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if std::fs::symlink_metadata(&marker).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    for _ in 0..300 {
        duet::output::write_site(&public, &[vec![1]], page, &[]).unwrap();
    }
    done.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    assert_eq!(missing.load(Ordering::Relaxed), 0, "times the output was seen missing");
}

#[test]
fn a_disk_that_refuses_writes_is_reported_once() {
    // A file size limit (`ulimit -f`) makes the kernel refuse every write
    // past 1 KiB with EFBIG, as a full disk refuses them with ENOSPC: one
    // cause for every page. SIGXFSZ is ignored so the write fails rather
    // than killing the process (an ignored signal stays ignored in `exec`).
    let site = Fixture::new(&["bilingual"]);
    site.build().unwrap();
    let before = snapshot(&site.public());
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2 && exec \"$0\" build --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_duet"))
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 2, "one error and the summary line:\n{stderr}");
    assert_contains(errors[0], "File too large");
    assert_contains(errors[0], "public/");
    assert_eq!(
        errors[1],
        "error: 1 problem(s); the build failed and left the previous output as it was"
    );
    assert_eq!(snapshot(&site.public()), before);
    assert_eq!(build_folders(site.root()), Vec::<String>::new());
}
