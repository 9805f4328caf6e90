//! Reading an import file: its size limit, its records, what was skipped and why. Merging the records
//! into the store is the engine's (engine/exchange.rs): this layer only reads and checks.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::base::error::Refusal;
use crate::base::time::day_key;
use crate::listening::tally::DayTally;
use crate::listening::trends::HourTerms;
use crate::store;
use crate::store::saved::SavedPost;

use super::{ndjson, AuthorRecord, ExportDoc, PostRecord, EXPORT_FORMAT, EXPORT_VERSION};

/// Largest import file, in bytes (UTF-8). The store lives in `chrome.storage.local`, 10 MB at most, of
/// which an export holds everything but the dedup memory: even pretty-printed JSON, the largest export
/// stays well under this. A file is read whole, then parsed into a JSON tree several times its size in
/// the background's memory (a service worker, which the browser stops when it grows too large): beyond
/// this it is refused before it is parsed. Keep in sync with extension/shared/limits.js.
pub const MAX_IMPORT_BYTES: usize = 32_000_000;

/// What an import merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub tallies: usize,
    /// Posts read from the file (the host then says how many were new).
    #[serde(default)]
    pub posts: usize,
    /// Watch items the file named that joined the watchlist.
    #[serde(default)]
    pub watch_items: usize,
    pub authors: usize,
    pub saved: usize,
    pub term_hours: usize,
    /// Lines or records that could not be read, with where and why, in English; the rest was imported.
    pub skipped: Vec<String>,
    /// The same, one for one, as codes with their figures (the extension's words).
    #[serde(default)]
    pub skips: Vec<Skip>,
}

impl ImportReport {
    pub(crate) fn skip(&mut self, why: Skip) {
        self.skipped.push(why.to_string());
        self.skips.push(why);
    }
}

/// Why a record of an import file was skipped. Serialized tagged by `kind`; the names are stable. `line`
/// is the NDJSON line (1-based); days, hours, keys, ids and record types are the file's own text, shown as
/// text only; `detail` is the JSON reader's own (English) description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Skip {
    /// A tally whose `day` is not a `YYYY-MM-DD` date.
    BadDay { day: String },
    /// A tally with an hour key (of the day, or of a watch item) that is not `00` to `23`: the whole day
    /// is skipped rather than counted under an hour that does not exist.
    BadHour { day: String, hour: String },
    /// A tally older than the retention setting.
    TooOld { day: String },
    /// A tally of a day that has not come yet (after tomorrow, UTC): retention would never reach it.
    FutureDay { day: String },
    /// An author without a handle.
    NoHandle { key: String },
    /// A saved post without an id.
    NoId,
    /// A saved post beyond the `max` posts that can be saved.
    SavedFull { id: String, max: usize },
    /// A saved post refused as typing it would be (a note, a tag, a collection beyond its limit):
    /// `refusal` says which, with its figures (src/error.rs).
    SavedRefused { id: String, refusal: Refusal },
    /// A saved post that is not a post (`detail`, English: which field), or a backup's saved post stored
    /// under a key that is not its own.
    BadSaved { id: String, detail: String },
    /// Trend terms whose hour is not a `YYYY-MM-DDTHH` hour (or `YYYY-MM-DD` day).
    BadTermHour { hour: String },
    /// Trend terms without an hour.
    NoTermHour { line: usize },
    /// A line holding a number beyond 2^53 − 1.
    UnsafeNumber { line: usize },
    /// A line that is not JSON, or a record (`record`: its type) that is not what that type holds.
    Unreadable {
        line: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<String>,
        detail: String,
    },
    /// A record of a type Écoute does not know.
    UnknownType { line: usize, record: String },
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::BadDay { day } => write!(f, "tally `{day}`: not a YYYY-MM-DD day"),
            Skip::BadHour { day, hour } => write!(f, "tally {day}: hour `{hour}` is not an hour from 00 to 23"),
            Skip::TooOld { day } => write!(f, "tally {day}: older than the retention setting"),
            Skip::FutureDay { day } => write!(f, "tally {day}: a day that has not come yet"),
            Skip::NoHandle { key } => write!(f, "author `{key}`: no handle"),
            Skip::NoId => write!(f, "saved post without an id"),
            Skip::SavedFull { id, max } => write!(f, "saved post `{id}`: {max} posts are saved already"),
            Skip::SavedRefused { id, refusal } => write!(f, "saved post `{id}`: {refusal}"),
            Skip::BadSaved { id, detail } => write!(f, "saved post `{id}`: {detail}"),
            Skip::BadTermHour { hour } => write!(f, "terms `{hour}`: not a YYYY-MM-DDTHH hour"),
            Skip::NoTermHour { line } => write!(f, "line {line} (terms): no hour"),
            Skip::UnsafeNumber { line } => write!(f, "line {line}: a number too large for Écoute"),
            Skip::Unreadable { line, record: Some(r), detail } => write!(f, "line {line} ({r}): {detail}"),
            Skip::Unreadable { line, record: None, detail } => write!(f, "line {line}: {detail}"),
            Skip::UnknownType { line, record } => write!(f, "line {line}: unknown record type `{record}`"),
        }
    }
}

