//! Discover stage: lists the content files under `content/` with walkdir
//! ([`list`]); each is read ([`Unread::read`]) a batch ahead of its parsing
//! ([`read_ahead`]), so that a build never holds the whole site's text.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::stamp::Stamp;
use crate::config::{Lang, SiteConfig};
use crate::diagnostics::{Diagnostic, Kind, io_error, line_col};

/// The folder of the site's content, relative to its root.
pub const CONTENT_DIR: &str = "content";

/// One Markdown file of the site, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Its path relative to the site root (`content/articles/x.vi.md`), for diagnostics.
    pub path: PathBuf,
    /// Its folder relative to `content/`, with `/` separators (`articles`, or empty).
    pub dir: String,
    /// Its name without the language suffix and extension (`x`).
    pub stem: String,
    /// The language named by its suffix.
    pub lang: Lang,
    /// Its text.
    pub text: Arc<str>,
    /// Its stamp as it was read, if it had settled ([`Stamp::settled`]).
    pub stamp: Option<Stamp>,
}

/// A content file found under `content/` and not read yet: a build reads
/// each one as it parses it, so that no more than a few files' text is
/// held at once.
#[derive(Debug, Clone)]
pub struct Unread {
    pub(super) abs: PathBuf,
    pub(super) rel: PathBuf,
    pub(super) stem: String,
    pub(super) lang: Lang,
}

impl Unread {
    /// Its path relative to the site root.
    pub fn path(&self) -> &Path {
        &self.rel
    }

    /// Reads the file: an unreadable file or one that is not UTF-8 is an
    /// error naming it (with the line and column of the first bad byte).
    pub fn read(&self) -> Result<SourceFile, Diagnostic> {
        read_file(&self.abs, self.rel.clone(), self.stem.clone(), self.lang.clone())
    }

    /// The file's stamp now, without reading it.
    pub fn stamp(&self) -> Option<Stamp> {
        Stamp::now(&self.abs)
    }
}

/// How many files [`read_ahead`] reads at once. On a disk whose cache is
/// cold each read waits for the device, and the device answers many
/// waiting reads about as fast as one: here, reading the 200,000 files of
/// 100,000 pairs took 6.0 s with sixteen readers and 12.7 s with two.
const READERS: usize = 16;

/// [`READERS`] threads of their own for work that waits on the disk
/// (reading files, looking them up), named `duet-{name}-N`; where none
/// could be made, the work runs on the cores' pool.
pub struct Waiting(Option<rayon::ThreadPool>);

impl Waiting {
    /// Makes the threads.
    pub fn new(name: &'static str) -> Waiting {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(READERS)
            .thread_name(move |i| format!("duet-{name}-{i}"))
            .build();
        Waiting(pool.ok())
    }

    /// No threads of its own: work runs on the cores' pool.
    pub fn none() -> Waiting {
        Waiting(None)
    }

    /// Runs `work` (its parallel loops) on these threads.
    pub fn run<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        match &self.0 {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }
}

/// Files read per batch: enough to keep the readers busy, few enough that
/// the texts held at once stay a few megabytes.
const BATCH: usize = 256;

/// Reads each item (`read` reads its file, or finds it need not) a batch
/// at a time, in order, on [`READERS`] threads of their own, and hands
/// each batch of what was read to `each`, in order, while the next batch
/// is read: the caller parses one batch on its own threads as the next is
/// waited for.
pub fn read_ahead<T: Send, R: Send>(items: Vec<T>, read: impl Fn(T) -> R + Sync, mut each: impl FnMut(Vec<R>)) {
    use rayon::prelude::*;
    let mut items = items.into_iter();
    let mut batch = move || -> Vec<T> { items.by_ref().take(BATCH).collect() };
    // Without threads of its own (none could be made), each batch is read
    // on the cores, still while the one before is parsed.
    let readers = Waiting::new("read");
    let read = &read;
    std::thread::scope(|scope| {
        // One batch waits while the caller works on the one before.
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            loop {
                let items = batch();
                if items.is_empty() {
                    return;
                }
                let read = readers.run(|| items.into_par_iter().map(read).collect::<Vec<_>>());
                if send.send(read).is_err() {
                    return;
                }
            }
        });
        for read in receive {
            each(read);
        }
    });
}

