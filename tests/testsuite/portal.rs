//! What a portal publishes besides pages: sitemap, feeds, taxonomies,
//! head metadata — and that editor text cannot break out of any of them.

use crate::common::*;

fn built(names: &[&str]) -> Fixture {
    let site = Fixture::new(names);
    site.build().expect("the fixture builds");
    site
}

/// Every `<loc>` of the sitemap with its `hreflang → href` alternates.
fn sitemap_entries(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    xml.split("<url>")
        .skip(1)
        .map(|block| {
            let loc = block
                .split("<loc>")
                .nth(1)
                .unwrap()
                .split("</loc>")
                .next()
                .unwrap()
                .to_string();
            let alternates = attr_values(block, "xhtml:link", "hreflang")
                .into_iter()
                .zip(attr_values(block, "xhtml:link", "href"))
                .collect();
            (loc, alternates)
        })
        .collect()
}

#[test]
fn every_page_is_in_the_sitemap_with_the_same_alternates_as_its_head() {
    let site = built(&["bilingual"]);
    let entries = sitemap_entries(&site.read("sitemap.xml"));
    let base = "https://example.org/portal";
    let mut pages = 0;
    for file in walkdir::WalkDir::new(site.public()).into_iter().map(|e| e.unwrap()) {
        let rel = file
            .path()
            .strip_prefix(site.public())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !rel.ends_with("index.html") {
            continue;
        }
        pages += 1;
        let url = format!("{base}/{}", rel.trim_end_matches("index.html"));
        let (_, alternates) = entries
            .iter()
            .find(|(loc, _)| *loc == url)
            .unwrap_or_else(|| panic!("{url} is missing from the sitemap"));
        // The page's own <link rel="alternate" hreflang> must say the same.
        let html = site.read(&rel);
        let head: Vec<(String, String)> = attr_values(&html, "link rel=\"alternate\" hreflang", "hreflang")
            .into_iter()
            .zip(attr_values(&html, "link rel=\"alternate\" hreflang", "href"))
            .collect();
        assert_eq!(alternates, &head, "alternates of {url}");
        // Every alternate is a page that was written.
        for (_, href) in alternates {
            let path = href.strip_prefix(base).unwrap().trim_start_matches('/');
            assert!(
                site.exists(&format!("{path}index.html")) || site.exists(path),
                "{href} from {url} does not exist"
            );
        }
    }
    assert_eq!(pages, entries.len(), "no extra sitemap entries");
    assert!(!site.read("sitemap.xml").contains("404.html"));
    assert_contains(
        &site.read("robots.txt"),
        "Sitemap: https://example.org/portal/sitemap.xml",
    );

    let pair = entries
        .iter()
        .find(|(loc, _)| loc.ends_with("/en/articles/heritage-partnership/"))
        .unwrap();
    let langs: Vec<&str> = pair.1.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(langs, ["vi", "en", "x-default"]);
    let lonely = entries
        .iter()
        .find(|(loc, _)| loc.ends_with("/vi/articles/tin-chi-co-tieng-viet/"))
        .unwrap();
    assert!(
        lonely.1.is_empty(),
        "an untranslated page has no alternates: {:?}",
        lonely.1
    );
}

