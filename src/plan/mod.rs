//! The plan: every output of a linked site, as [`Job`]s, and where each is
//! written ([`Placement`]: its URL, its real translations, its switcher
//! links) — the one source of every hreflang, sitemap alternate and
//! switcher link. Knows no templates: feeds, the sitemap and `check` use it
//! without Tera.

use std::collections::HashMap;

use rayon::prelude::*;

pub mod cards;
pub mod fingerprint;
mod partners;
mod passes;
pub mod reads;
pub mod search;
mod sitemap;

pub use partners::partner_articles;
pub(crate) use partners::{partner_entry, partners_named};
pub use passes::passes;
pub use reads::{Dependents, Fact, List};
pub use sitemap::{SITEMAP_LIMIT, in_sitemap, sitemap_parts};

use crate::config::Host;
use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::media::{AssetId, AssetKind, Encoding};
use crate::site::{Site, Taxonomy};

/// One file of the output, to be rendered and written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// A page in one language (article, partner, standalone page).
    Entry(usize),
    /// A language's home page.
    Home(Lang),
    /// Page `n` (1-based) of a language's article listing.
    Articles(Lang, usize),
    /// A language's list of partners.
    Partners(Lang),
    /// Page `n` (from 2) of the articles listed on partner page `entry`.
    PartnerArticles(usize, usize),
    /// A language's list of the terms of a taxonomy.
    TaxonomyIndex(Lang, Taxonomy),
    /// Page `n` of the articles of one term.
    Term(Lang, Taxonomy, String, usize),
    /// The 404 page of a language, or the root one.
    NotFound(Option<Lang>),
    /// `/index.html`: the language chooser that works without JavaScript.
    Root,
    /// A language's Atom feed.
    Feed(Lang),
    /// A language's search page.
    Search(Lang),
    /// A language's search index: `meta.json`, which names its shard count.
    SearchIndex(Lang),
    /// Shard `n` of a language's search index.
    SearchShard(Lang, usize),
    /// The search fragment of entry `.0`, document number `.1` of its language's index.
    SearchFragment(usize, usize),
    /// The facet values of a language's search index.
    SearchFilters(Lang),
    /// `/sitemap.xml` (part 0), and `/sitemap-N.xml` when the site has more
    /// URLs than one sitemap may list.
    Sitemap(usize),
    /// `/robots.txt`.
    Robots,
    /// A file of host configuration (`_headers`, `_hosting/nginx.conf`…).
    Host(HostFile),
    /// A file beside the pages published as is (SVG, PDF…).
    Asset(AssetId),
    /// One variant of a raster image: its width and encoding.
    Variant(AssetId, u32, Encoding),
    /// The social card (Open Graph image) of entry `.0`, which has no image of its own.
    Card(usize),
}

/// Where a page lives and where its translations live. Every `hreflang`
/// duet writes — in pages and in the sitemap — comes from here, and lists
/// only pages that are written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Placement {
    /// The page's language.
    pub lang: Lang,
    /// Its URL path (without the base path).
    pub url: String,
    /// The same page in every language it exists in, this one included, in
    /// site order; empty when it has no translations.
    pub alternates: Vec<(Lang, String)>,
    /// The page for readers whose language is not offered, when there is one.
    pub x_default: Option<String>,
    /// Where the language switcher leads, per other language that has this
    /// page: its URL, and whether it is a real translation (not a stand-in).
    pub switch: Vec<(Lang, String, bool)>,
    /// The URL search engines should index for this content (usually `url`).
    pub canonical: String,
    /// Whether search engines should index it.
    pub indexable: bool,
}

impl Placement {
    /// The path of its file relative to the output folder.
    pub fn output_path(&self) -> String {
        let rel = self.url.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }

    /// Whether the sitemap lists it: indexable, and its own canonical.
    pub fn in_sitemap(&self) -> bool {
        self.indexable && self.canonical == self.url
    }

    fn new(lang: &Lang, url: String, alternates: Vec<(Lang, String)>, site: &Site) -> Placement {
        let switch = alternates.iter().map(|(l, u)| (l.clone(), u.clone(), true)).collect();
        let alternates = if alternates.len() > 1 { alternates } else { Vec::new() };
        let x_default = alternates
            .iter()
            .find(|(l, _)| *l == site.config.default_lang)
            .map(|(_, u)| u.clone());
        Placement {
            lang: lang.clone(),
            canonical: url.clone(),
            url,
            alternates,
            x_default,
            switch,
            indexable: true,
        }
    }
}

