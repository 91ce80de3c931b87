//! What each job reads: the facts of the linked site its output depends
//! on, declared once per kind of job in one exhaustive match. The dev
//! server and one-edit builds derive what an edit rebuilds from these
//! declarations ([`Dependents`]), so nothing else restates what a template
//! shows: a view that starts showing something new declares it here.

use std::collections::HashMap;

use crate::config::Lang;
use crate::content::Section;
use crate::media::AssetId;
use crate::site::{Site, Taxonomy};

use super::{FEED_LENGTH, Job, jobs, partner_articles, partner_entry, partners_named};

/// One fact of a linked site that outputs show. Facts that change the
/// site's shape (entries' URLs, pages added or removed, templates, UI
/// strings, config) are not facts here: they rebuild everything.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fact {
    /// What entry `i` shows of itself anywhere: title, summary, body, date
    /// and other shared fields.
    Page(usize),
    /// The date of entry `i` (sitemaps show it as `lastmod`).
    Date(usize),
    /// The title of entry `i` (its social card shows nothing else of it).
    Title(usize),
    /// What article `i`'s card in a list shows: its own page, thumbnail
    /// and partners with their logos ([`card_facts`]). It stands for those
    /// facts, read once for every list that shows the card.
    Card(usize),
    /// The order of a listing. An output reads the order through the cards
    /// it shows, which it declares in order: a fingerprint takes the
    /// listing's length alone, which sets page counts and counts shown.
    List(List),
    /// The words of a language's pages that fall in search shard `n`.
    Words(Lang, usize),
    /// The content of a file beside the pages (its hash).
    Asset(AssetId),
    /// Every output and where it is (a listing's pages, the search
    /// shards): the sitemap lists them all. Other outputs read the
    /// listings they show by their order, which sets their page count.
    Layout,
}

/// A listing whose order outputs show.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum List {
    /// A language's articles, newest first.
    Articles(Lang),
    /// The articles of a term in a language.
    Term(Lang, Taxonomy, String),
    /// The article groups that name a partner (by partner id).
    Partner(String),
}

/// Which jobs read each fact: built once per linked site, so an edit finds
/// the jobs it affects in the time it takes to name its facts.
#[derive(Debug, Default)]
pub struct Dependents {
    by_fact: HashMap<Fact, Vec<Job>>,
}

impl Dependents {
    /// The dependents of every job of `site`.
    pub fn of(site: &Site) -> Dependents {
        let mut by_fact: HashMap<Fact, Vec<Job>> = HashMap::new();
        for job in jobs(site) {
            for fact in reads(site, &job) {
                // A card is read through the facts it stands for.
                if let Fact::Card(j) = fact {
                    for fact in card_facts(site, j) {
                        by_fact.entry(fact).or_default().push(job.clone());
                    }
                } else {
                    by_fact.entry(fact).or_default().push(job.clone());
                }
            }
        }
        Dependents { by_fact }
    }

    /// The jobs that read any of `facts`, each once, in a fixed order.
    pub fn jobs_reading<'a>(&self, facts: impl IntoIterator<Item = &'a Fact>) -> Vec<Job> {
        let mut jobs: Vec<Job> = facts
            .into_iter()
            .filter_map(|fact| self.by_fact.get(fact))
            .flatten()
            .cloned()
            .collect();
        jobs.sort();
        jobs.dedup();
        jobs
    }
}

