//! The site's identity in `site.yaml`: who publishes it, and the time
//! zone and regions its dates and locales are given in.

use std::fmt;

use serde::Deserialize;

/// Who publishes the site (`publisher:` in `site.yaml`): shown in the
/// footer and the root page, and in every article's JSON-LD. Its name,
/// address and notice are Fluent messages (`publisher-name`,
/// `publisher-address`, `publisher-notice`), so each language words them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Its logo, relative to `content/` (SVG or raster).
    #[serde(default)]
    pub logo: Option<String>,
    /// Its own web site.
    #[serde(default)]
    pub url: Option<String>,
    /// Where readers write to.
    #[serde(default)]
    pub email: Option<String>,
    /// Legal pages (terms, privacy), each a Fluent message and a link.
    #[serde(default)]
    pub legal: Vec<LegalLink>,
}

/// A link of the footer's legal line.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalLink {
    /// The Fluent message that labels it (`legal-privacy`).
    pub label: String,
    /// A content file (`privacy.md`, in the reader's language), a site path or a URL.
    pub url: String,
}

impl LegalLink {
    /// Whether it names a content file rather than a site path or a URL.
    pub fn is_content_file(&self) -> bool {
        self.url.ends_with(".md") && !self.url.contains("://")
    }
}

/// A fixed offset from UTC in minutes, which the site's dates are in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeZone {
    /// Minutes east of UTC.
    pub minutes: i32,
}

impl TimeZone {
    /// Parses `+07:00`, `-03:30`, `UTC` or `Z`.
    pub fn parse(text: &str) -> Result<TimeZone, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(TimeZone { minutes: 0 });
        }
        let bad =
            || format!("`{text}` is not a UTC offset: write it as `+07:00` (Viet Nam), `+09:00` (Japan) or `UTC`");
        let (sign, rest) = match text.as_bytes().first() {
            Some(b'+') => (1, &text[1..]),
            Some(b'-') => (-1, &text[1..]),
            _ => return Err(bad()),
        };
        let (h, m) = rest.split_once(':').ok_or_else(bad)?;
        let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || !digits(m) {
            return Err(bad());
        }
        let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 14 || m > 59 {
            return Err(bad());
        }
        Ok(TimeZone {
            minutes: sign * (h * 60 + m),
        })
    }
}

impl fmt::Display for TimeZone {
    /// The ISO 8601 form: `+07:00`, `Z` for UTC.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.minutes == 0 {
            return f.write_str("Z");
        }
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let m = self.minutes.abs();
        write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

/// The region a language is most often published for, for Open Graph's
/// `ll_CC` locales when `site.yaml` names none (likely subtags).
pub(super) fn likely_region(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "vi" => "VN",
        "en" => "US",
        "zh" => "CN",
        "ja" => "JP",
        "ko" => "KR",
        "fr" => "FR",
        "de" => "DE",
        "es" => "ES",
        "it" => "IT",
        "pt" => "BR",
        "ru" => "RU",
        "th" => "TH",
        "id" => "ID",
        "ms" => "MY",
        "km" => "KH",
        "lo" => "LA",
        "ar" => "EG",
        "he" => "IL",
        "fa" => "IR",
        "hi" => "IN",
        "nl" => "NL",
        "pl" => "PL",
        "tr" => "TR",
        "uk" => "UA",
        _ => return None,
    })
}