/// The content files under `content/`, not read yet, and what was passed over.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Every content file, sorted by path.
    pub files: Vec<Unread>,
    /// Warnings naming the symbolic links that were not followed.
    pub skipped: Vec<Diagnostic>,
    /// Files without a known language suffix, and folders that could not be read.
    pub problems: Vec<Diagnostic>,
}

/// Every entry under `content` (the folder itself first), each folder's
/// sorted by name, hidden ones (`.git`, `.DS_Store`) and what is in them
/// left out. Symlinks are not followed: a link loop or a link out of the
/// site cannot be walked into.
pub(crate) fn walk(content: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(content)
        // Siblings' paths differ only in their names: comparing the paths'
        // bytes orders them by name without taking each name apart again
        // for every comparison (a folder of 100,000 articles).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || e.file_name().as_encoded_bytes().first() != Some(&b'.'))
}

/// Lists every `*.LANG.md` file under `content/`, sorted by path, without
/// reading them, with the files that have no known language suffix.
pub fn list(root: &Path, config: &SiteConfig) -> Listed {
    let content = root.join(CONTENT_DIR);
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    let mut files = Vec::new();
    for entry in walk(&content) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map_or_else(|| content.clone(), Path::to_path_buf);
                problems.push(Diagnostic::new(relative(root, &path), format!("could not read: {err}")));
                continue;
            }
        };
        if entry.path_is_symlink() && entry.depth() > 0 {
            // An editor who linked a file or folder in expects it published; say why it is not.
            skipped.push(
                Diagnostic::new(
                    relative(root, entry.path()),
                    "this is a symbolic link; duet does not follow links under content/, so it was skipped",
                )
                .with_hint("copy the file or folder into content/ instead of linking it")
                .with_kind(Kind::Skipped),
            );
            continue;
        }
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = relative(root, entry.path());
        match name_parts(entry.path(), config) {
            Ok((stem, lang)) => files.push(Unread {
                abs: entry.path().to_path_buf(),
                rel,
                stem,
                lang,
            }),
            Err(message) => problems.push(Diagnostic::new(rel, message.0).with_hint(message.1)),
        }
    }
    if !content.is_dir() {
        problems.push(Diagnostic::new(CONTENT_DIR, "the content folder is missing"));
    }
    Listed {
        files,
        skipped,
        problems,
    }
}

/// Reads one content file named by its path relative to the site root,
/// as after an edit: `Ok(None)` if it no longer exists or is not content.
pub fn discover_one(root: &Path, config: &SiteConfig, rel: &Path) -> Result<Option<SourceFile>, Diagnostic> {
    let abs = root.join(rel);
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    if !abs.is_file() || hidden || abs.extension().is_none_or(|e| e != "md") || !rel.starts_with(CONTENT_DIR) {
        return Ok(None);
    }
    let (stem, lang) =
        name_parts(&abs, config).map_err(|(message, hint)| Diagnostic::new(rel, message).with_hint(hint))?;
    read_file(&abs, rel.to_path_buf(), stem, lang).map(Some)
}

