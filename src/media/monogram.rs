//! Monograms: the logo of a partner that has none — its initials on a
//! tile in one of the theme's colours, so lists of partners have no holes.

/// Up to two initials of `name`: the first letters of its first two words
/// that start with a letter (`World Heritage Centre` → `WH`, `UNESCO` → `U`).
pub fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// One of the theme's four monogram tones, chosen from `id` so a partner
/// keeps its colour from build to build.
pub fn tone(id: &str) -> u8 {
    let sum = id
        .bytes()
        .fold(0u32, |acc, b| acc.wrapping_mul(31).wrapping_add(u32::from(b)));
    (sum % 4) as u8
}

/// An inline SVG of `letters` (a partner's chosen monogram or its
/// initials), decorative (the name is always written beside it), coloured
/// by the theme's CSS through its class.
pub fn svg(id: &str, letters: &str, size: u32) -> String {
    let initials = letters;
    // Longer monograms in smaller type, so five letters still fit the tile.
    let font = match initials.chars().count() {
        0 | 1 => 32,
        2 => 26,
        3 => 20,
        4 => 16,
        _ => 13,
    };
    format!(
        "<svg class=\"logo monogram tone-{tone}\" viewBox=\"0 0 64 64\" width=\"{size}\" height=\"{size}\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"64\" height=\"64\" rx=\"12\"/><text x=\"32\" y=\"32\" dy=\".35em\" text-anchor=\"middle\" font-size=\"{font}\">{text}</text></svg>",
        tone = tone(id),
        text = escape(initials),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("UNESCO"), "U");
        assert_eq!(initials("World Heritage Centre"), "WH");
        assert_eq!(initials("Đại sứ quán"), "ĐS");
        assert_eq!(initials("联想"), "联");
        assert_eq!(initials("<b> & co"), "BC");
    }

    #[test]
    fn monograms_escape_their_text() {
        assert!(svg("x", "<b>", 48).contains(">&lt;b&gt;</text>"));
    }
}