#[test]
fn each_feed_carries_its_own_languages_articles_only() {
    let site = built(&["bilingual"]);
    let vi = site.read("vi/atom.xml");
    let en = site.read("en/atom.xml");
    assert_contains(&vi, r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">"#);
    assert_eq!(vi.matches("<entry>").count(), 3);
    assert_eq!(en.matches("<entry>").count(), 2);
    assert_contains(&vi, "<title>Tin chỉ có tiếng Việt</title>");
    assert_lacks(&en, "Tin chỉ có tiếng Việt");
    assert_lacks(&en, "Hợp tác chiến lược");
    assert_contains(
        &en,
        "<id>https://example.org/portal/en/articles/heritage-partnership/</id>",
    );
    assert_contains(&en, "<published>2025-10-17T00:00:00Z</published>");
    // Newest first.
    let a = en.find("Strategic heritage partnership").unwrap();
    let b = en.find("Multilateral education forum").unwrap();
    assert!(a < b);
}

#[test]
fn taxonomy_pages_pair_across_languages() {
    let site = built(&["bilingual"]);
    // The Vietnamese term has its own slug; the English one uses the id.
    let vi = site.read("vi/topics/di-san/index.html");
    assert_contains(&vi, "<h1>Di sản</h1>");
    assert_contains(&vi, "Hợp tác chiến lược về di sản Thăng Long");
    assert_contains(&site.read("en/topics/heritage/index.html"), "<h1>Heritage</h1>");
    assert_eq!(
        attr_values(&vi, "hreflang=\"en\" href", "href"),
        ["https://example.org/portal/en/topics/heritage/"]
    );
    // Years come from dates; the untranslated 2023 article has no English year page.
    assert!(site.exists("vi/years/2023/index.html"));
    assert!(!site.exists("en/years/2023/index.html"));
    let year = site.read("vi/years/2023/index.html");
    assert!(attr_values(&year, "hreflang=\"en\"", "href").is_empty());
    assert_contains(&year, "English <small>(not translated yet, go to home page)</small>");
    let index = site.read("vi/topics/index.html");
    assert_contains(
        &index,
        "<a href=\"/portal/vi/topics/education/\">Giáo dục</a> <span class=\"muted\">(1 bài viết)</span>",
    );
}

#[test]
fn partner_lists_follow_the_languages_alphabet() {
    let site = built(&["bilingual"]);
    let list = site.read("vi/partners/index.html");
    let positions: Vec<usize> = ["Công ty Imexco", "Đại học Bách khoa", "UNESCO"]
        .iter()
        .map(|name| {
            list.find(&format!(">{name}</a>"))
                .unwrap_or_else(|| panic!("{name} listed"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "Vietnamese order C < Đ < U: {positions:?}"
    );
}

#[test]
fn a_partner_page_lists_exactly_its_articles() {
    let site = built(&["bilingual"]);
    let page = site.read("vi/partners/imexco/index.html");
    let section = page.split("id=\"partner-articles\"").nth(1).unwrap();
    let titles: Vec<String> = section
        .split("class=\"card-title\"><a href=\"")
        .skip(1)
        .map(|s| s.split('>').nth(1).unwrap().trim_end_matches("</a").to_string())
        .collect();
    assert_eq!(
        titles,
        ["Hợp tác chiến lược về di sản Thăng Long", "Tin chỉ có tiếng Việt"]
    );
}

#[test]
fn articles_carry_open_graph_and_news_article_data() {
    let site = built(&["bilingual"]);
    let en = site.read("en/articles/heritage-partnership/index.html");
    assert_contains(&en, r#"<meta property="og:type" content="article">"#);
    assert_contains(
        &en,
        r#"<meta property="og:url" content="https://example.org/portal/en/articles/heritage-partnership/">"#,
    );
    let data = json_ld(&en);
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(data["inLanguage"], "en");
    // No `timezone:` in this site: its dates are UTC.
    assert_eq!(data["datePublished"], "2025-10-17T00:00:00Z");
    assert_eq!(
        data["translationOfWork"]["@id"],
        "https://example.org/portal/vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/"
    );
    let vi = site.read("vi/articles/hop-tac-chien-luoc-ve-di-san-thang-long/index.html");
    let data = json_ld(&vi);
    assert_eq!(
        data["workTranslation"][0]["@id"],
        "https://example.org/portal/en/articles/heritage-partnership/"
    );
}

#[test]
fn editor_text_cannot_break_out_of_html_json_or_xml() {
    let site = built(&["bilingual", "hostile"]);
    let dir = std::fs::read_dir(site.public().join("vi/articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("tieu-de"))
        .expect("the hostile article is written");
    let page = site.read(&format!("vi/articles/{dir}/index.html"));
    assert_lacks(&page, "<img src=x");
    assert_lacks(&page, "<script>alert");
    assert_eq!(page.matches("</script>").count(), 1, "only the JSON-LD script closes");
    assert_contains(&page, "&lt;img src=x onerror=alert(1)&gt;");
    let data = json_ld(&page);
    assert_eq!(
        data["headline"],
        "Tiêu đề </script><img src=x onerror=alert(1)> \"trích\" & 'đơn'"
    );
    let feed = site.read("vi/atom.xml");
    assert_contains(
        &feed,
        "<title>Tiêu đề &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;trích&quot; &amp; &apos;đơn&apos;</title>",
    );
    let index = crate::search::fragments(&site, "vi");
    assert_lacks(&index, "</script>");
    assert!(
        index
            .lines()
            .map(|f| serde_json::from_str::<serde_json::Value>(f).unwrap())
            .any(|d| d["t"] == "Tiêu đề </script><img src=x onerror=alert(1)> \"trích\" & 'đơn'"),
        "the title is in the index, intact"
    );
    for home in ["vi/index.html", "vi/articles/index.html"] {
        assert_lacks(&site.read(home), "<img src=x");
    }
}

#[test]
fn partner_pages_paginate_their_articles() {
    let site = Fixture::new(&["bilingual"]);
    std::fs::write(
        site.root().join("content/articles/third.vi.md"),
        "---\ntitle: Bài thứ ba\ndate: 2020-01-01\npartners: [unesco]\n---\nx\n",
    )
    .unwrap();
    site.build().unwrap();
    // Two per page: the newest two on the profile, the third on page 2.
    let first = site.read("vi/partners/unesco/index.html");
    assert_contains(&first, r#"<link rel="next" href="/portal/vi/partners/unesco/page/2/">"#);
    assert_contains(&first, "Bài viết liên quan (3)");
    assert_lacks(&first, "Bài thứ ba");
    let second = site.read("vi/partners/unesco/page/2/index.html");
    assert_contains(&second, "Bài thứ ba");
    assert_contains(&second, r#"<link rel="prev" href="/portal/vi/partners/unesco/">"#);
}

/// A site's own `partials/card-details.html`, which marks each card it
/// makes with the card's address, its reader's language and a UI string.
const DETAILS: &str = r#"<p class="mine" data-url="{{ item.url }}">{{ lang }} · {{ t(key="nav-home") }}</p>"#;

#[test]
fn a_cards_details_are_the_themes_partial_wherever_the_card_is_shown() {
    let site = Fixture::new(&["bilingual"]);
    let partials = site.root().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(partials.join("card-details.html"), DETAILS).unwrap();
    site.build().expect("the site builds");
    // A listing, the home page, the partner it names and an article beside it.
    for page in [
        "vi/articles/index.html",
        "vi/index.html",
        "vi/partners/imexco/index.html",
        "vi/articles/tin-chi-co-tieng-viet/index.html",
    ] {
        let html = site.read(page);
        let cards: Vec<&str> = html.split("<article class=\"card\">").skip(1).collect();
        assert!(!cards.is_empty(), "{page} shows cards");
        for card in cards {
            // The heading is the page's, around the card's own details.
            assert!(card.starts_with("\n  <h"), "{page}: {card}");
            let url = card.split("<a href=\"").nth(1).unwrap().split('"').next().unwrap();
            let mark = format!(r#"<p class="mine" data-url="{url}">vi · Trang chủ</p>"#);
            assert_contains(card, &format!("  {mark}\n</article>"));
        }
    }
    // Readers of English see the card in theirs.
    assert_contains(&site.read("en/articles/index.html"), "en · Home</p>");
}

#[test]
fn a_mistake_in_a_cards_details_names_the_partials_line() {
    let site = Fixture::new(&["bilingual"]);
    let partials = site.root().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("card-details.html"),
        "<p>\n{{ t(key=\"no-such-string\") }}</p>",
    )
    .unwrap();
    let problems = site.build().unwrap_err();
    let d = &problems.0[0];
    assert!(
        d.path.ends_with("templates/partials/card-details.html"),
        "names the partial: {}",
        d.path.display()
    );
    assert_eq!(d.position.expect("a template position").line, 2);
    assert_contains(&d.message, "no-such-string");
    assert!(!site.public().exists(), "nothing is written by a failed first build");
}
