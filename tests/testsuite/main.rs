//! Integration tests: fixture sites built into temporary folders, with
//! assertions on the files written and on what the `duet` command prints.

mod common;

mod content_facts;

mod architecture;
mod bad_input;
mod bilingual;
mod build_cache;
mod cards;
mod dates;
mod editor;
mod errors;
mod fallbacks;
mod hosting;
mod identity;
mod incremental;
mod languages;
mod media;
mod output_guard;
mod portal;
mod reference;
mod safety;
mod search;
mod serve;
mod serve_edits;
mod serve_http;
mod staleness;
mod streaming;
mod translations;
mod trilingual;
