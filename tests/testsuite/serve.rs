//! `duet serve` end to end: a real server on loopback, real edits on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::*;

/// A `duet serve` process, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Where it writes the preview.
    pub output: PathBuf,
    _scratch: Option<TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The process id, to look at its memory.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// Serves `site` into a preview folder of its own in a temporary folder.
pub fn start(site: &Fixture) -> Server {
    start_with(site, &[])
}

/// [`start`] with more arguments.
pub fn start_with(site: &Fixture, args: &[&str]) -> Server {
    let scratch = tempfile::tempdir().unwrap();
    let output = scratch.path().join("preview");
    let mut server = spawn(site, &[&["--output", output.to_str().unwrap()], args].concat());
    server.output = output;
    server._scratch = Some(scratch);
    server
}

/// Runs `duet serve --port 0 --root SITE ARGS` and waits until it listens.
pub fn spawn(site: &Fixture, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duet"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut port = None;
    let mut output = PathBuf::new();
    while port.is_none() {
        let line = lines.next().expect("the server prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("Preview files: ") {
            output = PathBuf::from(rest);
        }
        if let Some(rest) = line.strip_prefix("Serving on http://127.0.0.1:") {
            port = Some(rest.split('/').next().unwrap().parse().unwrap());
        }
    }
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Server {
        child,
        port: port.unwrap(),
        output,
        _scratch: None,
    }
}

/// Sends `raw` as it is and returns the status code, the head and the body
/// (whatever arrived before the server closed the connection).
pub fn exchange(port: u16, raw: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // The server may answer and close before reading everything: stop writing then.
    for chunk in raw.chunks(4096) {
        if stream.write_all(chunk).is_err() {
            break;
        }
    }
    let mut response = Vec::new();
    let mut buffer = [0; 8192];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buffer[..n]),
        }
    }
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let head_end = text.find("\r\n\r\n").map_or(response.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&response[..head_end.min(response.len())]).into_owned();
    (status, head, response[head_end.min(response.len())..].to_vec())
}

/// GET `path`: the status code and body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    let raw = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let (status, _, body) = exchange(port, raw.as_bytes());
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Opens the event stream; every `event:` line arrives on the channel.
pub fn events(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET /__duet/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if (line.starts_with("event:") || line.starts_with("data:")) && tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// Waits up to `limit` for an event line starting with `prefix`; returns
/// it with the data lines seen meanwhile.
pub fn wait_for(rx: &mpsc::Receiver<String>, prefix: &str, limit: Duration) -> Option<String> {
    let deadline = Instant::now() + limit;
    let mut seen = String::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) => {
                let hit = line.starts_with(prefix);
                seen.push_str(&line);
                seen.push('\n');
                if hit {
                    // Collect the event's data lines too.
                    while let Ok(more) = rx.recv_timeout(Duration::from_millis(50)) {
                        seen.push_str(&more);
                        seen.push('\n');
                    }
                    return Some(seen);
                }
            }
            Err(_) => return None,
        }
    }
    None
}

