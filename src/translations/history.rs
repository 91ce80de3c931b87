//! The previous source of a stale translation, for context: duet keeps
//! only fingerprints, so the text itself comes from git history, the
//! newest committed version of the source whose fingerprint is the one the
//! translation recorded. Without git, or when no version matches, there
//! is no previous source and the export says nothing about it.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use crate::content::{Fingerprint, Page, SourceFile};
use crate::translations::document::Document;
use crate::translations::segment::{Segment, fold};

/// How many versions of a file are read looking for the recorded one.
const DEPTH: usize = 200;

/// A previous version of a source page, cut into segments once: the
/// export asks it about every segment of the page.
pub struct Previous {
    segments: Vec<Segment>,
}

impl Previous {
    /// The previous version of `page`.
    fn of(page: &Page) -> Previous {
        Previous {
            segments: Document::of(page).segments,
        }
    }

    /// The previous text of segment `n` of section `k`, when that section
    /// had as many segments then and this one differs from it.
    pub fn aligned(&self, k: usize, n: usize, current: &Segment) -> Option<String> {
        let old = self.segments.iter().filter(|s| s.section == k).nth(n)?.source_text();
        (fold(&old) != fold(&current.source_text())).then_some(old)
    }
}

/// The newest committed version of site file `file` (relative to `root`)
/// whose fingerprint is `recorded`.
pub fn previous_source(root: &Path, file: &Path, recorded: &str) -> Option<Previous> {
    let (whole, _) = Fingerprint::parse(recorded)?;
    let relative = format!("./{}", file.to_string_lossy());
    let log = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "--format=%H", "-n", &DEPTH.to_string(), "--", &relative])
        .output()
        .ok()?;
    if !log.status.success() {
        return None;
    }
    let current = SourceFile {
        path: file.to_path_buf(),
        dir: String::new(),
        stem: String::new(),
        lang: crate::config::Lang::parse(file.file_stem()?.to_str()?.rsplit_once('.')?.1).ok()?,
        text: Arc::from(""),
        stamp: None,
    };
    for commit in String::from_utf8_lossy(&log.stdout).lines() {
        let shown = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["show", &format!("{commit}:{relative}")])
            .output()
            .ok()?;
        if !shown.status.success() {
            continue;
        }
        let text = String::from_utf8_lossy(&shown.stdout);
        let Ok(page) = crate::content::parse(&SourceFile {
            text: Arc::from(text.as_ref()),
            ..current.clone()
        }) else {
            continue;
        };
        if Fingerprint::of(&page).whole as u32 == whole {
            return Some(Previous::of(&page));
        }
    }
    None
}
