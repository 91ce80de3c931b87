//! The parse cache: every page a build parsed (its front matter, as text
//! and as fields, and its body's scan), kept in `.duet-cache/pages` at the
//! site root under its file's path, length, body check and stamp. The next
//! build does not read a file whose stamp is the same ([`super::stamp`]),
//! reads one whose stamp changed or was not kept, and parses only those
//! whose text changed. A cache of another binary or site configuration,
//! or one that does not read back whole, is not used.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::discover::{SourceFile, Unread, dir_of};
use super::page::{OnDisk, Page, Section, Shared, SourceRef};
use super::stamp::Stamp;
use crate::i18n::{Date, Slug};
use crate::markdown::Scanned;
use crate::search::quick_check;
use crate::wire::{self, Reader, Writer};

/// The cache file, under the site root.
pub const CACHE_FILE: &str = ".duet-cache/pages";

/// The start of the cache file; another one is not read.
const FORMAT: &[u8] = b"duet page cache 2\n";

/// A page as a previous build parsed it, with what tells whether its
/// file still holds the same text. What its file's name and place give
/// (language, stem, folder) comes from the listing.
#[derive(Debug)]
pub struct Cached {
    len: usize,
    front: String,
    body: u64,
    stamp: Option<Stamp>,
    yaml: std::ops::Range<usize>,
    key: String,
    section: Section,
    title: String,
    summary: Option<String>,
    slug: Option<Slug>,
    draft: bool,
    image_alt: Option<String>,
    image_caption: Option<String>,
    author: Option<String>,
    translated_from: Option<String>,
    shared: Shared,
    scanned: Option<Arc<Scanned>>,
}

impl Cached {
    /// The stamp its file had when it was read, if it had settled.
    pub fn stamp(&self) -> Option<Stamp> {
        self.stamp
    }

    /// The page `file` parses to, if its text is the one this was parsed
    /// from; with its body let go of if `let_go` names the site root
    /// ([`Page::let_go_of_body`], whose check is known here).
    pub fn page_for(self, file: &SourceFile, let_go: Option<&Path>) -> Option<Page> {
        let text = &file.text;
        let same = text.len() == self.len
            && text.is_char_boundary(self.front.len())
            && text[..self.front.len()] == self.front
            && quick_check(text[self.front.len()..].as_bytes()) == self.body;
        if !same {
            return None;
        }
        let named = Named {
            path: &file.path,
            dir: file.dir.clone(),
            stem: &file.stem,
            lang: &file.lang,
        };
        let whole = let_go.is_none().then(|| text.clone());
        Some(self.page(named, whole, let_go.map(|root| (root, file.stamp))))
    }

    /// The page of `file`, whose stamp is this one's ([`Cached::stamp`]):
    /// taken back without reading it, its body let go of (`root` is the
    /// site's).
    pub fn unchanged(self, file: &Unread, root: &Path) -> Page {
        let named = Named {
            path: &file.rel,
            dir: dir_of(&file.rel),
            stem: &file.stem,
            lang: &file.lang,
        };
        let stamp = self.stamp;
        self.page(named, None, Some((root, stamp)))
    }

    /// The page, holding `whole` (its file's text), or its front matter
    /// alone with its body let go of if `let_go` gives the site root (and
    /// the file's stamp as read).
    fn page(self, named: Named, whole: Option<Arc<str>>, let_go: Option<(&Path, Option<Stamp>)>) -> Page {
        let body_start = self.front.len();
        let on_disk = let_go.map(|(root, stamp)| {
            Box::new(OnDisk {
                path: root.join(named.path),
                len: self.len,
                check: self.body,
                stamp,
            })
        });
        Page {
            file: named.path.to_path_buf(),
            text: whole.unwrap_or_else(|| Arc::from(self.front)),
            yaml: self.yaml,
            body: body_start..self.len,
            lang: named.lang.clone(),
            key: self.key,
            section: self.section,
            stem: named.stem.to_string(),
            dir: named.dir,
            title: self.title,
            summary: self.summary,
            slug: self.slug,
            draft: self.draft,
            image_alt: self.image_alt,
            image_caption: self.image_caption,
            author: self.author,
            translated_from: self.translated_from,
            shared: self.shared,
            scanned: self.scanned,
            on_disk,
        }
    }
}

