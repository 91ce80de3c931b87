//! The `duet` command line: parses arguments, calls the library, shows
//! diagnostics and maps failures to exit code 1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// duet builds bilingual partnership portals from Markdown.
#[derive(Parser)]
#[command(name = "duet", version, about)]
struct Cli {
    /// Print less: only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output, drafts } => {
            let options = duet::BuildOptions { root, output, drafts };
            match duet::build(&options) {
                Ok(summary) => {
                    if !cli.quiet {
                        let per_lang: Vec<String> =
                            summary.pages.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
                        println!(
                            "Built {} pages ({}) into {} in {} ms: {} files, {} KiB.",
                            summary.pages.iter().map(|(_, n)| n).sum::<usize>(),
                            per_lang.join(", "),
                            summary.output.display(),
                            summary.elapsed.as_millis(),
                            summary.written.files,
                            summary.written.bytes / 1024,
                        );
                        if summary.untranslated > 0 {
                            println!("{} page(s) are not translated into every language.", summary.untranslated);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    report(&problems);
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Prints every problem: `file:line:col: message` first (for editors and CI
/// logs), then the source snippet when the file's text is known.
fn report(problems: &duet::Diagnostics) {
    for problem in &problems.0 {
        eprintln!("error: {problem}");
        if problem.source.is_some() {
            let report = miette::Report::new(problem.clone());
            eprintln!("{report:?}");
        }
    }
    eprintln!("error: the build failed with {} problem(s); the previous output was left as it was", problems.0.len());
}