/// The facts `job` reads. Every page also reads the navigation of its
/// language (the standalone pages' titles).
pub fn reads(site: &Site, job: &Job) -> Vec<Fact> {
    // Every page shows the navigation (the standalone pages' titles) and the publisher's logo.
    let nav = |lang: &Lang| {
        site.section(lang, Section::Pages)
            .map(Fact::Page)
            .chain(site.publisher_logo().map(Fact::Asset))
            .collect::<Vec<_>>()
    };
    let pages = |list: &[usize]| list.iter().copied().map(Fact::Page).collect::<Vec<_>>();
    let uses = |i: usize| uses(site, i);
    // A partner named with its logo.
    let partner = |i: usize| partner(site, i);
    // An article's card: its text, thumbnail, and its partners with their logos.
    let card = |j: usize| std::iter::once(Fact::Card(j));
    let cards = |list: &[usize]| list.iter().copied().map(Fact::Card).collect::<Vec<_>>();
    let per_page = site.config.paginate;
    let slice = |list: &[usize], n: usize| -> Vec<Fact> {
        cards(
            list.get((n - 1) * per_page..(n * per_page).min(list.len()))
                .unwrap_or_default(),
        )
    };
    // A list of partners shows each one's name and logo.
    let partner_names = |lang: &Lang| {
        site.partners
            .values()
            .flat_map(|&g| partner(partner_entry(site, g, lang)))
            .collect::<Vec<_>>()
    };
    let mut facts: Vec<Fact> = Vec::new();
    match job {
        Job::Entry(i) => {
            let entry = &site.entries[*i];
            facts.extend(nav(&entry.lang));
            facts.push(Fact::Page(*i));
            facts.extend(uses(*i));
            // An article names its partners with their logos, and shows
            // the articles around it as cards.
            facts.extend(card(*i));
            // Whatever changes which articles these are changes one of them:
            // it is read before the edit or after it.
            facts.extend(site.around[*i].entries().flat_map(card));
            if entry.page.section == Section::Partners {
                facts.push(Fact::List(List::Partner(entry.page.stem.clone())));
                let all = partner_articles(site, *i);
                facts.extend(cards(&all[..per_page.min(all.len())]));
            }
        }
        Job::Home(lang) => {
            facts.extend(nav(lang));
            facts.extend(site.home(lang).map(Fact::Page));
            facts.extend(site.home(lang).into_iter().flat_map(uses));
            facts.push(Fact::List(List::Articles(lang.clone())));
            // The featured story, and the page of cards after it.
            facts.extend(site.featured(lang).into_iter().flat_map(card));
            let list = &site.articles[lang];
            facts.extend(cards(&list[..(per_page + 1).min(list.len())]));
            facts.extend(partner_names(lang));
            // The topics and countries, each with its count of articles.
            for tax in [Taxonomy::Topics, Taxonomy::Countries] {
                let terms = site.terms.get(&(lang.clone(), tax)).into_iter().flat_map(|t| t.keys());
                facts.extend(terms.map(|t| Fact::List(List::Term(lang.clone(), tax, t.clone()))));
            }
        }
        Job::Articles(lang, n) => {
            facts.extend(nav(lang));
            facts.push(Fact::List(List::Articles(lang.clone())));
            facts.extend(slice(&site.articles[lang], *n));
        }
        Job::Partners(lang) => {
            facts.extend(nav(lang));
            facts.extend(partner_names(lang));
        }
        Job::PartnerArticles(i, n) => {
            let entry = &site.entries[*i];
            facts.extend(nav(&entry.lang));
            facts.push(Fact::Page(*i));
            facts.push(Fact::List(List::Partner(entry.page.stem.clone())));
            facts.extend(slice(partner_articles(site, *i), *n));
        }
        Job::TaxonomyIndex(lang, tax) => {
            facts.extend(nav(lang));
            let terms = &site.terms[&(lang.clone(), *tax)];
            facts.extend(
                terms
                    .keys()
                    .map(|t| Fact::List(List::Term(lang.clone(), *tax, t.clone()))),
            );
        }
        Job::Term(lang, tax, term, n) => {
            facts.extend(nav(lang));
            facts.push(Fact::List(List::Term(lang.clone(), *tax, term.clone())));
            facts.extend(slice(&site.terms[&(lang.clone(), *tax)][term], *n));
        }
        Job::NotFound(lang) => facts.extend(nav(lang.as_ref().unwrap_or(&site.config.default_lang))),
        Job::Root => facts.extend(nav(&site.config.default_lang)),
        Job::Search(lang) => facts.extend(nav(lang)),
        Job::Feed(lang) => {
            facts.push(Fact::List(List::Articles(lang.clone())));
            let own: Vec<usize> = site.articles[lang]
                .iter()
                .copied()
                .filter(|&i| site.entries[i].is_translation())
                .take(FEED_LENGTH)
                .collect();
            facts.extend(pages(&own));
            // Feeds carry bodies, and their images.
            facts.extend(own.iter().flat_map(|&i| uses(i)));
        }
        // The counts of pages and shards.
        Job::SearchIndex(_) => facts.push(Fact::Layout),
        Job::SearchShard(lang, n) => facts.push(Fact::Words(lang.clone(), *n)),
        Job::SearchFragment(i, _) => facts.push(Fact::Page(*i)),
        Job::SearchFilters(lang) => {
            for i in super::search::search_docs(site, lang) {
                facts.push(Fact::Page(i));
                facts.extend(partners_named(site, i, lang).map(Fact::Page));
            }
        }
        // Every URL, with its date as lastmod.
        Job::Sitemap(_) => {
            facts.push(Fact::Layout);
            facts.extend((0..site.entries.len()).map(Fact::Date));
        }
        // Configuration only: a change of it rebuilds everything.
        Job::Robots | Job::Host(_) => {}
        Job::Asset(id) | Job::Variant(id, ..) => facts.push(Fact::Asset(*id)),
        // The site's title and the fonts are strings and config.
        Job::Card(i) => facts.push(Fact::Title(*i)),
    }
    facts
}

/// The files entry `i` shows (its images and other files).
fn uses(site: &Site, i: usize) -> impl Iterator<Item = Fact> + '_ {
    site.uses.get(i).into_iter().flatten().copied().map(Fact::Asset)
}

/// A partner as a list or card names it: its page and its logo.
fn partner(site: &Site, i: usize) -> impl Iterator<Item = Fact> + '_ {
    std::iter::once(Fact::Page(i)).chain(uses(site, i))
}

/// The facts article `j`'s card shows, which [`Fact::Card`] stands for:
/// its text, thumbnail, and its partners with their logos.
pub fn card_facts(site: &Site, j: usize) -> impl Iterator<Item = Fact> + '_ {
    let partners = partners_named(site, j, &site.entries[j].lang).flat_map(move |p| partner(site, p));
    std::iter::once(Fact::Page(j)).chain(uses(site, j)).chain(partners)
}
