//! Drawing a card: the title wrapped to the card's width (smaller type
//! for longer titles, an ellipsis past the last line), laid out as SVG in
//! the theme's colours, rasterised by resvg and encoded as PNG. Pure:
//! text and fonts in, bytes out.

use resvg::{tiny_skia, usvg};

use super::fonts::Fonts;
use super::{Card, HEIGHT, WIDTH};

/// The portal theme's palette (`themes/portal/static/assets/duet.css`,
/// light scheme): `--accent` for the band, `--fg` for the title.
pub(super) struct Palette {
    pub(super) background: &'static str,
    pub(super) title: &'static str,
    pub(super) accent: &'static str,
    pub(super) on_accent: &'static str,
    pub(super) rule: &'static str,
}

/// The colours cards are drawn in; part of every card's cache key.
pub(super) const PALETTE: Palette = Palette {
    background: "#ffffff",
    title: "#1c1f23",
    accent: "#0b57a4",
    on_accent: "#ffffff",
    rule: "#d9dde2",
};

/// Left and right margin.
const MARGIN: f32 = 80.0;
/// The band at the foot of the card, with the site's title.
const BAND_TOP: f32 = 510.0;
/// Where the title's block may be, above the band.
const TITLE_TOP: f32 = 96.0;
const TITLE_BOTTOM: f32 = 470.0;
/// Type sizes tried for the title, largest first, with the lines each allows.
const TITLE_SIZES: [(f32, usize); 3] = [(72.0, 3), (60.0, 4), (52.0, 4)];
const LINE_HEIGHT: f32 = 1.22;
const SITE_SIZE: f32 = 34.0;
const PUBLISHER_SIZE: f32 = 26.0;
const ELLIPSIS: char = '…';

/// A title set in lines at one size.
#[derive(Debug, PartialEq)]
pub(super) struct Set {
    pub(super) size: f32,
    pub(super) lines: Vec<String>,
}

/// Sets `text` in at most the lines of the largest size it fits at, else
/// at the smallest size with an ellipsis ending its last line.
pub(super) fn set_title(fonts: &Fonts, text: &str, width: f32) -> Set {
    for (size, most) in TITLE_SIZES {
        let lines = wrap(fonts, text, size, width);
        if lines.len() <= most {
            return Set { size, lines };
        }
    }
    let (size, most) = TITLE_SIZES[TITLE_SIZES.len() - 1];
    let mut lines = wrap(fonts, text, size, width);
    lines.truncate(most);
    let last = lines.pop().unwrap_or_default();
    lines.push(ellipsis(fonts, &format!("{last}{ELLIPSIS}"), size, true, width));
    Set { size, lines }
}

