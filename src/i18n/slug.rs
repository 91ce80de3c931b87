//! Slugs: URL path segments folded from titles, and the [`Slug`] type that
//! guarantees a segment cannot climb out of the output folder.

use std::fmt;

/// A URL path segment of lowercase ASCII letters, digits, `-` and `_`. It
/// cannot contain `/`, `.` or `..`, so joining it to a folder stays inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// The longest slug accepted. A slug is a folder name in the output, and
/// file systems refuse names over 255 bytes; titles fold to at most 80.
pub const MAX_LEN: usize = 100;

impl Slug {
    /// Accepts a slug written by an editor, or says why it is not one.
    pub fn parse(text: &str) -> Result<Slug, String> {
        let ok = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            let folded = slugify(text);
            let hint = if folded.is_empty() {
                String::new()
            } else {
                format!(" such as `{folded}`")
            };
            return Err(format!(
                "`{text}` is not a slug: use lowercase ASCII letters, digits and `-`{hint}"
            ));
        }
        let length = text.chars().count();
        if length > MAX_LEN {
            // Not echoed: the point is that it is long.
            return Err(format!(
                "the slug is {length} characters long; at most {MAX_LEN} are allowed"
            ));
        }
        if let Some(reason) = reserved_reason(text) {
            return Err(format!("`{text}` is not a slug: {reason}"));
        }
        Ok(Slug(text.to_string()))
    }

    /// Folds any text into a slug, or `None` if nothing of it survives. A
    /// fold that is a name Windows reserves gets `-1` added, so a title
    /// such as "Con" still makes a folder that can be copied anywhere.
    pub fn from_title(title: &str) -> Option<Slug> {
        let folded = slugify(title);
        match folded.as_str() {
            "" => None,
            name if is_reserved(name) => Some(Slug(format!("{folded}-1"))),
            _ => Some(Slug(folded)),
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why `text` cannot name a folder of the output although it is made of
/// slug characters: Windows reserves it for a device.
pub fn reserved_reason(text: &str) -> Option<String> {
    is_reserved(text).then(|| {
        format!(
            "Windows reserves the name {}, so the site could not be copied there",
            text.to_ascii_uppercase()
        )
    })
}

/// Whether Windows reserves `name` for a device (CON, PRN, AUX, NUL,
/// COM1–COM9, LPT1–LPT9), in any case: no file or folder may have it.
pub fn is_reserved(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let numbered = lower.strip_prefix("com").or_else(|| lower.strip_prefix("lpt"));
            numbered.is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        }
    }
}

/// Folds text to ASCII words joined by `-`: Vietnamese diacritics are
/// dropped and `đ` becomes `d` (`Hợp tác chiến lược` → `hop-tac-chien-luoc`);
/// other scripts are transliterated.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let trimmed = slug.trim_end_matches('-');
    // Very long titles make unwieldy URLs; cut at a word boundary.
    const MAX: usize = 80;
    if trimmed.len() <= MAX {
        return trimmed.to_string();
    }
    let cut = trimmed[..MAX].rfind('-').unwrap_or(MAX);
    trimmed[..cut].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(slugify("Hợp tác chiến lược"), "hop-tac-chien-luoc");
        assert_eq!(slugify("Đối thoại đa phương"), "doi-thoai-da-phuong");
        assert_eq!(slugify("Thăng Long – Hà Nội, 2025!"), "thang-long-ha-noi-2025");
    }

    #[test]
    fn transliterates_chinese() {
        let s = slugify("联想集团");
        assert!(!s.is_empty() && s.is_ascii(), "{s}");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s = slugify(&"hợp tác ".repeat(30));
        assert!(s.len() <= 80 && !s.ends_with('-'), "{s}");
        assert!(s.ends_with("tac"), "{s}");
    }

    #[test]
    fn parse_rejects_paths() {
        assert!(Slug::parse("../../x").is_err());
        assert!(Slug::parse("/etc").is_err());
        assert!(Slug::parse("a/b").is_err());
        assert!(Slug::parse("..").is_err());
        assert!(Slug::parse("").is_err());
        let e = Slug::parse("Hợp tác").unwrap_err();
        assert!(e.contains("`hop-tac`"), "{e}");
        assert_eq!(Slug::parse("hop-tac_2").unwrap().as_str(), "hop-tac_2");
    }

    #[test]
    fn names_windows_reserves_are_refused_in_any_case() {
        for name in ["con", "aux", "nul", "prn", "com1", "lpt9"] {
            let e = Slug::parse(name).unwrap_err();
            assert!(e.contains("Windows reserves"), "{e}");
            assert!(is_reserved(&name.to_ascii_uppercase()));
        }
        assert!(!is_reserved("com0") && !is_reserved("com10") && !is_reserved("console"));
        assert_eq!(Slug::from_title("CON").unwrap().as_str(), "con-1");
    }

    #[test]
    fn slugs_longer_than_a_file_name_allows_are_refused() {
        let e = Slug::parse(&"a".repeat(300)).unwrap_err();
        assert_eq!(e, "the slug is 300 characters long; at most 100 are allowed");
        assert!(Slug::parse(&"a".repeat(MAX_LEN)).is_ok());
    }

    #[test]
    fn from_title_of_symbols_is_none() {
        assert_eq!(Slug::from_title("!!! ???"), None);
    }
}
