//! Slugs: URL path segments folded from titles, and the [`Slug`] type that
//! guarantees a segment cannot climb out of the output folder.

use std::fmt;

/// A URL path segment of lowercase ASCII letters, digits, `-` and `_`. It
/// cannot contain `/`, `.` or `..`, so joining it to a folder stays inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Accepts a slug written by an editor, or says why it is not one.
    pub fn parse(text: &str) -> Result<Slug, String> {
        let ok = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if ok {
            Ok(Slug(text.to_string()))
        } else {
            let folded = fold(text);
            let hint = if folded.is_empty() {
                String::new()
            } else {
                format!(" such as `{folded}`")
            };
            Err(format!(
                "`{text}` is not a slug: use lowercase ASCII letters, digits and `-`{hint}"
            ))
        }
    }

    /// Folds any text into a slug, or `None` if nothing of it survives.
    pub fn from_title(title: &str) -> Option<Slug> {
        let folded = fold(title);
        (!folded.is_empty()).then_some(Slug(folded))
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

/// Folds text to ASCII words joined by `-`: Vietnamese diacritics are
/// dropped and `đ` becomes `d` (`Hợp tác chiến lược` → `hop-tac-chien-luoc`);
/// other scripts are transliterated.
pub fn fold(text: &str) -> String {
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
        assert_eq!(fold("Hợp tác chiến lược"), "hop-tac-chien-luoc");
        assert_eq!(fold("Đối thoại đa phương"), "doi-thoai-da-phuong");
        assert_eq!(fold("Thăng Long – Hà Nội, 2025!"), "thang-long-ha-noi-2025");
    }

    #[test]
    fn transliterates_chinese() {
        let s = fold("联想集团");
        assert!(!s.is_empty() && s.is_ascii(), "{s}");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s = fold(&"hợp tác ".repeat(30));
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
    fn from_title_of_symbols_is_none() {
        assert_eq!(Slug::from_title("!!! ???"), None);
    }
}
