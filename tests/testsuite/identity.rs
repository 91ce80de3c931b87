//! The site as an institution shows it: its publisher in every page and in
//! JSON-LD, dates in the site's time zone, partners' kinds and countries,
//! the home page's featured story, and what an article shows around itself
//! (neighbours by date, related articles, breadcrumbs).

use crate::common::*;

const PUBLISHER: &str = "timezone: \"+07:00\"\npublisher:\n  logo: brand.svg\n  url: https://publisher.example.org\n  email: editors@example.org\n  legal:\n    - label: legal-about\n      url: about.md\n";
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" fill="#0b5394"/></svg>"##;

/// The bilingual fixture with a publisher, its strings and logo, and partner kinds.
fn institution() -> Fixture {
    let site = Fixture::new(&["bilingual"]);
    let yaml = site.root().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}{PUBLISHER}")).unwrap();
    std::fs::write(site.root().join("content/brand.svg"), LOGO).unwrap();
    for (lang, name, notice, about, kind) in [
        (
            "vi",
            "Ban biên tập Cổng đối tác",
            "Trang tin độc lập.",
            "Giới thiệu",
            "Tổ chức liên chính phủ",
        ),
        (
            "en",
            "Partnership Portal editors",
            "An independent news site.",
            "About",
            "Intergovernmental body",
        ),
    ] {
        let ftl = site.root().join(format!("locales/{lang}/site.ftl"));
        let text = std::fs::read_to_string(&ftl).unwrap();
        std::fs::write(
            &ftl,
            format!("{text}\npublisher-name = {name}\npublisher-notice = {notice}\nlegal-about = {about}\npartner-kind-intergovernmental = {kind}\n"),
        )
        .unwrap();
    }
    site.edit(
        "content/partners/unesco.vi.md",
        "website:",
        "kind: intergovernmental\ncountries: [vn]\nwebsite:",
    );
    site
}

#[test]
fn the_publisher_is_named_in_every_language_and_in_json_ld() {
    let site = institution();
    site.build().expect("builds");
    let vi = site.read("vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html");
    let en = site.read("en/articles/heritage-partnership/index.html");
    assert_contains(&vi, "Ban biên tập Cổng đối tác");
    assert_contains(&vi, "Trang tin độc lập.");
    assert_contains(&en, "Partnership Portal editors");
    let data = json_ld(&en);
    assert_eq!(data["publisher"]["name"], "Partnership Portal editors");
    assert_eq!(data["publisher"]["url"], "https://publisher.example.org");
    let logo = data["publisher"]["logo"]["url"].as_str().unwrap();
    assert!(logo.starts_with("https://example.org/portal/media/brand"), "{logo}");
    assert_eq!(data["publisher"]["logo"]["width"], 120);
    // No `author:`: the publisher wrote it.
    assert_eq!(data["author"], data["publisher"]);
    // Dates carry the site's time zone.
    assert_eq!(data["datePublished"], "2025-10-17T00:00:00+07:00");
    assert_eq!(data["dateModified"], "2025-10-17T00:00:00+07:00");
    assert_eq!(json_ld(&vi)["publisher"]["name"], "Ban biên tập Cổng đối tác");
    // The legal link leads to each language's own page.
    assert_contains(&vi, r#"href="/portal/vi/about/""#);
    assert_contains(&en, r#"href="/portal/en/about/""#);
    let feed = site.read("en/atom.xml");
    assert_contains(&feed, "<published>2025-10-17T00:00:00+07:00</published>");
}

#[test]
fn updated_and_author_reach_json_ld_the_feed_and_the_sitemap() {
    let site = institution();
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "date: 2025-10-17",
        "date: 2025-10-17\nupdated: 2025-11-02",
    );
    site.edit(
        "content/articles/heritage-pact.en.md",
        "title:",
        "author: Lan Nguyen\ntitle:",
    );
    site.build().expect("builds");
    let en = site.read("en/articles/heritage-partnership/index.html");
    let data = json_ld(&en);
    assert_eq!(data["dateModified"], "2025-11-02T00:00:00+07:00");
    assert_eq!(data["author"]["@type"], "Person");
    assert_eq!(data["author"]["name"], "Lan Nguyen");
    assert_contains(
        &site.read("en/atom.xml"),
        "<updated>2025-11-02T00:00:00+07:00</updated>",
    );
    assert_contains(&site.read("sitemap.xml"), "<lastmod>2025-11-02</lastmod>");
}

#[test]
fn an_update_before_the_date_and_an_unlabelled_kind_are_errors_at_their_lines() {
    let site = institution();
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "date: 2025-10-17",
        "date: 2025-10-17\nupdated: 2025-10-01",
    );
    let messages = |site: &Fixture| -> Vec<String> {
        let problems = site.build().unwrap_err().0;
        problems
            .iter()
            .map(|d| format!("{}:{:?} {}", d.path.display(), d.position.map(|p| p.line), d.message))
            .collect()
    };
    let text = messages(&site);
    assert!(
        text.iter()
            .any(|t| t.contains("heritage-pact.vi.md:Some(4) `updated` is before `date`")),
        "{text:#?}"
    );
    site.edit(
        "content/articles/heritage-pact.vi.md",
        "updated: 2025-10-01",
        "updated: 2025-10-18",
    );
    site.edit("content/partners/imexco.vi.md", "title:", "kind: company\ntitle:");
    let text = messages(&site);
    assert!(
        text.iter()
            .any(|t| t.contains("imexco.vi.md:Some(2) the kind `company` has no label in `vi`")),
        "{text:#?}"
    );
}

