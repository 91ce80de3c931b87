//! Pictures: the `<picture>` element an image of the site is shown with,
//! in every width and format the media stage made of it.

use std::fmt::Write;

/// An image the site publishes in several widths and formats: what its
/// `<picture>` needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Picture {
    /// The `src` of the `<img>` (a fallback variant, or the file).
    pub src: String,
    /// `srcset` of the fallback variants; empty for a file published as is.
    pub srcset: String,
    /// `srcset` of the WebP variants; empty when there are none.
    pub webp_srcset: String,
    /// The MIME type of the fallback variants.
    pub mime: String,
    /// Intrinsic width and height (of the largest variant), if known.
    pub width: Option<u32>,
    /// See `width`.
    pub height: Option<u32>,
    /// The `sizes` attribute.
    pub sizes: String,
    /// Loaded at once (the first image of a page), not lazily.
    pub eager: bool,
}

impl Picture {
    /// The picture as HTML with `alt` (plain text, escaped here).
    pub fn html(&self, alt: &str) -> String {
        // Pages, cards and listings show thousands of pictures: one buffer, no `format!`.
        let mut html = String::with_capacity(
            160 + self.webp_srcset.len() + self.srcset.len() + self.src.len() + 2 * self.sizes.len() + alt.len(),
        );
        html.push_str("<picture>");
        if !self.webp_srcset.is_empty() {
            html.push_str("<source type=\"image/webp\" srcset=\"");
            escape_into(&mut html, &self.webp_srcset);
            html.push_str("\" sizes=\"");
            escape_into(&mut html, &self.sizes);
            html.push_str("\">");
        }
        html.push_str("<img src=\"");
        escape_into(&mut html, &self.src);
        html.push('"');
        if !self.srcset.is_empty() {
            html.push_str(" srcset=\"");
            escape_into(&mut html, &self.srcset);
            html.push_str("\" sizes=\"");
            escape_into(&mut html, &self.sizes);
            html.push('"');
        }
        if let (Some(w), Some(h)) = (self.width, self.height) {
            // Writing to a String cannot fail.
            let _ = write!(html, " width=\"{w}\" height=\"{h}\"");
        }
        html.push_str(" alt=\"");
        escape_into(&mut html, alt);
        html.push('"');
        if self.eager {
            html.push_str(" fetchpriority=\"high\">");
        } else {
            html.push_str(" loading=\"lazy\" decoding=\"async\">");
        }
        html.push_str("</picture>");
        html
    }
}

/// Appends `text` to `out` escaped for an HTML attribute or element,
/// copying the runs between special characters whole.
fn escape_into(out: &mut String, text: &str) {
    // Most text (every URL of a srcset) has nothing to escape: one look at
    // all of it without stopping early, which the compiler vectorises, says so.
    let special = |b: u8| matches!(b, b'&' | b'<' | b'>' | b'"');
    if !text.bytes().fold(false, |found, b| found | special(b)) {
        out.push_str(text);
        return;
    }
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}
