//! The tallies as flat tables, one per level, for tools that sum columns (pandas, DuckDB, a spreadsheet):
//! days by site, hours, and watch items' mentions by day and site. No row is a subtotal of others, so a
//! column's sum is the total: posts of a day that no site (or hour) accounts for, as in tallies imported
//! from an older file, get one row with that key empty rather than being lost or counted twice.
use serde_json::{json, Map, Value};

use crate::listening::tally::Counts;

use super::{ExportDoc, Filter};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TallyRow {
    pub day: String,
    pub hour: Option<String>,
    pub site: Option<String>,
    /// The watch item (the filter's, or the row's own in the mentions table).
    pub watch: Option<String>,
    pub counts: Counts,
}

#[derive(Debug, Default)]
pub(crate) struct TallyRows {
    /// One row per day and site.
    pub days: Vec<TallyRow>,
    /// One row per day and hour (none under a site filter: hours are not split by site).
    pub hours: Vec<TallyRow>,
    /// One row per day, watch item and site.
    pub mentions: Vec<TallyRow>,
}

/// What `total` holds beyond the `parts`: the posts no part accounts for.
fn rest<'a>(total: &Counts, parts: impl Iterator<Item = &'a Counts>) -> Option<Counts> {
    let mut r = total.clone();
    for p in parts {
        r.sub_counts(p);
    }
    (r.posts > 0).then_some(r)
}

pub(crate) fn tally_rows(doc: &ExportDoc, filter: &Filter) -> TallyRows {
    let mut out = TallyRows::default();
    let row = |day: &str, hour: Option<&String>, site: Option<&String>, watch: Option<&String>, c: &Counts| TallyRow {
        day: day.to_string(),
        hour: hour.cloned(),
        site: site.cloned(),
        watch: watch.cloned(),
        counts: c.clone(),
    };
    let fwatch = filter.watch.as_ref();
    for t in &doc.tallies {
        for (s, c) in &t.sites {
            out.days.push(row(&t.day, None, Some(s), fwatch, c));
        }
        if let Some(r) = rest(&t.total, t.sites.values()) {
            out.days.push(row(&t.day, None, filter.site.as_ref(), fwatch, &r));
        }
        if filter.site.is_none() {
            for (h, c) in &t.hours {
                out.hours.push(row(&t.day, Some(h), None, fwatch, c));
            }
            if let Some(r) = rest(&t.total, t.hours.values()) {
                out.hours.push(row(&t.day, None, None, fwatch, &r));
            }
        }
        for (q, it) in &t.watch {
            for (s, c) in &it.sites {
                out.mentions.push(row(&t.day, None, Some(s), Some(q), c));
            }
            if let Some(r) = rest(&it.total, it.sites.values()) {
                out.mentions.push(row(&t.day, None, filter.site.as_ref(), Some(q), &r));
            }
        }
    }
    out
}

impl TallyRow {
    /// The row as a flat NDJSON record of type `kind`: keys, then every count as its own field.
    pub(crate) fn to_json(&self, kind: &str) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        m.insert("day".into(), json!(self.day));
        if kind == "tally_hour" {
            m.insert("hour".into(), json!(self.hour));
        }
        m.insert("site".into(), json!(self.site));
        m.insert("watch".into(), json!(self.watch));
        let c = &self.counts;
        m.insert("posts".into(), json!(c.posts));
        m.insert("positive".into(), json!(c.positive));
        m.insert("negative".into(), json!(c.negative));
        m.insert("neutral".into(), json!(c.neutral));
        m.insert("net_sentiment".into(), json!((c.net_sentiment() * 10_000.0).round() / 10_000.0));
        for i in ["praise", "complaint", "request", "question"] {
            m.insert(i.into(), json!(c.intents.get(i).copied().unwrap_or(0)));
        }
        m.insert("unanalysed".into(), json!(c.unanalysed.values().sum::<u64>()));
        Value::Object(m)
    }
}