#[test]
fn a_publisher_without_its_name_or_logo_is_an_error_in_site_yaml() {
    let site = institution();
    std::fs::remove_file(site.root().join("content/brand.svg")).unwrap();
    let ftl = site.root().join("locales/en/site.ftl");
    let text = std::fs::read_to_string(&ftl)
        .unwrap()
        .replace("publisher-name", "publisher-nam");
    std::fs::write(&ftl, text).unwrap();
    let problems = site.build().unwrap_err().0;
    let text: Vec<String> = problems
        .iter()
        .map(|d| format!("{}:{:?} {}", d.path.display(), d.position.map(|p| p.line), d.message))
        .collect();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let line_of = |start: &str| yaml.lines().position(|l| l.starts_with(start)).unwrap() + 1;
    // The missing name at `publisher:`, the missing logo at its own line.
    let (publisher, logo) = (line_of("publisher:"), line_of("  logo:"));
    assert!(
        text.iter()
            .any(|t| t == &format!("site.yaml:Some({publisher}) `publisher-name` has no text in `en`")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with(&format!("site.yaml:Some({logo}) ")) && t.contains("logo is not an image")),
        "{text:#?}"
    );
}

#[test]
fn a_legal_link_to_a_missing_page_is_one_error_per_language_at_its_line() {
    let site = institution();
    site.edit("site.yaml", "url: about.md", "url: privacy.md");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    // At the link's target: its line, and the column where `privacy.md` starts.
    let line = yaml.lines().position(|l| l.contains("url: privacy.md")).unwrap() + 1;
    let column = yaml.lines().nth(line - 1).unwrap().find("privacy.md").unwrap() + 1;
    let problems = site.build().unwrap_err().0;
    let legal: Vec<String> = problems
        .iter()
        .filter(|d| d.message.contains("privacy.md"))
        .map(|d| {
            let at = d.position.map(|p| (p.line, p.column));
            format!("{}:{at:?} {}", d.path.display(), d.message)
        })
        .collect();
    assert_eq!(
        legal,
        [
            format!("site.yaml:Some(({line}, {column})) the legal link `privacy.md` names no page in `en`"),
            format!("site.yaml:Some(({line}, {column})) the legal link `privacy.md` names no page in `vi`"),
        ],
        "{problems:#?}"
    );
    // `check`, which renders nothing, finds it too.
    let check = site.run(&["check"]);
    assert_contains(
        &check.stdout,
        &format!("site.yaml:{line}:{column}: [build] the legal link `privacy.md` names no page in `vi`"),
    );
}

