//! Typed errors of the core; the wasm binding converts them to JS errors once, at the boundary.
//!
//! The text of an error (its `Display`) is English: the CLI prints it and the extension falls back to it.
//! The errors the person can meet in the extension also carry their figures ([`Error::args`], tagged by
//! `kind`, docs/listening.md), so that the extension says them in the person's language
//! (extension/shared/words.js, messages `error_*` and `query_*`). The core knows no locale.
use std::fmt;

use serde::{Deserialize, Serialize};
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
        error: QueryError,
    },
    /// A request the store cannot honour, said plainly in English.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// An import file above `MAX_IMPORT_BYTES` (exchange/import.rs).
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
    /// A file given to restore that is not a backup, has no entries, or holds a number beyond `max`.
    NotABackup,
    BackupNoEntries,
    /// A backup's kept posts or sums are not records this version reads.
    BackupDamaged { detail: String },
    BackupUnsafeNumber { max: u64 },
    /// A backup whose retention setting is outside `min`..=`max` days (applied, -1 would delete every
    /// tally, a huge value would overflow the window): the backup is damaged, nothing is restored.
    BackupRetention { min: i64, max: i64 },
    /// A retention setting outside `min`..=`max` days.
    RetentionRange { min: i64, max: i64 },
    /// Saving one more post beyond the `max` that can be saved.
    SavedFull { max: usize },
    /// A saved post that is not (or no longer) saved.
    NoSavedPost { id: String },
    /// A saved post's collection name, tag or note beyond its `max` characters, or more than `max` tags.
    CollectionTooLong { max: usize },
    TagTooLong { max: usize, tag: String },
    TooManyTags { max: usize },
    NoteTooLong { max: usize },
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
            Refusal::NotABackup => write!(f, "not an Écoute backup (no `\"format\": \"ecoute-backup\"`)"),
            Refusal::BackupNoEntries => write!(f, "the backup has no `entries` object"),
            Refusal::BackupDamaged { detail } => write!(f, "this backup is damaged ({detail})"),
            Refusal::BackupUnsafeNumber { max } => write!(f, "this backup holds a number larger than {max}: it is damaged"),
            Refusal::BackupRetention { min, max } => {
                write!(f, "this backup's retention is not between {min} and {max} days: it is damaged, nothing was restored")
            }
            Refusal::RetentionRange { min, max } => write!(f, "retention must be between {min} and {max} days"),
            Refusal::SavedFull { max } => write!(f, "{max} posts are saved already: delete some before saving more"),
            Refusal::NoSavedPost { id } => write!(f, "no saved post `{id}`"),
            Refusal::CollectionTooLong { max } => write!(f, "collection names are at most {max} characters"),
            Refusal::TagTooLong { max, tag } => write!(f, "tags are at most {max} characters: `{tag}`"),
            Refusal::TooManyTags { max } => write!(f, "at most {max} tags per saved post"),
            Refusal::NoteTooLong { max } => write!(f, "notes are at most {max} characters"),
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

// A watch query that does not parse (listening/watch/query.rs reads queries; its errors are here so
// that base/ names them without reaching up to the listening layer).

/// A malformed query: where (1-based character position in the query) and what, in English (`problem`:
/// the CLI and the error's text) and as a code with its figures (`args`: the extension says it in the
/// person's language, extension/shared/words.js, messages `query_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub position: usize,
    pub problem: String,
    pub args: Problem,
}

impl QueryError {
    pub fn new(position: usize, args: Problem) -> QueryError {
        QueryError { position, problem: args.to_string(), args }
    }
}

/// What is wrong with a query. Serialized tagged by `kind` (docs/listening.md); the names are stable.
/// `word`, `op` and `sigil` are the person's own text: shown as text only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A quote that is never closed.
    UnclosedQuote,
    /// `""`: a phrase without words.
    EmptyPhrase,
    /// `#` or `@` without letters or digits after it.
    BareSigil { word: String, sigil: String },
    /// A term without letters or digits (`!!!`).
    NoLetters { word: String },
    /// Parentheses and NOTs nested deeper than `max`.
    TooDeep { max: usize },
    EmptyParentheses,
    UnclosedParenthesis,
    /// A `)` without its `(`.
    UnmatchedClose,
    /// `op` (AND, OR, ET, OU, NEAR/n, as written) with nothing on its left.
    NoLeftTerm { op: String },
    /// `op` (AND, OR, NOT, their French forms, NEAR/n, `-`, as written) with nothing on its right.
    NoRightTerm { op: String },
    TermExpected,
    /// Longer than `max` characters.
    TooLong { max: usize },
    Empty,
    TrailingText,
    /// A watchlist of more than `max` items.
    TooManyItems { max: usize },
    /// A `*` anywhere but at the end of one word (`re*charge`, `coca-co*`, `#promo*`).
    WildcardPlacement { word: String },
    /// A trailing `*` after fewer than `min` letters (`re*`).
    ShortStem { word: String, min: usize },
    /// `NEAR/` without a whole number of words from 0 to `max` after it (`NEAR/x`, `NEAR/500`).
    NearDistance { word: String, max: usize },
    /// A side of `op` (NEAR/n as written) that is not a word, a phrase, a #hashtag, a wildcard or a
    /// parenthesised OR of those: an @handle, a NOT, an AND or another NEAR.
    NearOperand { op: String },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnclosedQuote => write!(f, "this quote is never closed"),
            Problem::EmptyPhrase => write!(f, "empty phrase: put words between the quotes"),
            Problem::BareSigil { word, sigil } => write!(f, "`{word}` needs letters or digits after its `{sigil}`"),
            Problem::NoLetters { word } => write!(f, "`{word}` has no letters or digits to match"),
            Problem::TooDeep { max } => write!(f, "nested more than {max} deep"),
            Problem::EmptyParentheses => write!(f, "empty parentheses"),
            Problem::UnclosedParenthesis => write!(f, "this parenthesis is never closed"),
            Problem::UnmatchedClose => write!(f, "`)` without a matching `(`"),
            Problem::NoLeftTerm { op } => write!(f, "{op} needs a term on its left"),
            Problem::NoRightTerm { op } => write!(f, "{op} needs a term on its right"),
            Problem::TermExpected => write!(f, "a term was expected here"),
            Problem::TooLong { max } => write!(f, "a query is at most {max} characters"),
            Problem::Empty => write!(f, "the query is empty"),
            Problem::TrailingText => write!(f, "unexpected text after the query"),
            Problem::TooManyItems { max } => write!(f, "at most {max} watch items"),
            Problem::WildcardPlacement { word } => write!(f, "`{word}`: `*` goes at the end of a single word, as in recharg*"),
            Problem::ShortStem { word, min } => write!(f, "`{word}`: put at least {min} letters before the `*`"),
            Problem::NearDistance { word, max } => {
                write!(f, "`{word}`: write NEAR/ followed by a number of words from 0 to {max}")
            }
            Problem::NearOperand { op } => write!(
                f,
                "{op} joins words, phrases, #hashtags or wildcards (or an OR of them in parentheses)"
            ),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at position {}: {}", self.position, self.problem)
    }
}

impl std::error::Error for QueryError {}
