//! UI strings that page after page shows the same: the messages that take
//! no variables, formatted once when the bundles are built, and each date
//! in its long form, formatted the first time it is shown. Both are what
//! [`super::Locales`] would format again, from the same bundles. Also the
//! memo they keep dates in ([`PerLang`]), which the render stage shares.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;

use crate::config::Lang;
use crate::i18n::Date;

/// The strings [`super::Locales`] has formatted once.
#[derive(Default)]
pub(super) struct Shown {
    /// Per language: each message that takes no variables, as shown.
    plain: HashMap<Lang, HashMap<String, String>>,
    /// Per language: each date shown so far, in its long form.
    pub(super) dates: PerLang<Date, String>,
}

impl Shown {
    /// Keeps `plain`, each language's messages that take no variables.
    pub(super) fn new(plain: HashMap<Lang, HashMap<String, String>>) -> Shown {
        Shown {
            plain,
            dates: PerLang::default(),
        }
    }

    /// Message `key` of `lang`, if it takes no variables.
    pub(super) fn message(&self, lang: &Lang, key: &str) -> Option<&str> {
        self.plain.get(lang)?.get(key).map(String::as_str)
    }
}

/// Values made once per language and key, the first time one is asked
/// for, by any of the threads that share it. A look-up that finds its
/// value takes a read lock and copies nothing but the value.
pub struct PerLang<K, V>(RwLock<HashMap<Lang, HashMap<K, V>>>);

impl<K, V> Default for PerLang<K, V> {
    fn default() -> Self {
        PerLang(RwLock::default())
    }
}

impl<K: Hash + Eq, V: Clone> PerLang<K, V> {
    /// The value kept for `key` in `lang`, else the one `make` gives, kept.
    pub fn get_or_make<E>(&self, lang: &Lang, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(kept) = self.0.read().ok().and_then(|kept| kept.get(lang)?.get(&key).cloned()) {
            return Ok(kept);
        }
        let made = make()?;
        if let Ok(mut kept) = self.0.write() {
            kept.entry(lang.clone()).or_default().insert(key, made.clone());
        }
        Ok(made)
    }
}