#[test]
fn partner_pages_show_kind_countries_and_website_in_every_language() {
    let site = institution();
    site.build().expect("builds");
    let en = site.read("en/partners/unesco/index.html");
    let vi = site.read("vi/partners/unesco/index.html");
    assert_contains(&vi, "Tổ chức liên chính phủ");
    assert_contains(&en, "Intergovernmental body");
    for page in [&en, &vi] {
        assert_contains(page, "https://www.unesco.org");
        assert_lacks(page, "nofollow");
    }
    assert_contains(&vi, r#"href="/portal/vi/countries/vn/""#);
}

#[test]
fn the_home_page_leads_with_the_featured_story_else_the_newest() {
    let site = institution();
    site.build().expect("builds");
    let lead = |home: &str| {
        let html = site.read(home);
        html.split("class=\"featured")
            .nth(1)
            .map(|s| s[..s.find("</h").unwrap_or(s.len())].to_string())
            .unwrap_or_default()
    };
    // The newest Vietnamese article leads.
    assert_contains(&lead("vi/index.html"), "Hợp tác chiến lược về di sản Thăng Long");
    site.edit(
        "content/articles/education-forum.vi.md",
        "title:",
        "featured: true\ntitle:",
    );
    site.build().expect("builds");
    let featured = lead("vi/index.html");
    assert_contains(&featured, "/vi/articles/dien-dan-giao-duc-da-phuong/");
    // Shared: the English translation leads the English home.
    assert_contains(&lead("en/index.html"), "/en/articles/");
    assert_lacks(&lead("en/index.html"), "heritage-partnership");
}

#[test]
fn articles_show_their_neighbours_by_date_related_articles_and_breadcrumbs() {
    let site = institution();
    site.build().expect("builds");
    let vi = site.read("vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html");
    let graph = json_ld_graph(&vi);
    let crumbs = graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "BreadcrumbList")
        .expect("a BreadcrumbList");
    let names: Vec<&str> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Trang chủ", "Tin bài", "Hợp tác chiến lược về di sản Thăng Long"]
    );
    assert_eq!(
        crumbs["itemListElement"][2]["item"],
        "https://example.org/portal/vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/"
    );
    // Related: local-only shares Imexco with it.
    let related = vi.split("class=\"related").nth(1).expect("a related section");
    assert_contains(related, "/portal/vi/articles/tin-chi-co-tieng-viet/");
}

#[test]
fn every_article_of_the_portal_has_what_article_rich_results_ask_for() {
    let out = build_reference_portal();
    let mut seen = 0;
    for lang in ["vi", "en"] {
        let dir = out.path().join(format!("public/{lang}/articles"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let page = entry.unwrap().path().join("index.html");
            if !page.is_file() || page.to_string_lossy().contains("/page/") {
                continue;
            }
            let html = std::fs::read_to_string(&page).unwrap();
            let data = json_ld(&html);
            let name = page.display();
            assert!(
                data["image"][0].as_str().unwrap_or_default().starts_with("https://"),
                "{name}: image"
            );
            assert!(data["author"]["name"].is_string(), "{name}: author");
            assert!(data["publisher"]["name"].is_string(), "{name}: publisher");
            assert!(
                data["publisher"]["logo"]["url"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("https://"),
                "{name}: publisher logo"
            );
            for key in ["datePublished", "dateModified"] {
                let date = data[key].as_str().unwrap_or_default();
                // A day carries the portal's time zone; a month or a year stays as its source gives it.
                assert!(
                    date.ends_with("T00:00:00+07:00") || matches!(date.len(), 4 | 7),
                    "{name}: {key} {date}"
                );
            }
            seen += 1;
        }
    }
    assert_eq!(seen, 10, "five articles in two languages");
}

#[test]
fn related_articles_keep_no_room_for_the_candidates_they_were_chosen_from() {
    let site = Fixture::new(&["bilingual"]);
    // Forty articles sharing partners, topic and country: each has dozens of candidates.
    for n in 1..=40 {
        let text = format!(
            "---\ntitle: \"Tin hợp tác số {n}\"\ndate: 2025-09-{:02}\npartners: [unesco, imexco]\n\
             topics: [heritage]\ncountries: [vn]\n---\nNội dung {n}.\n",
            n % 28 + 1
        );
        std::fs::write(site.root().join(format!("content/articles/tin-{n}.vi.md")), text).unwrap();
    }
    let loaded = duet::load(site.root(), false, false).expect("loads");
    let around = &loaded.site.around;
    assert!(around.iter().any(|a| a.related.len() == duet::site::RELATED));
    for a in around {
        assert!(a.related.len() <= duet::site::RELATED);
        assert!(
            a.related.capacity() <= duet::site::RELATED,
            "{} kept",
            a.related.capacity()
        );
    }
}
