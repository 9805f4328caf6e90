//! Typed errors of the core; the wasm binding converts them to JS errors once, at the boundary.
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
    /// A request the store cannot honour (unknown saved post, unreadable import), said plainly.
    #[error("{0}")]
    Invalid(String),
    /// A stored document written by a newer Écoute than this one.
    #[error("store schema {found} is newer than this version of Écoute understands ({supported})")]
    FutureSchema { found: u32, supported: u32 },
}

pub type Result<T> = std::result::Result<T, Error>;
