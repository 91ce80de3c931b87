//! UI strings: one Fluent bundle per language, built from the theme's `.ftl`
//! files and then the site's (the site's messages override the theme's).
//! Bundles use the concurrent memoizer so rayon threads share them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent::concurrent::FluentBundle;
use fluent::resolver::ResolverError;
use fluent::resolver::errors::ReferenceKind;
use fluent::{FluentArgs, FluentError, FluentResource, FluentValue};

use crate::config::{Lang, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, Kind, line_col};
use crate::i18n::date::Date;
use crate::i18n::ftl_check::{self, locate_message};

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
    /// Per language: itself, then the languages that stand in for its missing messages.
    chains: HashMap<Lang, Vec<Lang>>,
    /// Problems that do not stop a build: messages that fall back, variables that differ.
    pub warnings: Vec<Diagnostic>,
    /// Per language: every message it defines itself, and where.
    defined: HashMap<Lang, BTreeMap<String, Definition>>,
    /// Strings formatted once: messages without variables, dates shown.
    shown: super::shown::Shown,
}

/// Where a message is defined, with the variables it uses.
#[derive(Debug, Clone)]
struct Definition {
    path: PathBuf,
    line: usize,
    variables: BTreeSet<String>,
    /// The text of the defining file, to point into it.
    text: Arc<str>,
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
    /// syntax errors and messages defined twice in one layer. Messages the
    /// default language has and another lacks are warnings (errors when
    /// `strict`), saying which fallback language stands in; so are messages
    /// whose variables differ between languages.
    pub fn build(config: &SiteConfig, strict: bool, sources: &[FtlSource]) -> Result<Locales, Diagnostics> {
        let mut problems = Vec::new();
        let mut bundles = HashMap::new();
        let mut defined: HashMap<Lang, BTreeMap<String, Definition>> = HashMap::new();
        for language in &config.languages {
            let langid = language
                .lang
                .as_str()
                .parse()
                .expect("language codes are validated by the config stage");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks are for plain text; in HTML, `dir` attributes do that job.
            bundle.set_use_isolating(false);
            let mut layer_files: Vec<&FtlSource> = sources.iter().filter(|s| s.lang == language.lang).collect();
            layer_files.sort_by(|a, b| (a.layer, &a.path).cmp(&(b.layer, &b.path)));
            let mut defined_in: HashMap<(Layer, String), PathBuf> = HashMap::new();
            // The bundle's messages as the site overrides the theme: id → its file and reference nodes.
            let mut effective: BTreeMap<String, Kept> = BTreeMap::new();
            let mut order: Vec<String> = Vec::new();
            let files: Vec<&FtlSource> = layer_files.clone();
            for (file_index, source) in layer_files.into_iter().enumerate() {
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
                for bad in ftl_check::bad_slugs(&resource, &source.text) {
                    let (line, column) = bad.at;
                    let message = format!("the `.slug` of `{}`: {}", bad.id, bad.problem);
                    problems.push(Diagnostic::at(&source.path, line, column, message).with_source(source.text.clone()));
                }
                for refs in ftl_check::references(&resource) {
                    order.extend(refs.nodes.iter().map(|node| node.name.clone()));
                    let kept = Kept {
                        file: file_index,
                        nodes: refs.nodes,
                    };
                    effective.insert(refs.id, kept);
                }
                for (id, variables) in ftl_check::message_variables(&resource) {
                    let (line, _) = locate_message(&source.text, &id);
                    let definition = Definition {
                        path: source.path.clone(),
                        line,
                        variables,
                        text: source.text.clone(),
                    };
                    defined
                        .entry(language.lang.clone())
                        .or_default()
                        .insert(id.clone(), definition);
                    if let Some(first) = defined_in.get(&(source.layer, id.clone())) {
                        let (line, column) = locate_message(&source.text, &id);
                        problems.push(
                            Diagnostic::at(&source.path, line, column, format!("message `{id}` is defined twice"))
                                .with_hint(format!("the first definition is in {}", first.display()))
                                .with_source(source.text.clone()),
                        );
                    } else {
                        defined_in.insert((source.layer, id), source.path.clone());
                    }
                }
                bundle.add_resource_overriding(resource);
            }
            problems.extend(cycle_problems(&effective, &order, &files));
            bundles.insert(language.lang.clone(), bundle);
        }
        let chains: HashMap<Lang, Vec<Lang>> = config
            .languages
            .iter()
            .map(|l| {
                (
                    l.lang.clone(),
                    std::iter::once(l.lang.clone())
                        .chain(l.fallback.iter().cloned())
                        .collect(),
                )
            })
            .collect();
        let (coverage, variables) = coverage(config, &defined, &chains);
        let mut warnings = variables;
        if strict {
            problems.extend(coverage);
        } else {
            warnings.extend(coverage);
        }
        if problems.is_empty() {
            let mut locales = Locales {
                defined,
                bundles,
                chains,
                warnings,
                shown: super::shown::Shown::default(),
            };
            let plain = locales
                .chains
                .iter()
                .map(|(lang, chain)| {
                    let ids = chain
                        .iter()
                        .filter_map(|l| locales.defined.get(l))
                        .flat_map(BTreeMap::keys);
                    let shown = ids
                        .filter(|id| !id.starts_with('-'))
                        .filter_map(|id| Some((id.clone(), locales.format(lang, id, &[]).ok()?)))
                        .collect();
                    (lang.clone(), shown)
                })
                .collect();
            locales.shown = super::shown::Shown::new(plain);
            Ok(locales)
        } else {
            Err(problems.into())
        }
    }

