//! What an edit touched and which outputs it affects: [`classify`] turns
//! changed paths into a [`Change`], [`affected`] turns an edit into the
//! jobs to redo. Pure functions of paths and sites; no I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Lang};
use crate::content::Section;
use crate::content::discover::CONTENT_DIR;
use crate::i18n::Date;
use crate::render::{self, Job};
use crate::site::{Site, Taxonomy};

/// Folders of the site besides `content/` that a build reads: a change in
/// any of them may change every page.
pub const INPUT_DIRS: &[&str] = &["themes", "templates", "locales"];

/// What an edit touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing duet reads (the output itself, editor backups).
    Nothing,
    /// Content only: these Markdown files (relative to the root), and
    /// perhaps folders, so the server also looks for files come and gone.
    Content(BTreeSet<PathBuf>),
    /// Config, templates, theme or UI strings: everything may change.
    Everything,
}

/// Classifies changed paths (absolute, or relative to `root`). Any path
/// under `content/` that is not noise counts, Markdown or not: a folder
/// created, moved or removed brings or takes files without events of their
/// own, so the server compares the content's file list with what it knows.
pub fn classify(root: &Path, output: &Path, paths: &[PathBuf]) -> Change {
    let mut content = BTreeSet::new();
    let mut touched_content = false;
    let mut everything = false;
    let output_rel = output.strip_prefix(root).unwrap_or(output);
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_output = rel.starts_with(output_rel);
        // Hidden files and folders are not read by a build (discover skips them).
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let editor_noise = hidden || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp");
        let staging = rel
            .components()
            .next()
            .is_some_and(|c| c.as_os_str().to_string_lossy().contains(".duet-"));
        if in_output || editor_noise || staging {
            continue;
        }
        if rel.starts_with(CONTENT_DIR) {
            touched_content = true;
            if name.ends_with(".md") {
                content.insert(rel.to_path_buf());
            }
        } else if rel == Path::new(CONFIG_FILE) || INPUT_DIRS.iter().any(|d| rel.starts_with(d)) {
            everything = true;
        }
    }
    if everything {
        Change::Everything
    } else if touched_content {
        Change::Content(content)
    } else {
        Change::Nothing
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
    fn folders_and_other_files_in_content_count_as_content() {
        let root = Path::new("/site");
        let out = Path::new("/tmp/preview");
        let p = |s: &str| PathBuf::from(s);
        // A folder moved out or in: no Markdown path, but the content changed.
        assert_eq!(
            classify(root, out, &[p("/site/content/articles/2024")]),
            Change::Content(BTreeSet::new())
        );
        // sed -i writes `sedXXXXXX` and renames it over the article.
        assert_eq!(
            classify(
                root,
                out,
                &[p("/site/content/a/sedK3x9Qa"), p("/site/content/a/x.vi.md")]
            ),
            Change::Content([p("content/a/x.vi.md")].into())
        );
        assert_eq!(
            classify(root, out, &[p("/site/content/.git/x.md"), p("/site/static/x.css")]),
            Change::Nothing
        );
        assert_eq!(classify(root, out, &[p("/site/templates")]), Change::Everything);
    }
}