fn read_file(abs: &Path, rel: PathBuf, stem: String, lang: Lang) -> Result<SourceFile, Diagnostic> {
    use std::io::Read;
    // The stamp is taken before the text is read: a write while it is read
    // leaves the file with another.
    let before = std::time::SystemTime::now();
    let (bytes, stamp) = std::fs::File::open(abs)
        .and_then(|mut file| {
            let meta = file.metadata()?;
            let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
            file.read_to_end(&mut bytes)?;
            let stamp = Stamp::settled(&meta, before).filter(|_| meta.len() == bytes.len() as u64);
            Ok((bytes, stamp))
        })
        .map_err(|e| io_error(&rel, "read the file", &e))?;
    // Checked with SIMD first: content is mostly letters outside ASCII, where
    // the standard library checks a byte at a time. Only a file that fails
    // is checked again, to say where.
    let text: Arc<str> = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Arc::from(text),
        Err(_) => {
            let valid = std::str::from_utf8(&bytes)
                .err()
                .map_or(bytes.len(), |e| e.valid_up_to());
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, column) = line_col(&prefix, valid);
            return Err(Diagnostic::at(&rel, line, column, "the file is not valid UTF-8")
                .with_hint("save the file with UTF-8 encoding"));
        }
    };
    Ok(SourceFile {
        dir: dir_of(&rel),
        path: rel,
        stem,
        lang,
        text,
        stamp,
    })
}

/// The folder of content file `rel` under `content/`, with `/` separators.
pub(super) fn dir_of(rel: &Path) -> String {
    rel.parent()
        .and_then(|p| p.strip_prefix(CONTENT_DIR).ok())
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

/// Splits `name.LANG.md` into `name` and a language of the site.
fn name_parts(path: &Path, config: &SiteConfig) -> Result<(String, Lang), (String, String)> {
    let file_stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let codes: Vec<&str> = config.languages.iter().map(|l| l.lang.as_str()).collect();
    let expected = format!("name the file NAME.LANG.md with LANG one of: {}", codes.join(", "));
    let Some((stem, suffix)) = file_stem.rsplit_once('.') else {
        return Err(("the file name has no language suffix".into(), expected));
    };
    match config.language(suffix) {
        Some(language) if !stem.is_empty() => Ok((stem.to_string(), language.lang.clone())),
        Some(_) => Err(("the file name has no name before the language suffix".into(), expected)),
        None => Err((
            format!("`{suffix}` is not one of the site's languages"),
            format!("{expected}, or add `{suffix}` to `languages` in site.yaml"),
        )),
    }
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_ahead_come_back_in_order_each_with_its_own_text() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let vi = Lang::parse("vi").expect("a language");
        // More than two batches, the last one short; one "file" a folder.
        let n = BATCH * 2 + 7;
        let unreadable = BATCH + 3;
        let files: Vec<(usize, Unread)> = (0..n)
            .map(|i| {
                let rel = PathBuf::from(format!("content/a{i:04}.vi.md"));
                let abs = dir.path().join(&rel);
                if i == unreadable {
                    std::fs::create_dir_all(&abs).expect("a folder");
                } else {
                    std::fs::create_dir_all(abs.parent().expect("a parent")).expect("a folder");
                    std::fs::write(&abs, format!("text {i}")).expect("a file");
                }
                let stem = format!("a{i:04}");
                (
                    i,
                    Unread {
                        abs,
                        rel,
                        stem,
                        lang: vi.clone(),
                    },
                )
            })
            .collect();
        let mut sizes = Vec::new();
        let mut seen = Vec::new();
        let mut failed = Vec::new();
        read_ahead(
            files,
            |(i, file)| {
                let source = file.read();
                ((i, file), source)
            },
            |batch| {
                sizes.push(batch.len());
                seen.extend(batch);
            },
        );
        assert_eq!(sizes, [BATCH, BATCH, 7]);
        for (at, ((i, file), source)) in seen.into_iter().enumerate() {
            assert_eq!(at, i, "in the order given");
            match source {
                Ok(source) => {
                    assert_eq!(&*source.text, format!("text {i}"));
                    assert_eq!(source.path, file.rel);
                }
                Err(problem) => {
                    assert_eq!(problem.path, file.rel);
                    failed.push(i);
                }
            }
        }
        assert_eq!(failed, [unreadable]);
    }
}