/// Greedy line breaking at spaces; a word wider than a line (a URL, or
/// Chinese, written without spaces) is broken between characters.
fn wrap(fonts: &Fonts, text: &str, size: f32, width: f32) -> Vec<String> {
    let fits = |s: &str| fonts.width(s, size, true) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` (which ends with an ellipsis when it was cut) shortened until
/// it fits `width`, cut at a space where one is near.
pub(super) fn ellipsis(fonts: &Fonts, text: &str, size: f32, bold: bool, width: f32) -> String {
    if fonts.width(text, size, bold) <= width {
        return text.to_string();
    }
    let mut kept: String = text.trim_end_matches(ELLIPSIS).to_string();
    while !kept.is_empty() && fonts.width(&format!("{kept}{ELLIPSIS}"), size, bold) > width {
        kept.pop();
    }
    // A word cut in two reads worse than one left out, when little is lost.
    if let Some(space) = kept.rfind(' ')
        && kept.len() - space < 12
    {
        kept.truncate(space);
    }
    format!("{}{ELLIPSIS}", kept.trim_end_matches([' ', ',', ':', ';', '-', '–']))
}

/// The card as SVG.
pub(super) fn svg(fonts: &Fonts, card: &Card) -> String {
    let p = &PALETTE;
    let families = fonts.families();
    let inner = WIDTH as f32 - 2.0 * MARGIN;
    let title = set_title(fonts, &card.headline, inner);
    let line = title.size * LINE_HEIGHT;
    let block = line * title.lines.len() as f32;
    let first = TITLE_TOP + ((TITLE_BOTTOM - TITLE_TOP - block) / 2.0).max(0.0) + title.size;
    // Right-to-left titles start at the right margin.
    let (x, anchor) = if card.rtl {
        (WIDTH as f32 - MARGIN, "end")
    } else {
        (MARGIN, "start")
    };
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{bg}\"/>\
         <rect x=\"{MARGIN}\" y=\"56\" width=\"120\" height=\"10\" rx=\"5\" fill=\"{accent}\"/>\
         <rect y=\"{BAND_TOP}\" width=\"{WIDTH}\" height=\"{band}\" fill=\"{accent}\"/>\
         <rect y=\"{rule_y}\" width=\"{WIDTH}\" height=\"2\" fill=\"{rule}\"/>",
        bg = p.background,
        accent = p.accent,
        rule = p.rule,
        band = HEIGHT as f32 - BAND_TOP,
        rule_y = BAND_TOP - 2.0,
    );
    for (n, text) in title.lines.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" font-family=\"{families}\" font-weight=\"700\" font-size=\"{size}\" fill=\"{fill}\">{text}</text>",
            y = first + line * n as f32,
            size = title.size,
            fill = p.title,
            text = escape(text),
        ));
    }
    // The band: the site's title, and its publisher at the other end.
    let baseline = BAND_TOP + (HEIGHT as f32 - BAND_TOP) / 2.0 + SITE_SIZE * 0.36;
    let publisher = card
        .publisher
        .as_deref()
        .map(|name| ellipsis(fonts, name, PUBLISHER_SIZE, false, inner * 0.45));
    let publisher_width = publisher
        .as_deref()
        .map_or(0.0, |name| fonts.width(name, PUBLISHER_SIZE, false) + 40.0);
    let site_title = ellipsis(fonts, &card.site_title, SITE_SIZE, true, inner - publisher_width);
    let (site_x, site_anchor, other_x, other_anchor) = if card.rtl {
        (WIDTH as f32 - MARGIN, "end", MARGIN, "start")
    } else {
        (MARGIN, "start", WIDTH as f32 - MARGIN, "end")
    };
    out.push_str(&format!(
        "<text x=\"{site_x}\" y=\"{baseline:.1}\" text-anchor=\"{site_anchor}\" font-family=\"{families}\" font-weight=\"700\" font-size=\"{SITE_SIZE}\" fill=\"{fill}\">{text}</text>",
        fill = p.on_accent,
        text = escape(&site_title),
    ));
    if let Some(name) = publisher {
        out.push_str(&format!(
            "<text x=\"{other_x}\" y=\"{baseline:.1}\" text-anchor=\"{other_anchor}\" font-family=\"{families}\" font-weight=\"400\" font-size=\"{PUBLISHER_SIZE}\" fill=\"{fill}\" fill-opacity=\"0.85\">{text}</text>",
            fill = p.on_accent,
            text = escape(&name),
        ));
    }
    out.push_str("</svg>");
    out
}

/// Rasterises `svg` with `fonts` and encodes it as an opaque PNG.
pub(super) fn png(fonts: &Fonts, svg: &str, lang: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: fonts.db.clone(),
        font_family: super::fonts::FAMILY.to_string(),
        languages: vec![lang.to_string()],
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("the card could not be laid out: {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("the card could not be allocated")?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    // Opaque, so premultiplied RGBA is plain RGBA, and alpha can go.
    let rgba = image::RgbaImage::from_raw(WIDTH, HEIGHT, pixmap.take()).ok_or("the card has no pixels")?;
    let rgb = image::DynamicImage::ImageRgba8(rgba).into_rgb8();
    let mut out = Vec::new();
    use image::ImageEncoder;
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(rgb.as_raw(), WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
        .map_err(|e| format!("the card could not be encoded: {e}"))?;
    Ok(out)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_are_large_and_long_ones_end_with_an_ellipsis() {
        let fonts = Fonts::built_in();
        let short = set_title(&fonts, "Hà Nội", 1040.0);
        assert_eq!(
            short,
            Set {
                size: 72.0,
                lines: vec!["Hà Nội".into()]
            }
        );
        let long = "Đối thoại chính sách về giáo dục môi trường và di sản thế giới ".repeat(6);
        let set = set_title(&fonts, &long, 1040.0);
        assert_eq!(set.lines.len(), 4);
        assert!(set.lines[3].ends_with(ELLIPSIS), "{:?}", set.lines);
        for line in &set.lines {
            assert!(fonts.width(line, set.size, true) <= 1040.0, "{line}");
        }
    }

    #[test]
    fn words_wider_than_a_line_are_broken() {
        let fonts = Fonts::built_in();
        let lines = wrap(&fonts, &"x".repeat(200), 60.0, 1040.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| fonts.width(l, 60.0, true) <= 1040.0));
    }

    #[test]
    fn text_is_escaped() {
        let card = Card {
            lang: crate::config::Lang::parse("en").unwrap(),
            rtl: false,
            headline: "<b>Tom & \"Jerry\"</b>".into(),
            site_title: "A & B".into(),
            publisher: None,
        };
        let svg = svg(&Fonts::built_in(), &card);
        assert!(svg.contains("&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"), "{svg}");
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }
}
