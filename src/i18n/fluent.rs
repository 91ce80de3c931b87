//! UI strings: one Fluent bundle per language, built from the theme's `.ftl`
//! files and then the site's (the site's messages override the theme's).
//! Bundles use the concurrent memoizer so rayon threads share them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};

use crate::config::{Lang, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::i18n::date::Date;

/// Where an `.ftl` file comes from; site files override theme files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Shipped with the theme.
    Theme,
    /// Written for this site in `locales/`.
    Site,
}

/// The text of one `.ftl` file and the language it is for.
#[derive(Debug, Clone)]
pub struct FtlSource {
    /// Its language.
    pub lang: Lang,
    /// Its path, for diagnostics.
    pub path: PathBuf,
    /// Theme or site.
    pub layer: Layer,
    /// Its text.
    pub text: Arc<str>,
}

/// An argument passed to a message: `$count`, `$name`.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number, selecting plural forms.
    Number(f64),
    /// A string.
    Text(String),
}

/// Every language's bundle: the site's UI strings.
pub struct Locales {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Locales {
    /// Builds one bundle per language of `config` from `sources`, reporting
    /// syntax errors and messages defined twice in one layer.
    pub fn build(config: &SiteConfig, sources: &[FtlSource]) -> Result<Locales, Diagnostics> {
        let mut problems = Vec::new();
        let mut bundles = HashMap::new();
        for language in &config.languages {
            let langid = language
                .lang
                .as_str()
                .parse()
                .expect("language codes are validated by the config stage");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks are for plain text; in HTML, `dir` attributes do that job.
            bundle.set_use_isolating(false);
            let mut layer_files: Vec<&FtlSource> =
                sources.iter().filter(|s| s.lang == language.lang).collect();
            layer_files.sort_by(|a, b| (a.layer, &a.path).cmp(&(b.layer, &b.path)));
            let mut defined_in: HashMap<(Layer, String), PathBuf> = HashMap::new();
            for source in layer_files {
                let resource = match FluentResource::try_new(source.text.to_string()) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        for error in errors {
                            // An error at the very end (an unclosed `{`) is shown on the last line, not after it.
                            let at = error.pos.start.min(source.text.trim_end().len());
                            let (line, column) = line_col(&source.text, at);
                            problems.push(
                                Diagnostic::at(
                                    &source.path,
                                    line,
                                    column,
                                    format!("Fluent syntax error: {}", error.kind),
                                )
                                .with_source(source.text.clone()),
                            );
                        }
                        resource
                    }
                };
                for id in message_ids(&resource) {
                    if let Some(first) = defined_in.get(&(source.layer, id.clone())) {
                        let (line, column) = locate_message(&source.text, &id);
                        problems.push(
                            Diagnostic::at(
                                &source.path,
                                line,
                                column,
                                format!("message `{id}` is defined twice"),
                            )
                            .with_hint(format!("the first definition is in {}", first.display()))
                            .with_source(source.text.clone()),
                        );
                    } else {
                        defined_in.insert((source.layer, id), source.path.clone());
                    }
                }
                bundle.add_resource_overriding(resource);
            }
            bundles.insert(language.lang.clone(), bundle);
        }
        if problems.is_empty() {
            Ok(Locales { bundles })
        } else {
            Err(problems.into())
        }
    }

    /// Formats message `key` in `lang` with `args`. The error says which key
    /// is missing in which language, or what went wrong formatting it.
    pub fn format(&self, lang: &Lang, key: &str, args: &[(&str, Arg)]) -> Result<String, String> {
        let bundle = self
            .bundles
            .get(lang)
            .ok_or_else(|| format!("there are no UI strings for language `{lang}`"))?;
        let pattern = bundle
            .get_message(key)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("the Fluent message `{key}` is missing in language `{lang}`"))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        match errors.first() {
            None => Ok(text.into_owned()),
            Some(error) => Err(format!(
                "the Fluent message `{key}` in language `{lang}` failed: {error}"
            )),
        }
    }

    /// Whether `lang` has message `key`.
    pub fn has(&self, lang: &Lang, key: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(key))
    }

    /// The long form of a date in `lang`, from its `date-long` message
    /// (variables `$day`, `$month`, `$year` and `$monthName` from `month-N`).
    pub fn format_date(&self, lang: &Lang, date: Date) -> Result<String, String> {
        let month_name = self.format(lang, &format!("month-{}", date.month), &[])?;
        self.format(
            lang,
            "date-long",
            &[
                ("day", Arg::Number(date.day.into())),
                ("month", Arg::Number(date.month.into())),
                ("year", Arg::Text(date.year.to_string())),
                ("monthName", Arg::Text(month_name)),
            ],
        )
    }
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            fluent_syntax::ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
            _ => None,
        })
        .collect()
}

