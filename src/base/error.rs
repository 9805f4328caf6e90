//! Typed errors of the core; the wasm binding converts them to JS errors once, at the boundary.
//!
//! The text of an error (its `Display`) is English: the CLI prints it and the extension falls back to it.
//! The errors the person can meet in the extension also carry their figures ([`Error::args`], tagged by
//! `kind`, docs/listening.md), so that the extension says them in the person's language
//! (extension/shared/words.js, messages `error_*` and `query_*`). The core knows no locale.
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
        error: crate::watch::QueryError,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saved::{SaveRequest, SavedUpdate};
    use crate::Engine;

    /// The refusals a person meets on the dashboard carry their figures; the English stays as it was.
    #[test]
    fn saved_posts_retention_and_restore_refusals_carry_their_figures() {
        let mut e = Engine::new();
        let args = |r: Result<crate::engine::BatchResult>| r.unwrap_err().args().unwrap();
        let err = e.set_retention(0, 0).unwrap_err();
        assert_eq!(err.to_string(), "retention must be between 1 and 3650 days");
        assert_eq!(err.args().unwrap(), json!({"kind": "retention_range", "min": 1, "max": 3650}));
        assert_eq!(args(e.delete_saved("x:9")), json!({"kind": "no_saved_post", "id": "x:9"}));
        let post = json!({"post": {"site": "x", "id": "1", "text": "t"}});
        let mut req: SaveRequest = serde_json::from_value(post).unwrap();
        req.collection = Some("c".repeat(101));
        assert_eq!(args(e.save_post(req, 0)), json!({"kind": "collection_too_long", "max": 100}));
        e.save_post(serde_json::from_value(json!({"post": {"site": "x", "id": "1", "text": "t"}})).unwrap(), 0).unwrap();
        let update = |u: Value| serde_json::from_value::<SavedUpdate>(u).unwrap();
        let tag = "t".repeat(65);
        let err = e.update_saved("x:1", update(json!({"tags": [tag]})), 0).unwrap_err();
        assert_eq!(err.to_string(), format!("tags are at most 64 characters: `{tag}`"));
        assert_eq!(err.args().unwrap(), json!({"kind": "tag_too_long", "max": 64, "tag": tag}));
        let tags: Vec<String> = (0..21).map(|i| i.to_string()).collect();
        assert_eq!(args(e.update_saved("x:1", update(json!({"tags": tags})), 0)), json!({"kind": "too_many_tags", "max": 20}));
        assert_eq!(args(e.update_saved("x:1", update(json!({"note": "n".repeat(4001)})), 0)), json!({"kind": "note_too_long", "max": 4000}));
        let restore = |doc: Value| Engine::new().restore(&doc, 0).unwrap_err();
        assert_eq!(restore(json!({"format": "x"})).args().unwrap(), json!({"kind": "not_a_backup"}));
        assert_eq!(restore(json!({"format": "x"})).to_string(), "not an Écoute backup (no `\"format\": \"ecoute-backup\"`)");
        assert_eq!(restore(json!({"format": "ecoute-backup"})).args().unwrap(), json!({"kind": "backup_no_entries"}));
        assert_eq!(restore(json!({"format": "ecoute-backup", "n": 9_007_199_254_740_992u64})).args().unwrap()["kind"], "backup_unsafe_number");
    }
}
