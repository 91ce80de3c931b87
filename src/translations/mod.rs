//! Translation exchange: what a language lacks, handed to translators as
//! XLIFF 1.2 or PO files their CAT tools read, and their work taken back
//! into `*.LANG.md` files. An editor command, beside the build pipeline: it
//! reads a linked site and writes only the files it is asked to.

pub mod segment;
pub mod exchange;
pub mod xliff;
pub mod po;
