//! Write stage: which folder a build may replace. duet writes only into
//! an output folder of its own, and refuses one that is a system folder, a
//! user's home, the site root or one of its input folders.

use std::path::{Component, Path, PathBuf};

use super::write::MARKER;
use crate::diagnostics::Diagnostic;

/// Folders a build must never replace, whatever the command line says.
const SYSTEM_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib64",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/var",
    "/Users",
    "/System",
    "/Library",
    "/Applications",
];

/// Folders of a site that hold its input.
const INPUT_DIRS: &[&str] = &["content", "themes", "locales", "templates", "static"];

/// Resolves `output` against `root` and checks that duet may replace it:
/// not a system folder, not the site root or a folder containing it, not an
/// input folder or inside one, and, if it exists, either empty or marked as
/// duet's own output. Returns the absolute output path.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let shown = output.display().to_string();
    let refuse = |why: String| {
        Diagnostic::new(output, format!("refusing to use `{shown}` as the output folder: {why}"))
            .with_hint("pass --output with a folder of its own, such as `public`")
    };
    let root = resolve(&std::env::current_dir().unwrap_or_default(), root);
    let output = resolve(&root, output);
    if is_system_dir(&output) {
        return Err(refuse("it is a system folder".into()));
    }
    if root.starts_with(&output) {
        return Err(refuse("it is the site root or contains it".into()));
    }
    for input in INPUT_DIRS {
        let input_dir = root.join(input);
        if output.starts_with(&input_dir) || input_dir.starts_with(&output) {
            return Err(refuse(format!("it overlaps the site's `{input}` folder")));
        }
    }
    // Whatever exists there must be a folder: a device, FIFO or socket
    // would otherwise be moved aside and a folder put in its place.
    let existing = match std::fs::symlink_metadata(&output) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(refuse(format!("it cannot be inspected: {e}"))),
    };
    if let Some(m) = &existing {
        // A symlink to a folder was resolved above, so one here leads nowhere.
        let target = std::fs::metadata(&output).ok();
        if let Some(kind) = not_a_folder(target.as_ref().unwrap_or(m)) {
            return Err(refuse(format!("it is {kind}, not a folder")));
        }
    }
    if existing.is_some() && !output.join(MARKER).is_file() {
        let empty = std::fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(refuse(format!(
                "it is not empty and was not made by duet (it has no `{MARKER}` file)"
            )));
        }
    }
    Ok(output)
}

/// What `m` is, when it is not a folder: "a file", "a FIFO", and so on.
fn not_a_folder(m: &std::fs::Metadata) -> Option<&'static str> {
    let kind = m.file_type();
    if kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some(if kind.is_symlink() {
        "a symlink to nothing"
    } else if kind.is_file() {
        "a file"
    } else {
        "something other than a file"
    })
}

/// Whether `path` (absolute, normalised) is a system folder or a user's home.
pub fn is_system_dir(path: &Path) -> bool {
    if SYSTEM_DIRS.iter().any(|d| path == Path::new(d)) {
        return true;
    }
    // A home folder itself (`/home/ana`) holds far more than a site.
    let parent = path.parent().unwrap_or(path);
    parent == Path::new("/home") || parent == Path::new("/Users")
}

/// `path` made absolute against `base` and normalised, with symlinks of
/// its existing ancestors resolved, without requiring `path` to exist.
fn resolve(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            c => normal.push(c.as_os_str()),
        }
    }
    // Resolve symlinks in the longest existing prefix, so `public -> /` is caught.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_to_root_is_refused() {
        let site = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/", site.path().join("public")).unwrap();
        assert!(check_output_dir(site.path(), Path::new("public")).is_err());
    }

    #[test]
    fn system_folders_are_refused() {
        for dir in ["/", "/etc", "/usr", "/home", "/home/ana", "/root", "/tmp"] {
            assert!(is_system_dir(Path::new(dir)), "{dir}");
        }
        assert!(!is_system_dir(Path::new("/home/ana/site/public")));
        assert!(!is_system_dir(Path::new("/srv/site/public")));
    }

    #[test]
    fn the_guard_refuses_root_parents_and_inputs() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir(root.join("content")).unwrap();
        for bad in [".", "..", "content", "content/x", "/", "/etc", "../.."] {
            let e = check_output_dir(root, Path::new(bad));
            assert!(e.is_err(), "{bad} should be refused");
        }
        assert!(check_output_dir(root, Path::new("public")).is_ok());
        std::fs::create_dir(root.join("public")).unwrap();
        std::fs::write(root.join("public/notes.txt"), "mine").unwrap();
        let e = check_output_dir(root, Path::new("public")).unwrap_err();
        assert!(e.message.contains("not made by duet"), "{}", e.message);
        std::fs::write(root.join("public").join(MARKER), "").unwrap();
        assert!(check_output_dir(root, Path::new("public")).is_ok());
    }
}
