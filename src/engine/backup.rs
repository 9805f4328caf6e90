//! The whole store at once: its entries, a backup document, a restore from one, a reset, and the
//! install id.
use std::collections::BTreeMap;

use serde_json::Value;

use crate::base::error::Refusal;
use crate::exchange::Skip;
use crate::store::kept::{Agg, KeptPost};
use crate::store::{self, Meta};

use super::{BatchResult, Engine, Recovery, BACKUP_FORMAT, SCHEMA_VERSION};

impl Engine {
    /// Every key this engine would store, with its value: the whole store (backup, reset, tests).
    pub fn entries(&self) -> BTreeMap<String, Value> {
        let mut out = BatchResult::default();
        out.write(store::META.into(), &self.meta);
        out.write(store::WATCHLIST.into(), &self.watchlist());
        for (day, t) in &self.days {
            out.write(format!("{}{day}", store::TALLY), t);
        }
        for (k, a) in self.authors.iter() {
            out.write(format!("{}{k}", store::AUTHOR), a);
        }
        for (h, t) in self.trends.hours() {
            out.write(format!("{}{h}", store::TERMS), t);
        }
        out.write(store::TRENDS.into(), &self.trends.log());
        out.write(store::ALERTS.into(), &self.trends.alerts());
        out.write(store::TREND_STATE.into(), &self.trends.state());
        if !self.authors.owned().0.is_empty() {
            out.write(store::OWNED.into(), self.authors.owned());
        }
        for s in self.saved.values() {
            out.write(s.store_key(), s);
        }
        if !self.adapt.is_empty() {
            out.write(store::ADAPT.into(), &self.adapt);
        }
        out.writes
    }

    /// The whole store as one JSON document (a backup file).
    pub fn backup(&self, now_ms: i64) -> Value {
        serde_json::json!({
            "format": BACKUP_FORMAT,
            "schema": SCHEMA_VERSION,
            "created_at": now_ms,
            "entries": self.entries(),
        })
    }

    /// Replaces the whole store with a backup (of this schema or an older one: it is migrated). Returns
    /// the writes for every restored key and the removals of the current keys the backup lacks, and
    /// what had to be set aside. Nothing changes when the document is not a readable backup.
    pub fn restore(&mut self, doc: &Value, now_ms: i64) -> crate::base::Result<(BatchResult, Vec<Recovery>, Vec<Skip>)> {
        if !store::js_safe(doc) {
            return Err(Refusal::BackupUnsafeNumber { max: store::MAX_SAFE_INTEGER }.into());
        }
        if doc.get("format").and_then(Value::as_str) != Some(BACKUP_FORMAT) {
            return Err(Refusal::NotABackup.into());
        }
        let mut entries: BTreeMap<String, Value> = doc
            .get("entries")
            .cloned()
            .and_then(|e| serde_json::from_value(e).ok())
            .ok_or(Refusal::BackupNoEntries)?;
        // A file is untrusted: held to the limits the engine keeps itself (exchange/backup.rs `check_backup`).
        let skips = crate::exchange::check_backup(&mut entries, now_ms)?;
        let (mut restored, fix, recoveries) = Engine::load(entries, now_ms)?;
        restored.durable = self.durable;
        let mut out = BatchResult::default();
        let new_entries = restored.entries();
        out.removals = self.entries().into_keys().filter(|k| !new_entries.contains_key(k)).collect();
        out.writes = new_entries;
        // Values set aside while loading the backup (corrupt:*) are kept too.
        out.writes.extend(fix.writes.into_iter().filter(|(k, _)| k.starts_with(store::CORRUPT)));
        // An older backup's tallies and dedup memory, converted for the kept-post store; a schema-4
        // backup's kept posts and their sums, as they were (the host empties its stores first).
        out.agg_puts = fix.agg_puts;
        out.legacy = fix.legacy;
        out.prune_before = fix.prune_before;
        let list = |field: &str| doc.get(field).cloned().unwrap_or(Value::Array(Vec::new()));
        let kept: Vec<KeptPost> = serde_json::from_value(list("posts")).map_err(|e| Refusal::BackupDamaged { detail: format!("posts: {e}") })?;
        let aggs: Vec<Agg> = serde_json::from_value(list("aggs")).map_err(|e| Refusal::BackupDamaged { detail: format!("aggs: {e}") })?;
        // A backup is a file from outside: its posts are held to a page's bounds (base/limits.rs).
        out.kept = kept
            .into_iter()
            .filter(|k| {
                let p = k.to_post();
                p.validate().is_ok() && p.bounded() == p && k.analysis.evidence.len() <= 256 && k.terms.len() <= crate::listening::trends::MAX_TERMS_PER_POST
            })
            .collect();
        out.agg_puts.extend(aggs);
        *self = restored;
        Ok((out, recoveries, skips))
    }

    /// Gives the store a random install id from the host's randomness (16 bytes or more, e.g.
    /// `crypto.getRandomValues`) when its id is empty (a new store in wasm, which has no randomness of
    /// its own) or time-based (stores made before): the `meta` write to persist, or `None` when the id
    /// was random already. Call it after every start; it changes the id at most once.
    pub fn adopt_install_id(&mut self, random: &[u8]) -> Option<BatchResult> {
        if !self.meta.adopt_random_id(random) {
            return None;
        }
        let mut out = BatchResult::default();
        out.write(store::META.into(), &self.meta);
        Some(out)
    }

    /// Forgets everything: the removals of every key, and a fresh `meta`. The host also removes any
    /// `corrupt:*` keys it wants gone (they are the person's data set aside, so not removed here).
    pub fn reset(&mut self, now_ms: i64) -> BatchResult {
        let mut out = BatchResult {
            removals: self.entries().into_keys().filter(|k| k != store::META).collect(),
            ..Default::default()
        };
        let durable = self.durable;
        *self = Engine {
            meta: Meta::fresh(now_ms),
            durable,
            ..Engine::default()
        };
        out.write(store::META.into(), &self.meta);
        out
    }
}