#[test]
fn edits_reload_bad_saves_show_problems_and_good_saves_recover() {
    let site = Fixture::new(&["bilingual"]);
    let server = start(&site);
    let page = "/vi/articles/tin-chi-co-tieng-viet/";
    let (status, body) = get(server.port, page);
    assert_eq!(status, 200);
    assert_contains(&body, "Chỉ có bản tiếng Việt.");
    assert_contains(&body, r#"<script src="/__duet/reload.js"></script>"#);
    let written = std::fs::read_to_string(server.output.join("vi/articles/tin-chi-co-tieng-viet/index.html")).unwrap();
    assert!(!written.contains("__duet"), "not written to the output");
    let stream = events(server.port);
    std::thread::sleep(Duration::from_millis(200));

    // An edit: a reload event and the new text, within a second.
    let file = site.root().join("content/articles/local-only.vi.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let saved = Instant::now();
    std::fs::write(
        &file,
        original.replace("Chỉ có bản tiếng Việt.", "Bản đã sửa lúc xem trước."),
    )
    .unwrap();
    assert!(
        wait_for(&stream, "event: reload", Duration::from_secs(1)).is_some(),
        "a reload within a second"
    );
    let (_, body) = get(server.port, page);
    assert_contains(&body, "Bản đã sửa lúc xem trước.");
    assert!(
        saved.elapsed() < Duration::from_secs(1),
        "new content served {:?} after the save",
        saved.elapsed()
    );

    // A broken save: the problem is announced, and the last good page is still served.
    std::fs::write(&file, "---\ntitle: [unclosed\n---\n").unwrap();
    let problem = wait_for(&stream, "event: problem", Duration::from_secs(2)).expect("a problem event");
    assert_contains(&problem, "content/articles/local-only.vi.md:2:");
    let (status, body) = get(server.port, page);
    assert_eq!(status, 200);
    assert_contains(&body, "Bản đã sửa lúc xem trước.");

    // Fixing it recovers.
    std::fs::write(&file, original.replace("Chỉ có bản tiếng Việt.", "Đã sửa lại đúng.")).unwrap();
    assert!(
        wait_for(&stream, "event: reload", Duration::from_secs(2)).is_some(),
        "a reload after the fix"
    );
    assert_contains(&get(server.port, page).1, "Đã sửa lại đúng.");
}

#[test]
fn the_server_serves_nothing_outside_the_output() {
    let site = Fixture::new(&["bilingual"]);
    let server = start(&site);
    std::os::unix::fs::symlink(site.root().join("site.yaml"), server.output.join("leak.txt")).unwrap();
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%252e%252e/site.yaml",
        "/vi/..%2f..%2fsite.yaml",
        "//etc/passwd",
        "/leak.txt",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert_lacks(&body, "base_url");
    }
    assert_eq!(get(server.port, "/no/such/page/").0, 404);
    assert_contains(&get(server.port, "/no/such/page/").1, "Không tìm thấy trang");
}

/// What an edit touches, as output paths (`None`: everything).
fn touched(site: &Fixture, rel: &str, edit: impl Fn(String) -> String) -> Option<Vec<String>> {
    let mut state = duet::incremental::Incremental::new(duet::load(site.root(), true, false).unwrap()).unwrap();
    let path = site.root().join(rel);
    std::fs::write(&path, edit(std::fs::read_to_string(&path).unwrap())).unwrap();
    let dirty = [std::path::PathBuf::from(rel)].into();
    let duet::incremental::Update::Jobs { jobs, .. } = state.edit(site.root(), &dirty).unwrap() else {
        return None;
    };
    let mut paths: Vec<String> = jobs
        .iter()
        .map(|job| match duet::plan::placement(&state.loaded().site, job) {
            Some(p) => p.output_path(),
            None => format!("{job:?}"),
        })
        .collect();
    paths.sort();
    Some(paths)
}

#[test]
fn an_edit_rebuilds_the_pages_that_show_it_and_no_others() {
    let site = Fixture::new(&["bilingual"]);
    let jobs = touched(&site, "content/articles/local-only.vi.md", |t| {
        t.replace("Chỉ có", "Vẫn chỉ có")
    });
    assert_eq!(
        jobs.unwrap(),
        [
            "Feed(Lang(\"vi\"))",
            "SearchFilters(Lang(\"vi\"))",
            // Its own search fragment, and the shards its words are in (both of this small site's two).
            "SearchFragment(8, 3)",
            "SearchShard(Lang(\"vi\"), 0)",
            "SearchShard(Lang(\"vi\"), 1)",
            // The articles that show it as their neighbour or as related.
            "vi/articles/dien-dan-giao-duc-da-phuong/index.html",
            "vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html",
            "vi/articles/page/2/index.html",
            "vi/articles/tin-chi-co-tieng-viet/index.html",
            "vi/partners/imexco/index.html",
            "vi/years/2023/index.html",
        ]
    );
    // Those two do show it.
    site.build().unwrap();
    for page in [
        "vi/articles/dien-dan-giao-duc-da-phuong/index.html",
        "vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html",
    ] {
        assert_contains(&site.read(page), "/vi/articles/tin-chi-co-tieng-viet/");
    }
}

#[test]
fn an_edit_of_a_translated_article_reaches_both_languages() {
    let site = Fixture::new(&["bilingual"]);
    let jobs = touched(&site, "content/articles/heritage-pact.en.md", |t| {
        t.replace("was signed", "has been signed")
    })
    .unwrap();
    // The English page, the first listing pages and homes (it is the newest), its terms,
    // partners, feeds and search index — not its Vietnamese twin, which shows none of its text.
    for expected in [
        "en/articles/heritage-partnership/index.html",
        "en/index.html",
        "en/articles/index.html",
        "en/topics/heritage/index.html",
        "en/partners/unesco/index.html",
        "Feed(Lang(\"en\"))",
        "SearchFilters(Lang(\"en\"))",
    ] {
        assert!(jobs.contains(&expected.to_string()), "{expected} in {jobs:#?}");
    }
    assert!(
        !jobs.iter().any(|j| j.contains("sitemap")),
        "no date changed: {jobs:#?}"
    );
    assert!(!jobs.iter().any(|j| j.starts_with("vi/")), "{jobs:#?}");
    // Other English articles are rebuilt only if they show it (as neighbour or related).
    site.build().unwrap();
    for job in jobs
        .iter()
        .filter(|j| j.starts_with("en/articles/") && !j.contains("/page/"))
    {
        if job != "en/articles/index.html" {
            assert_contains(&site.read(job), "/en/articles/heritage-partnership/");
        }
    }
}

#[test]
fn a_change_of_shape_rebuilds_everything() {
    let site = Fixture::new(&["bilingual"]);
    assert_eq!(
        touched(&site, "content/articles/local-only.vi.md", |t| t
            .replace("title: \"Tin chỉ", "title: \"Tin mới chỉ")),
        None,
        "a new slug"
    );
}

#[test]
fn a_new_navigation_title_reaches_every_page_of_its_language() {
    let site = Fixture::new(&["bilingual"]);
    site.build_with(true).unwrap();
    let jobs = touched(&site, "content/about.vi.md", |t| {
        t.replace("Giới thiệu", "Về chúng tôi")
    })
    .expect("a new title keeps the site's shape");
    let vi_pages: Vec<String> = walkdir::WalkDir::new(site.public())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(site.public())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.starts_with("vi/"))
        .collect();
    assert!(vi_pages.len() > 10, "{vi_pages:?}");
    for page in &vi_pages {
        assert!(jobs.contains(page), "{page} is not rebuilt: {jobs:#?}");
    }
    assert!(!jobs.iter().any(|j| j.starts_with("en/")), "{jobs:#?}");
}

#[test]
fn a_date_edit_goes_through_a_relink_and_reaches_the_sitemap() {
    let site = Fixture::new(&["bilingual"]);
    let jobs = touched(&site, "content/articles/heritage-pact.vi.md", |t| {
        t.replace("date: 2025-10-17", "date: 2025-10-18")
    })
    .expect("a new date keeps the site's shape");
    for expected in [
        "Sitemap(0)",
        "vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html",
        "en/articles/heritage-partnership/index.html",
        "Feed(Lang(\"en\"))",
    ] {
        assert!(jobs.contains(&expected.to_string()), "{expected} in {jobs:#?}");
    }
}
