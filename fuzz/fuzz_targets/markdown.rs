//! Rendering Markdown with duet's extensions (heading ids, link
//! resolution, plain text): never a panic, unique heading ids.
#![no_main]

use duet::markdown::{Resolved, Settings, plain_text, render_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let resolve = |dest: &str| {
        if dest.ends_with(".md") {
            Resolved::Rewrite(format!("/vi/{}/", dest.len()))
        } else {
            Resolved::Keep
        }
    };
    let rendered = render_with(text, &Settings::default(), &resolve);
    let mut ids = std::collections::HashSet::new();
    for h in &rendered.headings {
        assert!(ids.insert(h.id.clone()), "duplicate heading id {}", h.id);
    }
    for link in &rendered.links {
        assert!(link.offset <= text.len());
    }
    let _ = plain_text(text);
});
