//! What an edit changed, found by comparing the site linked before it
//! with the site linked after it: the facts outputs read, and the outputs
//! that came, moved or went.

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;

use crate::plan::{self, Fact, Job, List};
use crate::site::{Site, Taxonomy};

/// What differs between two linkings of a site whose entries are the
/// same files at the same URLs with the same translations: the facts that
/// changed, the jobs that are new or placed anew, and the jobs that went
/// (a listing's last page). `None` when the entries differ.
pub(super) struct Changes {
    pub(super) facts: Vec<Fact>,
    pub(super) placed: Vec<Job>,
    pub(super) gone: Vec<Job>,
}

/// The [`Changes`] from `old` to `new`, or `None` when the site's shape —
/// its entries, their URLs and translations — changed.
pub(super) fn changed_facts(old: &Site, new: &Site) -> Option<Changes> {
    if old.entries.len() != new.entries.len() {
        return None;
    }
    let same_entries = old
        .entries
        .iter()
        .zip(&new.entries)
        .all(|(a, b)| a.page.file == b.page.file && a.group == b.group && a.fallback == b.fallback);
    if !same_entries {
        return None;
    }
    let (old_jobs, jobs) = (plan::jobs(old), plan::jobs(new));
    let before: HashSet<&Job> = old_jobs.iter().collect();
    let after: HashSet<&Job> = jobs.iter().collect();
    let placed: Vec<Job> = jobs
        .par_iter()
        .filter(|job| !before.contains(job) || plan::placement(old, job) != plan::placement(new, job))
        .cloned()
        .collect();
    // An entry placed anew changes its URL or its translations, which other pages show.
    if placed.iter().any(|job| matches!(job, Job::Entry(_))) {
        return None;
    }
    let gone: Vec<Job> = old_jobs.iter().filter(|job| !after.contains(job)).cloned().collect();
    let shards = plan::search::shard_counts(new);
    let mut facts: Vec<Fact> = old
        .entries
        .iter()
        .zip(&new.entries)
        .enumerate()
        .filter(|(_, (a, b))| a.page.text != b.page.text || a.page.shared != b.page.shared)
        .flat_map(|(i, (a, b))| {
            let date = (a.page.shared.date != b.page.shared.date || a.page.shared.updated != b.page.shared.updated)
                .then_some(Fact::Date(i));
            let title = (a.page.title != b.page.title).then_some(Fact::Title(i));
            let words = plan::search::changed_words(new, i, &a.page, &shards);
            std::iter::once(Fact::Page(i)).chain(date).chain(title).chain(words)
        })
        .collect();
    for (lang, list) in &new.articles {
        if old.articles.get(lang) != Some(list) {
            facts.push(Fact::List(List::Articles(lang.clone())));
        }
    }
    // Terms of either linking: a term that went was read by the pages that listed it.
    let terms: BTreeSet<(&crate::config::Lang, Taxonomy, &String)> = [old, new]
        .iter()
        .flat_map(|site| site.terms.iter())
        .flat_map(|((lang, tax), terms)| terms.keys().map(move |term| (lang, *tax, term)))
        .collect();
    for (lang, tax, term) in terms {
        let list = |site: &Site| site.terms.get(&(lang.clone(), tax)).and_then(|t| t.get(term)).cloned();
        if list(old) != list(new) {
            facts.push(Fact::List(List::Term(lang.clone(), tax, term.clone())));
        }
    }
    let ids: BTreeSet<&String> = old.partner_articles.keys().chain(new.partner_articles.keys()).collect();
    for id in ids {
        if old.partner_articles.get(id) != new.partner_articles.get(id) {
            facts.push(Fact::List(List::Partner(id.clone())));
        }
    }
    if !placed.is_empty() || !gone.is_empty() {
        facts.push(Fact::Layout);
    }
    Some(Changes { facts, placed, gone })
}
