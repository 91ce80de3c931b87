//! Host configuration written with the site, from one description: the
//! same rules for Netlify and Cloudflare Pages (`_headers`, `_redirects`),
//! nginx and Caddy. Each sends readers at `/` to their language by
//! `Accept-Language` (the default language if none of theirs is offered,
//! the chooser page if they send none), answers missing URLs under a
//! language with that language's 404 page, caches fingerprinted assets for
//! a year and pages briefly, gives feeds their media type, and sends
//! security headers the theme satisfies (no inline script or style).
//! nginx and Caddy read their snippet from `_hosting/`, which they never
//! serve.

use crate::config::Lang;
use crate::plan::{HostFile, base_path};
use crate::site::Site;

/// The folder of the nginx and Caddy snippets inside the output.
pub const HOSTING_DIR: &str = "_hosting";

/// Cache header of fingerprinted assets: a new version is a new name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache header of pages, feeds and indexes: short, so edits show soon.
const SHORT: &str = "public, max-age=300, must-revalidate";

/// The path and text of one host file for `site`, whose fingerprinted
/// assets are published at `assets` (paths from the site root).
pub fn host_file(site: &Site, assets: &[String], file: HostFile) -> (String, String) {
    let rules = Rules::of(site, assets);
    let text = match file {
        HostFile::Headers => rules.netlify_headers(),
        HostFile::Redirects => rules.netlify_redirects(),
        HostFile::Nginx => rules.nginx(),
        HostFile::Caddy => rules.caddy(),
    };
    (file.path().to_string(), text)
}

/// What every host is told, in one place.
struct Rules {
    /// The site's path under its host (`/portal`, or empty).
    base: String,
    /// Languages in site order; the default first.
    langs: Vec<Lang>,
    /// Published paths of fingerprinted assets, from the base.
    assets: Vec<String>,
    /// The Content-Security-Policy.
    csp: String,
}

impl Rules {
    fn of(site: &Site, assets: &[String]) -> Rules {
        let frames = if site.config.markdown.embeds.is_empty() {
            "'none'".to_string()
        } else {
            site.config
                .markdown
                .embeds
                .iter()
                .map(|h| format!("https://{h}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        // The theme has no inline script or style and loads nothing from
        // elsewhere; editors' images may come from other https sites.
        let csp = format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; connect-src 'self'; frame-src {frames}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
        );
        Rules {
            base: base_path(&site.config.base_url).to_string(),
            langs: site.config.languages.iter().map(|l| l.lang.clone()).collect(),
            assets: assets.to_vec(),
            csp,
        }
    }

    fn security_headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Content-Security-Policy", self.csp.clone()),
            ("X-Content-Type-Options", "nosniff".into()),
            ("Referrer-Policy", "strict-origin-when-cross-origin".into()),
            ("X-Frame-Options", "SAMEORIGIN".into()),
        ]
    }

    fn netlify_headers(&self) -> String {
        let base = &self.base;
        let mut out = String::from("# Written by duet. Response headers for Netlify and Cloudflare Pages.\n");
        out.push_str(&format!("{base}/*\n"));
        for (name, value) in self.security_headers() {
            out.push_str(&format!("  {name}: {value}\n"));
        }
        out.push_str(&format!("  Cache-Control: {SHORT}\n"));
        for lang in &self.langs {
            out.push_str(&format!(
                "{base}/{lang}/atom.xml\n  Content-Type: application/atom+xml; charset=utf-8\n"
            ));
        }
        for asset in &self.assets {
            // Later rules add to earlier ones; `!` replaces the short cache.
            out.push_str(&format!(
                "{base}/{asset}\n  ! Cache-Control\n  Cache-Control: {IMMUTABLE}\n"
            ));
        }
        out
    }

    fn netlify_redirects(&self) -> String {
        let base = &self.base;
        let mut out = String::from("# Written by duet. Redirects for Netlify and Cloudflare Pages.\n");
        out.push_str("# `/` leads readers to their language; with none of them, the chooser stays.\n");
        for lang in &self.langs {
            out.push_str(&format!("{base}/  {base}/{lang}/  302!  Language={lang}\n"));
        }
        out.push_str("# Each language's own page for what is missing under it.\n");
        for lang in &self.langs {
            out.push_str(&format!("{base}/{lang}/*  {base}/{lang}/404.html  404\n"));
        }
        out.push_str(&format!("{base}/*  {base}/404.html  404\n"));
        out
    }

