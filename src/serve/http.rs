//! The dev server's HTTP side: a small HTTP/1.1 responder on `std::net`
//! that serves the preview folder and the reload event stream.
//!
//! It is written here rather than taken from a crate because what it must
//! refuse matters more than what it does: tiny_http (used before) buffers a
//! request head without limit and cannot be told otherwise, and the
//! well-kept servers (hyper and those built on it) bring an async runtime
//! for what is one reader per connection. The head is read into a buffer of
//! at most [`MAX_HEAD`] bytes and parsed with `httparse`; only GET and HEAD
//! are answered; the `Host` must name this machine (a page on an attacker's
//! name that resolves to 127.0.0.1 must not read the preview, drafts
//! included); files are streamed from disk, never held per connection.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) read: past it the
/// answer is 431. Browsers send 1-2 KiB; cookies set on `localhost` by
/// other local tools can add a few KiB more, hence not less.
pub const MAX_HEAD: usize = 16 * 1024;

/// The most headers a request may have.
const MAX_HEADERS: usize = 64;

/// Connections served at once; past it new ones are closed unanswered, so a
/// flood of idle connections cannot exhaust threads.
const MAX_CONNECTIONS: usize = 256;

/// How long a client may take to send its whole head, or to take the next
/// piece of a response, before it is dropped.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The script injected into served pages: reload on a good build, show
/// the problems of a bad one over the page.
pub const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// The URL path of the event stream pages listen to.
pub const EVENTS_PATH: &str = "/__duet/events";
const SCRIPT_PATH: &str = "/__duet/reload.js";

/// The `Host` names the server answers to.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// The address listened on: its own literal is accepted, and if it is
    /// unspecified (`0.0.0.0`, `::`) any address literal is.
    pub bound: IpAddr,
    /// More names to accept (`--allow-host`), lowercase.
    pub names: Vec<String>,
}

impl Hosts {
    /// Whether a `Host` header value names this server. Loopback names and
    /// address literals cannot be pointed at us by someone else's DNS, so
    /// they are safe; any other name must be listed.
    pub fn allow(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if name.is_empty() {
            return false;
        }
        // Browsers resolve `localhost` and `*.localhost` to loopback themselves.
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip.is_loopback() || ip == self.bound || self.bound.is_unspecified();
        }
        self.names.iter().any(|n| n == name)
    }
}

/// The name part of a `Host` value: without the port, and without the
/// brackets of an IPv6 literal.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The pages waiting for a reload, and the problem to show new ones.
#[derive(Default)]
pub struct Reload {
    clients: Mutex<Vec<Sender<String>>>,
    last_error: Mutex<Option<String>>,
}

impl Reload {
    /// Tells every open page to reload, and forgets the last problem.
    pub fn succeed(&self) {
        *self.last_error.lock().expect("no thread panics holding the error") = None;
        self.broadcast("event: reload\ndata: ok\n\n".into());
    }

    /// Shows `text` over every open page, and to pages opened later.
    pub fn fail(&self, text: &str) {
        *self.last_error.lock().expect("no thread panics holding the error") = Some(text.to_string());
        self.broadcast(problem_event(text));
    }

    fn broadcast(&self, message: String) {
        let mut clients = self.clients.lock().expect("no thread panics holding the client list");
        clients.retain(|client| client.send(message.clone()).is_ok());
    }
}

fn problem_event(text: &str) -> String {
    let data: String = text.lines().map(|l| format!("data: {l}\n")).collect();
    format!("event: problem\n{data}\n")
}

/// What every connection needs.
pub struct Shared {
    /// The preview folder served.
    pub output: PathBuf,
    /// The names answered to.
    pub hosts: Hosts,
    /// The pages listening for reloads.
    pub reload: Arc<Reload>,
}