/// The URL of page `n` of a listing whose first page is `first`.
pub fn page_url(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// Where `job` is written and which translations it has; `None` for the
/// files that are not pages (feeds, sitemap, robots.txt).
pub fn placement(site: &Site, job: &Job) -> Option<Placement> {
    let langs = || site.config.languages.iter().map(|l| l.lang.clone());
    let in_every_language = |url: &dyn Fn(&Lang) -> String| langs().map(|l| (l.clone(), url(&l))).collect::<Vec<_>>();
    Some(match job {
        Job::Entry(i) => {
            let entry = &site.entries[*i];
            let group = &site.groups[entry.group];
            let translations: Vec<(Lang, String)> = group
                .members
                .iter()
                .map(|(l, j)| (l.clone(), site.entries[*j].url.clone()))
                .collect();
            let stand_ins = group
                .fallbacks
                .iter()
                .map(|(l, j)| (l.clone(), site.entries[*j].url.clone(), false));
            match entry.fallback {
                // A real page: hreflang to its translations only.
                None => {
                    let mut p = Placement::new(&entry.lang, entry.url.clone(), translations, site);
                    p.switch.extend(stand_ins);
                    p
                }
                // A stand-in: no hreflang at all, canonical to its source.
                Some(stand_in) => {
                    let mut p = Placement::new(&entry.lang, entry.url.clone(), Vec::new(), site);
                    p.switch = translations
                        .into_iter()
                        .map(|(l, u)| (l, u, true))
                        .chain(stand_ins)
                        .collect();
                    p.canonical = site.entries[stand_in.source].url.clone();
                    p.indexable = stand_in.policy == crate::config::Fallback::Notice;
                    p
                }
            }
        }
        Job::Home(lang) => {
            let mut p = Placement::new(
                lang,
                format!("/{lang}/"),
                in_every_language(&|l| format!("/{l}/")),
                site,
            );
            // The language chooser at `/` is the page for everyone else.
            if !p.alternates.is_empty() {
                p.x_default = Some("/".into());
            }
            p
        }
        Job::Articles(lang, n) => {
            let first = |l: &Lang| format!("/{l}/articles/");
            let alternates = if *n == 1 { in_every_language(&first) } else { Vec::new() };
            Placement::new(lang, page_url(&first(lang), *n), alternates, site)
        }
        Job::Partners(lang) => Placement::new(
            lang,
            format!("/{lang}/partners/"),
            in_every_language(&|l| format!("/{l}/partners/")),
            site,
        ),
        Job::TaxonomyIndex(lang, tax) => {
            let url = |l: &Lang| format!("/{l}/{}/", tax.name());
            Placement::new(lang, url(lang), in_every_language(&url), site)
        }
        Job::Term(lang, tax, term, n) => {
            let first = |l: &Lang| site.term_url(l, *tax, term);
            let alternates = if *n == 1 {
                langs()
                    .filter(|l| site.terms[&(l.clone(), *tax)].contains_key(term))
                    .map(|l| (l.clone(), first(&l)))
                    .collect()
            } else {
                Vec::new()
            };
            Placement::new(lang, page_url(&first(lang), *n), alternates, site)
        }
        Job::NotFound(lang) => {
            let lang = lang.clone().unwrap_or_else(|| site.config.default_lang.clone());
            let url = if job == &Job::NotFound(None) {
                "/404.html".to_string()
            } else {
                format!("/{lang}/404.html")
            };
            let mut p = Placement::new(&lang, url, Vec::new(), site);
            p.indexable = false;
            p
        }
        // The chooser is the x-default of every home, so it names them all
        // and itself: hreflang annotations must be reciprocal.
        Job::Root => {
            let mut p = Placement::new(
                &site.config.default_lang,
                "/".into(),
                in_every_language(&|l| format!("/{l}/")),
                site,
            );
            p.switch.clear();
            if !p.alternates.is_empty() {
                p.x_default = Some("/".into());
            }
            p
        }
        Job::PartnerArticles(i, n) => {
            let entry = &site.entries[*i];
            let mut p = Placement::new(&entry.lang, page_url(&entry.url, *n), Vec::new(), site);
            p.indexable = entry.is_translation();
            p
        }
        Job::Search(lang) => Placement::new(
            lang,
            format!("/{lang}/search/"),
            in_every_language(&|l| format!("/{l}/search/")),
            site,
        ),
        Job::Feed(_)
        | Job::SearchIndex(_)
        | Job::SearchShard(..)
        | Job::SearchFragment(..)
        | Job::SearchFilters(_)
        | Job::Sitemap(_)
        | Job::Robots
        | Job::Host(_)
        | Job::Asset(_)
        | Job::Variant(..)
        | Job::Card(_) => return None,
    })
}

/// How many pages a listing of `items` takes at `per_page` a page: at least
/// one, so an empty listing still has its first page.
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// All jobs of a site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    jobs_of(site, true)
}

