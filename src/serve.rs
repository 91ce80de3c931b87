//! The dev server: build, serve the output on loopback, watch the site,
//! rebuild what an edit affects, and tell open pages to reload. The loop
//! reads: watch → [`classify`] the change → [`affected`] jobs → render and
//! write them → broadcast. A bad save is shown in the terminal and in the
//! page; the server keeps the last good output and recovers on the next
//! good save. The reload script is injected into pages as they are served,
//! never written to the output.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, Loaded};
use crate::config::{CONFIG_FILE, Lang};
use crate::content::Section;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Date;
use crate::output;
use crate::render::{self, Job};
use crate::site::{Site, Taxonomy};

/// Where to serve what.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The output folder, relative to the root unless absolute.
    pub output: PathBuf,
    /// The address to listen on: loopback unless told otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// What the server reports as it works.
#[derive(Debug)]
pub enum Event {
    /// Listening on this address.
    Listening(SocketAddr),
    /// Built (fully or in part): files written, wall time, whether everything was rebuilt.
    Built {
        /// Files written.
        files: usize,
        /// Wall time of the rebuild.
        elapsed: Duration,
        /// Whether the whole site was rebuilt.
        full: bool,
    },
    /// A build failed; the previous output is still served.
    Failed(Diagnostics),
}

/// What an edit touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing duet reads (the output itself, editor backups).
    Nothing,
    /// Content files only, relative to the root.
    Content(BTreeSet<PathBuf>),
    /// Config, templates, theme or UI strings: everything may change.
    Everything,
}

/// Classifies changed paths (absolute, or relative to `root`).
pub fn classify(root: &Path, output: &Path, paths: &[PathBuf]) -> Change {
    let mut content = BTreeSet::new();
    let mut everything = false;
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_output = rel.starts_with(output.strip_prefix(root).unwrap_or(output));
        let editor_noise =
            name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp");
        let staging = rel
            .components()
            .next()
            .is_some_and(|c| c.as_os_str().to_string_lossy().contains(".duet-"));
        if in_output || editor_noise || staging {
            continue;
        }
        if rel.starts_with("content") {
            if name.ends_with(".md") {
                content.insert(rel.to_path_buf());
            }
        } else if rel == Path::new(CONFIG_FILE)
            || rel.starts_with("themes")
            || rel.starts_with("templates")
            || rel.starts_with("locales")
        {
            everything = true;
        }
    }
    if everything {
        Change::Everything
    } else if content.is_empty() {
        Change::Nothing
    } else {
        Change::Content(content)
    }
}

/// What [`affected`] needs to know of the site as it was before an edit
/// that kept its shape: the ordered lists, and the changed pages' partners
/// and dates. Small enough to take before patching a site in place.
#[derive(Debug, Clone)]
pub struct Before {
    articles: HashMap<Lang, Vec<usize>>,
    terms: HashMap<(Lang, Taxonomy), BTreeMap<String, Vec<usize>>>,
    partners: BTreeSet<String>,
    dates: Vec<Option<Date>>,
}

impl Before {
    /// Takes what an edit of `changed` groups may change.
    pub fn of(site: &Site, changed: &HashSet<usize>) -> Before {
        let sources = changed.iter().map(|&g| &site.entries[site.groups[g].source].page);
        Before {
            articles: site.articles.clone(),
            terms: site.terms.clone(),
            partners: sources
                .clone()
                .flat_map(|p| p.shared.partners.iter().flatten().cloned())
                .collect(),
            dates: sources.map(|p| p.shared.date).collect(),
        }
    }
}

