//! The dev server as a hostile client or page sees it: oversized heads,
//! methods other than GET and HEAD, foreign `Host` names (DNS rebinding),
//! slow readers of a large file, and where the preview is written.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::*;
use crate::serve::{exchange, get, spawn, start, start_with};

#[test]
fn an_oversized_request_head_is_refused_with_431() {
    let site = Fixture::new(&["bilingual"]);
    let server = start(&site);
    let mut raw = b"GET /vi/ HTTP/1.1\r\nHost: localhost\r\nX-Padding: ".to_vec();
    raw.extend(std::iter::repeat_n(b'a', 200 * 1024));
    raw.extend_from_slice(b"\r\n\r\n");
    let (status, _, _) = exchange(server.port, &raw);
    assert_eq!(status, 431);
    // Many small headers add up the same way.
    let mut raw = b"GET /vi/ HTTP/1.1\r\nHost: localhost\r\n".to_vec();
    for i in 0..4000 {
        raw.extend_from_slice(format!("X-{i}: b\r\n").as_bytes());
    }
    raw.extend_from_slice(b"\r\n");
    assert_eq!(exchange(server.port, &raw).0, 431);
    // A browser's ordinary request still works.
    assert_eq!(get(server.port, "/vi/").0, 200);
}

#[test]
fn methods_other_than_get_and_head_get_405() {
    let site = Fixture::new(&["bilingual"]);
    let server = start(&site);
    for method in ["POST", "DELETE", "TRACE", "PUT", "OPTIONS", "PATCH", "BREW"] {
        let raw = format!("{method} /vi/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc");
        let (status, head, _) = exchange(server.port, raw.as_bytes());
        assert_eq!(status, 405, "{method}");
        assert_contains(&head.to_ascii_lowercase(), "allow: get, head\r\n");
    }
    let (status, head, body) = exchange(server.port, b"HEAD /vi/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(status, 200);
    assert_contains(&head.to_ascii_lowercase(), "content-length: ");
    assert!(body.is_empty(), "HEAD has no body");
}

#[test]
fn only_loopback_and_bound_host_names_are_answered() {
    let site = Fixture::new(&["bilingual"]);
    let server = start(&site);
    let port = server.port;
    let with_host = |host: &str| {
        let raw = format!("GET /vi/ HTTP/1.1\r\nHost: {host}\r\n\r\n");
        exchange(port, raw.as_bytes()).0
    };
    for good in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "LOCALHOST".to_string(),
    ] {
        assert_eq!(with_host(&good), 200, "{good}");
    }
    // A page on an attacker's name that resolves to 127.0.0.1 must not read the preview.
    for bad in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "localhost.evil.example".to_string(),
        "127.0.0.1.nip.io".to_string(),
        "192.168.1.20".to_string(),
        "".to_string(),
    ] {
        let status = with_host(&bad);
        assert!(status == 403 || status == 400, "{bad:?} got {status}");
    }
    let (status, _, _) = exchange(port, b"GET /vi/ HTTP/1.1\r\n\r\n");
    assert_eq!(status, 400, "HTTP/1.1 without Host");
    // The event stream is guarded the same way.
    let (status, _, _) = exchange(port, b"GET /__duet/events HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    assert_eq!(status, 403);
}

/// The server's resident memory, in KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn large_files_are_streamed_not_held_per_connection() {
    let site = Fixture::new(&["bilingual"]);
    let server = start(&site);
    const SIZE: usize = 32 << 20;
    std::fs::write(server.output.join("big.bin"), vec![7u8; SIZE]).unwrap();
    let before = resident_kib(server.pid());
    // Slow readers: each asks for the file and reads only its first bytes.
    let readers: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            write!(stream, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
            let mut first = [0; 4096];
            stream.read_exact(&mut first).unwrap();
            assert_contains(&String::from_utf8_lossy(&first), "200 OK");
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(800));
    let during = resident_kib(server.pid());
    assert!(
        during < before + 16 * 1024,
        "4 slow readers of a 32 MiB file grew the server from {before} KiB to {during} KiB"
    );
    drop(readers);
    std::thread::sleep(Duration::from_millis(300));
    // A whole read gets every byte, and the server is still there after readers left.
    let (status, head, body) = exchange(
        server.port,
        b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200);
    assert_contains(&head.to_ascii_lowercase(), &format!("content-length: {SIZE}\r\n"));
    assert_eq!(body.len(), SIZE);
    let after = resident_kib(server.pid());
    assert!(after < before + 16 * 1024, "{before} KiB before, {after} KiB after");
}

#[test]
fn serve_writes_its_own_folder_and_leaves_drafts_out_unless_asked() {
    let site = Fixture::new(&["bilingual"]);
    let draft = "vi/articles/ban-nhap-sap-dang/index.html";
    {
        let server = spawn(&site, &[]);
        assert!(!site.public().exists(), "serve wrote the build output folder");
        assert!(server.output.join("vi/index.html").is_file(), "{:?}", server.output);
        assert!(!server.output.starts_with(site.root()));
        assert!(!server.output.join(draft).exists(), "a draft without --drafts");
        assert_eq!(get(server.port, &format!("/{draft}")).0, 404);
        let sitemap = std::fs::read_to_string(server.output.join("sitemap.xml")).unwrap();
        assert_lacks(&sitemap, "ban-nhap");
        let _ = std::fs::remove_dir_all(server.output.parent().unwrap());
    }
    let server = start_with(&site, &["--drafts"]);
    assert!(server.output.join(draft).is_file(), "--drafts shows drafts");
    assert!(!site.public().exists());
}

#[test]
fn serve_refuses_the_build_output_folder() {
    let site = Fixture::new(&["bilingual"]);
    site.build().unwrap();
    let before = snapshot(&site.public());
    for output in ["public", "public/", "./public", "public/dev"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_duet"))
            .args(["serve", "--port", "0", "--output", output, "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // It must stop at once; one that serves is stopped and fails the test.
        let started = std::time::Instant::now();
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            if started.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert_eq!(code, Some(1), "{output}: {stderr}");
        assert_contains(&stderr, "build output");
    }
    assert_eq!(snapshot(&site.public()), before, "public/ untouched");
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = Fixture::new(&["bilingual"]);
    let scratch = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_duet"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(scratch.path().join("preview"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();
    let mut text = String::new();
    stderr.read_to_string(&mut text).unwrap();
    assert_contains(&text, "warning:");
    assert_contains(&text, "0.0.0.0");
}
