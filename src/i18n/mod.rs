//! Languages: Fluent UI strings, localised dates and slug folding.

pub mod age;
pub mod collate;
pub mod date;
pub mod fluent;
mod ftl_check;
mod shown;
pub mod slug;

pub use collate::Collation;
pub use date::Date;
pub use fluent::{Arg, FtlSource, Layer, Locales};
pub use shown::PerLang;
pub use slug::Slug;