/// The jobs an edit of `files` affects, comparing the site before and
/// after: the edited pages in every language, the listing and term pages
/// and partner pages that show them, the home pages if among the latest,
/// the feeds, the sitemap if a date changed, and the search indexes.
/// `None` when the edit changes the site's shape (pages added, removed or
/// moved, pagination, terms, partners, navigation): then everything is rebuilt.
pub fn affected(old: &Site, new: &Site, files: &BTreeSet<PathBuf>) -> Option<Vec<Job>> {
    let same_shape = old.entries.len() == new.entries.len()
        && old
            .entries
            .iter()
            .zip(&new.entries)
            .all(|(a, b)| a.url == b.url && a.lang == b.lang)
        && old.groups.len() == new.groups.len()
        && old.groups.iter().zip(&new.groups).all(|(a, b)| a.key == b.key)
        && old.partners == new.partners
        && new
            .articles
            .iter()
            .all(|(lang, list)| old.articles.get(lang).map(Vec::len) == Some(list.len()))
        && new.terms.iter().all(|(key, terms)| {
            old.terms.get(key).is_some_and(|o| {
                o.len() == terms.len() && o.iter().zip(terms).all(|(a, b)| a.0 == b.0 && a.1.len() == b.1.len())
            })
        });
    if !same_shape {
        return None;
    }
    let changed: HashSet<usize> = new
        .entries
        .iter()
        .filter(|e| files.contains(&e.page.file))
        .map(|e| e.group)
        .collect();
    affected_since(&Before::of(old, &changed), new, &changed)
}

/// [`affected`] for an edit of `changed` groups that kept the site's shape,
/// from what the site was [`Before`] it.
pub fn affected_since(before: &Before, new: &Site, changed: &HashSet<usize>) -> Option<Vec<Job>> {
    let mut jobs: Vec<Job> = Vec::new();
    for &g in changed {
        match new.groups[g].section {
            // Their titles are in every page's navigation or on many pages.
            Section::Pages | Section::Partners => return None,
            Section::Home => jobs.extend(new.groups[g].members.iter().map(|(lang, _)| Job::Home(lang.clone()))),
            Section::Articles => {}
        }
    }
    if !changed.iter().any(|&g| new.groups[g].section == Section::Articles) {
        return Some(jobs);
    }
    // Entry indexes and groups are the same before and after: the shape is.
    let in_changed = |i: &usize| changed.contains(&new.entries[*i].group);
    let per_page = new.config.paginate;
    // A listing page is affected if it shows an edited article, before or after.
    let pages_touched = |old_list: &[usize], new_list: &[usize]| -> Vec<usize> {
        (0..new_list.len().div_ceil(per_page))
            .filter(|n| {
                let range = n * per_page..((n + 1) * per_page).min(new_list.len());
                old_list[range.clone()] != new_list[range.clone()] || new_list[range].iter().any(in_changed)
            })
            .map(|n| n + 1)
            .collect()
    };
    for (e, entry) in new.entries.iter().enumerate() {
        if changed.contains(&entry.group) {
            jobs.push(Job::Entry(e));
        }
    }
    for language in &new.config.languages {
        let lang = &language.lang;
        let (old_list, new_list) = (&before.articles[lang], &new.articles[lang]);
        let touched = pages_touched(old_list, new_list);
        if touched.contains(&1) {
            jobs.push(Job::Home(lang.clone()));
        }
        jobs.extend(touched.into_iter().map(|n| Job::Articles(lang.clone(), n)));
        for tax in Taxonomy::ALL {
            let key = (lang.clone(), tax);
            let mut counts_changed = false;
            for (term, new_items) in &new.terms[&key] {
                let touched = pages_touched(&before.terms[&key][term], new_items);
                counts_changed |= !touched.is_empty();
                jobs.extend(
                    touched
                        .into_iter()
                        .map(|n| Job::Term(lang.clone(), tax, term.clone(), n)),
                );
            }
            if counts_changed {
                jobs.push(Job::TaxonomyIndex(lang.clone(), tax));
            }
        }
        // A feed carries the latest articles only.
        let latest = crate::output::feed::FEED_LENGTH.min(new_list.len());
        if old_list[..latest] != new_list[..latest] || new_list[..latest].iter().any(in_changed) {
            jobs.push(Job::Feed(lang.clone()));
        }
        if new
            .entries
            .iter()
            .any(|e| &e.lang == lang && e.is_translation() && changed.contains(&e.group))
        {
            jobs.push(Job::SearchIndex(lang.clone()));
        }
    }
    // Partner pages list the articles that name them, before and after the edit.
    let mut partners: BTreeSet<&str> = before.partners.iter().map(String::as_str).collect();
    for &g in changed {
        partners.extend(
            new.entries[new.groups[g].source]
                .page
                .shared
                .partners
                .iter()
                .flatten()
                .map(String::as_str),
        );
    }
    for id in partners {
        if let Some(&g) = new.partners.get(id) {
            let group = &new.groups[g];
            for &(_, i) in group.members.iter().chain(&group.fallbacks) {
                // Its first page shows the count and the latest; later pages the rest.
                jobs.push(Job::Entry(i));
                let list = render::partner_articles(new, i);
                let pages: BTreeSet<usize> = list
                    .iter()
                    .enumerate()
                    .filter(|(_, j)| in_changed(j))
                    .map(|(k, _)| k / per_page + 1)
                    .collect();
                jobs.extend(pages.into_iter().filter(|&n| n > 1).map(|n| Job::PartnerArticles(i, n)));
            }
        }
    }
    // The sitemap only changes with a page's date (its lastmod): URLs are the same.
    let dates: Vec<Option<Date>> = changed
        .iter()
        .map(|&g| new.entries[new.groups[g].source].page.shared.date)
        .collect();
    if dates != before.dates {
        jobs.extend(render::jobs(new).into_iter().filter(|j| matches!(j, Job::Sitemap(_))));
    }
    jobs.sort_by_key(|j| format!("{j:?}"));
    jobs.dedup();
    Some(jobs)
}