/// What a file's name and place give its page.
struct Named<'a> {
    path: &'a Path,
    dir: String,
    stem: &'a str,
    lang: &'a crate::config::Lang,
}

/// The pages a previous build with the same `stamp` kept, with their
/// files, in the order they were kept (a build keeps them in file order);
/// empty when there are none or the cache does not read back whole.
pub fn read(root: &Path, stamp: u64) -> Vec<(PathBuf, Cached)> {
    wire::read_records(&root.join(CACHE_FILE), FORMAT, stamp, quick_check, load).unwrap_or_default()
}

/// Every page of `pages` (as parsed, scans not yet taken) as the cache
/// keeps it, made in parallel: what [`write`] writes, which can then go
/// on while the pages are handed on.
pub fn records(pages: &[Page]) -> Vec<Vec<u8>> {
    pages
        .par_iter()
        .map(|page| {
            let mut record = Writer::default();
            save(page, &mut record);
            record.0
        })
        .collect()
}

/// Keeps the pages' [`records`] for the next build with the same `stamp`,
/// replacing the cache file atomically.
pub fn write(root: &Path, stamp: u64, records: &[Vec<u8>]) -> std::io::Result<()> {
    wire::write_records(&root.join(CACHE_FILE), FORMAT, stamp, quick_check, records)
}

/// Forgets every parsed page, so the next build parses every file.
pub fn clear(root: &Path) {
    let _ = std::fs::remove_file(root.join(CACHE_FILE));
}

/// Appends `page` to a record. Every field is named, so that a new one
/// cannot be left out of the cache unnoticed.
fn save(page: &Page, out: &mut Writer) {
    let Page {
        file,
        text,
        yaml,
        body,
        // From the file's name and place, as the listing gives them.
        lang: _,
        stem: _,
        dir: _,
        key,
        section,
        title,
        summary,
        slug,
        draft,
        image_alt,
        image_caption,
        author,
        translated_from,
        shared,
        scanned,
        on_disk: _,
    } = page;
    let Shared {
        date,
        partners,
        topics,
        countries,
        image,
        image_credit,
        logo,
        monogram,
        source,
        website,
        featured,
        updated,
        kind,
    } = shared;
    out.str(&file.to_string_lossy());
    out.len(page.file_len());
    out.str(&text[..body.start]);
    out.u64(page.body_check());
    Stamp::save(page.on_disk.as_ref().and_then(|d| d.stamp), out);
    out.len(yaml.start);
    out.len(yaml.end);
    out.str(key);
    out.u32(match section {
        Section::Home => 0,
        Section::Articles => 1,
        Section::Partners => 2,
        Section::Pages => 3,
    });
    out.str(title);
    out.opt_str(summary.as_deref());
    out.opt_str(slug.as_ref().map(Slug::as_str));
    out.u32(u32::from(*draft));
    for text in [image_alt, image_caption, author, translated_from] {
        out.opt_str(text.as_deref());
    }
    for date in [date, updated] {
        save_date(*date, out);
    }
    for list in [partners, topics, countries] {
        out.opt_strs(list.as_deref());
    }
    for text in [image, image_credit, logo, monogram, website, kind] {
        out.opt_str(text.as_deref());
    }
    out.opt_str(source.as_ref().map(|s| s.name.as_str()));
    out.opt_str(source.as_ref().and_then(|s| s.url.as_deref()));
    out.u32(match featured {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    });
    match scanned {
        Some(scanned) => {
            out.u32(1);
            scanned.save(out);
        }
        None => out.u32(0),
    }
}

