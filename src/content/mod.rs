//! Content: discovering, reading and parsing the site's Markdown files.

pub mod discover;
pub mod fingerprint;
pub mod front_matter;
pub mod page;
pub mod set_key;
pub mod yaml_text;

pub use discover::{Discovered, SourceFile, discover, discover_one};
pub use fingerprint::Fingerprint;
pub use page::{Page, Section, Shared, SourceRef, parse};