    /// Formats message `key` in `lang` with `args`. The error says which key
    /// is missing in which language, or what went wrong formatting it.
    pub fn format(&self, lang: &Lang, key: &str, args: &[(&str, Arg)]) -> Result<String, String> {
        if args.is_empty()
            && let Some(shown) = self.shown.message(lang, key)
        {
            return Ok(shown.to_string());
        }
        let chain = self
            .chains
            .get(lang)
            .ok_or_else(|| format!("there are no UI strings for language `{lang}`"))?;
        let (bundle, pattern) = chain
            .iter()
            .filter_map(|l| self.bundles.get(l))
            .find_map(|b| b.get_message(key).and_then(|m| m.value()).map(|p| (b, p)))
            .ok_or_else(|| match chain.len() {
                1 => format!("the Fluent message `{key}` is missing in language `{lang}`"),
                _ => format!(
                    "the Fluent message `{key}` is missing in language `{lang}` and its fallbacks ({})",
                    chain[1..].iter().map(Lang::as_str).collect::<Vec<_>>().join(", ")
                ),
            })?;
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
            Some(FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable { id }))) => {
                Err(unknown_variable(key, lang, id))
            }
            Some(error) => Err(format!(
                "the Fluent message `{key}` in language `{lang}` failed: {error}"
            )),
        }
    }

    /// `problem` as found rendering a template, moved to the `.ftl` line
    /// where the message uses a variable the template did not pass (the
    /// template's place becomes the hint). Other problems are returned as
    /// they are. Tera hands a function's error on as text only, so the
    /// message is matched against those [`Locales::format`] can make.
    pub fn place_failure(&self, problem: Diagnostic) -> Diagnostic {
        let found = self.chains.iter().find_map(|(lang, chain)| {
            chain.iter().filter_map(|l| self.defined.get(l)).find_map(|defined| {
                defined.iter().find_map(|(id, def)| {
                    let variable = def
                        .variables
                        .iter()
                        .find(|v| unknown_variable(id, lang, v) == problem.message)?;
                    let (line, column) = ftl_check::locate_variable(&def.text, id, variable)?;
                    Some((def, line, column))
                })
            })
        });
        let Some((def, line, column)) = found else {
            return problem;
        };
        let mut used_at = format!("used at {}", problem.path.display());
        if let Some(p) = problem.position {
            used_at.push_str(&format!(":{}:{}", p.line, p.column));
        }
        if let Some(hint) = &problem.hint {
            used_at.push_str(&format!(", {hint}"));
        }
        Diagnostic::at(&def.path, line, column, problem.message)
            .with_hint(format!(
                "{used_at}; pass the variable there, or remove it from the message"
            ))
            .with_source(def.text.clone())
    }

    /// Every message `lang` defines itself (not through fallbacks), with
    /// the file and line of its definition.
    pub fn definitions(&self, lang: &Lang) -> impl Iterator<Item = (&str, &Path, usize)> {
        self.defined
            .get(lang)
            .into_iter()
            .flatten()
            .map(|(id, d)| (id.as_str(), d.path.as_path(), d.line))
    }

    /// Where `lang` (not its fallbacks) defines `id`: file, line of `id =`, the file's text.
    pub fn message_source(&self, lang: &Lang, id: &str) -> Option<(&Path, usize, &str)> {
        let d = self.defined.get(lang)?.get(id)?;
        Some((d.path.as_path(), d.line, &d.text))
    }

    /// The site's language written `code`, if it has strings: found among
    /// the few it has rather than parsed again at every call of `t`.
    pub fn language(&self, code: &str) -> Option<&Lang> {
        self.chains.keys().find(|l| l.as_str() == code)
    }

    /// Whether `lang`, or a language it falls back to, has message `key`.
    pub fn has(&self, lang: &Lang, key: &str) -> bool {
        self.chains.get(lang).is_some_and(|chain| {
            chain
                .iter()
                .any(|l| self.bundles.get(l).is_some_and(|b| b.has_message(key)))
        })
    }

    /// Attribute `attribute` of message `key` in `lang` (or its fallbacks), as plain text.
    pub fn attribute(&self, lang: &Lang, key: &str, attribute: &str) -> Option<String> {
        let chain = self.chains.get(lang)?;
        chain.iter().filter_map(|l| self.bundles.get(l)).find_map(|bundle| {
            let pattern = bundle.get_message(key)?.get_attribute(attribute)?.value();
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, None, &mut errors);
            errors.is_empty().then(|| text.into_owned())
        })
    }

    /// A message with no arguments, as a diagnostic on the language's
    /// strings if it is missing.
    pub fn text(&self, lang: &Lang, key: &str) -> Result<String, Diagnostic> {
        self.format(lang, key, &[])
            .map_err(|m| Diagnostic::new(format!("locales/{lang}"), m))
    }

    /// The long form of a date in `lang`, at the date's precision: from
    /// `date-long` (a day), `date-month` (a month) or `date-year` (a year),
    /// with variables `$day`, `$month`, `$year` and `$monthName` (from `month-N`).
    pub fn format_date(&self, lang: &Lang, date: Date) -> Result<String, String> {
        self.shown
            .dates
            .get_or_make(lang, date, || self.format_date_again(lang, date))
    }

    /// [`Locales::format_date`], formatted from the bundle.
    fn format_date_again(&self, lang: &Lang, date: Date) -> Result<String, String> {
        let year = ("year", Arg::Text(date.year.to_string()));
        let Some(month) = date.month else {
            return self.format(lang, "date-year", &[year]);
        };
        let month_name = self.format(lang, &format!("month-{month}"), &[])?;
        let mut args = vec![
            year,
            ("month", Arg::Number(month.into())),
            ("monthName", Arg::Text(month_name)),
        ];
        let Some(day) = date.day else {
            return self.format(lang, "date-month", &args);
        };
        args.push(("day", Arg::Number(day.into())));
        self.format(lang, "date-long", &args)
    }
}