/// Builds, then serves and rebuilds until the process is stopped.
pub fn serve(options: &ServeOptions, on_event: &(dyn Fn(Event) + Sync)) -> Result<(), Diagnostics> {
    let output = output::check_output_dir(&options.root, &options.output)?;
    let server = tiny_http::Server::http(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        Diagnostic::new(
            "(serve)",
            format!("could not listen on {}:{}: {e}", options.bind, options.port),
        )
    })?;
    let address = server.server_addr().to_ip().expect("an IP listener");
    let clients: Clients = Arc::new(Mutex::new(Vec::new()));
    let last_error: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));

    let root = options.root.clone();
    let mut state = full_build(&root, &output, on_event, &clients, &last_error);

    use notify::Watcher;
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only writes count: reading the site during a build must not trigger another.
        if let Ok(event) = event
            && is_write(&event.kind)
        {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
    .map_err(|e| Diagnostic::new("(serve)", format!("could not watch the site: {e}")))?;
    for watched in ["content", "themes", "templates", "locales", CONFIG_FILE] {
        let path = root.join(watched);
        if path.exists() {
            let mode = if path.is_dir() {
                notify::RecursiveMode::Recursive
            } else {
                notify::RecursiveMode::NonRecursive
            };
            watcher
                .watch(&path, mode)
                .map_err(|e| Diagnostic::new(watched, format!("could not watch: {e}")))?;
        }
    }

    let http_output = output.clone();
    let http_clients = clients.clone();
    let http_error = last_error.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (output, clients, error) = (http_output.clone(), http_clients.clone(), http_error.clone());
            std::thread::spawn(move || handle(request, &output, &clients, &error));
        }
    });
    on_event(Event::Listening(address));

    let root_abs = root.canonicalize().unwrap_or(root.clone());
    let mut dirty: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        // Debounce: an editor's save is often several events; take them all.
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut paths = vec![first];
        while let Ok(path) = rx.recv_timeout(Duration::from_millis(40)) {
            paths.push(path);
        }
        let change = classify(&root_abs, &output, &paths);
        let change = match (&state, change) {
            (_, Change::Nothing) => continue,
            // Without a good state to update, every change starts afresh.
            (None, _) => Change::Everything,
            (Some(_), change) => change,
        };
        match change {
            Change::Nothing => {}
            Change::Everything => {
                dirty.clear();
                state = full_build(&root, &output, on_event, &clients, &last_error);
            }
            Change::Content(files) => {
                let loaded = state.as_mut().expect("matched above");
                dirty.extend(files);
                let started = Instant::now();
                match apply_edit(&root, &output, loaded, &dirty) {
                    Ok(applied) => {
                        dirty.clear();
                        succeed(&clients, &last_error);
                        on_event(Event::Built {
                            files: applied.files,
                            elapsed: started.elapsed(),
                            full: applied.full,
                        });
                        if let Err(problems) = write_jobs(&output, loaded, &applied.deferred) {
                            fail(problems, on_event, &clients, &last_error);
                        }
                    }
                    Err(problems) => fail(problems, on_event, &clients, &last_error),
                }
            }
        }
    }
}

