//! Splitting and parsing a content file: any bytes, never a panic; every
//! problem has a position inside the file.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use duet::config::Lang;
use duet::content::{SourceFile, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile {
        path: PathBuf::from("content/articles/x.vi.md"),
        dir: "articles".into(),
        stem: "x".into(),
        lang: Lang::parse("vi").unwrap(),
        text: Arc::from(text),
        stamp: None,
    };
    match parse(&file) {
        Ok(page) => {
            let _ = page.body();
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for p in problems {
                if let Some(pos) = p.position {
                    assert!(pos.line >= 1 && pos.line <= text.lines().count().max(1) + 1, "{p}");
                    // The snippet offset must lie inside the text.
                    if let Some(offset) = p.offset() {
                        assert!(offset <= text.len());
                    }
                }
            }
        }
    }
});
