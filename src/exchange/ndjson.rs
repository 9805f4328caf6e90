//! NDJSON, both ways: an export written one record per line, and read back line by line.
use serde_json::{json, Value};

use crate::base::error::Refusal;
use crate::listening::trends::HourTerms;
use crate::store;

use super::import::{check_header, ImportReport, Records, Skip};
use super::tables::tally_rows;
use super::{Dataset, ExportDoc};

/// The flat tally records (exchange/tables.rs): for tools, not read back by an import (the nested `tally`
/// records are the store's own and carry the same figures).
pub const TABLE_TYPES: [&str; 3] = ["tally_day", "tally_hour", "tally_watch"];

/// The document as NDJSON: a header line, then one record per line, every line with its `type`
/// (`header`, `tally`, `tally_day`, `tally_hour`, `tally_watch`, `author`, `saved`, `terms`, `watch_item`,
/// `post`), so a tool that reads every line as a row (`pandas.read_json(lines=True)`) keeps them all and
/// one filter on `type` gives one table.
pub(crate) fn write(doc: &ExportDoc, dataset: Dataset) -> String {
    let mut out = String::new();
    let mut line = |v: Value| {
        out.push_str(&v.to_string());
        out.push('\n');
    };
    let mut header = json!({"type": "header", "format": doc.format, "version": doc.version, "source": doc.source,
                "exported_at": doc.exported_at, "filter": doc.filter});
    if !doc.omitted.is_empty() {
        header["omitted"] = json!(doc.omitted);
    }
    if doc.pseudonymised {
        header["pseudonymised"] = json!(true);
    }
    line(header);
    let tagged = |kind: &str, v: Value| -> Value {
        let mut v = v;
        if let Some(o) = v.as_object_mut() {
            o.insert("type".into(), json!(kind));
        }
        v
    };
    let want = |d: Dataset| dataset == Dataset::All || dataset == d;
    if want(Dataset::Tallies) {
        for t in &doc.tallies {
            line(tagged("tally", serde_json::to_value(t).unwrap_or_default()));
        }
    }
    let rows = tally_rows(doc, &doc.filter);
    for (d, kind, rows) in [
        (Dataset::Tallies, "tally_day", &rows.days),
        (Dataset::Hours, "tally_hour", &rows.hours),
        (Dataset::Mentions, "tally_watch", &rows.mentions),
    ] {
        if want(d) {
            for r in rows {
                line(r.to_json(kind));
            }
        }
    }
    for a in &doc.authors {
        line(tagged("author", serde_json::to_value(a).unwrap_or_default()));
    }
    for s in &doc.saved {
        line(tagged("saved", serde_json::to_value(s).unwrap_or_default()));
    }
    for (hour, terms) in &doc.terms {
        line(json!({"type": "terms", "hour": hour, "posts": terms.posts, "counts": terms.counts, "sites": terms.sites}));
    }
    for i in &doc.watchlist {
        line(tagged("watch_item", serde_json::to_value(i).unwrap_or_default()));
    }
    for p in &doc.posts {
        line(tagged("post", serde_json::to_value(p).unwrap_or_default()));
    }
    out
}

/// Reads an NDJSON export: the header first, then records; a bad line is skipped and said in `report`.
pub(crate) fn read(text: &str, report: &mut ImportReport) -> crate::base::Result<Records> {
    let mut r = Records::default();
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let v: Value = match serde_json::from_str(line) {
            Ok(v) if !store::js_safe(&v) => {
                report.skip(Skip::UnsafeNumber { line: n });
                continue;
            }
            Ok(v) => v,
            Err(e) => {
                if !header {
                    return Err(Refusal::NotAnExport { detail: format!("line {n}: {e}") }.into());
                }
                report.skip(Skip::Unreadable { line: n, record: None, detail: e.to_string() });
                continue;
            }
        };
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("").to_string();
        let bad = |e: serde_json::Error| Skip::Unreadable { line: n, record: Some(kind.clone()), detail: e.to_string() };
        match kind.as_str() {
            "header" => {
                let format = v.get("format").and_then(Value::as_str).unwrap_or("");
                let version = v.get("version").and_then(Value::as_u64).unwrap_or(0) as u32;
                check_header(format, version)?;
                header = true;
            }
            _ if !header => {
                return Err(Refusal::RecordBeforeHeader { line: n }.into())
            }
            "tally" => match serde_json::from_value(v) {
                Ok(t) => r.tallies.push(t),
                Err(e) => report.skip(bad(e)),
            },
            "author" => match serde_json::from_value(v) {
                Ok(a) => r.authors.push(a),
                Err(e) => report.skip(bad(e)),
            },
            "post" => match serde_json::from_value(v) {
                Ok(p) => r.posts.push(p),
                Err(e) => report.skip(bad(e)),
            },
            "watch_item" => match serde_json::from_value(v) {
                Ok(i) => r.watchlist.push(i),
                Err(e) => report.skip(bad(e)),
            },
            "saved" => match serde_json::from_value(v) {
                Ok(s) => r.saved.push(s),
                Err(e) => report.skip(bad(e)),
            },
            "terms" => {
                let hour = v.get("hour").and_then(Value::as_str).unwrap_or("").to_string();
                match serde_json::from_value::<HourTerms>(v) {
                    Ok(t) if !hour.is_empty() => {
                        r.terms.insert(hour, t);
                    }
                    Ok(_) => report.skip(Skip::NoTermHour { line: n }),
                    Err(e) => report.skip(bad(e)),
                }
            }
            t if TABLE_TYPES.contains(&t) => {}
            other => report.skip(Skip::UnknownType { line: n, record: other.to_string() }),
        }
    }
    if !header {
        return Err(Refusal::NoHeader.into());
    }
    Ok(r)
}
