//! The fonts cards are drawn with: duet's own Noto Sans (Latin and
//! Vietnamese), then the site's `cards.fonts`, in that order — the order
//! in which a character is looked for, when measuring and when drawing.
//! Read with the site (the load stage), then shared by every card.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use resvg::usvg::fontdb;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use crate::config::SiteConfig;
use crate::content::fingerprint::fnv1a;
use crate::diagnostics::Diagnostics;

// Noto Sans (SIL OFL 1.1, `fonts/OFL.txt`) from Debian's fonts-noto-core,
// subset with fontTools 4.68 (`fonts/README.md`):
//   pyftsubset /usr/share/fonts/truetype/noto/NotoSans-$w.ttf \
//     --unicodes="U+0000-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AB" \
//     --layout-features='*' --no-hinting --output-file=NotoSans-$w.subset.ttf
/// Noto Sans Bold, for titles.
static BOLD: &[u8] = include_bytes!("fonts/NotoSans-Bold.subset.ttf");
/// Noto Sans Regular, for the publisher's name.
static REGULAR: &[u8] = include_bytes!("fonts/NotoSans-Regular.subset.ttf");

/// The family name of the built-in font, as SVG names it.
pub(super) const FAMILY: &str = "Noto Sans";

/// One font file: its bytes, its family and whether it is bold.
struct Face {
    data: Arc<Vec<u8>>,
    family: String,
    bold: bool,
}

/// Every font a card may use, loaded once per build.
pub struct Fonts {
    /// The database resvg draws from (no system fonts: a card looks the
    /// same on every machine).
    pub(super) db: Arc<fontdb::Database>,
    faces: Vec<Face>,
    /// Per weight (regular, bold): each character's advance in ems, from
    /// the first font that has it, fonts of that weight first.
    advances: [HashMap<char, f32>; 2],
    /// A hash of every font's bytes, part of each card's cache key.
    pub(super) hash: u64,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("families", &self.faces.iter().map(|x| &x.family).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Fonts {
    /// A hash of every font's bytes: cards drawn with other fonts differ.
    pub fn fingerprint(&self) -> u64 {
        self.hash
    }

    /// The built-in fonts alone.
    pub fn built_in() -> Fonts {
        Fonts::with(Vec::new()).expect("the built-in fonts are valid")
    }

    /// The built-in fonts and the site's `cards.fonts` (relative to `root`).
    /// A file that cannot be read, or is no font, is an error at its line
    /// of `site.yaml`.
    pub fn load(root: &Path, config: &SiteConfig) -> Result<Fonts, Diagnostics> {
        // At the file's name in the list, else at `cards:`.
        let at = |rel: &str, message: String| {
            config
                .error_at_item("cards", rel, message)
                .with_hint("`cards.fonts` lists TrueType or OpenType files, relative to the site root")
        };
        let mut problems = Vec::new();
        let mut extra = Vec::new();
        for rel in &config.cards.fonts {
            if Path::new(rel).is_absolute() || rel.split(['/', '\\']).any(|p| p == "..") {
                problems.push(at(rel, format!("the font `{rel}` is outside the site")));
                continue;
            }
            match std::fs::read(root.join(rel)) {
                Ok(bytes) => extra.push((rel.clone(), bytes)),
                Err(e) => problems.push(at(rel, format!("the font `{rel}` cannot be read: {e}"))),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        Fonts::with(extra).map_err(|(rel, m)| at(&rel, format!("`{rel}` {m}")).into())
    }

    /// The built-in fonts, then `extra` (name, bytes) in order.
    fn with(extra: Vec<(String, Vec<u8>)>) -> Result<Fonts, (String, String)> {
        let mut db = fontdb::Database::new();
        let mut faces = Vec::new();
        let mut hash_input = Vec::new();
        let built_in = [
            ("(built-in bold)".to_string(), BOLD.to_vec()),
            ("(built-in regular)".to_string(), REGULAR.to_vec()),
        ];
        for (name, bytes) in built_in.into_iter().chain(extra) {
            let data = Arc::new(bytes);
            let ids = db.load_font_source(fontdb::Source::Binary(data.clone()));
            let Some(info) = ids.first().and_then(|&id| db.face(id)) else {
                return Err((name, "is not a TrueType or OpenType font".into()));
            };
            let family = info
                .families
                .iter()
                .find(|f| f.1 == fontdb::Language::English_UnitedStates)
                .or(info.families.first())
                .map_or_else(|| name.clone(), |f| f.0.clone());
            let bold = info.weight.0 >= 600;
            hash_input.extend_from_slice(&fnv1a(&data).to_le_bytes());
            faces.push(Face { data, family, bold });
        }
        let advances = [false, true].map(|bold| advances(&faces, bold));
        Ok(Fonts {
            db: Arc::new(db),
            faces,
            advances,
            hash: fnv1a(&hash_input),
        })
    }

    /// The families to name in SVG, in the order characters are looked
    /// for: the built-in one, then the site's.
    pub(super) fn families(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for face in &self.faces {
            if !names.contains(&face.family.as_str()) {
                names.push(&face.family);
            }
        }
        names
            .iter()
            .map(|n| format!("'{}'", n.replace('\'', "")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The characters of `text` no font has (spaces and controls aside).
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars() {
            let drawn = c.is_whitespace() || c.is_control() || is_mark_or_format(c);
            if !drawn && !self.advances[0].contains_key(&c) && !missing.contains(&c) {
                missing.push(c);
            }
        }
        missing
    }

    /// The width of `text` at `size` pixels, in the bold or regular weight,
    /// each character measured in the first font that has it (kerning
    /// aside: it only narrows a line).
    pub(super) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let table = &self.advances[usize::from(bold)];
        text.chars().map(|c| table.get(&c).copied().unwrap_or(0.6)).sum::<f32>() * size
    }
}

/// Each character's advance in ems in the first of `faces` that has it,
/// those of weight `bold` first.
fn advances(faces: &[Face], bold: bool) -> HashMap<char, f32> {
    let mut table = HashMap::new();
    let order = faces
        .iter()
        .filter(|f| f.bold == bold)
        .chain(faces.iter().filter(|f| f.bold != bold));
    for face in order {
        let Ok(font) = skrifa::FontRef::new(&face.data) else {
            continue;
        };
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em
                .max(1),
        );
        for (code, glyph) in font.charmap().mappings() {
            if let Some(c) = char::from_u32(code) {
                table
                    .entry(c)
                    .or_insert_with(|| metrics.advance_width(glyph).unwrap_or(0.0) / em);
            }
        }
    }
    table
}

/// Combining marks and invisible format characters: drawn on or between
/// other letters, so a font without them still draws the text (after
/// composition they are rare).
fn is_mark_or_format(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_covered_and_chinese_is_not() {
        let fonts = Fonts::built_in();
        let vietnamese = "ạ ệ ị ộ ậ ữ ở đ Đ ẳ ỹ Ơ Ư ₫ – “” …";
        assert_eq!(fonts.missing(vietnamese), Vec::<char>::new());
        assert_eq!(fonts.missing("Đối tác 联想"), ['联', '想']);
    }

    #[test]
    fn bold_text_is_wider_and_widths_add_up() {
        let fonts = Fonts::built_in();
        let (regular, bold) = (fonts.width("Hà Nội", 60.0, false), fonts.width("Hà Nội", 60.0, true));
        assert!(bold > regular && regular > 100.0, "{regular} {bold}");
        let halves = fonts.width("Hà ", 60.0, true) + fonts.width("Nội", 60.0, true);
        assert!((halves - bold).abs() < 0.01);
    }
}