/// [`jobs`] without the search index's shards and fragments, in the same
/// order: all that the sitemap and URL checks need (the index's files
/// have no page), without ordering every language's documents, which
/// each of a large site's sitemap files would do again.
pub fn page_jobs(site: &Site) -> Vec<Job> {
    jobs_of(site, false)
}

/// [`jobs`], with the search index's shards and fragments if `search`.
fn jobs_of(site: &Site, search: bool) -> Vec<Job> {
    let pages = |n: usize| page_count(n, site.config.paginate);
    let mut jobs = vec![Job::Root, Job::NotFound(None), Job::Robots];
    for language in &site.config.languages {
        let lang = &language.lang;
        jobs.push(Job::Home(lang.clone()));
        jobs.push(Job::Partners(lang.clone()));
        jobs.push(Job::NotFound(Some(lang.clone())));
        jobs.push(Job::Feed(lang.clone()));
        jobs.push(Job::Search(lang.clone()));
        jobs.push(Job::SearchIndex(lang.clone()));
        jobs.push(Job::SearchFilters(lang.clone()));
        if search {
            let docs = search::search_docs(site, lang);
            jobs.extend((0..search::shard_count(site, lang)).map(|n| Job::SearchShard(lang.clone(), n)));
            jobs.extend(docs.into_iter().enumerate().map(|(doc, i)| Job::SearchFragment(i, doc)));
        }
        jobs.extend((1..=pages(site.articles[lang].len())).map(|n| Job::Articles(lang.clone(), n)));
        for tax in Taxonomy::ALL {
            jobs.push(Job::TaxonomyIndex(lang.clone(), tax));
            for (term, items) in &site.terms[&(lang.clone(), tax)] {
                jobs.extend((1..=pages(items.len())).map(|n| Job::Term(lang.clone(), tax, term.clone(), n)));
            }
        }
    }
    jobs.extend(
        site.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.page.section != Section::Home)
            .map(|(i, _)| Job::Entry(i)),
    );
    jobs.extend(cards::card_jobs(site));
    for (i, entry) in site.entries.iter().enumerate() {
        if entry.page.section == Section::Partners && entry.is_listed() {
            jobs.extend((2..=pages(partner_articles(site, i).len())).map(|n| Job::PartnerArticles(i, n)));
        }
    }
    let urls = jobs.iter().filter(|job| in_sitemap(site, job)).count();
    // First, as the one job a build starts with: each sitemap file reads
    // every page's address, and the longest job ending the build left a
    // core idle while it ran.
    jobs.splice(0..0, (0..=sitemap_parts(urls)).map(Job::Sitemap));
    let mut hosts = site.config.hosting.clone();
    hosts.sort();
    hosts.dedup();
    jobs.extend(hosts.into_iter().flat_map(HostFile::of).map(|f| Job::Host(*f)));
    jobs.extend(asset_jobs(site));
    jobs
}

/// One file of host configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HostFile {
    /// Netlify / Cloudflare Pages response headers: `_headers`.
    Headers,
    /// Netlify / Cloudflare Pages redirects and 404s: `_redirects`.
    Redirects,
    /// An nginx snippet to include in a `server` block: `_hosting/nginx.conf`.
    Nginx,
    /// A Caddyfile snippet to import in a site block: `_hosting/Caddyfile`.
    Caddy,
}

impl HostFile {
    /// The files a host needs.
    pub fn of(host: Host) -> &'static [HostFile] {
        match host {
            Host::Netlify => &[HostFile::Headers, HostFile::Redirects],
            Host::Nginx => &[HostFile::Nginx],
            Host::Caddy => &[HostFile::Caddy],
        }
    }

    /// Its path in the output.
    pub fn path(self) -> &'static str {
        match self {
            HostFile::Headers => "_headers",
            HostFile::Redirects => "_redirects",
            HostFile::Nginx => "_hosting/nginx.conf",
            HostFile::Caddy => "_hosting/Caddyfile",
        }
    }
}