/// Messages the default language defines that another lacks (saying which
/// fallback stands in), and messages whose variables differ from the
/// default language's.
fn coverage(
    config: &SiteConfig,
    defined: &HashMap<Lang, BTreeMap<String, Definition>>,
    chains: &HashMap<Lang, Vec<Lang>>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let empty = BTreeMap::new();
    let reference = defined.get(&config.default_lang).unwrap_or(&empty);
    let default = &config.default_lang;
    let (mut missing, mut variables) = (Vec::new(), Vec::new());
    for language in config.languages.iter().filter(|l| &l.lang != default) {
        let lang = &language.lang;
        let own = defined.get(lang).unwrap_or(&empty);
        for (id, def) in reference {
            if id.starts_with('-') {
                continue;
            }
            match own.get(id) {
                None => {
                    let stand_in = chains[lang][1..]
                        .iter()
                        .find(|l| defined.get(*l).is_some_and(|d| d.contains_key(id)));
                    let message = match stand_in {
                        Some(f) => {
                            format!("message `{id}` is missing in `{lang}`; `{f}` stands in")
                        }
                        None => format!("message `{id}` is missing in `{lang}`"),
                    };
                    missing.push(
                        Diagnostic::new(format!("locales/{lang}"), message)
                            .with_kind(Kind::MissingString)
                            .with_hint(format!("`{default}` defines it in {}:{}", def.path.display(), def.line)),
                    );
                }
                Some(ours) if ours.variables != def.variables => {
                    let show = |v: &BTreeSet<String>| v.iter().map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
                    variables.push(
                        Diagnostic::at(
                            &ours.path,
                            ours.line,
                            1,
                            format!(
                                "message `{id}` uses [{}] in `{lang}` but [{}] in `{default}`",
                                show(&ours.variables),
                                show(&def.variables)
                            ),
                        )
                        .with_hint(format!("see {}:{}", def.path.display(), def.line))
                        .with_kind(Kind::StringVariables),
                    );
                }
                Some(_) => {}
            }
        }
    }
    (missing, variables)
}

