//! The linked site's view of its media: what a reference written in a
//! page names, in the page's language, and how an image is shown.

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::{Picture, Resolved};
use crate::media::{AssetId, AssetKind, Encoding, Reference};

use super::Site;

/// `#fragment` of a destination, with its `#`, or nothing.
pub(super) fn fragment_of(dest: &str) -> String {
    dest.split_once('#').map(|(_, f)| format!("#{f}")).unwrap_or_default()
}

impl Site {
    /// What `dest`, written in entry `i`, names among the site's files, in
    /// the language of the entry's text; `None` when it is no file reference.
    pub fn reference(&self, i: usize, dest: &str) -> Reference {
        let page = &self.entries[i].page;
        self.media.resolve(&page.dir, &page.lang, dest)
    }

    /// What a shared field (`image`, `logo`) of entry `i` names: relative to
    /// the file that wrote it, the source of its translation group.
    pub fn shared_reference(&self, i: usize, dest: &str) -> Reference {
        let entry = &self.entries[i];
        let source = &self.entries[self.groups[entry.group].source].page;
        self.media.resolve_file(&source.dir, &entry.page.lang, dest)
    }

    /// The asset `dest` names from entry `i`, if it names one that exists.
    pub fn asset_of(&self, i: usize, dest: &str) -> Option<AssetId> {
        match self.reference(i, dest) {
            Reference::Asset(id) => Some(id),
            Reference::NotAsset | Reference::Missing(_) | Reference::Outside(_) => None,
        }
    }

    /// A body destination as a file reference: `None` when it is not one.
    pub(super) fn resolve_asset(&self, i: usize, dest: &str) -> Option<Resolved> {
        Some(match self.reference(i, dest) {
            Reference::NotAsset => return None,
            Reference::Asset(id) => Resolved::Asset {
                url: self.media.link_url(id).to_string() + &fragment_of(dest),
                picture: self.picture(id, "", false, ""),
            },
            Reference::Missing(why) => Resolved::Broken(why),
            Reference::Outside(why) => Resolved::Forbidden(why),
        })
    }

    /// The hero image of entry `i`: its `image`, when that names an asset.
    pub fn hero_image(&self, i: usize) -> Option<AssetId> {
        match self.heroes.get(i) {
            Some(hero) => *hero,
            // Not found yet (`find_uses` finds them all once the media are in).
            None => self.resolve_hero(i),
        }
    }

    fn resolve_hero(&self, i: usize) -> Option<AssetId> {
        let image = self.entries[i].page.shared.image.as_deref()?;
        match self.shared_reference(i, image) {
            Reference::Asset(id) => Some(id),
            Reference::NotAsset | Reference::Missing(_) | Reference::Outside(_) => None,
        }
    }

    /// The publisher's logo file, when `publisher.logo` in `site.yaml`
    /// names an image beside the pages.
    pub fn publisher_logo(&self) -> Option<AssetId> {
        let logo = self.config.publisher.as_ref()?.logo.as_deref()?;
        match self.media.resolve("", &self.config.default_lang, logo) {
            Reference::Asset(id) if !matches!(self.media.get(id).kind, AssetKind::File) => Some(id),
            _ => None,
        }
    }

    /// The site's default image (`media.default_image` in `site.yaml`) for
    /// readers of `lang`, when it names an image beside the pages.
    pub fn default_image(&self, lang: &crate::config::Lang) -> Option<AssetId> {
        let image = self.config.media.default_image.as_deref()?;
        match self.media.resolve("", lang, image) {
            Reference::Asset(id) => Some(id),
            _ => None,
        }
    }

