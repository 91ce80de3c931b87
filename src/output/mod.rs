//! Output: feeds, sitemap, the search index, and writing the rendered site atomically.

pub mod chunks;
pub mod feed;
pub mod fragments;
mod guard;
pub mod hosting;
mod patch;
pub mod reuse;
pub mod search;
pub mod sitemap;
mod swap;
pub mod write;
pub mod xml;

pub use guard::check_output_dir;
pub use patch::patch_output;
pub use write::{Contents, MARKER, Payload, Written, write_in_place, write_site};
