//! Collation: sorting names the way each language's readers expect
//! (Vietnamese `Ánh` before `Bình`, which byte order gets wrong), from the
//! Unicode CLDR rules compiled into ICU4X.

use std::cmp::Ordering;
use std::collections::HashMap;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

use crate::config::Lang;

/// One collator per language of the site.
pub struct Collation {
    collators: HashMap<Lang, CollatorBorrowed<'static>>,
}

impl Collation {
    /// Builds collators for `langs`; a language ICU4X has no rules for
    /// falls back to the root (language-neutral) order.
    pub fn new<'a>(langs: impl IntoIterator<Item = &'a Lang>) -> Collation {
        let collators = langs
            .into_iter()
            .filter_map(|lang| {
                let locale: icu_locale_core::Locale = lang.as_str().parse().ok()?;
                let collator = Collator::try_new((&locale).into(), CollatorOptions::default()).ok()?;
                Some((lang.clone(), collator))
            })
            .collect();
        Collation { collators }
    }

    /// Compares two strings in `lang`'s order (byte order if it has no collator).
    pub fn compare(&self, lang: &Lang, a: &str, b: &str) -> Ordering {
        match self.collators.get(lang) {
            Some(collator) => collator.compare(a, b),
            None => a.cmp(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_alphabet_order_is_not_byte_order() {
        let vi = Lang::parse("vi").unwrap();
        let c = Collation::new([&vi]);
        let mut names = vec!["Bình", "Đông", "Ánh", "An", "Dung", "Ơn", "Ông"];
        names.sort_by(|a, b| c.compare(&vi, a, b));
        assert_eq!(names, ["An", "Ánh", "Bình", "Dung", "Đông", "Ông", "Ơn"]);
        let mut bytes = names.clone();
        bytes.sort();
        assert_ne!(bytes, names, "byte order differs, so the test means something");
    }

    #[test]
    fn english_ignores_case_first() {
        let en = Lang::parse("en").unwrap();
        let c = Collation::new([&en]);
        assert_eq!(c.compare(&en, "apple", "Banana"), Ordering::Less);
    }
}