/// The line and column where message `id` is defined (its last definition).
fn locate_message(text: &str, id: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.strip_prefix(id)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .last()
        .map_or((1, 1), |(i, _)| (i + 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        SiteConfig::parse(
            "base_url: https://e.org\ndefault_language: vi\nlanguages:\n  - {code: vi, name: V}\n  - {code: en, name: E}\n",
        )
        .unwrap()
    }

    fn source(lang: &str, layer: Layer, text: &str) -> FtlSource {
        FtlSource {
            lang: Lang::parse(lang).unwrap(),
            path: PathBuf::from(format!("locales/{lang}/{layer:?}.ftl")),
            layer,
            text: Arc::from(text),
        }
    }

    #[test]
    fn plurals_follow_the_language() {
        let en = "articles-count = { $count ->\n    [one] one article\n   *[other] { $count } articles\n}\n";
        let vi = "articles-count = { $count } bài viết\n";
        let l = Locales::build(
            &config(),
            &[source("en", Layer::Site, en), source("vi", Layer::Site, vi)],
        )
        .unwrap();
        let en_lang = Lang::parse("en").unwrap();
        let vi_lang = Lang::parse("vi").unwrap();
        assert_eq!(
            l.format(&en_lang, "articles-count", &[("count", Arg::Number(1.0))])
                .unwrap(),
            "one article"
        );
        assert_eq!(
            l.format(&en_lang, "articles-count", &[("count", Arg::Number(5.0))])
                .unwrap(),
            "5 articles"
        );
        assert_eq!(
            l.format(&vi_lang, "articles-count", &[("count", Arg::Number(1.0))])
                .unwrap(),
            "1 bài viết"
        );
    }

    #[test]
    fn site_overrides_theme() {
        let l = Locales::build(
            &config(),
            &[
                source("vi", Layer::Site, "a = site\n"),
                source("vi", Layer::Theme, "a = theme\nb = theme\n"),
            ],
        )
        .unwrap();
        let vi = Lang::parse("vi").unwrap();
        assert_eq!(l.format(&vi, "a", &[]).unwrap(), "site");
        assert_eq!(l.format(&vi, "b", &[]).unwrap(), "theme");
    }

    #[test]
    fn missing_keys_name_key_and_language() {
        let l = Locales::build(&config(), &[]).unwrap();
        let e = l
            .format(&Lang::parse("en").unwrap(), "read-more", &[])
            .unwrap_err();
        assert_eq!(
            e,
            "the Fluent message `read-more` is missing in language `en`"
        );
    }

    #[test]
    fn syntax_errors_and_duplicates_have_positions() {
        let bad = source("vi", Layer::Site, "ok = fine\nbroken = {\n");
        let d = Locales::build(&config(), &[bad]).unwrap_err().0;
        assert_eq!(d[0].position.map(|p| p.line), Some(2), "{d:?}");
        let dup = source("en", Layer::Site, "a = 1\nb = 2\na = 3\n");
        let d = Locales::build(&config(), &[dup]).unwrap_err().0;
        assert!(d[0].message.contains("`a` is defined twice"));
        assert_eq!(d[0].position.map(|p| p.line), Some(3));
    }

    #[test]
    fn dates_use_the_language_form() {
        let vi =
            "date-long = ngày { $day } tháng { $month } năm { $year }\nmonth-10 = tháng Mười\n";
        let en = "date-long = { $day } { $monthName } { $year }\nmonth-10 = October\n";
        let l = Locales::build(
            &config(),
            &[source("vi", Layer::Site, vi), source("en", Layer::Site, en)],
        )
        .unwrap();
        let date = Date::parse("2025-10-17").unwrap();
        assert_eq!(
            l.format_date(&Lang::parse("vi").unwrap(), date).unwrap(),
            "ngày 17 tháng 10 năm 2025"
        );
        assert_eq!(
            l.format_date(&Lang::parse("en").unwrap(), date).unwrap(),
            "17 October 2025"
        );
    }
}
