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
// Moved into its layer folder; the next commit declares the layers.
#[path = "engine/mod.rs"]
pub mod engine;
#[path = "base/error.rs"]
pub mod error;
#[path = "exchange/mod.rs"]
pub mod export;
#[path = "text/fold.rs"]
pub mod fold;
#[path = "listening/influence.rs"]
pub mod influence;
#[path = "engine/requests.rs"]
pub mod listening;
#[path = "base/post.rs"]
pub mod post;
#[path = "store/saved.rs"]
pub mod saved;
#[path = "text/stopwords.rs"]
pub mod stopwords;
pub mod store;
#[path = "listening/tally.rs"]
pub mod tally;
#[path = "base/time/mod.rs"]
pub mod time;
#[path = "listening/trends.rs"]
pub mod trends;
#[path = "listening/watch/mod.rs"]
pub mod watch;

pub use analysis::{analyze, Analysis, Intent, Label};
pub use engine::{Annotation, BatchResult, Engine};
pub use error::{Error, Result};
pub use post::{Author, Metrics, Post};