    fn nginx(&self) -> String {
        let base = &self.base;
        let default = &self.langs[0];
        let mut out = String::from(
            "# Written by duet. Include inside a `server` block whose `root` is the output folder:\n#   server { listen 80; root /srv/site/public; include /srv/site/public/_hosting/nginx.conf; }\n\n",
        );
        out.push_str("charset utf-8;\nindex index.html;\n");
        out.push_str("types {\n    text/html html;\n    text/css css;\n    text/javascript js mjs;\n    application/json json;\n    application/atom+xml atom xml;\n    image/svg+xml svg;\n    image/png png;\n    image/jpeg jpg jpeg;\n    image/webp webp;\n    image/avif avif;\n    image/gif gif;\n    font/woff2 woff2;\n    font/woff woff;\n    text/plain txt;\n}\n");
        // `add_header` in a location replaces the server's: one include for all.
        out.push_str("\n# Security headers and a short cache, on every answer.\n");
        let mut headers = String::new();
        for (name, value) in self.security_headers() {
            headers.push_str(&format!("add_header {name} \"{value}\" always;\n"));
        }
        out.push_str(&headers);
        out.push_str(&format!("add_header Cache-Control \"{SHORT}\" always;\n"));
        out.push_str(&format!("\nlocation ^~ {base}/{HOSTING_DIR}/ {{ return 404; }}\n"));
        out.push_str(&format!(
            "\n# Fingerprinted assets: a new version is a new name.\nlocation ~ \"^{base}/assets/.+\\.[0-9a-f]{{8}}\\.[a-z0-9]+$\" {{\n{}    add_header Cache-Control \"{IMMUTABLE}\" always;\n    try_files $uri =404;\n}}\n",
            indent(&headers)
        ));
        out.push_str(&format!(
            "\n# `/`: the reader's first language the site has; the default if none; the chooser without the header.\nlocation = {base}/ {{\n{}    add_header Cache-Control \"{SHORT}\" always;\n    add_header Vary Accept-Language always;\n    if ($http_accept_language = \"\") {{ rewrite ^ {base}/index.html last; }}\n",
            indent(&headers)
        ));
        for lang in &self.langs {
            out.push_str(&format!(
                "    if ($http_accept_language ~* \"^\\s*{lang}(-|;|,|\\s|$)\") {{ return 302 {base}/{lang}/; }}\n"
            ));
        }
        for lang in &self.langs {
            out.push_str(&format!(
                "    if ($http_accept_language ~* \"(^|,)\\s*{lang}(-|;|,|\\s|$)\") {{ return 302 {base}/{lang}/; }}\n"
            ));
        }
        out.push_str(&format!("    return 302 {base}/{default}/;\n}}\n"));
        out.push_str("\n# Each language's own page for what is missing under it.\n");
        for lang in &self.langs {
            out.push_str(&format!(
                "location {base}/{lang}/ {{\n    error_page 404 {base}/{lang}/404.html;\n    try_files $uri $uri/ =404;\n}}\n"
            ));
        }
        out.push_str(&format!(
            "location {base}/ {{\n    error_page 404 {base}/404.html;\n    try_files $uri $uri/ =404;\n}}\n"
        ));
        out
    }

    fn caddy(&self) -> String {
        let base = &self.base;
        let default = &self.langs[0];
        let mut out = String::from(
            "# Written by duet. Import inside a site block whose root is the output folder:\n#   example.org {\n#       root * /srv/site/public\n#       import /srv/site/public/_hosting/Caddyfile\n#   }\n\n",
        );
        out.push_str("file_server\n\nheader {\n");
        for (name, value) in self.security_headers() {
            out.push_str(&format!("    {name} \"{value}\"\n"));
        }
        out.push_str(&format!("    Cache-Control \"{SHORT}\"\n}}\n"));
        out.push_str(&format!(
            "\n@hosting path {base}/{HOSTING_DIR}/*\nrespond @hosting 404\n"
        ));
        out.push_str(&format!(
            "\n@fingerprinted path_regexp ^{base}/assets/.+\\.[0-9a-f]{{8}}\\.[a-z0-9]+$\nheader @fingerprinted {{\n    Cache-Control \"{IMMUTABLE}\"\n    defer\n}}\n"
        ));
        out.push_str(&format!(
            "\n@feeds path {base}/*/atom.xml\nheader @feeds {{\n    Content-Type \"application/atom+xml; charset=utf-8\"\n    defer\n}}\n"
        ));
        out.push_str(&format!("\n@root path {base}/\nheader @root Vary Accept-Language\n"));
        for lang in &self.langs {
            out.push_str(&format!(
                "@first_{tag} {{\n    path {base}/\n    header_regexp Accept-Language (?i)^\\s*{lang}(-|;|,|\\s|$)\n}}\nredir @first_{tag} {base}/{lang}/ 302\n",
                tag = lang.as_str().replace('-', "_")
            ));
        }
        for lang in &self.langs {
            out.push_str(&format!(
                "@any_{tag} {{\n    path {base}/\n    header_regexp Accept-Language (?i)(^|,)\\s*{lang}(-|;|,|\\s|$)\n}}\nredir @any_{tag} {base}/{lang}/ 302\n",
                tag = lang.as_str().replace('-', "_")
            ));
        }
        out.push_str(&format!(
            "@other {{\n    path {base}/\n    header Accept-Language *\n}}\nredir @other {base}/{default}/ 302\n"
        ));
        out.push_str(
            "\n# Each language's own page for what is missing under it (the status stays 404).\nhandle_errors {\n",
        );
        for lang in &self.langs {
            out.push_str(&format!(
                "    @missing_{tag} path {base}/{lang}/*\n    handle @missing_{tag} {{\n        rewrite * {base}/{lang}/404.html\n        file_server\n    }}\n",
                tag = lang.as_str().replace('-', "_")
            ));
        }
        out.push_str(&format!(
            "    handle {{\n        rewrite * {base}/404.html\n        file_server\n    }}\n}}\n"
        ));
        out
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}