/// A date as year, month and day, 0 for what is not given; all 0 for none.
fn save_date(date: Option<Date>, out: &mut Writer) {
    let (year, month, day) = date.map_or((0, 0, 0), |d| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)));
    out.u32(u32::from(year) << 16 | u32::from(month) << 8 | u32::from(day));
}

fn load_date(input: &mut Reader) -> Option<Option<Date>> {
    let n = input.u32()?;
    let (year, month, day) = ((n >> 16) as u16, (n >> 8) as u8, n as u8);
    Some((year != 0).then(|| Date {
        year,
        month: (month != 0).then_some(month),
        day: (day != 0).then_some(day),
    }))
}

/// A page as [`save`] wrote it, its text and what comes from its file's
/// name left for [`Cached::page_for`] to fill in.
fn load(input: &mut Reader) -> Option<(PathBuf, Cached)> {
    let file = PathBuf::from(input.str()?);
    let len = input.u32()? as usize;
    let (front, body, stamp) = (input.str()?.to_string(), input.u64()?, Stamp::load(input)?);
    let (yaml_start, yaml_end) = (input.u32()? as usize, input.u32()? as usize);
    let key = input.str()?.to_string();
    let section = match input.u32()? {
        0 => Section::Home,
        1 => Section::Articles,
        2 => Section::Partners,
        3 => Section::Pages,
        _ => return None,
    };
    let title = input.str()?.to_string();
    let summary = input.opt_string()?;
    let slug = match input.opt_str()? {
        Some(slug) => Some(Slug::parse(slug).ok()?),
        None => None,
    };
    let draft = input.u32()? == 1;
    let (image_alt, image_caption, author, translated_from) = (
        input.opt_string()?,
        input.opt_string()?,
        input.opt_string()?,
        input.opt_string()?,
    );
    let (date, updated) = (load_date(input)?, load_date(input)?);
    let (partners, topics, countries) = (input.opt_strs()?, input.opt_strs()?, input.opt_strs()?);
    let [image, image_credit, logo, monogram, website, kind] = [(); 6].map(|()| input.opt_string());
    let (name, url) = (input.opt_string()?, input.opt_string()?);
    let featured = match input.u32()? {
        0 => None,
        1 => Some(false),
        2 => Some(true),
        _ => return None,
    };
    let scanned = match input.u32()? {
        0 => None,
        1 => Some(Arc::new(Scanned::load(input)?)),
        _ => return None,
    };
    let shared = Shared {
        date,
        partners,
        topics,
        countries,
        image: image?,
        image_credit: image_credit?,
        logo: logo?,
        monogram: monogram?,
        source: name.map(|name| SourceRef { name, url }),
        website: website?,
        featured,
        updated,
        kind: kind?,
    };
    let body_start = front.len();
    let cached = Cached {
        len,
        front,
        body,
        stamp,
        yaml: yaml_start..yaml_end,
        key,
        section,
        title,
        summary,
        slug,
        draft,
        image_alt,
        image_caption,
        author,
        translated_from,
        shared,
        scanned,
    };
    (yaml_end <= body_start && body_start <= len).then_some((file, cached))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Lang;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("content/articles/pact.vi.md"),
            dir: "articles".into(),
            stem: "pact".into(),
            lang: Lang::parse("vi").unwrap(),
            text: Arc::from(text),
            stamp: None,
        }
    }

    /// Front matter with every key, and a body with headings, links and an image.
    const TEXT: &str = "---\ntitle: \"Hợp tác\"\ndate: 2011-05\nsummary: Tóm tắt\nslug: hop-tac\ndraft: true\n\
        partners: [unesco, imexco]\ntopics: [heritage]\ncountries: [vn, jp]\nimage: photo.jpg\nimage_alt: Ảnh\n\
        image_credit: Imexco\nlogo: logo.svg\nmonogram: HT\nsource:\n  name: Báo\n  url: https://example.org/a\n\
        translation_key: pact-key\ntranslated_from: abc\nwebsite: https://example.org\nfeatured: false\n\
        updated: 2012\nauthor: Lan\nkind: company\nimage_caption: Chú thích\n---\n\n## Mở đầu\n\n\
        Xem [bài](other.md#x), ![logo](logo.svg) và [trang](https://example.org).\n";

    /// `text` parsed, scanned, kept and taken back for `again`.
    fn round_trip(text: &str, again: &str) -> (Page, Option<Page>) {
        round_trip_let_go(text, again, None)
    }

    /// [`round_trip`], the page taken back with its body let go of if `let_go` is the root.
    fn round_trip_let_go(text: &str, again: &str, let_go: Option<&Path>) -> (Page, Option<Page>) {
        let mut page = crate::content::parse(&file(text)).expect("parses");
        page.scanned = crate::markdown::scan(page.body(), &Default::default()).map(Arc::new);
        assert!(page.scanned.is_some());
        let mut out = Writer::default();
        save(&page, &mut out);
        let mut input = Reader(&out.0);
        let (path, cached) = load(&mut input).expect("loads");
        assert!(input.is_empty());
        assert_eq!(path, page.file);
        (page, cached.page_for(&file(again), let_go))
    }

    #[test]
    fn a_kept_page_is_taken_back_as_it_was_parsed() {
        let (page, kept) = round_trip(TEXT, TEXT);
        // Every field, the scan among them, as parsing made it.
        assert_eq!(format!("{:?}", kept.expect("the same text")), format!("{page:?}"));
        // Let go of, as a build takes it: as if parsed and let go of.
        let root = Path::new("/site");
        let (mut page, kept) = round_trip_let_go(TEXT, TEXT, Some(root));
        page.let_go_of_body(root, None);
        assert_eq!(format!("{:?}", kept.expect("the same text")), format!("{page:?}"));
        let mut plain = TEXT
            .replace("draft: true\n", "")
            .replace("featured: false\n", "featured: true\n");
        plain = plain.replace("updated: 2012\n", "");
        let (page, kept) = round_trip(&plain, &plain);
        assert_eq!(format!("{:?}", kept.expect("the same text")), format!("{page:?}"));
    }

    #[test]
    fn a_page_kept_with_its_stamp_is_taken_back_unread_as_it_was_parsed() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let source = file(TEXT);
        let path = root.path().join(&source.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(&path, TEXT).expect("the file");
        let stamp = Stamp::now(&path).expect("a stamp");
        let mut page = crate::content::parse(&source).expect("parses");
        page.scanned = crate::markdown::scan(page.body(), &Default::default()).map(Arc::new);
        page.let_go_of_body(root.path(), Some(stamp));
        let mut out = Writer::default();
        save(&page, &mut out);
        let (_, cached) = load(&mut Reader(&out.0)).expect("loads");
        assert_eq!(cached.stamp(), Some(stamp));
        let unread = Unread {
            abs: path,
            rel: source.path.clone(),
            stem: source.stem.clone(),
            lang: source.lang.clone(),
        };
        let kept = cached.unchanged(&unread, root.path());
        assert_eq!(format!("{kept:?}"), format!("{page:?}"));
        assert_eq!(kept.read_body().expect("its body"), page.read_body().expect("its body"));
    }

    #[test]
    fn a_kept_page_is_not_taken_for_another_text_of_the_same_length() {
        for (from, to) in [
            ("Mở đầu", "Mở đầy"),
            ("Tóm tắt", "Tóm tắc"),
            ("\n\n## ", "\n\n##\u{20}"),
        ] {
            let edited = TEXT.replacen(from, to, 1);
            assert_eq!(edited.len(), TEXT.len());
            let (_, kept) = round_trip(TEXT, &edited);
            assert_eq!(kept.is_none(), edited != TEXT, "{from:?} → {to:?}");
        }
        assert!(round_trip(TEXT, &format!("{TEXT}\n")).1.is_none());
    }
}
