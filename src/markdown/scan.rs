//! Scanning: a body's headings and link destinations, found while its
//! file is read and before the site is linked, then resolved against the
//! linked site without parsing the body again.

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use super::{Analysed, Link, Resolved, Settings, process};
use crate::wire::{Reader, Writer};

/// What [`super::analyse`] finds in a body, less what depends on other
/// pages: its anchors, and its links as written. Every page holds one
/// from reading to linking, so it is kept small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    anchors: Box<[Box<str>]>,
    links: Box<[Written]>,
    /// The [`Settings`] it was scanned with ([`key`]).
    key: u64,
}

/// A link or image as written, before it is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    dest: Box<str>,
    offset: usize,
    alt: Option<Box<str>>,
}

/// What a scan depends on besides the body: the ids the theme keeps.
pub(super) fn key(reserved: &BTreeSet<String>) -> u64 {
    let mut hasher = DefaultHasher::new();
    reserved.hash(&mut hasher);
    hasher.finish()
}

/// Scans `markdown` with `settings`; `None` for a body whose headings or
/// links change with what its images resolve to (an image in a heading, a
/// link or image inside an image's alt text), which is analysed whole
/// once the site is linked.
pub fn scan(markdown: &str, settings: &Settings) -> Option<Scanned> {
    let (found, exact) = process(markdown, settings, &|_| Resolved::Keep, false);
    exact.then(|| Scanned {
        anchors: found.headings.into_iter().map(|h| h.id.into_boxed_str()).collect(),
        links: found
            .links
            .into_iter()
            .map(|l| Written {
                dest: l.dest.into_boxed_str(),
                offset: l.offset,
                alt: l.alt.map(String::into_boxed_str),
            })
            .collect(),
        key: settings.scan_key,
    })
}

impl Scanned {
    /// Appends this scan to a cache record ([`Scanned::load`]).
    pub fn save(&self, out: &mut Writer) {
        out.u64(self.key);
        out.len(self.anchors.len());
        for anchor in &self.anchors {
            out.str(anchor);
        }
        out.len(self.links.len());
        for link in &self.links {
            out.str(&link.dest);
            out.u64(link.offset as u64);
            out.opt_str(link.alt.as_deref());
        }
    }

    /// A scan as [`Scanned::save`] wrote it; `None` if the record does not hold one.
    pub fn load(input: &mut Reader) -> Option<Scanned> {
        let key = input.u64()?;
        let anchors = (0..input.count(4)?)
            .map(|_| input.str().map(Box::from))
            .collect::<Option<_>>()?;
        let links = (0..input.count(16)?)
            .map(|_| {
                Some(Written {
                    dest: input.str()?.into(),
                    offset: usize::try_from(input.u64()?).ok()?,
                    alt: input.opt_str()?.map(Box::from),
                })
            })
            .collect::<Option<_>>()?;
        Some(Scanned { anchors, links, key })
    }

    /// The body as [`super::analyse`] finds it with `settings` and
    /// `resolve`; `None` if it was scanned with other settings. What the
    /// scan found is moved into the result unless another page shares it.
    pub fn resolve(self: Arc<Self>, settings: &Settings, resolve: &dyn Fn(&str) -> Resolved) -> Option<Analysed> {
        if self.key != settings.scan_key {
            return None;
        }
        let Scanned { anchors, links, .. } = Arc::try_unwrap(self).unwrap_or_else(|shared| (*shared).clone());
        let links = links
            .into_iter()
            .map(|written| {
                let mut link = Link {
                    dest: written.dest.into(),
                    resolved: None,
                    broken: None,
                    forbidden: None,
                    offset: written.offset,
                    alt: written.alt.map(Into::into),
                };
                // A destination whose scheme is refused is never resolved.
                if let Err(why) = crate::url::check(&link.dest) {
                    link.forbidden = Some(why);
                    return link;
                }
                match resolve(&link.dest) {
                    Resolved::Keep => {}
                    Resolved::Rewrite(url) | Resolved::Asset { url, .. } => link.resolved = Some(url),
                    Resolved::Broken(why) => link.broken = Some(why),
                    Resolved::Forbidden(why) => link.forbidden = Some(why),
                }
                link
            })
            .collect();
        Some(Analysed {
            anchors: anchors.into_iter().map(Into::into).collect(),
            links,
        })
    }
}
#[cfg(test)]
mod tests {
    use super::super::{Picture, analyse};
    use super::*;

