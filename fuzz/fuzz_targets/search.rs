//! Search tokenising and index writing: never a panic, folding is stable,
//! and the index is valid JSON that cannot close a script element.
#![no_main]

use duet::search::{SearchDoc, index_json, match_form, tokens};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let folded = match_form(text);
    assert_eq!(match_form(&folded), folded, "folding twice changes nothing");
    for token in tokens(text) {
        assert!(!token.is_empty());
    }
    let doc = SearchDoc {
        url: "/vi/x/",
        title: text,
        summary: text,
        body: text,
        partners: vec![text],
        topics: vec![],
        date: "",
        date_display: "",
    };
    let json = index_json(&[doc]);
    assert!(!json.contains("</"));
    let _: serde_json_check::Value = serde_json_check::from_str(&json).expect("valid JSON");
});
