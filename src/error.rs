//! Typed errors of the core; the wasm binding converts them to JS errors once, at the boundary.
//!
//! The text of an error (its `Display`) is English: the CLI prints it and the extension falls back to it.
//! The errors the person can meet in the extension also carry their figures ([`Error::args`], tagged by
//! `kind`, docs/listening.md), so that the extension says them in the person's language
//! (extension/shared/words.js, messages `error_*` and `query_*`). The core knows no locale.
use serde::Serialize;
use serde_json::{json, Value};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// A record from a page or a file that is not a valid `Post`.
    #[error("invalid post: {0}")]
    InvalidPost(String),
    /// A stored document that cannot be read or migrated; the message names the key and the problem.
    #[error("corrupt store ({key}): {problem}")]
    CorruptStore { key: String, problem: String },
    /// A watch query that does not parse; the error names the position and the problem.
    #[error("watch query `{query}` {error}")]
    Query {
        query: String,
        error: crate::watch::QueryError,
    },
    /// A request the store cannot honour (unknown saved post, bad retention), said plainly in English.
    #[error("{0}")]
    Invalid(String),
    /// A request refused for a reason the person can act on, with its figures.
    #[error("{0}")]
    Refused(Refusal),
    /// A stored document written by a newer Écoute than this one.
    #[error("store schema {found} is newer than this version of Écoute understands ({supported})")]
    FutureSchema { found: u32, supported: u32 },
}

/// Why a file or a request was refused. Serialized tagged by `kind`; the names are stable. `detail` is
/// the JSON reader's own (English) description of where the file is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// An import file above [`crate::export::MAX_IMPORT_BYTES`].
    ImportTooLarge { bytes: u64, max_bytes: u64 },
    /// A file that is not an Écoute export (not JSON, another format, a broken first line).
    NotAnExport { detail: String },
    /// NDJSON without its header line, or with records before it.
    NoHeader,
    RecordBeforeHeader { line: usize },
    /// A backup given to import.
    BackupNotExport,
    /// An export written by a newer Écoute.
    NewerExport { version: u32, supported: u32 },
    /// A number beyond 2^53 − 1 (it cannot cross into JavaScript intact).
    UnsafeNumber { max: u64 },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::ImportTooLarge { bytes, max_bytes } => write!(
                f,
                "this file is {:.1} MB: Écoute imports files of at most {:.0} MB (its own exports are smaller)",
                *bytes as f64 / 1e6,
                *max_bytes as f64 / 1e6
            ),
            Refusal::NotAnExport { detail } => write!(f, "not an Écoute export: {detail}"),
            Refusal::NoHeader => write!(f, "not an Écoute export: no header line"),
            Refusal::RecordBeforeHeader { line } => {
                write!(f, "not an Écoute export: line {line} comes before the header line")
            }
            Refusal::BackupNotExport => write!(f, "this file is a backup: restore it instead of importing it"),
            Refusal::NewerExport { version, supported } => {
                write!(f, "export version {version} is newer than this Écoute reads ({supported})")
            }
            Refusal::UnsafeNumber { max } => {
                write!(f, "this file holds a number larger than {max} (not an Écoute export, or a damaged one)")
            }
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Error::Refused(r)
    }
}

impl Error {
    /// The figures of the error for the extension's words (`{kind, ...}`), or `None` for the errors it
    /// shows in English (internal ones the person cannot act on).
    pub fn args(&self) -> Option<Value> {
        match self {
            Error::Query { query, error } => Some(json!({
                "kind": "query",
                "query": query,
                "position": error.position,
                "problem": error.args,
            })),
            Error::Refused(r) => serde_json::to_value(r).ok(),
            Error::FutureSchema { found, supported } => {
                Some(json!({"kind": "future_schema", "found": found, "supported": supported}))
            }
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