/// Whether a file system event changes a file (not merely reads it).
fn is_write(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Access(AccessKind::Close(AccessMode::Write))
    ) && !matches!(kind, EventKind::Modify(notify::event::ModifyKind::Metadata(_)))
}

/// What [`apply_edit`] did.
#[derive(Debug)]
pub struct Applied {
    /// Files written.
    pub files: usize,
    /// Whether the whole site was rebuilt.
    pub full: bool,
    /// Jobs left for after the reload: search indexes, which cover a
    /// whole language and are not what the reader is looking at.
    pub deferred: Vec<Job>,
}

/// Relinks after an edit of `dirty` files (relative to `root`) and writes
/// what it affects, or everything if the site changed shape.
pub fn apply_edit(
    root: &Path,
    output: &Path,
    loaded: &mut Loaded,
    dirty: &BTreeSet<PathBuf>,
) -> Result<Applied, Diagnostics> {
    // Most saves change an article's text, not the site's shape: patch those in place.
    let jobs = match loaded.patch(root, dirty)? {
        Some(patched) => affected_since(&patched.before, &loaded.site, &patched.changed),
        None => {
            let relinked = loaded.relink(root, dirty)?;
            let jobs = affected(&loaded.site, &relinked.site, dirty);
            loaded.replace(relinked);
            jobs
        }
    };
    let Loaded {
        site, renderer, theme, ..
    } = &*loaded;
    match jobs {
        Some(jobs) => {
            let (deferred, now): (Vec<Job>, Vec<Job>) =
                jobs.into_iter().partition(|j| matches!(j, Job::SearchIndex(_)));
            let files = write_jobs(output, loaded, &now)?;
            Ok(Applied {
                files,
                full: false,
                deferred,
            })
        }
        None => {
            let jobs = render::jobs(site);
            let written = output::write_site(
                output,
                &jobs,
                |job| build::produce(site, renderer, job),
                &theme.static_files,
            )?;
            Ok(Applied {
                files: written.files,
                full: true,
                deferred: Vec::new(),
            })
        }
    }
}

/// Renders `jobs` (in parallel), then writes them in place.
pub fn write_jobs(output: &Path, loaded: &Loaded, jobs: &[Job]) -> Result<usize, Diagnostics> {
    let rendered: Vec<Result<(String, String), Diagnostic>> = jobs
        .par_iter()
        .map(|job| build::produce(&loaded.site, &loaded.renderer, job))
        .collect();
    let files: Vec<(String, String)> = rendered.into_iter().collect::<Result<_, _>>()?;
    Ok(output::write_in_place(output, &files)?.files)
}

fn full_build(
    root: &Path,
    output: &Path,
    on_event: &(dyn Fn(Event) + Sync),
    clients: &Clients,
    last_error: &Mutex<Option<String>>,
) -> Option<Loaded> {
    let started = Instant::now();
    let result = build::load(root, true, false).and_then(|loaded| {
        let jobs = render::jobs(&loaded.site);
        let (site, renderer) = (&loaded.site, &loaded.renderer);
        let written = output::write_site(
            output,
            &jobs,
            |job| build::produce(site, renderer, job),
            &loaded.theme.static_files,
        )?;
        Ok((loaded, written))
    });
    match result {
        Ok((loaded, written)) => {
            succeed(clients, last_error);
            on_event(Event::Built {
                files: written.files,
                elapsed: started.elapsed(),
                full: true,
            });
            Some(loaded)
        }
        Err(problems) => {
            fail(problems, on_event, clients, last_error);
            None
        }
    }
}

