//! Config stage: reads and validates `site.yaml` into a [`SiteConfig`].

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, closest, io_error};
use crate::yaml as front_matter;

mod identity;
mod media;

use identity::likely_region;
pub use identity::{LegalLink, Publisher, TimeZone};
pub use media::{CardsConfig, MediaConfig};

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// A language code that is safe to use as a URL prefix and a file suffix
/// (`vi`, `en`, `zh`, `pt-br`): lowercase ASCII letters, digits and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Lang(Arc<str>);

impl Lang {
    /// Validates a language code.
    pub fn parse(code: &str) -> Result<Lang, String> {
        let ok_chars = code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if code.is_empty() || !ok_chars || code.starts_with('-') || code.ends_with('-') {
            return Err(format!(
                "`{code}` is not a language code: use lowercase letters such as `vi`, `en` or `zh`"
            ));
        }
        code.parse::<unic_langid::LanguageIdentifier>()
            .map_err(|_| format!("`{code}` is not a valid BCP 47 language code"))?;
        Ok(Lang(Arc::from(code)))
    }

    /// The code as written in `site.yaml`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `site.yaml` as written by the editor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    languages: Vec<RawLanguage>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default)]
    sections: RawSections,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    media: MediaConfig,
    #[serde(default)]
    hosting: Vec<Host>,
    #[serde(default)]
    publisher: Option<Publisher>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    cards: CardsConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    /// `ltr` or `rtl`; by default from the code (ar, fa, he, ur… are rtl).
    dir: Option<String>,
    /// Open Graph locale (`vi_VN`); by default from the code.
    locale: Option<String>,
    /// Languages whose UI strings stand in for missing ones, in order.
    #[serde(default)]
    fallback: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSections {
    #[serde(default)]
    articles: SectionConfig,
    #[serde(default)]
    partners: SectionConfig,
    #[serde(default)]
    pages: SectionConfig,
}

/// Settings of one content section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionConfig {
    /// What readers of a language get for a page not translated into it.
    #[serde(default)]
    pub fallback: Fallback,
}

/// What a language shows for a page that has no translation into it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fallback {
    /// No page; the switcher says the page is not translated.
    #[default]
    Omit,
    /// The source is published at the translated URL with a visible notice,
    /// marked with its real language, canonical to the source, and kept out
    /// of alternates, the sitemap and the language's feed.
    Notice,
    /// A static page that sends readers and search engines to the source.
    Redirect,
}

/// What raw HTML written in Markdown bodies may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept only as far as it is safe: formatting tags, images and links
    /// with allowed URL schemes, and iframes from the hosts in `embeds`;
    /// scripts, styles, event handlers and other hosts' frames are removed.
    #[default]
    #[serde(alias = "sanitize")]
    Sanitise,
    /// Published as written, for sites whose every editor is trusted.
    Trusted,
}

/// The `markdown` settings of `site.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// What raw HTML in bodies may do.
    #[serde(default)]
    pub raw_html: RawHtml,
    /// Host names whose `https` pages may be embedded in an `<iframe>`
    /// (`www.youtube-nocookie.com`, `player.vimeo.com`).
    #[serde(default)]
    pub embeds: Vec<String>,
}

/// A kind of host duet writes configuration for (`hosting:` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    /// Netlify and Cloudflare Pages: `_headers` and `_redirects`.
    Netlify,
    /// An nginx `server` snippet: `_hosting/nginx.conf`.
    Nginx,
    /// A Caddyfile snippet: `_hosting/Caddyfile`.
    Caddy,
}

/// Per-section settings, by section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sections {
    /// `content/articles/`.
    pub articles: SectionConfig,
    /// `content/partners/`.
    pub partners: SectionConfig,
    /// Other standalone pages.
    pub pages: SectionConfig,
}

fn default_theme() -> String {
    "portal".into()
}

