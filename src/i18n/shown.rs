//! UI strings that page after page shows the same: the messages that take
//! no variables, formatted once when the bundles are built, and each date
//! in its long form, formatted the first time it is shown. Both are what
//! [`super::Locales`] would format again, from the same bundles.

use std::collections::HashMap;
use std::sync::RwLock;

use crate::config::Lang;
use crate::i18n::Date;

/// The strings [`super::Locales`] has formatted once.
#[derive(Default)]
pub(super) struct Shown {
    /// Per language: each message that takes no variables, as shown.
    plain: HashMap<Lang, HashMap<String, String>>,
    /// Per language: each date shown so far, in its long form.
    dates: HashMap<Lang, RwLock<HashMap<Date, String>>>,
}

impl Shown {
    /// Keeps `plain`, each language's messages that take no variables.
    pub(super) fn new(plain: HashMap<Lang, HashMap<String, String>>) -> Shown {
        let dates = plain.keys().map(|lang| (lang.clone(), RwLock::default())).collect();
        Shown { plain, dates }
    }

    /// Message `key` of `lang`, if it takes no variables.
    pub(super) fn message(&self, lang: &Lang, key: &str) -> Option<&str> {
        self.plain.get(lang)?.get(key).map(String::as_str)
    }

    /// `date` in `lang`'s long form, if shown before.
    pub(super) fn date(&self, lang: &Lang, date: Date) -> Option<String> {
        self.dates.get(lang)?.read().ok()?.get(&date).cloned()
    }

    /// Keeps `shown`, `date` in `lang`'s long form.
    pub(super) fn keep_date(&self, lang: &Lang, date: Date, shown: &str) {
        if let Some(mut dates) = self.dates.get(lang).and_then(|d| d.write().ok()) {
            dates.insert(date, shown.to_string());
        }
    }
}
