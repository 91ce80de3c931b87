//! Output: writing the rendered site atomically.

pub mod write;

pub use write::{MARKER, Written, check_output_dir, write_site};
