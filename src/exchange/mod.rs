//! The exchange layer: export and import of tallies, authors, saved posts and kept posts (and trend
//! terms, export only) as CSV, JSON or NDJSON, filtered by date range, site and watch item.
//!
//! Import reads this layer's JSON or NDJSON and merges *without double counting*: every count is merged
//! by keeping the larger of the stored and imported value (tallies, authors), saved posts by the latest
//! update. Importing the same file twice, or a file exported from this very store, changes nothing.
//! (The price: two devices' disjoint counts for the same day are not summed; they cannot be told apart
//! from overlapping ones without the posts themselves.)
//!
//! CSV cells are quoted when needed, and text cells starting with `= + - @` (or tab, CR) get a leading `'`
//! so a spreadsheet never runs a post as a formula (OWASP "CSV injection").
//!
//! This layer knows the formats and the records and reads files; it does not know the engine. What an
//! export selects from the engine, and how an import merges into it, is engine/exchange.rs.
//!
//! - request.rs: what to export (dataset, format, filter)
//! - records.rs: the records of a file (a kept post, an author, the JSON document)
//! - csv.rs, ndjson.rs: writing them (and reading NDJSON back); tables.rs: the tallies as flat tables
//! - pseudonym.rs: authors replaced by a keyed hash (pseudonymised exports)
//! - import.rs: reading an import file, its limits, what was skipped and why
//! - backup.rs: a backup's entries checked before a restore
mod backup;
mod csv;
mod import;
mod ndjson;
mod pseudonym;
mod records;
mod request;
mod tables;

pub use csv::csv_cell;
pub use import::{ImportReport, Skip, MAX_IMPORT_BYTES};
pub use ndjson::TABLE_TYPES;
pub use pseudonym::pseudonym;
pub use records::{is_rounded, AuthorRecord, ExportDoc, Omission, PostRecord};
pub use request::{Dataset, ExportRequest, Filter, Format, Profile};

pub(crate) use backup::check_backup;
pub(crate) use import::{bad_hour, latest_day, read, saved_as_typed, shown, Records};
pub(crate) use request::filtered_day;
#[cfg(test)]
pub(crate) use csv::{starts_formula, FORMULA_START};

pub const EXPORT_FORMAT: &str = "ecoute-export";
pub const EXPORT_VERSION: u32 = 1;

/// The document in the requested format, as one string.
pub(crate) fn write(doc: &ExportDoc, req: &ExportRequest) -> crate::base::Result<String> {
    Ok(match req.format {
        Format::Json => serde_json::to_string_pretty(doc).unwrap_or_default(),
        Format::Ndjson => ndjson::write(doc, req.dataset),
        Format::Csv => csv::write(doc, req)?,
    })
}
