//! The `duet` command line: parses arguments, calls the library, shows
//! diagnostics and maps failures to exit code 1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// glibc's allocator took about 15 % of a build's CPU (perf, 10,000 pairs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// duet builds bilingual partnership portals from Markdown.
#[derive(Parser)]
#[command(name = "duet", version, about)]
struct Cli {
    /// Print less: only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: the time each stage took.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site root, the folder holding site.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder, relative to the site root unless absolute.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Fail on any UI string missing in a language (even where a fallback language
        /// stands in) and on links to pages or anchors that do not exist.
        #[arg(long)]
        strict: bool,
        /// Build for another address than site.yaml's `base_url` (a preview or
        /// staging host, or a sub-path such as https://example.org/portal/).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Render every file, even those the previous build made from the same
        /// inputs (by default they are taken from the output as they are).
        #[arg(long)]
        full: bool,
    },
    /// Report what is untranslated, stale or broken: exit code 1 if anything is.
    Check {
        /// The site root, the folder holding site.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text` for people, `json` for CI (stable field names and order).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Build a preview (not into the build output), serve it on loopback, and rebuild and reload pages on every save.
    Serve {
        /// The site root, the folder holding site.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The preview folder, relative to the site root unless absolute; never the build output `public`.
        /// By default a folder of this site's own in the system's temporary folder.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; other machines can connect only if this is not loopback.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// A host name to answer to besides localhost and the bound address (for --bind beyond loopback).
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_hosts: Vec<String>,
    },
    /// Create a new site that builds and serves as it is, with the built-in theme.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Create a content file.
    New {
        /// The site root, the folder holding site.yaml.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
        #[command(subcommand)]
        what: New,
    },
    /// Record that translations are up to date with their source's current text.
    Translated {
        /// The site root, the folder holding site.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Translation files, e.g. content/articles/x.en.md.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Hand translators what a language lacks, as XLIFF 1.2 or PO, and take their work back.
    Translations {
        /// The site root, the folder holding site.yaml.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
        #[command(subcommand)]
        what: Translations,
    },
}

#[derive(Subcommand)]
enum Translations {
    /// Write one exchange file per page whose translation is missing or stale.
    Export {
        /// The language to translate into.
        #[arg(long)]
        to: String,
        /// `xliff` (XLIFF 1.2, .xlf) or `po` (gettext PO).
        #[arg(long, value_enum, default_value_t = ExchangeFormat::Xliff)]
        format: ExchangeFormat,
        /// Every page, whole, up-to-date translations too.
        #[arg(long, conflicts_with = "changed")]
        all: bool,
        /// For stale translations only the changed sections, with the previous source and translation as context.
        #[arg(long)]
        changed: bool,
        /// The folder to write into (a folder per language), relative to the site root unless absolute.
        #[arg(long, short, default_value = "translations")]
        output: PathBuf,
    },
    /// Write translated exchange files back into the pages' translations, each file all or nothing.
    Import {
        /// Exchange files (.xlf, .xliff or .po).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Publish new translations at once (they are drafts otherwise).
        #[arg(long)]
        publish: bool,
    },
    /// Pages and words translated, missing and stale, per language.
    Status {
        /// `text` for people, `json` for scripts.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExchangeFormat {
    Xliff,
    Po,
}

#[derive(Subcommand)]
enum New {
    /// A new article, its file name folded from the title, as a draft.
    Article {
        /// The title, e.g. "Hợp tác chiến lược".
        title: String,
        /// Its language (default: the site's default language).
        #[arg(long)]
        lang: Option<String>,
    },
    /// The translation of a content file into another language, as a draft.
    Translation {
        /// The source file, e.g. content/articles/x.vi.md.
        file: PathBuf,
        /// The language to translate into.
        #[arg(long)]
        lang: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            strict,
            base_url,
            full,
        } => {
            let options = duet::BuildOptions {
                root,
                output,
                drafts,
                base_url,
                strict,
                full,
            };
            let bar = Progress::new(cli.quiet);
            let result = duet::build_with_progress(&options, &|done, total| bar.update(done, total));
            bar.finish();
            match result {
                Ok(summary) => {
                    if !cli.quiet {
                        let per_lang: Vec<String> =
                            summary.pages.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
                        println!(
                            "Built {} pages ({}) into {} in {} ms: {} files, {} KiB written{}.",
                            summary.pages.iter().map(|(_, n)| n).sum::<usize>(),
                            per_lang.join(", "),
                            summary.output.display(),
                            summary.elapsed.as_millis(),
                            summary.written.files,
                            summary.written.bytes / 1024,
                            match summary.reused {
                                0 => String::new(),
                                n => format!(", {n} unchanged files kept from the previous build"),
                            },
                        );
                        if cli.verbose {
                            for (stage, took) in &summary.stages {
                                println!("  {stage}: {} ms", took.as_millis());
                            }
                            if summary.unread > 0 {
                                println!(
                                    "  {} content files unchanged since the last build (by their metadata) were not read.",
                                    summary.unread
                                );
                            }
                        }
                        for warning in &summary.warnings {
                            eprintln!("warning: {warning}");
                        }
                        if summary.untranslated > 0 {
                            println!(
                                "{} page(s) are not translated into every language.",
                                summary.untranslated
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    report(&problems, "the build failed and left the previous output as it was");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, format } => {
            let report = duet::check::check(&root);
            match format {
                Format::Json => {
                    let json = serde_json::json!({
                        "ok": report.problems.is_empty(),
                        "pages": report.pages,
                        "counts": duet::check::counts(&report),
                        "problems": report.problems,
                        "notes": report.notes,
                    });
                    println!("{}", serde_json::to_string_pretty(&json).expect("a report serialises"));
                }
                Format::Text => {
                    for problem in report.problems.iter().chain(&report.notes) {
                        println!("{}", for_terminal(problem));
                    }
                    if !cli.quiet {
                        let counts: Vec<String> = duet::check::counts(&report)
                            .iter()
                            .map(|(k, n)| format!("{n} {k}"))
                            .collect();
                        if counts.is_empty() {
                            println!("Checked {} pages: no problems.", report.pages);
                        } else {
                            println!("Checked {} pages: {}.", report.pages, counts.join(", "));
                        }
                    }
                }
            }
            if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Serve {
            root,
            output,
            drafts,
            port,
            bind,
            allow_hosts,
        } => {
            let options = duet::serve::ServeOptions {
                root,
                output,
                drafts,
                bind,
                port,
                allow_hosts,
            };
            let quiet = cli.quiet;
            let on_event = move |event: duet::serve::Event| match event {
                duet::serve::Event::Listening { address, output } => {
                    println!("Preview files: {}", output.display());
                    println!("Serving on http://{address}/ (Ctrl-C to stop)");
                }
                duet::serve::Event::BeyondLoopback(address) => eprintln!(
                    "warning: listening on {address}, beyond this machine: anyone who can reach it can read the preview, drafts included"
                ),
                duet::serve::Event::Built { files, elapsed, full } => {
                    if !quiet {
                        let what = if full { "built the site" } else { "rebuilt" };
                        println!("{what}: {files} files in {} ms", elapsed.as_millis());
                    }
                }
                duet::serve::Event::Failed(problems) => {
                    report(&problems, "the last good build is still served; fix it and save");
                }
            };
            match duet::serve::serve(&options, &on_event) {
                Ok(()) => ExitCode::SUCCESS,
                Err(problems) => {
                    report(&problems, "could not serve");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match duet::edit::init(&dir) {
            Ok(files) => {
                if !cli.quiet {
                    println!("Created a new site in {} ({} files).", dir.display(), files.len());
                    println!("Build it with `duet build --root {}`.", dir.display());
                }
                ExitCode::SUCCESS
            }
            Err(problems) => {
                report(&problems, "nothing more was created");
                ExitCode::FAILURE
            }
        },
        Command::New { root, what } => {
            let created = match what {
                New::Article { title, lang } => duet::edit::new_article(&root, &title, lang.as_deref()),
                New::Translation { file, lang } => duet::edit::new_translation(&root, &file, &lang),
            };
            match created {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    report(&problems, "no file was created");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Translated { root, files } => {
            let mut failed = false;
            for file in files {
                match duet::edit::mark_translated(&root, &file) {
                    Ok(fingerprint) => {
                        if !cli.quiet {
                            println!("{}: translated_from {fingerprint}", file.display());
                        }
                    }
                    Err(problems) => {
                        report(&problems, &format!("{} was not changed", file.display()));
                        failed = true;
                    }
                }
            }
            if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Command::Translations { root, what } => translations(root, what, cli.quiet),
    }
}

/// `duet translations …`.
fn translations(root: PathBuf, what: Translations, quiet: bool) -> ExitCode {
    use duet::translations as t;
    match what {
        Translations::Export {
            to,
            format,
            all,
            changed,
            output,
        } => {
            let options = t::ExportOptions {
                root,
                lang: to,
                format: match format {
                    ExchangeFormat::Xliff => t::Format::Xliff,
                    ExchangeFormat::Po => t::Format::Po,
                },
                scope: match (all, changed) {
                    (true, _) => t::Scope::All,
                    (_, true) => t::Scope::Changed,
                    _ => t::Scope::Stale,
                },
                output,
            };
            match t::export(&options) {
                Ok(files) => {
                    for file in &files {
                        println!("{}\t{} units\t{} words", file.path.display(), file.units, file.words);
                        for id in &file.skipped {
                            eprintln!(
                                "warning: {}: the UI string `{id}` selects between variants: translate it by hand in locales/",
                                file.path.display()
                            );
                        }
                    }
                    if !quiet {
                        eprintln!("Exported {} file(s).", files.len());
                    }
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    report(&problems, "nothing was exported");
                    ExitCode::FAILURE
                }
            }
        }
        Translations::Import { files, publish } => {
            let options = t::ImportOptions { root, publish };
            let mut failed = false;
            for file in files {
                match t::import(&options, &file) {
                    Ok(done) => {
                        if !quiet {
                            let what = if done.created { "created" } else { "updated" };
                            println!(
                                "{}: {what} {} ({} units)",
                                file.display(),
                                done.file.display(),
                                done.units
                            );
                        }
                    }
                    Err(problems) => {
                        report(&problems, &format!("nothing was written for {}", file.display()));
                        failed = true;
                    }
                }
            }
            if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Translations::Status { format } => match t::status(&root) {
            Ok(languages) => {
                match format {
                    Format::Json => {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&languages).expect("a status serialises")
                        );
                    }
                    Format::Text => {
                        for l in &languages {
                            println!(
                                "{}: {} translated ({} words), {} missing ({} words), {} stale ({} words to update)",
                                l.lang,
                                l.translated.pages,
                                l.translated.words,
                                l.missing.pages,
                                l.missing.words,
                                l.stale.pages,
                                l.stale.words
                            );
                        }
                    }
                }
                ExitCode::SUCCESS
            }
            Err(problems) => {
                report(&problems, "no status");
                ExitCode::FAILURE
            }
        },
    }
}

/// Prints every problem. On a terminal each comes with a coloured snippet
/// of its file; otherwise (CI logs, pipes) as `error: file:line:col: message`
/// lines that editors and tools can jump to.
fn report(problems: &duet::Diagnostics, outcome: &str) {
    use std::io::IsTerminal;
    let rich = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for problem in &problems.0 {
        // Display escapes control characters itself; the snippet needs a safe copy.
        let problem = problem.for_terminal();
        match (&problem.source, rich) {
            (Some(source), true) => {
                let named = miette::NamedSource::new(problem.path.display().to_string(), source.to_string());
                eprintln!("{:?}", miette::Report::new(Snippet(problem)).with_source_code(named));
            }
            _ => eprintln!("error: {problem}"),
        }
    }
    eprintln!("error: {} problem(s); {outcome}", problems.0.len());
}

/// A problem of `duet check` with the text that came from files made safe
/// for a terminal; JSON output keeps it as data.
fn for_terminal(problem: &duet::check::Problem) -> duet::check::Problem {
    let escape = |text: &str| duet::diagnostics::escape_controls(text).into_owned();
    duet::check::Problem {
        file: escape(&problem.file),
        message: escape(&problem.message),
        hint: problem.hint.as_deref().map(escape),
        ..problem.clone()
    }
}

/// A diagnostic shown by miette: the message as its title, the file's
/// name and position in the snippet header, the hint as help.
#[derive(Debug)]
struct Snippet(duet::Diagnostic);

impl std::fmt::Display for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Snippet {}

impl miette::Diagnostic for Snippet {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        miette::Diagnostic::help(&self.0)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        miette::Diagnostic::labels(&self.0)
    }
}

/// A progress bar for builds that take more than a moment, on a terminal only.
struct Progress {
    enabled: bool,
    started: std::time::Instant,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: std::time::Instant::now(),
            bar: Default::default(),
        }
    }

    /// Called from many threads; draws only after half a second, and at most every 64 files.
    fn update(&self, done: usize, total: usize) {
        if !self.enabled || !done.is_multiple_of(64) || self.started.elapsed() < std::time::Duration::from_millis(500) {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
