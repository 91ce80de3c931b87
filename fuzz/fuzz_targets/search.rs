//! Search tokenising and index files: never a panic, folding is stable,
//! every token is a non-empty slice whose folded form is stable too, the
//! words of `each_word` lowercased are those tokens, and a fragment is
//! valid JSON that cannot close a script element.
#![no_main]

use std::io::Read;

use duet::search::index::{Fragment, Kind, fragment};
use duet::search::{Gzip, clean, each_token, each_word, fold_token, match_form};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let folded = match_form(text);
    assert_eq!(match_form(&folded), folded, "folding twice changes nothing");
    let mut tokens = Vec::new();
    each_token(text, |token, plain| {
        tokens.push(token.to_string());
        assert!(!token.is_empty());
        let form = fold_token(token);
        if plain {
            assert_eq!(form, token, "a plain token is its own folded form");
        }
        assert_eq!(fold_token(&form), form, "folding a token twice changes nothing");
    });
    let mut words = Vec::new();
    each_word(text, |word, lowered| {
        words.push(if lowered { word.to_string() } else { word.to_lowercase() });
    });
    assert_eq!(words, tokens, "words lowercased one by one are the tokens");
    // A fragment's body text comes cleaned, as the index cleans it.
    let body = clean(text);
    let gz = fragment(
        &Fragment {
            url: "/vi/x/",
            title: text,
            kind: Kind::Article,
            date: "",
            date_display: "",
            summary: text,
            text: &body,
        },
        &mut Gzip::default(),
    );
    let mut json = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut json)
        .expect("a fragment gunzips to UTF-8");
    assert!(!json.contains("</"));
    let _: serde_json_check::Value = serde_json_check::from_str(&json).expect("valid JSON");
});
