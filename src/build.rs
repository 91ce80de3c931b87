//! The build: runs the stages in order and gathers every problem they find.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Lang, SiteConfig};
use crate::content::{self, Page, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::output;
use crate::render::{self, Job, Renderer};
use crate::site;
use crate::theme::Theme;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (the folder with `site.yaml`).
    pub root: PathBuf,
    /// The output folder, relative to the root unless absolute.
    pub output: PathBuf,
    /// Include pages with `draft: true`.
    pub drafts: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// The output folder, absolute.
    pub output: PathBuf,
    /// Pages per language (articles, partners and other pages), in site order.
    pub pages: Vec<(Lang, usize)>,
    /// Translation groups with a page missing in some language.
    pub untranslated: usize,
    /// Files and bytes written.
    pub written: output::Written,
    /// Wall time.
    pub elapsed: Duration,
}

/// Builds the site: on success the output folder holds the new site; on
/// failure it is untouched and every problem found is returned.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let started = Instant::now();
    let config = SiteConfig::load(&options.root)?;
    let output_dir = output::check_output_dir(&options.root, &options.output)?;

    let mut problems: Vec<Diagnostic> = Vec::new();
    let theme = Theme::load(&options.root, &config)
        .map_err(|d| problems.extend(d.0))
        .ok();
    let files = content::discover(&options.root, &config)
        .map_err(|d| problems.extend(d.0))
        .ok();
    let parsed: Vec<Result<Page, Vec<Diagnostic>>> = files
        .unwrap_or_default()
        .par_iter()
        .map(content::parse)
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(page) => pages.push(page),
            Err(d) => problems.extend(d),
        }
    }
    let locales = theme.as_ref().and_then(|t| {
        Locales::build(&config, &t.locales)
            .map_err(|d| problems.extend(d.0))
            .ok()
    });
    let renderer = match (&theme, locales) {
        (Some(theme), Some(locales)) => Renderer::new(theme, Arc::new(locales), &config.languages)
            .map_err(|d| problems.extend(d.0))
            .ok(),
        _ => None,
    };
    let site = site::link(config, pages, options.drafts)
        .map_err(|d| problems.extend(d.0))
        .ok();
    if let (Some(site), Some(renderer)) = (&site, &renderer) {
        problems.extend(missing_term_labels(site, renderer.locales()));
    }
    let (Some(site), Some(renderer), Some(theme), true) =
        (site, renderer, theme, problems.is_empty())
    else {
        return Err(problems.into());
    };

    let jobs = render::jobs(&site);
    // Pages go through the templates; feeds and the sitemap are written by the output stage.
    let produce = |job: &Job| match job {
        Job::Feed(lang) => output::feed::atom(&site, &renderer, lang),
        Job::Sitemap => Ok(output::sitemap::sitemap(&site)),
        Job::Robots => Ok(output::sitemap::robots(&site)),
        _ => renderer.render(&site, job),
    };
    let written = output::write_site(&output_dir, &jobs, produce, &theme.static_files)?;

    let pages = site
        .config
        .languages
        .iter()
        .map(|l| {
            let n = site
                .entries
                .iter()
                .filter(|e| {
                    e.lang == l.lang && e.is_translation() && e.page.section != Section::Home
                })
                .count();
            (l.lang.clone(), n)
        })
        .collect();
    let untranslated = site
        .groups
        .iter()
        .filter(|g| g.section != Section::Home && g.members.len() < site.config.languages.len())
        .count();
    Ok(BuildSummary {
        output: output_dir,
        pages,
        untranslated,
        written,
        elapsed: started.elapsed(),
    })
}

/// Topics and countries are labelled by Fluent messages (`topic-ID`,
/// `country-ID`); a term without a label in a page's language is reported
/// at the front matter line that uses it.
fn missing_term_labels(site: &site::Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in &site.entries {
        for tax in site::Taxonomy::ALL {
            for term in tax.terms_of(entry) {
                let Some(key) = tax.label_key(&term) else {
                    continue;
                };
                if !locales.has(&entry.lang, &key) {
                    let lang = &entry.lang;
                    problems.push(
                        entry
                            .page
                            .error_at_key(tax.name(), format!("`{term}` has no label in `{lang}`"))
                            .with_hint(format!("add `{key} = …` to locales/{lang}/site.ftl")),
                    );
                }
            }
        }
    }
    problems
}