fn default_paginate() -> usize {
    10
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its code: URL prefix, file suffix and `lang` attribute.
    pub lang: Lang,
    /// Its name in itself ("Tiếng Việt", "English"), shown in the switcher.
    pub name: String,
    /// Whether it is written right to left.
    pub rtl: bool,
    /// Its Open Graph locale, `ll_CC` or `ll`.
    pub locale: String,
    /// Languages whose UI strings stand in for missing ones, in order.
    pub fallback: Vec<Lang>,
}

/// Scripts written right to left, by language code.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "ha", "he", "khw", "ks", "ps", "sd", "ur", "yi",
];

/// A base URL as duet keeps it: absolute http(s), without a trailing slash.
pub fn base_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err(format!(
            "`{url}` is not a base URL: write it as https://host or https://host/path"
        ));
    }
    Ok(trimmed.to_string())
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The absolute URL the site is served from, without a trailing slash.
    pub base_url: String,
    /// The language of source pages and of `/`.
    pub default_lang: Lang,
    /// Every language of the site, default first.
    pub languages: Vec<Language>,
    /// The theme folder name under `themes/`, or the built-in theme.
    pub theme: String,
    /// Items per listing page.
    pub paginate: usize,
    /// Per-section settings.
    pub sections: Sections,
    /// What Markdown bodies may contain.
    pub markdown: MarkdownConfig,
    /// How images are processed.
    pub media: MediaConfig,
    /// Hosts to write configuration for, with the site.
    pub hosting: Vec<Host>,
    /// Who publishes the site, if said.
    pub publisher: Option<Publisher>,
    /// The offset of the site's dates from UTC.
    pub timezone: TimeZone,
    /// The text of `site.yaml`, for diagnostics found after parsing.
    pub source: Arc<str>,
    /// Social cards of pages without an image.
    pub cards: CardsConfig,
}

