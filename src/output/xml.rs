//! Escaping for the XML files duet writes (feeds, sitemap).

/// Escapes text for XML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            // XML 1.0 has no way to write these, not even as references.
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production), and
/// it is not a noncharacter, which XML discourages and readers may refuse.
fn allowed(c: char) -> bool {
    let code = c as u32;
    let char_production = matches!(c, '\t' | '\n' | '\r') || (0x20..=0xFFFD).contains(&code) || code >= 0x1_0000;
    let noncharacter = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
    char_production && !noncharacter
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(super::escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(super::escape("x\u{FFFE}y\u{FFFF}z\u{1FFFF}\u{FDD0}\t\n"), "xyz\t\n");
        assert_eq!(super::escape("Hợp tác 合作 😀"), "Hợp tác 合作 😀");
    }
}
