//! Integration tests: fixture sites built into temporary folders, with
//! assertions on the files written and on what the `duet` command prints.

mod common;

mod bad_input;
mod bilingual;
mod editor;
mod errors;
mod fallbacks;
mod languages;
mod portal;
mod reference;
mod serve;
mod serve_edits;
mod serve_http;
mod staleness;
mod trilingual;
