//! The engine: the single writer of Écoute's store. It takes batches of posts, analyses them, counts each
//! distinct post once, and says which store keys changed so the host (the extension's background, or the
//! CLI) persists them *before* acknowledging the batch.
//!
//! Store layout (one JSON value per key, so a batch rewrites only what it touched):
//! - `meta`               schema version
//! - `tally:YYYY-MM-DD`   [`DayTally`] of the posts *published* that UTC day (or seen, when the page gives no
//!                        time): the analytic view, hour by hour
//! - `seen:YYYY-MM-DD`    [`SeenDay`]: the posts first *seen* that UTC day: their hashes (dedup across tabs,
//!                        reloads, restarts) and their counts ("today" in the popup)
//! Keep in sync with extension/background/store.js and extension/popup/popup.js (readers of these keys).
use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::analysis::{analyze, Analysis};
use crate::post::Post;
use crate::tally::{Counts, DayTally};
use crate::time::{day_key, hour_key, parse_iso8601};

/// Version of the store layout above; bump it and add a migration in [`Engine::load`] when it changes.
pub const SCHEMA_VERSION: u32 = 1;
/// Days of dedup memory and tallies kept by default.
pub const DEFAULT_RETENTION_DAYS: i64 = 90;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub schema: u32,
    pub retention_days: i64,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            schema: SCHEMA_VERSION,
            retention_days: DEFAULT_RETENTION_DAYS,
        }
    }
}

/// The posts first seen on one UTC day: dedup memory and the "seen today" counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeenDay {
    /// [`post_hash`]es, sorted.
    pub hashes: BTreeSet<u64>,
    pub total: Counts,
    pub sites: BTreeMap<String, Counts>,
}

/// What the page gets back for one post.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Annotation {
    pub site: String,
    pub id: String,
    /// False when this post had been counted before (another tab, a reload): annotated, not counted again.
    pub counted: bool,
    #[serde(flatten)]
    pub analysis: Analysis,
}

/// The result of one batch: annotations for the page, and the store writes to make durable first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BatchResult {
    pub annotations: Vec<Annotation>,
    /// Posts refused, with the reason (one bad record never sinks the batch).
    pub rejected: Vec<String>,
    pub writes: BTreeMap<String, Value>,
    pub removals: Vec<String>,
}

/// A store problem that was contained rather than fatal: the unreadable value is kept under `moved_to`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recovery {
    pub key: String,
    pub problem: String,
    pub moved_to: String,
}

#[derive(Debug, Default)]
pub struct Engine {
    meta: Meta,
    days: BTreeMap<String, DayTally>,
    /// Seen-day → posts first seen that day; `seen_index` is the union of their hashes, for O(1) lookups.
    seen: BTreeMap<String, SeenDay>,
    seen_index: HashSet<u64>,
}

impl Engine {
    pub fn new() -> Self {
        Self::default()
    }