/// The error of a message that uses a variable its caller did not pass.
fn unknown_variable(key: &str, lang: &Lang, variable: &str) -> String {
    format!("the Fluent message `{key}` in language `{lang}` failed: unknown variable `${variable}`")
}

/// The definition of a message or term a bundle keeps (the site's
/// overrides the theme's): the index of its file, and its reference nodes.
struct Kept {
    file: usize,
    nodes: Vec<ftl_check::Node>,
}

/// Messages of one language's bundle that refer to themselves, each cycle
/// reported once at the definition of its first message: formatting one
/// could never finish. `effective` maps each id to the definition kept.
fn cycle_problems(effective: &BTreeMap<String, Kept>, order: &[String], files: &[&FtlSource]) -> Vec<Diagnostic> {
    let graph: BTreeMap<String, BTreeSet<String>> = effective
        .values()
        .flat_map(|kept| kept.nodes.iter().map(|n| (n.name.clone(), n.refs.clone())))
        .collect();
    ftl_check::cycles(&graph, order)
        .into_iter()
        .filter_map(|cycle| {
            let first = cycle.first()?;
            let id = first.split_once('.').map_or(first.as_str(), |(id, _)| id);
            let source = files.get(effective.get(id)?.file)?;
            let (line, column) = locate_message(&source.text, id);
            Some(
                Diagnostic::at(
                    &source.path,
                    line,
                    column,
                    format!("message `{first}` refers to itself: {}", cycle.join(" \u{2192} ")),
                )
                .with_source(source.text.clone()),
            )
        })
        .collect()
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
            false,
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
            false,
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
        let l = Locales::build(&config(), false, &[]).unwrap();
        let e = l.format(&Lang::parse("en").unwrap(), "read-more", &[]).unwrap_err();
        assert_eq!(e, "the Fluent message `read-more` is missing in language `en`");
    }

    #[test]
    fn syntax_errors_and_duplicates_have_positions() {
        let bad = source("vi", Layer::Site, "ok = fine\nbroken = {\n");
        let d = Locales::build(&config(), false, &[bad]).unwrap_err().0;
        assert_eq!(d[0].position.map(|p| p.line), Some(2), "{d:?}");
        let dup = source("en", Layer::Site, "a = 1\nb = 2\na = 3\n");
        let d = Locales::build(&config(), false, &[dup]).unwrap_err().0;
        assert!(d[0].message.contains("`a` is defined twice"));
        assert_eq!(d[0].position.map(|p| p.line), Some(3));
    }

    #[test]
    fn dates_use_the_language_form() {
        let vi = "date-long = ngày { $day } tháng { $month } năm { $year }\ndate-month = { $monthName } năm { $year }\ndate-year = năm { $year }\nmonth-10 = tháng 10\n";
        let en = "date-long = { $day } { $monthName } { $year }\ndate-month = { $monthName } { $year }\ndate-year = { $year }\nmonth-10 = October\n";
        let l = Locales::build(
            &config(),
            false,
            &[source("vi", Layer::Site, vi), source("en", Layer::Site, en)],
        )
        .unwrap();
        let (vi, en) = (Lang::parse("vi").unwrap(), Lang::parse("en").unwrap());
        let shown = [
            (&vi, "2025-10-17", "ngày 17 tháng 10 năm 2025"),
            (&en, "2025-10-17", "17 October 2025"),
            (&vi, "2011-10", "tháng 10 năm 2011"),
            (&en, "2011-10", "October 2011"),
            (&vi, "2024", "năm 2024"),
            (&en, "2024", "2024"),
        ];
        // The second time, each comes from the dates kept the first time.
        for round in 0..2 {
            for (lang, date, text) in shown {
                let date = Date::parse(date).unwrap();
                assert_eq!(l.format_date(lang, date).unwrap(), text, "round {round}");
            }
        }
        // Messages without variables are kept too; one with variables
        // still needs them.
        assert_eq!(l.format(&en, "month-10", &[]).unwrap(), "October");
        assert!(
            l.format(&en, "date-year", &[])
                .unwrap_err()
                .contains("unknown variable `$year`")
        );
    }
}
