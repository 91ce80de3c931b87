//! Helpers: copy fixture sites into a temporary folder, build them, read
//! what was written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A fixture site copied into a temporary folder.
pub struct Fixture {
    pub dir: TempDir,
}

impl Fixture {
    /// Copies `tests/fixtures/NAME` for each name, later ones laid over earlier ones.
    pub fn new(names: &[&str]) -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for name in names {
            copy_tree(&fixtures().join(name), dir.path());
        }
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Replaces the first `from` with `to` in site file `rel`, which must contain it.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} should contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Lays another fixture over this one.
    pub fn overlay(&self, name: &str) {
        copy_tree(&fixtures().join(name), self.root());
    }

    /// Builds with the library into `public/`.
    pub fn build(&self) -> Result<duet::BuildSummary, duet::Diagnostics> {
        self.build_with(false)
    }

    pub fn build_with(&self, drafts: bool) -> Result<duet::BuildSummary, duet::Diagnostics> {
        duet::build(&duet::BuildOptions {
            root: self.root().to_path_buf(),
            output: "public".into(),
            drafts,
            base_url: None,
            strict: false,
            full: false,
        })
    }

    /// Runs the `duet` binary with `args` (and `--root` this site).
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_duet"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("the duet binary runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The text of an output file, relative to `public/`.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} should exist: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).is_file()
    }
}

/// What a run of the binary printed and returned.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Builds this repository's own portal into a temporary folder; its output
/// is `DIR/public`.
pub fn build_reference_portal() -> TempDir {
    let out = tempfile::tempdir().expect("a temporary folder");
    duet::build(&duet::BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        output: out.path().join("public"),
        drafts: false,
        strict: false,
        full: false,
        base_url: None,
    })
    .expect("the reference portal builds");
    out
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture files are readable");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds the site at `root` into `output` (relative to `root`, or
/// absolute), from the build cache unless `full`; no drafts, not strict.
pub fn build_into(root: &Path, output: &Path, full: bool) -> Result<duet::BuildSummary, duet::Diagnostics> {
    duet::build(&duet::BuildOptions {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        drafts: false,
        base_url: None,
        strict: false,
        full,
    })
}

/// Builds the site at `root` afresh (`--full`) into `output`, replacing
/// what is there: the output every one-edit path is compared with.
pub fn full_build(root: &Path, output: &Path) {
    let _ = std::fs::remove_dir_all(output);
    build_into(root, output, true).unwrap_or_else(|p| panic!("the full build: {p}"));
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The values of attribute `attr` on every tag that contains `marker`.
pub fn attr_values(html: &str, marker: &str, attr: &str) -> Vec<String> {
    html.split('<')
        .filter(|tag| tag.contains(marker))
        .filter_map(|tag| {
            let start = tag.find(&format!("{attr}=\""))? + attr.len() + 2;
            let end = tag[start..].find('"')? + start;
            Some(tag[start..end].to_string())
        })
        .collect()
}

/// Asserts that `haystack` contains `needle`, showing the haystack if not.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(haystack.contains(needle), "expected to find {needle:?} in:\n{haystack}");
}

#[track_caller]
pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "expected not to find {needle:?} in:\n{haystack}"
    );
}

/// Every `hreflang` link in every HTML file of the output leads to a page
/// that was written and is a real translation (not a stand-in or redirect).
pub fn assert_hreflang_targets_are_real(site: &Fixture, base: &str) {
    let mut checked = 0;
    for file in walkdir::WalkDir::new(site.public()).into_iter().map(|e| e.unwrap()) {
        if file.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(file.path()).unwrap();
        for href in attr_values(&html, "hreflang=", "href") {
            let Some(path) = href.strip_prefix(base) else {
                continue;
            };
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(
                site.exists(&target),
                "{} links {href}, which is not written",
                file.path().display()
            );
            let target_html = site.read(&target);
            assert!(
                !target_html.contains("class=\"fallback-notice\""),
                "{href} is a stand-in, not a translation"
            );
            assert!(
                !target_html.contains("http-equiv=\"refresh\""),
                "{href} is a redirect, not a translation"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no hreflang links found at all");
}

/// The schema.org `NewsArticle` of a page's JSON-LD graph, parsed.
pub fn json_ld(html: &str) -> serde_json::Value {
    let graph = json_ld_graph(html);
    graph["@graph"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["@type"] == "NewsArticle"))
        .cloned()
        .unwrap_or(graph)
}

/// The schema.org JSON-LD of a page, parsed whole.
pub fn json_ld_graph(html: &str) -> serde_json::Value {
    let json = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .expect("the page has JSON-LD")
        .split("</script>")
        .next()
        .unwrap();
    serde_json::from_str(json).expect("the JSON-LD parses")
}
