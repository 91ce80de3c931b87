//! duet: a static site generator for bilingual partnership portals.
//!
//! A build is data flowing one way: config → discover → parse → link →
//! render → write. Each stage is a module with one entry point; [`build`]
//! runs them in order.

pub mod assets;
pub mod build;
pub mod cards;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod edit;
pub mod i18n;
pub mod incremental;
pub mod links;
pub mod markdown;
pub mod media;
pub mod output;
pub mod plan;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod translations;
pub mod url;
pub mod validate;
pub mod wire;
pub mod yaml;

pub use build::{BuildOptions, BuildSummary, Loaded, build, build_with_progress, load};
pub use diagnostics::{Diagnostic, Diagnostics};