type Clients = Arc<Mutex<Vec<Sender<String>>>>;

fn broadcast(clients: &Clients, message: String) {
    let mut clients = clients.lock().expect("no thread panics holding the client list");
    clients.retain(|client| client.send(message.clone()).is_ok());
}

fn succeed(clients: &Clients, last_error: &Mutex<Option<String>>) {
    *last_error.lock().expect("no thread panics holding the error") = None;
    broadcast(clients, "event: reload\ndata: ok\n\n".into());
}

fn fail(
    problems: Diagnostics,
    on_event: &(dyn Fn(Event) + Sync),
    clients: &Clients,
    last_error: &Mutex<Option<String>>,
) {
    let text = problems.to_string();
    *last_error.lock().expect("no thread panics holding the error") = Some(text.clone());
    let data: String = text.lines().map(|l| format!("data: {l}\n")).collect();
    broadcast(clients, format!("event: problem\n{data}\n"));
    on_event(Event::Failed(problems));
}

/// The script injected into served pages: reload on a good build, show
/// the problems of a bad one over the page.
pub const RELOAD_SCRIPT: &str = include_str!("serve/reload.js");

/// The URL path of the event stream pages listen to.
pub const EVENTS_PATH: &str = "/__duet/events";
const SCRIPT_PATH: &str = "/__duet/reload.js";

fn handle(request: tiny_http::Request, output: &Path, clients: &Clients, last_error: &Mutex<Option<String>>) {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == EVENTS_PATH {
        return stream_events(request, clients, last_error);
    }
    let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name, value).expect("valid header");
    if url == SCRIPT_PATH {
        let response = tiny_http::Response::from_string(RELOAD_SCRIPT)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
        let _ = request.respond(response);
        return;
    }
    let (status, file) = match resolve(output, &url) {
        Some(file) => (200, file),
        None => (404, output.join("404.html")),
    };
    let Ok(mut bytes) = std::fs::read(&file) else {
        let _ = request.respond(tiny_http::Response::from_string("not found").with_status_code(404));
        return;
    };
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        bytes = inject(&bytes);
    }
    let response = tiny_http::Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
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
fn stream_events(request: tiny_http::Request, clients: &Clients, last_error: &Mutex<Option<String>>) {
    let (tx, rx): (Sender<String>, Receiver<String>) = mpsc::channel();
    let pending = last_error.lock().expect("no thread panics holding the error").clone();
    clients
        .lock()
        .expect("no thread panics holding the client list")
        .push(tx);
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    if let Some(text) = pending {
        let data: String = text.lines().map(|l| format!("data: {l}\n")).collect();
        let _ = writer.write_all(format!("event: problem\n{data}\n").as_bytes());
        let _ = writer.flush();
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
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
    fn classifies_changes() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            classify(
                root,
                out,
                &[
                    p("/site/content/articles/a.vi.md"),
                    p("/site/content/articles/.a.vi.md.swp")
                ]
            ),
            Change::Content([p("content/articles/a.vi.md")].into())
        );
        assert_eq!(classify(root, out, &[p("/site/public/vi/index.html")]), Change::Nothing);
        assert_eq!(
            classify(root, out, &[p("/site/.public.duet-staging-1/x")]),
            Change::Nothing
        );
        assert_eq!(
            classify(root, out, &[p("/site/content/a.vi.md"), p("/site/locales/vi/site.ftl")]),
            Change::Everything
        );
        assert_eq!(classify(root, out, &[p("/site/site.yaml")]), Change::Everything);
        assert_eq!(
            classify(root, out, &[p("/site/themes/portal/templates/base.html")]),
            Change::Everything
        );
    }

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
}
