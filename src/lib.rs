//! Écoute core: everything that reads a post and keeps score, with no browser types.
//!
//! The code is in layers, each a folder; a layer uses the ones below it, never one above
//! (tests/layers.rs checks every `crate::` path):
//!
//! ```text
//!  engine/     Engine: batches in, counts and store writes out (ingest, recount, watchlist edits,
//!     │        saved posts, backup and restore, import and export), the pages' requests (requests.rs)
//!  exchange/   export formats, CSV, NDJSON, import reading and its checks, the exported records
//!  store/      the store's key layout, schema and migrations, kept posts and their sums, saved posts
//!  listening/  watch queries (watch/), tallies (tally.rs), rising terms and alerts (trends.rs),
//!     │        authors and badges (influence.rs)
//!  analysis/   sentiment, intent, language, evidence: analyze(text) ─► Analysis
//!  text/       folding, the word tokenizer of queries and terms, stopwords
//!  base/       errors, limits, the Post record, time
//! ```
//! The same code runs natively (cli/, `cargo test`) and as wasm in the extension's background (wasm/).
//! The public API is what this file exports; the layers' own module tree is private.

mod base;
mod text;
pub mod analysis;
mod listening;
pub mod store;
mod exchange;
pub mod engine;

pub use base::{error, limits, post, time};
pub use listening::{influence, tally, trends, watch};

/// Export and import: the formats and records (exchange/), and the engine's side of them.
pub mod export {
    pub use crate::engine::{export, import, selected};
    pub use crate::exchange::*;
}

pub use analysis::{analyze, Analysis, Intent, Label};
pub use engine::{Annotation, BatchResult, Engine};
pub use error::{Error, Result};
pub use post::{Author, Metrics, Post};