    /// A site where `a.md` is a page, `logo.png` an asset, `gone.md` a
    /// missing page and `../x.png` leaves the content folder.
    fn resolve(dest: &str) -> Resolved {
        match dest {
            "a.md" => Resolved::Rewrite("/en/a/".into()),
            "logo.png" => Resolved::Asset {
                url: "/media/logo.png".into(),
                picture: Picture {
                    src: "/media/logo.png".into(),
                    ..Picture::default()
                },
            },
            "gone.md" => Resolved::Broken("no such page".into()),
            "../x.png" => Resolved::Forbidden("outside".into()),
            _ => Resolved::Keep,
        }
    }

    const BODIES: &[&str] = &[
        "# Title\n\nSee [a](a.md), [gone](gone.md#x) and [out](https://example.org).\n",
        "Intro ![The *logo*](logo.png) and ![away](../x.png).\n\n## Part {#part}\n\n[run](javascript:alert(1))\n",
        "## Same\n\n## Same\n\n![plain `code` alt](photo.jpg)\n\n[[a]](a.md#top)\n",
        "| a | b |\n|---|---|\n| [t](a.md) | ![](logo.png) |\n\nText[^1].\n\n[^1]: [note](gone.md)\n",
    ];

    #[test]
    fn a_scan_resolved_is_what_analysis_finds() {
        let settings = Settings::new(&Default::default(), ["part".to_string()].into());
        for body in BODIES {
            let scanned = Arc::new(scan(body, &settings).expect("no image decides these headings or links"));
            // Shared with another entry (a fallback shows its source's body) or not.
            assert_eq!(
                scanned.clone().resolve(&settings, &resolve),
                Some(analyse(body, &settings, &resolve)),
                "{body}"
            );
            assert_eq!(
                scanned.resolve(&settings, &resolve),
                Some(analyse(body, &settings, &resolve)),
                "{body}"
            );
        }
    }

    #[test]
    fn bodies_whose_images_decide_their_headings_or_links_are_not_scanned() {
        let settings = Settings::default();
        for body in [
            "## The ![logo](logo.png) of it\n",
            "![a [link](https://example.org) in alt](logo.png)\n",
            "![an ![image](photo.jpg) in alt](logo.png)\n",
        ] {
            // What these find does depend on the images: a scan would be wrong.
            assert_ne!(
                analyse(body, &settings, &resolve),
                analyse(body, &settings, &|_| Resolved::Keep),
                "{body}"
            );
            assert_eq!(scan(body, &settings), None, "{body}");
        }
        assert!(scan("## A heading\n\n![alt](logo.png)\n", &settings).is_some());
    }

    #[test]
    fn a_saved_scan_loads_as_it_was() {
        let settings = Settings::default();
        for body in BODIES {
            let scanned = scan(body, &settings).expect("scanned");
            let mut out = Writer::default();
            scanned.save(&mut out);
            let mut input = Reader(&out.0);
            assert_eq!(Scanned::load(&mut input).as_ref(), Some(&scanned));
            assert!(input.is_empty());
            assert_eq!(Scanned::load(&mut Reader(&out.0[..out.0.len() - 1])), None);
        }
    }

    #[test]
    fn a_scan_is_only_resolved_with_the_settings_it_was_made_with() {
        let scanned = Arc::new(scan("# Part\n", &Settings::default()).expect("scanned"));
        let other = Settings::new(&Default::default(), ["part".to_string()].into());
        assert_eq!(scanned.clone().resolve(&other, &resolve), None);
        assert!(scanned.resolve(&Settings::default(), &resolve).is_some());
    }
}