    /// The site path of the page a publisher's legal link to a content file
    /// (`about.md`, relative to `content/`) leads readers of `lang` to; an
    /// error at the link in `site.yaml` when that file has no such page.
    pub fn legal_page(&self, lang: &crate::config::Lang, file: &str) -> Result<String, Diagnostic> {
        // Any page of `lang` resolves a path from `content/` in that language.
        let from = self
            .home(lang)
            .or_else(|| self.articles.get(lang).and_then(|l| l.first().copied()))
            .or_else(|| self.entries.iter().position(|e| &e.lang == lang));
        match from.map(|f| self.resolve_link(f, &format!("/{}", file.trim_start_matches('/')))) {
            Some(Resolved::Rewrite(path)) => Ok(path),
            _ => Err(self
                .config
                .error_at_item(
                    "publisher",
                    file,
                    format!("the legal link `{file}` names no page in `{lang}`"),
                )
                .with_hint("name a Markdown file relative to content/, as `about.md`")),
        }
    }

    /// The logo of entry `i` (a partner), when its `logo` names an image.
    pub fn logo(&self, i: usize) -> Option<AssetId> {
        let logo = self.entries[i].page.shared.logo.as_deref()?;
        match self.shared_reference(i, logo) {
            Reference::Asset(id) if !matches!(self.media.get(id).kind, AssetKind::File) => Some(id),
            _ => None,
        }
    }

    /// How asset `id` is shown: its variants as `srcset`s, its size, with
    /// `base` before every URL (the base URL's path for pages, the whole
    /// base URL for feeds).
    pub fn picture(&self, id: AssetId, sizes: &str, eager: bool, base: &str) -> Picture {
        let media = &self.media;
        let asset = media.get(id);
        let variants = media.variants(id);
        let (width, height) = match asset.kind {
            AssetKind::Raster(p) => (Some(p.width), Some(p.height)),
            AssetKind::Svg(Some(size)) => (Some(size.width), Some(size.height)),
            AssetKind::Svg(None) | AssetKind::File => (None, None),
        };
        // The largest fallback variant: the one `Media::link_url` leads to.
        let largest = variants.iter().rev().find(|v| v.encoding != Encoding::Webp);
        let link = media.link_url(id);
        let mut src = String::with_capacity(base.len() + link.len());
        src.push_str(base);
        src.push_str(link);
        Picture {
            src,
            srcset: media.srcset(id, false, base),
            webp_srcset: media.srcset(id, true, base),
            mime: largest.map_or("image/svg+xml", |v| v.encoding.mime()).to_string(),
            width: largest.map_or(width, |v| Some(v.width)),
            height: largest.map_or(height, |v| Some(v.height)),
            sizes: if variants.is_empty() {
                String::new()
            } else {
                sizes.to_string()
            },
            eager,
        }
    }

    /// Records which assets each entry shows or links to, for the
    /// dependents of an asset edit, and the image each one leads with.
    /// `bodies` holds every entry's body as the link check analysed
    /// it, so bodies are not parsed again here.
    pub fn find_uses(&mut self, bodies: &[crate::markdown::Analysed]) {
        if self.media.assets.is_empty() {
            self.uses = vec![Vec::new(); self.entries.len()];
            self.heroes = vec![None; self.entries.len()];
            return;
        }
        let heroes: Vec<Option<AssetId>> = (0..self.entries.len())
            .into_par_iter()
            .map(|i| self.resolve_hero(i))
            .collect();
        let uses: Vec<Vec<AssetId>> = (0..self.entries.len())
            .into_par_iter()
            .map(|i| {
                let mut ids = self.assets_named(i, &bodies[i]);
                ids.extend(heroes[i]);
                ids.extend(self.logo(i));
                ids.sort();
                ids.dedup();
                ids
            })
            .collect();
        self.uses = uses;
        self.heroes = heroes;
    }

    /// The assets among the destinations of `body`, entry `i`'s body as
    /// analysed (an image of an asset hides the links in its alt text, as it
    /// does when rendered).
    pub fn assets_named(&self, i: usize, body: &crate::markdown::Analysed) -> Vec<AssetId> {
        body.links.iter().filter_map(|l| self.asset_of(i, &l.dest)).collect()
    }
}