    /// Rebuilds the engine from every stored key (e.g. `chrome.storage.local.get(null)`).
    /// Unknown keys are ignored; unreadable ones are contained: the returned writes keep the bad value
    /// under `corrupt:KEY:NOW` (nothing lost) and the key starts afresh. A store from a newer schema is
    /// an error: this version must not overwrite what it cannot read.
    pub fn load(
        entries: BTreeMap<String, Value>,
        now_ms: i64,
    ) -> crate::Result<(Engine, BatchResult, Vec<Recovery>)> {
        let mut engine = Engine::new();
        let mut fix = BatchResult::default();
        let mut recoveries = Vec::new();
        let mut contain = |key: &str, value: &Value, problem: String, fix: &mut BatchResult| {
            let moved_to = format!("corrupt:{key}:{now_ms}");
            fix.writes.insert(moved_to.clone(), value.clone());
            fix.removals.push(key.to_string());
            recoveries.push(Recovery {
                key: key.to_string(),
                problem,
                moved_to,
            });
        };
        match entries.get("meta") {
            None => {
                fix.writes.insert(
                    "meta".into(),
                    serde_json::to_value(&engine.meta).unwrap_or_default(),
                );
            }
            Some(v) => match serde_json::from_value::<Meta>(v.clone()) {
                Ok(meta) if meta.schema > SCHEMA_VERSION => {
                    return Err(crate::Error::FutureSchema {
                        found: meta.schema,
                        supported: SCHEMA_VERSION,
                    })
                }
                Ok(meta) => engine.meta = meta,
                Err(e) => {
                    contain("meta", v, e.to_string(), &mut fix);
                    fix.writes.insert(
                        "meta".into(),
                        serde_json::to_value(&engine.meta).unwrap_or_default(),
                    );
                }
            },
        }
        for (key, value) in &entries {
            if let Some(day) = key.strip_prefix("tally:") {
                match serde_json::from_value::<DayTally>(value.clone()) {
                    Ok(t) => {
                        engine.days.insert(day.to_string(), t);
                    }
                    Err(e) => contain(key, value, e.to_string(), &mut fix),
                }
            } else if let Some(day) = key.strip_prefix("seen:") {
                match serde_json::from_value::<SeenDay>(value.clone()) {
                    Ok(seen) => {
                        engine.seen_index.extend(seen.hashes.iter().copied());
                        engine.seen.insert(day.to_string(), seen);
                    }
                    Err(e) => contain(key, value, e.to_string(), &mut fix),
                }
            }
        }
        engine.prune(now_ms, &mut fix);
        Ok((engine, fix, recoveries))
    }

    /// Analyses a batch and counts the posts not seen before. `now_ms` is when they were seen.
    pub fn ingest(&mut self, posts: &[Post], now_ms: i64) -> BatchResult {
        let mut out = BatchResult::default();
        let today = day_key(now_ms);
        let mut touched_days = BTreeSet::new();
        let mut seen_today = false;
        for post in posts {
            if let Err(e) = post.validate() {
                out.rejected.push(format!("{}: {e}", post.key()));
                continue;
            }
            let analysis = analyze(post.capped_text());
            let hash = post_hash(post);
            let counted = self.seen_index.insert(hash);
            if counted {
                let seen = self.seen.entry(today.clone()).or_default();
                seen.hashes.insert(hash);
                seen.total.add(&analysis);
                seen.sites.entry(post.site.clone()).or_default().add(&analysis);
                seen_today = true;
                // Bucket by when the post was published when the page says so, else by when it was seen.
                let at = post
                    .time
                    .as_deref()
                    .and_then(parse_iso8601)
                    .unwrap_or(now_ms);
                let (day, hour) = (day_key(at), hour_key(at)[11..].to_string());
                self.days
                    .entry(day.clone())
                    .or_insert_with(|| DayTally::new(&day))
                    .add(&hour, &post.site, &analysis);
                touched_days.insert(day);
            }
            out.annotations.push(Annotation {
                site: post.site.clone(),
                id: post.id.clone(),
                counted,
                analysis,
            });
        }
        for day in touched_days {
            out.writes.insert(
                format!("tally:{day}"),
                serde_json::to_value(&self.days[&day]).unwrap_or_default(),
            );
        }
        if seen_today {
            out.writes.insert(
                format!("seen:{today}"),
                serde_json::to_value(&self.seen[&today]).unwrap_or_default(),
            );
        }
        out
    }

    pub fn day(&self, day: &str) -> Option<&DayTally> {
        self.days.get(day)
    }

    pub fn days(&self) -> impl Iterator<Item = &DayTally> {
        self.days.values()
    }

    /// The posts first seen on `day`.
    pub fn seen_on(&self, day: &str) -> Option<&SeenDay> {
        self.seen.get(day)
    }

    /// Drops tallies and dedup memory older than the retention window (bounded storage).
    fn prune(&mut self, now_ms: i64, out: &mut BatchResult) {
        let oldest = day_key(now_ms - self.meta.retention_days * 86_400_000);
        let old_days: Vec<String> = self
            .days
            .range(..oldest.clone())
            .map(|(k, _)| k.clone())
            .collect();
        for day in old_days {
            self.days.remove(&day);
            out.removals.push(format!("tally:{day}"));
        }
        let old_seen: Vec<String> = self.seen.range(..oldest).map(|(k, _)| k.clone()).collect();
        for day in old_seen {
            if let Some(seen) = self.seen.remove(&day) {
                seen.hashes.iter().for_each(|h| {
                    self.seen_index.remove(h);
                });
            }
            out.removals.push(format!("seen:{day}"));
        }
    }
}

