//! Tera setup: the `t` function that reads Fluent strings, and template
//! errors placed at the template's file, line and column.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, TeraResult};

use crate::config::Lang;
use crate::diagnostics::Diagnostic;
use crate::i18n::{Arg, Locales};

/// The `t(key=…, lang=…, …)` template function: a Fluent message in the
/// page's language (or `lang`), with every other argument passed to Fluent.
pub(super) struct Translate(pub(super) Arc<Locales>);

impl tera::Function<TeraResult<String>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<String> {
        // Borrowed where they are strings: every page calls `t` dozens of times.
        let key: Cow<str> = kwargs.must_get("key")?;
        let page_lang;
        let lang: Cow<str> = match kwargs.get::<Cow<str>>("lang")? {
            Some(lang) => lang,
            None => {
                page_lang = state
                    .get::<tera::Value>("lang")?
                    .ok_or_else(|| tera::Error::message("`t` needs a `lang` argument or a `lang` variable"))?;
                page_lang
                    .as_str()
                    .map_or_else(|| Cow::Owned(page_lang.to_string()), Cow::Borrowed)
            }
        };
        let parsed;
        let lang = match self.0.language(&lang) {
            Some(lang) => lang,
            // Not one of the site's: the same message as before, for a code that is not one at all.
            None => {
                parsed = Lang::parse(&lang).map_err(tera::Error::message)?;
                &parsed
            }
        };
        let mut args = Vec::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str() else { continue };
            if name == "key" || name == "lang" {
                continue;
            }
            let arg = match value.as_f64().or_else(|| value.as_i64().map(|n| n as f64)) {
                Some(n) => Arg::Number(n),
                None => Arg::Text(value.as_str().map_or_else(|| value.to_string(), str::to_string)),
            };
            args.push((name, arg));
        }
        self.0.format(lang, &key, &args).map_err(tera::Error::message)
    }
}

/// The `asset(path="assets/duet.css")` template function: the URL of a
/// static file as published, fingerprinted if it is one, under the site's
/// base path (the `base_path` variable every page has).
pub(super) struct Asset(pub(super) Arc<std::collections::BTreeMap<String, String>>);

impl tera::Function<TeraResult<String>> for Asset {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<String> {
        let path: String = kwargs.must_get("path")?;
        let base: String = state.get::<String>("base_path")?.unwrap_or_default();
        let published = self
            .0
            .get(path.trim_start_matches('/'))
            .ok_or_else(|| tera::Error::message(format!("`{path}` is not an asset of the theme or the site")))?;
        Ok(format!("{base}/{published}"))
    }
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
pub(super) fn template_error(err: &tera::Error, paths: &HashMap<String, PathBuf>, page_file: &str) -> Diagnostic {
    use std::error::Error as _;
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = match report {
        Some(r) => r.message().to_string(),
        None => err.to_string(),
    };
    let mut source = err.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    let d = match report {
        Some(r) => {
            let path = paths
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            Diagnostic::at(path, span.start_line.max(1), span.start_col + 1, message)
        }
        None => Diagnostic::new("templates", message),
    };
    if page_file.is_empty() {
        d
    } else {
        d.with_hint(format!("seen while rendering {page_file}"))
    }
}
