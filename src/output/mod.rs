//! Output: feeds, sitemap, and writing the rendered site atomically.

pub mod feed;
pub mod sitemap;
pub mod write;
pub mod xml;

pub use write::{MARKER, Written, check_output_dir, write_in_place, write_site};