/// The output files of the site's media: each asset once, for every language.
fn asset_jobs(site: &Site) -> Vec<Job> {
    let media = &site.media;
    let mut jobs = Vec::new();
    for (i, asset) in media.assets.iter().enumerate() {
        let id = AssetId(i);
        match asset.kind {
            AssetKind::Raster(_) => {
                jobs.extend(media.variants(id).iter().map(|v| Job::Variant(id, v.width, v.encoding)));
            }
            AssetKind::Svg(_) | AssetKind::File => jobs.push(Job::Asset(id)),
        }
    }
    jobs
}

/// The path of the file `job` writes, relative to the output folder;
/// `None` for a media job whose asset is not in the site.
pub fn output_path(site: &Site, job: &Job) -> Option<String> {
    let index = |lang: &Lang| format!("{lang}/search-index");
    Some(match job {
        Job::Feed(lang) => format!("{lang}/atom.xml"),
        Job::SearchIndex(lang) => format!("{}/meta.json", index(lang)),
        Job::SearchShard(lang, n) => format!("{}/s/{n}.gz", index(lang)),
        Job::SearchFragment(i, doc) => format!("{}/f/{doc}.gz", index(&site.entries[*i].lang)),
        Job::SearchFilters(lang) => format!("{}/filters.gz", index(lang)),
        Job::Sitemap(0) => "sitemap.xml".into(),
        Job::Sitemap(part) => format!("sitemap-{part}.xml"),
        Job::Robots => "robots.txt".into(),
        Job::Host(file) => file.path().to_string(),
        Job::Asset(_) | Job::Variant(..) => asset_output(site, job)?,
        Job::Card(i) => cards::output_path(site, *i),
        Job::Entry(_)
        | Job::Home(_)
        | Job::Articles(..)
        | Job::Partners(_)
        | Job::PartnerArticles(..)
        | Job::TaxonomyIndex(..)
        | Job::Term(..)
        | Job::NotFound(_)
        | Job::Root
        | Job::Search(_) => placement(site, job)?.output_path(),
    })
}

/// Outputs that would land on one path: two files beside pages whose
/// variants share a name (`photo.jpg` and `photo.png`), or a file of the
/// site's `static/` folder (`site_static`) on a path duet writes. Each is
/// an error naming both.
pub fn output_collisions(site: &Site, site_static: &[String]) -> Vec<Diagnostic> {
    let name = |job: &Job| match job {
        Job::Asset(id) | Job::Variant(id, ..) => site.media.get(*id).source.display().to_string(),
        other => generated_name(site, other),
    };
    let jobs = jobs(site);
    // Placing every page is most of the work, and needs no order.
    let paths: Vec<Option<String>> = jobs.par_iter().map(|job| output_path(site, job)).collect();
    // The first job on each path; names are only made for a problem.
    let mut owners: HashMap<&str, &Job> = HashMap::with_capacity(jobs.len());
    let mut found = Vec::new();
    for (job, path) in jobs.iter().zip(&paths) {
        let Some(path) = path else { continue };
        match owners.get(path.as_str()) {
            Some(first) => {
                let (first, owner) = (name(first), name(job));
                if first != owner {
                    found.push(
                        Diagnostic::new(
                            &owner,
                            format!("this file would be published at /{path}, as would {first}"),
                        )
                        .with_hint("rename one of them"),
                    );
                }
            }
            None => {
                owners.insert(path, job);
            }
        }
    }
    for path in site_static {
        if let Some(first) = owners.get(path.as_str()) {
            found.push(
                Diagnostic::new(
                    format!("static/{path}"),
                    format!(
                        "this file would be published at /{path}, where duet writes {}",
                        name(first)
                    ),
                )
                .with_hint("move it to another path under static/"),
            );
        }
    }
    found
}

/// The output path of a media job (relative to the output folder).
pub fn asset_output(site: &Site, job: &Job) -> Option<String> {
    let url = match job {
        Job::Asset(id) => site.media.url(*id),
        Job::Variant(id, width, encoding) => site.media.variant_url(*id, *width, *encoding),
        _ => return None,
    };
    Some(url.trim_start_matches('/').to_string())
}

