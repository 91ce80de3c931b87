//! Content: discovering, reading and parsing the site's Markdown files.

pub mod cache;
pub mod discover;
pub mod fingerprint;
pub mod page;
pub mod stamp;

/// Front matter is YAML: the `yaml` module reads and edits it.
pub use crate::yaml as front_matter;
pub use discover::{Listed, SourceFile, Unread, Waiting, discover_one, list, read_ahead};
pub use fingerprint::Fingerprint;
pub use page::{Page, Section, Shared, SourceRef, parse};
