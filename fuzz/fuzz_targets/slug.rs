//! Slug folding: whatever the title, a slug is safe as a path segment, and
//! parsing accepts exactly what folding produces.
#![no_main]

use duet::i18n::Slug;
use duet::i18n::slug::slugify;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|title: &str| {
    let folded = slugify(title);
    assert!(folded.len() <= 80);
    assert!(
        folded
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{folded:?}"
    );
    assert!(!folded.starts_with('-') && !folded.ends_with('-'));
    if let Some(slug) = Slug::from_title(title) {
        assert_eq!(Slug::parse(slug.as_str()).map(|s| s.to_string()), Ok(folded));
    }
    if let Ok(slug) = Slug::parse(title) {
        assert!(!slug.as_str().contains('/') && slug.as_str() != ".." && !slug.as_str().is_empty());
    }
});