/// How many articles a feed carries.
pub const FEED_LENGTH: usize = 50;

/// A site URL as a link: with the base URL's path in front.
pub fn href(site: &Site, url: &str) -> String {
    let base = base_path(&site.config.base_url);
    let mut href = String::with_capacity(base.len() + url.len());
    href.push_str(base);
    href.push_str(url);
    href
}

/// A site URL made absolute with the base URL.
pub fn absolute(site: &Site, url: &str) -> String {
    format!("{}{url}", site.config.base_url)
}

/// The path part of the base URL, without a trailing slash (`""` at a domain's root).
pub(crate) fn base_path(base_url: &str) -> &str {
    // Every link of every page asks: a search for `:` is cheaper than one for `://`.
    let after_scheme = base_url
        .match_indices(':')
        .find(|(at, _)| base_url[at + 1..].starts_with("//"))
        .map_or(base_url, |(at, _)| &base_url[at + 3..]);
    after_scheme.find('/').map_or("", |i| &after_scheme[i..])
}

/// Content pages whose URL is one duet generates (`content/articles.vi.md`
/// at `/vi/articles/`, a page at a term's URL): each is an error naming
/// the file and the generated page, since only one of them can be written.
pub fn url_collisions(site: &Site) -> Vec<Diagnostic> {
    let jobs = page_jobs(site);
    let generated: HashMap<String, &Job> = jobs
        .iter()
        .filter(|job| !matches!(job, Job::Entry(_)))
        .filter_map(|job| placement(site, job).map(|p| (p.url, job)))
        .collect();
    let mut found = Vec::new();
    for job in &jobs {
        let Job::Entry(i) = job else { continue };
        let entry = &site.entries[*i];
        if !entry.is_translation() {
            continue;
        }
        let Some(other) = generated.get(&entry.url) else {
            continue;
        };
        let message = format!(
            "this page's URL {} is also {}, which duet generates",
            entry.url,
            generated_name(site, other)
        );
        let diagnostic = if entry.page.line_of_key("slug").is_some() {
            entry.page.error_at_key("slug", message)
        } else {
            Diagnostic::new(&entry.page.file, message)
        };
        found.push(diagnostic.with_hint("rename the file or give it another `slug`"));
    }
    found
}

/// What a generated page is, for messages.
fn generated_name(site: &Site, job: &Job) -> String {
    match job {
        Job::Home(lang) => format!("the `{lang}` home page"),
        Job::Articles(lang, n) => format!("page {n} of the `{lang}` article listing"),
        Job::Partners(lang) => format!("the `{lang}` list of partners"),
        Job::PartnerArticles(_, n) => format!("page {n} of a partner's articles"),
        Job::TaxonomyIndex(lang, tax) => format!("the `{lang}` list of {}", tax.name()),
        Job::Term(lang, tax, term, n) => format!("page {n} of the `{lang}` {} page `{term}`", tax.name()),
        Job::NotFound(_) => "a 404 page".to_string(),
        Job::Root => "the language chooser".to_string(),
        Job::Search(lang) => format!("the `{lang}` search page"),
        Job::Feed(lang) => format!("the `{lang}` feed"),
        Job::SearchIndex(_) | Job::SearchShard(..) | Job::SearchFragment(..) | Job::SearchFilters(_) => {
            "the search index".to_string()
        }
        Job::Sitemap(_) => "the sitemap".to_string(),
        Job::Robots => "robots.txt".to_string(),
        Job::Host(file) => file.path().to_string(),
        Job::Entry(i) => format!("the page of {}", site.entries[*i].page.file.display()),
        Job::Card(i) => format!("the social card of {}", site.entries[*i].page.file.display()),
        Job::Asset(_) | Job::Variant(..) => "a file beside the pages".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://example.org"), "");
        assert_eq!(base_path("https://example.org/portal"), "/portal");
        assert_eq!(base_path("http://example.org:8080/a/b"), "/a/b");
        assert_eq!(base_path("example.org/portal"), "/portal");
        assert_eq!(base_path("a:b://c/d"), "/d");
    }

    #[test]
    fn page_urls() {
        assert_eq!(page_url("/vi/articles/", 1), "/vi/articles/");
        assert_eq!(page_url("/vi/articles/", 3), "/vi/articles/page/3/");
    }
}