/// The dedup identity of a post: FNV-1a of `site:id`, stable across runs and platforms (std's hasher is
/// not), cut to 53 bits so it survives a round trip through JS numbers and `chrome.storage` exactly.
/// Collisions: ~1 in 10^4 after a million distinct posts.
pub fn post_hash(post: &Post) -> u64 {
    let h = post.key().bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    h & ((1 << 53) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z

    fn post(id: &str, text: &str) -> Post {
        Post {
            site: "x".into(),
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    fn reload(writes: &BatchResult) -> Engine {
        let entries: BTreeMap<String, Value> = writes.writes.clone().into_iter().collect();
        Engine::load(entries, NOW).unwrap().0
    }

    #[test]
    fn counts_each_post_once_across_batches_and_restarts() {
        let mut e = Engine::new();
        let first = e.ingest(
            &[
                post("1", "I love it"),
                post("2", "awful"),
                post("1", "I love it"),
            ],
            NOW,
        );
        assert_eq!(first.annotations.iter().filter(|a| a.counted).count(), 2);
        assert_eq!(first.annotations.len(), 3);
        assert_eq!(e.day("2025-02-10").unwrap().total.posts, 2);
        assert_eq!(e.seen_on("2025-02-10").unwrap().total.positive, 1);
        // A restarted engine (killed service worker) rebuilt from the writes still knows post 1.
        let mut again = reload(&first);
        let second = again.ingest(&[post("1", "I love it"), post("3", "ok")], NOW);
        assert_eq!(
            second
                .annotations
                .iter()
                .map(|a| a.counted)
                .collect::<Vec<_>>(),
            vec![false, true]
        );
        assert_eq!(again.day("2025-02-10").unwrap().total.posts, 3);
    }

    #[test]
    fn buckets_by_publication_time_when_known() {
        let mut e = Engine::new();
        let mut p = post("9", "great");
        p.time = Some("2025-02-09T08:30:00Z".into());
        let r = e.ingest(&[p], NOW);
        assert!(r.writes.contains_key("tally:2025-02-09"));
        assert_eq!(e.day("2025-02-09").unwrap().hours["08"].positive, 1);
    }

    #[test]
    fn rejects_bad_records_without_sinking_the_batch() {
        let mut e = Engine::new();
        let r = e.ingest(&[post("", "no id"), post("2", "fine")], NOW);
        assert_eq!(r.rejected.len(), 1);
        assert_eq!(r.annotations.len(), 1);
    }

    #[test]
    fn contains_a_corrupt_key_and_keeps_its_value() {
        let mut entries = BTreeMap::new();
        entries.insert(
            "tally:2025-02-10".to_string(),
            Value::String("garbage".into()),
        );
        let (_, fix, rec) = Engine::load(entries, NOW).unwrap();
        assert_eq!(rec.len(), 1);
        assert_eq!(
            fix.writes[&rec[0].moved_to],
            Value::String("garbage".into())
        );
        assert!(fix.removals.contains(&"tally:2025-02-10".to_string()));
    }

    #[test]
    fn refuses_a_store_from_the_future() {
        let mut entries = BTreeMap::new();
        entries.insert(
            "meta".to_string(),
            serde_json::json!({"schema": 99, "retention_days": 5}),
        );
        assert!(matches!(
            Engine::load(entries, NOW),
            Err(crate::Error::FutureSchema { found: 99, .. })
        ));
    }

    #[test]
    fn prunes_beyond_retention() {
        let mut e = Engine::new();
        let old = e.ingest(&[post("1", "hi")], NOW - 100 * 86_400_000);
        let (mut e2, fix, _) = Engine::load(old.writes.into_iter().collect(), NOW).unwrap();
        assert_eq!(fix.removals.len(), 2);
        assert!(e2.ingest(&[post("1", "hi")], NOW).annotations[0].counted);
    }
}
