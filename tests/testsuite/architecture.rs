//! The shape of the code: modules depend on each other one way only, and
//! no source file grows past what one reader can hold.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of `src/` and the top-level modules it names.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "main" || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let deps = graph.entry(module.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

#[test]
fn modules_depend_on_each_other_one_way() {
    let graph = module_graph();
    assert!(graph.len() > 15, "{graph:?}");
    // Depth-first search for a path back to where it started.
    fn reaches(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        graph
            .get(from)
            .into_iter()
            .flatten()
            .any(|next| next == to || (seen.insert(next.clone()) && reaches(graph, next, to, seen)))
    }
    let cycles: Vec<&String> = graph
        .keys()
        .filter(|m| reaches(&graph, m, m, &mut BTreeSet::new()))
        .collect();
    assert!(cycles.is_empty(), "modules in an import cycle: {cycles:?}\n{graph:#?}");
    // The build knows no server, and markdown knows nothing of rendering.
    assert!(!graph["build"].contains("serve"), "{:?}", graph["build"]);
    assert!(!graph["markdown"].contains("render"), "{:?}", graph["markdown"]);
}

#[test]
fn no_source_file_is_over_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long: Vec<String> = walkdir::WalkDir::new(&src)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| {
            let lines = std::fs::read_to_string(e.path()).unwrap().lines().count();
            (lines > 600).then(|| format!("{} ({lines} lines)", e.path().display()))
        })
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

#[test]
fn the_sitemap_counts_the_pages_placement_puts_in_it() {
    // Stand-ins of every policy, partner listings in a language without the partner, trilingual alternates.
    for names in [
        &["bilingual", "fallbacks"][..],
        &["trilingual"][..],
        &["media"][..],
        &["bilingual"][..],
    ] {
        let site = crate::common::Fixture::new(names);
        if names == ["bilingual"] {
            // Imexco has no English page: its notice stand-in lists English articles over two pages.
            let config = site.root().join("site.yaml");
            let text = std::fs::read_to_string(&config).unwrap();
            std::fs::write(&config, format!("{text}sections:\n  partners:\n    fallback: notice\n")).unwrap();
            for k in 1..=3 {
                for lang in ["vi", "en"] {
                    std::fs::write(
                        site.root().join(format!("content/articles/imexco-{k}.{lang}.md")),
                        format!(
                            "---\ntitle: \"Imexco {k} {lang}\"\ndate: 2020-01-0{k}\npartners: [imexco]\n---\nText.\n"
                        ),
                    )
                    .unwrap();
                }
            }
        }
        let loaded = duet::load(site.root(), false, false).unwrap();
        let site = &loaded.site;
        let jobs = duet::plan::jobs(site);
        let (mut listed, mut left_out) = (0, 0);
        let stand_in_listings = jobs
            .iter()
            .filter(|job| matches!(job, duet::plan::Job::PartnerArticles(i, _) if !site.entries[*i].is_translation()))
            .count();
        assert!(
            names != ["bilingual"] || stand_in_listings > 0,
            "a stand-in's listing has a second page"
        );
        for job in &jobs {
            let placed = duet::plan::placement(site, job).is_some_and(|p| p.in_sitemap());
            assert_eq!(duet::plan::in_sitemap(site, job), placed, "{names:?}: {job:?}");
            if placed { listed += 1 } else { left_out += 1 }
        }
        assert!(
            listed > 0 && left_out > 0,
            "{names:?}: {listed} listed, {left_out} left out"
        );
    }
}