/// The first hour key of a tally (of the day or of one of its watch items) that is not `00` to `23`.
pub(crate) fn bad_hour(t: &DayTally) -> Option<&str> {
    t.hours
        .keys()
        .chain(t.watch.values().flat_map(|w| w.hours.keys()))
        .map(String::as_str)
        .find(|h| !crate::base::time::is_hour_of_day(h))
}

/// Reads an export file (a JSON document, or NDJSON) into its records, refusing what is not one:
/// too large, a backup, another format or a newer version. What could not be read of an NDJSON file is
/// in the report; the caller merges the rest (engine/exchange.rs).
pub(crate) fn read(text: &str) -> crate::base::Result<(Records, ImportReport)> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Refusal::ImportTooLarge { bytes: text.len() as u64, max_bytes: MAX_IMPORT_BYTES as u64 }.into());
    }
    let mut report = ImportReport::default();
    let records = match serde_json::from_str::<Value>(text.trim()) {
        Ok(v) if !store::js_safe(&v) => return Err(Refusal::UnsafeNumber { max: store::MAX_SAFE_INTEGER }.into()),
        Ok(v) if v.get("format").and_then(Value::as_str) == Some("ecoute-backup") => {
            return Err(Refusal::BackupNotExport.into())
        }
        Ok(v) if v.get("type").is_none() => {
            let doc: ExportDoc = serde_json::from_value(v)
                .map_err(|e| Refusal::NotAnExport { detail: e.to_string() })?;
            check_header(&doc.format, doc.version)?;
            Records { tallies: doc.tallies, authors: doc.authors, saved: doc.saved, terms: doc.terms, posts: doc.posts, watchlist: doc.watchlist }
        }
        // One line of NDJSON, or several.
        _ => ndjson::read(text, &mut report)?,
    };
    Ok((records, report))
}

/// The last day a file may hold a tally for: tomorrow, UTC (a clock ahead, a time zone east of UTC).
pub(crate) fn latest_day(now_ms: i64) -> String {
    day_key(now_ms.saturating_add(86_400_000))
}

/// A file's text (an id, a day) as a report shows it: at most 100 characters, so that a hostile file
/// cannot make the report as large as itself.
pub(crate) fn shown(text: &str) -> String {
    match text.char_indices().nth(100) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// `s` checked as if it had been saved from a page and typed ([`SavedPost::validated`]), or why not.
pub(crate) fn saved_as_typed(s: SavedPost) -> Result<SavedPost, Skip> {
    let id = shown(&s.id);
    s.validated().map_err(|e| match e {
        crate::base::Error::Refused(refusal) => Skip::SavedRefused { id, refusal },
        crate::base::Error::InvalidPost(detail) => Skip::BadSaved { id, detail },
        other => Skip::BadSaved { id, detail: other.to_string() },
    })
}

pub(crate) fn check_header(format: &str, version: u32) -> crate::base::Result<()> {
    if format != EXPORT_FORMAT {
        return Err(Refusal::NotAnExport { detail: format!("format `{format}`") }.into());
    }
    if version > EXPORT_VERSION {
        return Err(Refusal::NewerExport { version, supported: EXPORT_VERSION }.into());
    }
    Ok(())
}

/// What an export file holds, read.
#[derive(Default)]
pub(crate) struct Records {
    pub(crate) tallies: Vec<DayTally>,
    pub(crate) authors: Vec<AuthorRecord>,
    pub(crate) saved: Vec<SavedPost>,
    pub(crate) terms: BTreeMap<String, HourTerms>,
    pub(crate) posts: Vec<PostRecord>,
    pub(crate) watchlist: Vec<crate::listening::watch::WatchItem>,
}