/// Accepts connections on `listener` on a thread of its own, one thread per
/// connection, until the process ends.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>) {
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                continue;
            }
            let (shared, open) = (shared.clone(), open.clone());
            std::thread::spawn(move || {
                connection(stream, &shared);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
}

/// A request head, as far as the server cares.
struct Head {
    method: String,
    path: String,
    host: Option<String>,
}

/// Why a head was not read.
enum BadHead {
    /// Longer than [`MAX_HEAD`] or with more than [`MAX_HEADERS`] headers.
    TooLarge,
    /// Not HTTP.
    Malformed,
    /// The client left or was too slow.
    Gone,
}

/// Serves one request, then closes: pages load a handful of files over
/// loopback, where a new connection costs nothing worth keeping one for.
fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_write_timeout(Some(TIMEOUT));
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(BadHead::Gone) => return,
        Err(BadHead::TooLarge) => return refuse(stream, 431, "Request Header Fields Too Large", &[]),
        Err(BadHead::Malformed) => return refuse(stream, 400, "Bad Request", &[]),
    };
    if head.method != "GET" && head.method != "HEAD" {
        return refuse(stream, 405, "Method Not Allowed", &[("Allow", "GET, HEAD")]);
    }
    match &head.host {
        None => return refuse(stream, 400, "Bad Request", &[]),
        Some(host) if !shared.hosts.allow(host) => return refuse(stream, 403, "Forbidden", &[]),
        Some(_) => {}
    }
    let with_body = head.method == "GET";
    let path = head.path.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        return stream_events(stream, &shared.reload);
    }
    let result = if path == SCRIPT_PATH {
        respond(
            &mut stream,
            (200, "OK"),
            "text/javascript; charset=utf-8",
            Body::Bytes(RELOAD_SCRIPT.as_bytes()),
            with_body,
        )
    } else {
        serve_file(&mut stream, &shared.output, path, with_body)
    };
    if result.is_ok() {
        linger(stream);
    }
}

/// Reads the request head, never more than [`MAX_HEAD`] bytes.
/// The whole head must arrive within [`TIMEOUT`], however it is trickled.
fn read_head(stream: &mut TcpStream) -> Result<Head, BadHead> {
    let deadline = Instant::now() + TIMEOUT;
    let mut buffer = vec![0; MAX_HEAD];
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            return Err(BadHead::TooLarge);
        }
        let wait = deadline
            .checked_duration_since(Instant::now())
            .filter(|w| !w.is_zero())
            .ok_or(BadHead::Gone)?;
        let _ = stream.set_read_timeout(Some(wait));
        let n = match stream.read(&mut buffer[filled..]) {
            Ok(0) | Err(_) => return Err(BadHead::Gone),
            Ok(n) => n,
        };
        filled += n;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer[..filled]) {
            Ok(httparse::Status::Complete(_)) => {
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .map(|h| String::from_utf8_lossy(h.value).into_owned());
                return Ok(Head {
                    method: request.method.unwrap_or_default().to_string(),
                    path: request.path.unwrap_or("/").to_string(),
                    host,
                });
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(BadHead::TooLarge),
            Err(_) => return Err(BadHead::Malformed),
        }
    }
}

/// What a response carries.
enum Body<'a> {
    Bytes(&'a [u8]),
    /// A file and its length, copied from disk as the client takes it.
    File(std::fs::File, u64),
}

fn respond(
    stream: &mut TcpStream,
    (code, reason): (u16, &str),
    content_type: &str,
    body: Body,
    with_body: bool,
) -> io::Result<()> {
    let length = match &body {
        Body::Bytes(bytes) => bytes.len() as u64,
        Body::File(_, length) => *length,
    };
    let head = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        match body {
            Body::Bytes(bytes) => stream.write_all(bytes)?,
            // `io::copy` from a file to a socket uses sendfile on Linux: no copy held in memory.
            Body::File(file, length) => {
                io::copy(&mut file.take(length), stream)?;
            }
        }
    }
    stream.flush()
}

/// Answers an error without reading the rest of the request, then lingers.
fn refuse(mut stream: TcpStream, code: u16, reason: &str, headers: &[(&str, &str)]) {
    let extra: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    let text = format!("{code} {reason}\n");
    let head = format!(
        "HTTP/1.1 {code} {reason}\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    if stream.write_all(head.as_bytes()).and_then(|()| stream.flush()).is_ok() {
        linger(stream);
    }
}