impl SiteConfig {
    /// Reads and validates `site.yaml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| io_error(Path::new(CONFIG_FILE), "read the site configuration", &e))?;
        SiteConfig::parse(&text)
    }

    /// Validates the text of `site.yaml`.
    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostics> {
        let source: Arc<str> = Arc::from(text);
        let at = |line, column, message: String| {
            Diagnostic::at(CONFIG_FILE, line, column, message).with_source(source.clone())
        };
        let raw: RawConfig = front_matter::parse(text).map_err(|e| {
            let field = front_matter::unknown_field(&e.message);
            let message = field.map_or(e.message.clone(), |f| format!("unknown key `{f}`"));
            let mut d = at(e.line, e.column, message);
            if let Some(field) = field {
                let known = [
                    "sections",
                    "fallback",
                    "dir",
                    "locale",
                    "articles",
                    "partners",
                    "pages",
                    "base_url",
                    "default_language",
                    "languages",
                    "theme",
                    "paginate",
                    "markdown",
                    "hosting",
                    "raw_html",
                    "embeds",
                    "media",
                    "widths",
                    "quality",
                    "max_megabytes",
                    "max_megapixels",
                    "default_image",
                    "cards",
                    "enabled",
                    "fonts",
                    "code",
                    "name",
                    "publisher",
                    "logo",
                    "url",
                    "email",
                    "legal",
                    "label",
                    "timezone",
                ];
                if let Some(near) = closest(field, known) {
                    d = d.with_hint(format!("did you mean `{near}`?"));
                }
            }
            d
        })?;
        let key_at = |key: &str, message: String| {
            let (line, column) = front_matter::locate_key(text, key).unwrap_or((1, 1));
            at(line, column, message)
        };

        let mut problems = Vec::new();
        let mut languages: Vec<Language> = Vec::new();
        for raw_lang in &raw.languages {
            match Lang::parse(&raw_lang.code) {
                Ok(lang) if languages.iter().any(|l| l.lang == lang) => {
                    problems.push(key_at("languages", format!("language `{lang}` is listed twice")));
                }
                Ok(lang) => {
                    let primary = lang.as_str().split('-').next().unwrap_or_default();
                    let rtl = match raw_lang.dir.as_deref() {
                        None => RTL_LANGUAGES.contains(&primary),
                        Some("rtl") => true,
                        Some("ltr") => false,
                        Some(other) => {
                            problems.push(key_at("languages", format!("`dir: {other}` must be `ltr` or `rtl`")));
                            false
                        }
                    };
                    let locale = raw_lang
                        .locale
                        .clone()
                        .unwrap_or_else(|| match lang.as_str().split_once('-') {
                            Some((l, region)) => format!("{l}_{}", region.to_uppercase()),
                            None => match likely_region(lang.as_str()) {
                                Some(region) => format!("{lang}_{region}"),
                                None => lang.to_string(),
                            },
                        });
                    languages.push(Language {
                        lang,
                        name: raw_lang.name.clone(),
                        rtl,
                        locale,
                        fallback: Vec::new(),
                    });
                }
                Err(message) => problems.push(key_at("languages", message)),
            }
        }
        // Fallback chains may only name the site's languages, and not the language itself.
        for language in &mut languages {
            let Some(raw_lang) = raw.languages.iter().find(|r| r.code == language.lang.as_str()) else {
                continue;
            };
            for code in &raw_lang.fallback {
                match Lang::parse(code) {
                    Ok(l) if l != language.lang && raw.languages.iter().any(|r| r.code == l.as_str()) => {
                        language.fallback.push(l);
                    }
                    _ => problems.push(key_at(
                        "languages",
                        format!(
                            "`{}` falls back to `{code}`, which is not another of the site's languages",
                            language.lang
                        ),
                    )),
                }
            }
        }
        if raw.languages.is_empty() {
            problems.push(key_at("languages", "at least one language is needed".into()));
        }
        let default_lang = match Lang::parse(&raw.default_language) {
            Ok(lang) => match languages.iter().position(|l| l.lang == lang) {
                Some(i) => {
                    languages[..=i].rotate_right(1);
                    Some(lang)
                }
                None => {
                    problems.push(key_at(
                        "default_language",
                        format!("the default language `{lang}` is not in `languages`"),
                    ));
                    None
                }
            },
            Err(message) => {
                problems.push(key_at("default_language", message));
                None
            }
        };
        let base_url = base_url(&raw.base_url).unwrap_or_else(|message| {
            problems.push(key_at("base_url", message));
            String::new()
        });
        let theme_ok = !raw.theme.is_empty()
            && raw
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !theme_ok {
            problems.push(key_at(
                "theme",
                format!("`{}` is not a theme folder name (letters, digits, `-`, `_`)", raw.theme),
            ));
        }
        if raw.paginate == 0 {
            problems.push(key_at("paginate", "`paginate` must be at least 1".into()));
        }
        for host in &raw.markdown.embeds {
            let valid = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
            if !valid {
                problems.push(key_at(
                    "embeds",
                    format!(
                        "`{host}` is not a host name: write it as `www.youtube-nocookie.com`, without scheme or path"
                    ),
                ));
            }
        }
        let media = &raw.media;
        if media.widths.is_empty() || media.widths.iter().any(|&w| w == 0 || w > 10_000) {
            problems.push(key_at(
                "widths",
                "`widths` lists image widths in pixels, each from 1 to 10000".into(),
            ));
        }
        if !(1..=100).contains(&media.quality) {
            problems.push(key_at("quality", "`quality` must be from 1 to 100".into()));
        }
        let timezone = match raw.timezone.as_deref().map(TimeZone::parse) {
            None => TimeZone::default(),
            Some(Ok(tz)) => tz,
            Some(Err(message)) => {
                problems.push(key_at("timezone", message));
                TimeZone::default()
            }
        };
        if let Some(publisher) = &raw.publisher {
            for (key, url) in [("url", &publisher.url), ("logo", &publisher.logo)] {
                if let Some(Err(why)) = url.as_deref().map(crate::url::check) {
                    problems.push(key_at(key, why));
                }
            }
            for link in &publisher.legal {
                if let Err(why) = crate::url::check(&link.url) {
                    problems.push(key_at("legal", why));
                }
            }
            if let Some(email) = &publisher.email
                && (email.contains(char::is_whitespace) || email.split('@').count() != 2)
            {
                problems.push(key_at("email", format!("`{email}` is not an email address")));
            }
        }
        match default_lang {
            Some(default_lang) if problems.is_empty() => Ok(SiteConfig {
                base_url,
                default_lang,
                languages,
                theme: raw.theme,
                paginate: raw.paginate,
                sections: Sections {
                    articles: raw.sections.articles,
                    partners: raw.sections.partners,
                    pages: raw.sections.pages,
                },
                markdown: raw.markdown,
                media: MediaConfig {
                    widths: {
                        let mut widths = raw.media.widths;
                        widths.sort_unstable();
                        widths.dedup();
                        widths
                    },
                    ..raw.media
                },
                hosting: raw.hosting,
                publisher: raw.publisher,
                timezone,
                source,
                cards: raw.cards,
            }),
            _ => Err(problems.into()),
        }
    }

    /// A problem with the value of top-level `key` in `site.yaml`, at its line.
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.error_at_path(&[key], message)
    }

    /// A problem with a key given by its path from the top of `site.yaml`
    /// (`["publisher", "logo"]`), at its line and column.
    pub fn error_at_path(&self, keys: &[&str], message: impl Into<String>) -> Diagnostic {
        self.error_at(front_matter::locate_path(&self.source, keys), message)
    }

    /// A problem with `item`, a value written under top-level `key` in
    /// `site.yaml` (a file name in a list, a link's target), where it is
    /// written; at `key` when it is not written as is.
    pub fn error_at_item(&self, key: &str, item: &str, message: impl Into<String>) -> Diagnostic {
        let at =
            front_matter::locate_item(&self.source, key, item).or_else(|| front_matter::locate_key(&self.source, key));
        self.error_at(at, message)
    }

    fn error_at(&self, at: Option<(usize, usize)>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = at.unwrap_or((1, 1));
        Diagnostic::at(CONFIG_FILE, line, column, message.into()).with_source(self.source.clone())
    }

    /// The language with this code, if the site has it.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.lang.as_str() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "base_url: https://example.org/\ndefault_language: en\nlanguages:\n  - code: vi\n    name: Tiếng Việt\n  - code: en\n    name: English\n";

    #[test]
    fn default_language_comes_first() {
        let c = SiteConfig::parse(GOOD).unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| l.lang.as_str()).collect();
        assert_eq!(codes, ["en", "vi"]);
        assert_eq!(c.base_url, "https://example.org");
        assert_eq!(c.paginate, 10);
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_hint() {
        let text = format!("{GOOD}them: portal\n");
        let d = SiteConfig::parse(&text).unwrap_err().0.remove(0);
        assert_eq!(d.position.map(|p| p.line), Some(8));
        assert_eq!(d.message, "unknown key `them`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `theme`?"));
    }

    #[test]
    fn default_language_must_be_listed() {
        let text = GOOD.replace("default_language: en", "default_language: fr");
        let d = SiteConfig::parse(&text).unwrap_err().0.remove(0);
        assert!(d.message.contains("`fr` is not in `languages`"), "{}", d.message);
        assert_eq!(d.position.map(|p| p.line), Some(2));
    }

    #[test]
    fn language_codes_cannot_hold_paths() {
        assert!(Lang::parse("../x").is_err());
        assert!(Lang::parse("EN").is_err());
        assert!(Lang::parse("").is_err());
        assert!(Lang::parse("pt-br").is_ok());
    }
}
