//! SVG files are published as written, so each is checked first: no
//! script, no event handler, no reference to anything outside the file
//! (a logo that loads a tracker or runs code is refused, not cleaned).

/// The size an SVG declares (`width`/`height`, else its `viewBox`), in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SvgSize {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// Checks an SVG file and returns its declared size, if it has one. The
/// error names the line and column of the first problem and what it is.
pub fn check(text: &str) -> Result<Option<SvgSize>, (usize, usize, String)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        (
            pos.row as usize,
            pos.col as usize,
            format!("the SVG is not well-formed XML: {e}"),
        )
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err((1, 1, "the file's root element is not <svg>".into()));
    }
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let at = |message: String| {
            let pos = doc.text_pos_at(node.range().start);
            (pos.row as usize, pos.col as usize, message)
        };
        let name = node.tag_name().name().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "foreignobject" | "iframe" | "embed" | "object"
        ) {
            return Err(at(format!(
                "the SVG contains a <{}> element, which may run code",
                node.tag_name().name()
            )));
        }
        if name == "style"
            && let Some(css) = node.text()
            && (css.contains("@import") || external_url(css))
        {
            return Err(at("the SVG's style loads something from outside the file".into()));
        }
        for attribute in node.attributes() {
            let key = attribute.name().to_ascii_lowercase();
            let value = attribute.value().trim();
            if key.starts_with("on") {
                return Err(at(format!(
                    "the SVG has an event handler `{}`, which runs code",
                    attribute.name()
                )));
            }
            if key == "href" && !value.starts_with('#') {
                return Err(at(format!(
                    "the SVG refers to `{value}` outside the file; only `#id` references are allowed"
                )));
            }
            if key == "style" && external_url(value) {
                return Err(at("the SVG's style loads something from outside the file".into()));
            }
        }
    }
    let number = |name: &str| -> Option<f64> {
        let v = root.attribute(name)?.trim();
        let v = v.strip_suffix("px").unwrap_or(v);
        v.parse::<f64>().ok().filter(|n| *n > 0.0 && n.is_finite())
    };
    let view_box: Option<(f64, f64)> = root.attribute("viewBox").and_then(|v| {
        let parts: Vec<f64> = v
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        (parts.len() == 4 && parts[2] > 0.0 && parts[3] > 0.0).then(|| (parts[2], parts[3]))
    });
    let size = match (number("width"), number("height"), view_box) {
        (Some(w), Some(h), _) => Some((w, h)),
        (_, _, Some((w, h))) => Some((w, h)),
        _ => None,
    };
    Ok(size.map(|(w, h)| SvgSize {
        width: w.round().clamp(1.0, 10_000.0) as u32,
        height: h.round().clamp(1.0, 10_000.0) as u32,
    }))
}

/// Whether CSS text has a `url(…)` that is not a reference inside the file.
fn external_url(css: &str) -> bool {
    css.match_indices("url(").any(|(i, _)| {
        let rest = css[i + 4..].trim_start_matches(['\'', '"', ' ']);
        !rest.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_logo_passes_with_its_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><use href="#a"/><rect id="a" width="1" height="1"/></svg>"##;
        assert_eq!(check(svg).unwrap(), Some(SvgSize { width: 120, height: 40 }));
    }

    #[test]
    fn scripts_handlers_and_outside_references_are_refused() {
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://tracker.example/x.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.org/x.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#,
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
