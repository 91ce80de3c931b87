//! Render stage: whether a page's summary only repeats the opening of its
//! body, in which case the page does not show it twice.

/// Whether `summary` is what `body` opens with (the first paragraph
/// repeated), compared letter by letter without marks or punctuation.
/// Both are read letter by letter, together, and only until the shorter
/// ends: a paragraph is not copied to be compared.
pub(super) fn opens_body(summary: &str, body: &str) -> bool {
    let letters = |s| {
        str::chars(s)
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    };
    let first = body
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with('!') && !p.starts_with('<'))
        .unwrap_or_default();
    let (mut summary, mut first) = (letters(summary), letters(first));
    // One must start with the other, and neither be empty.
    let mut compared = false;
    loop {
        match (summary.next(), first.next()) {
            (Some(a), Some(b)) if a == b => compared = true,
            (Some(_), Some(_)) => return false,
            _ => return compared,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::opens_body;

    #[test]
    fn a_summary_repeating_the_first_paragraph_is_found_whatever_its_marks_and_case() {
        let body = "## Bối cảnh\n\n![ảnh](a.jpg)\n\nHai bên đã ký, hôm nay, một thỏa thuận.\n\nĐoạn hai.";
        assert!(
            opens_body("Hai bên đã ký hôm nay", body),
            "a prefix of the first paragraph"
        );
        assert!(
            opens_body("HAI BÊN ĐÃ KÝ, HÔM NAY, MỘT THỎA THUẬN.", body),
            "the whole of it"
        );
        assert!(
            opens_body("Hai bên đã ký, hôm nay, một thỏa thuận. Và hơn thế.", body),
            "it and more"
        );
        assert!(!opens_body("Hai bên đã gặp", body), "a different paragraph");
        assert!(!opens_body("Đoạn hai.", body), "the second paragraph");
        assert!(!opens_body("", body) && !opens_body("...", body), "no letters");
        assert!(!opens_body("Hai bên", "## Chỉ tiêu đề"), "no paragraph");
    }
}
