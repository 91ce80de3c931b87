//! Which URLs an editor may publish. A link a reader follows must not run
//! code: only `http`, `https`, `mailto`, `tel` and relative URLs are
//! allowed, in Markdown and in front matter alike.

/// The URL schemes an editor may use.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Checks a URL written by an editor; the error says why it is refused.
///
/// The scheme is read as browsers read it (WHATWG URL): leading and
/// trailing control characters and spaces are ignored and tabs and line
/// breaks anywhere are dropped, so `java\tscript:` and ` javascript:` are
/// seen for what they are.
pub fn check(url: &str) -> Result<(), String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(scheme) = scheme(&cleaned) else {
        return Ok(());
    };
    if ALLOWED_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        Ok(())
    } else {
        Err(format!(
            "the URL scheme `{scheme}:` is not allowed: use {}, or a relative URL",
            ALLOWED_SCHEMES
                .iter()
                .map(|s| format!("`{s}:`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// The scheme of `url`, if it has one: a letter, then letters, digits,
/// `+`, `-` or `.`, before a `:` that comes before any `/`, `?` or `#`.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_web_mail_phone_and_relative_urls() {
        for ok in [
            "https://unesco.org/",
            "HTTP://x.org",
            "mailto:a@b.org",
            "tel:+84-24-123",
            "/vi/articles/",
            "photo.jpg",
            "../a.md#x",
            "#top",
            "?q=1",
            "a/b:c",
            "",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_script_and_data_urls_however_written() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
        ] {
            let e = check(bad).unwrap_err();
            assert!(e.contains("is not allowed"), "{bad}: {e}");
        }
    }
}
