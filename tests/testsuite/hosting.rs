//! What a host needs: fingerprinted assets named through `asset()`, host
//! configuration written from one description, and builds for another
//! address (`--base-url`).

use crate::common::*;

fn hosted() -> Fixture {
    let site = Fixture::new(&["bilingual"]);
    site.edit(
        "site.yaml",
        "paginate: 2",
        "paginate: 2\nhosting: [netlify, nginx, caddy]",
    );
    site.build().expect("the site builds");
    site
}

/// The published path of the stylesheet a page links to (without the base path).
fn stylesheet(page: &str) -> String {
    let href = attr_values(page, "rel=\"stylesheet\"", "href")
        .pop()
        .expect("a stylesheet");
    href.strip_prefix("/portal/").expect("under the base path").to_string()
}

#[test]
fn assets_are_published_under_content_hashed_names() {
    let site = hosted();
    let css = stylesheet(&site.read("vi/index.html"));
    let hash = css
        .strip_prefix("assets/duet.")
        .and_then(|rest| rest.strip_suffix(".css"))
        .expect("assets/duet.HASH.css");
    assert!(hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{css}");
    assert!(site.exists(&css), "{css} is written");
    assert!(
        !site.exists("assets/duet.css"),
        "only the fingerprinted name is published"
    );
    // Every page names the same file; a changed stylesheet gets a new name.
    assert_eq!(stylesheet(&site.read("en/about/index.html")), css);
    assert_eq!(stylesheet(&site.read("index.html")), css);
    std::fs::create_dir_all(site.root().join("themes/portal")).unwrap();
    copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/portal"),
        &site.root().join("themes/portal"),
    );
    let theme_css = site.root().join("themes/portal/static/assets/duet.css");
    let text = std::fs::read_to_string(&theme_css).unwrap();
    std::fs::write(&theme_css, format!("{text}\n.new {{ color: red; }}\n")).unwrap();
    site.build().unwrap();
    let changed = stylesheet(&site.read("vi/index.html"));
    assert_ne!(changed, css, "new bytes, new name");
    assert!(site.exists(&changed));
}

#[test]
fn netlify_files_negotiate_the_language_and_cache_assets_for_a_year() {
    let site = hosted();
    let redirects = site.read("_redirects");
    assert_contains(&redirects, "/portal/  /portal/en/  302!  Language=en");
    assert_contains(&redirects, "/portal/  /portal/vi/  302!  Language=vi");
    assert_contains(&redirects, "/portal/en/*  /portal/en/404.html  404");
    assert_contains(&redirects, "/portal/vi/*  /portal/vi/404.html  404");
    let headers = site.read("_headers");
    let css = stylesheet(&site.read("vi/index.html"));
    assert_contains(
        &headers,
        &format!("/portal/{css}\n  ! Cache-Control\n  Cache-Control: public, max-age=31536000, immutable"),
    );
    assert_contains(
        &headers,
        "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self';",
    );
    assert_contains(
        &headers,
        "/portal/en/atom.xml\n  Content-Type: application/atom+xml; charset=utf-8",
    );
}

#[test]
fn nginx_and_caddy_snippets_say_the_same_and_are_never_served() {
    let site = hosted();
    let nginx = site.read("_hosting/nginx.conf");
    assert_contains(&nginx, "location ^~ /portal/_hosting/ { return 404; }");
    assert_contains(
        &nginx,
        "if ($http_accept_language = \"\") { rewrite ^ /portal/index.html last; }",
    );
    assert_contains(&nginx, "return 302 /portal/en/;");
    assert_contains(
        &nginx,
        "location /portal/en/ {\n    error_page 404 /portal/en/404.html;",
    );
    assert_contains(&nginx, "immutable");
    let caddy = site.read("_hosting/Caddyfile");
    assert_contains(&caddy, "@hosting path /portal/_hosting/*\nrespond @hosting 404");
    assert_contains(&caddy, "redir @first_en /portal/en/ 302");
    assert_contains(&caddy, "rewrite * /portal/en/404.html");
    // Without `hosting:` nothing is written.
    let plain = Fixture::new(&["bilingual"]);
    plain.build().unwrap();
    assert!(!plain.exists("_headers") && !plain.exists("_hosting/nginx.conf"));
}

#[test]
fn a_build_for_another_address_links_everything_there() {
    let site = Fixture::new(&["bilingual"]);
    let run = site.run(&["build", "--base-url", "https://preview.example.net/staging/"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let home = site.read("vi/index.html");
    assert_contains(
        &home,
        r#"<link rel="canonical" href="https://preview.example.net/staging/vi/">"#,
    );
    assert_contains(&home, r#"href="/staging/vi/articles/""#);
    assert_lacks(&home, "example.org");
    assert_contains(
        &site.read("sitemap.xml"),
        "<loc>https://preview.example.net/staging/vi/</loc>",
    );
    assert_contains(&site.read("vi/atom.xml"), "https://preview.example.net/staging/vi/");
    let bad = site.run(&["build", "--base-url", "ftp://x"]);
    assert_eq!(bad.code, Some(1));
    assert_contains(
        &bad.stderr,
        "error: --base-url: `ftp://x` is not an absolute http(s) URL",
    );
}
