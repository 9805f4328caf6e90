//! Écoute core: everything that reads a post and keeps score, with no browser types.
//!
//! ```text
//!  Post (post.rs) ──► analysis::analyze ──► Analysis {label, score, lang, intent, evidence}
//!        │                                        │
//!        └──────────────► engine::Engine ◄────────┘   dedup, tallies, writes to persist
//!                            ├─ watch/ (boolean watch queries)   ├─ tally.rs (day / hour / site / item)
//!                            ├─ trends.rs (rising terms, alerts) ├─ influence.rs (authors, badges)
//!                            ├─ saved.rs, export.rs, listening.rs (the pages' operations)
//!                            └─ store/ (key layout, schema version, migrations)
//! ```
//! The same code runs natively (cli/, `cargo test`) and as wasm in the extension's background (wasm/).

pub mod analysis;
pub mod engine;
pub mod error;
pub mod export;
pub mod fold;
pub mod influence;
pub mod listening;
pub mod post;
pub mod saved;
pub mod stopwords;
pub mod store;
pub mod tally;
pub mod time;
pub mod trends;
pub mod watch;

pub use analysis::{analyze, Analysis, Intent, Label};
pub use engine::{Annotation, BatchResult, Engine};
pub use error::{Error, Result};
pub use post::{Author, Metrics, Post};
