//! The host and the output folder: what `--output` may name, what a build
//! keeps of the folder it replaces, what it leaves beside it when killed or
//! run twice at once, and how it reports a disk that refuses writes. Every
//! case runs in temporary folders, never on real system paths.

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Command;

use crate::common::*;

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
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
            strict: false,
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