/// Closes gracefully: stops sending, then reads and drops what the client
/// still sends (a body, the rest of an oversized head) for a moment, so
/// the close does not reset the connection before the answer is read.
/// Bounded in time and bytes, so a client cannot hold the thread.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut sink = [0; 8192];
    let mut left: usize = 1 << 20;
    while left > 0 {
        let Some(wait) = deadline.checked_duration_since(Instant::now()).filter(|w| !w.is_zero()) else {
            return;
        };
        let _ = stream.set_read_timeout(Some(wait));
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// HTML pages up to this size get the reload script; larger ones are
/// streamed as they are rather than held whole per connection.
const MAX_INJECTED: u64 = 8 << 20;

/// Serves the file `url` names, or the 404 page. HTML pages get the reload
/// script (they are small: read whole); everything else is streamed.
fn serve_file(stream: &mut TcpStream, output: &Path, url: &str, with_body: bool) -> io::Result<()> {
    let (status, file) = match resolve(output, url) {
        Some(file) => ((200, "OK"), file),
        None => ((404, "Not Found"), output.join("404.html")),
    };
    let content_type = content_type(&file);
    let opened = std::fs::File::open(&file).and_then(|f| {
        let length = f.metadata()?.len();
        Ok((f, length))
    });
    let Ok((mut opened, length)) = opened else {
        return respond(
            stream,
            (404, "Not Found"),
            "text/plain; charset=utf-8",
            Body::Bytes(b"not found\n"),
            with_body,
        );
    };
    if content_type.starts_with("text/html") && length <= MAX_INJECTED {
        let mut html = Vec::new();
        opened.read_to_end(&mut html)?;
        let html = inject(&html);
        respond(stream, status, content_type, Body::Bytes(&html), with_body)
    } else {
        respond(stream, status, content_type, Body::File(opened, length), with_body)
    }
}

/// The file under `output` that URL path `url` names, or `None`: it never
/// resolves outside `output` (`..`, encoded or not, absolute paths, symlinks
/// out), and folders serve their `index.html`.
pub fn resolve(output: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url)?;
    let mut path = output.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\')
                || s.contains('\0')
                || Path::new(s).components().any(|c| !matches!(c, Component::Normal(_))) =>
            {
                return None;
            }
            s => path.push(s),
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    let root = output.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

/// Decodes `%XX` escapes once; `None` for malformed escapes or non-UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script before `</body>` (or at the end).
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Holds a server-sent events stream open, forwarding broadcasts.
fn stream_events(mut stream: TcpStream, reload: &Reload) {
    let (tx, rx): (Sender<String>, Receiver<String>) = mpsc::channel();
    let pending = reload
        .last_error
        .lock()
        .expect("no thread panics holding the error")
        .clone();
    reload
        .clients
        .lock()
        .expect("no thread panics holding the client list")
        .push(tx);
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if stream.write_all(head.as_bytes()).and_then(|()| stream.flush()).is_err() {
        return;
    }
    if let Some(text) = pending {
        let _ = stream.write_all(problem_event(&text).as_bytes());
        let _ = stream.flush();
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_never_leaves_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("vi")).unwrap();
        std::fs::write(out.join("vi/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        assert!(resolve(&out, "/vi/").is_some());
        assert!(resolve(&out, "/vi/index.html").is_some());
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%252e%252e/secret.txt",
            "/vi/..%2f..%2fsecret.txt",
            "/link.txt",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(resolve(&out, bad), None, "{bad}");
        }
    }

    #[test]
    fn injects_before_the_body_closes() {
        let html = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__duet/reload.js\"></script>\n</body></html>"
        );
    }

    #[test]
    fn only_names_of_this_machine_are_hosts() {
        let loopback = Hosts {
            bound: "127.0.0.1".parse().unwrap(),
            names: vec![],
        };
        for good in [
            "localhost",
            "localhost:1111",
            "LocalHost.",
            "127.0.0.1:1111",
            "[::1]:80",
            "app.localhost",
        ] {
            assert!(loopback.allow(good), "{good}");
        }
        for bad in [
            "",
            "evil.example",
            "localhost.evil.example",
            "192.168.1.2",
            "[fe80::1]",
            "127.0.0.1.nip.io",
        ] {
            assert!(!loopback.allow(bad), "{bad}");
        }
        let lan = Hosts {
            bound: "192.168.1.2".parse().unwrap(),
            names: vec!["box.lan".into()],
        };
        assert!(lan.allow("192.168.1.2:1111") && lan.allow("box.lan") && !lan.allow("192.168.1.3"));
        let any = Hosts {
            bound: "0.0.0.0".parse().unwrap(),
            names: vec![],
        };
        assert!(any.allow("10.0.0.7:1111") && !any.allow("evil.example"));
    }
}
