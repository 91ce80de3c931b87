//! Translation exchange: what a language lacks, handed to translators as
//! XLIFF 1.2 or PO files their CAT tools read, and their work taken back
//! into `*.LANG.md` files. An editor command beside the build pipeline: it
//! reads a linked site and writes only the files it is asked to.

pub mod document;
pub mod exchange;
pub mod export;
mod history;
pub mod import;
pub mod po;
pub mod segment;
pub mod status;
pub mod strings;
pub mod xliff;

pub use export::{ExportOptions, Exported, Scope, export};
pub use import::{ImportOptions, Imported, import};
pub use status::{LanguageStatus, status};

/// The exchange file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// XLIFF 1.2 (`.xlf`).
    Xliff,
    /// gettext PO (`.po`).
    Po,
}

impl Format {
    /// The file name extension written.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xliff => "xlf",
            Format::Po => "po",
        }
    }
}
