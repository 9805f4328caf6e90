//! What the engine answers: the annotations of a batch and the store writes to make durable first
//! ([`BatchResult`]), what the host looks up before a batch ([`Known`]), a recount's answer
//! ([`Recounted`]) and a contained store problem ([`Recovery`]).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::analysis::Analysis;
use crate::listening::influence::Badge;
use crate::listening::trends::{Alert, Rise};
use crate::store::kept::{Agg, AggDeltas, KeptPost, WatchMark};

/// What the page gets back for one post.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Annotation {
    pub site: String,
    pub id: String,
    /// False when this post had been counted before (another tab, a reload): annotated, not counted again.
    pub counted: bool,
    /// Watch queries this post matches, as written.
    #[serde(default)]
    pub watch: Vec<String>,
    /// Terms of this post that are rising now.
    #[serde(default)]
    pub trends: Vec<String>,
    /// Its author's badges, each with its why.
    #[serde(default)]
    pub badges: Vec<Badge>,
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
    /// Watch items that spiked with this batch (the extension shows a toolbar badge).
    #[serde(default)]
    pub alerts: Vec<Alert>,
    /// Terms that started rising with this batch.
    #[serde(default)]
    pub rising: Vec<Rise>,
    /// Posts to put in the kept-post store (new ones, and those seen again with their `last_seen`).
    #[serde(default)]
    pub kept: Vec<KeptPost>,
    /// Sums to add to the `aggs` store, one record per quarter hour.
    #[serde(default)]
    pub deltas: Vec<Agg>,
    /// Whole `aggs` records to put as they are (a migration's converted tallies).
    #[serde(default)]
    pub agg_puts: Vec<Agg>,
    /// Dedup memory of an older store: `[hash, hour_ms]` of posts counted before posts were kept.
    #[serde(default)]
    pub legacy: Vec<[i64; 2]>,
    /// Drop kept posts first seen, aggregates and legacy hashes before this instant (retention).
    #[serde(default)]
    pub prune_before: Option<i64>,
    /// Watch items whose counts leave the aggregates now (deleted, or edited and to be recounted).
    #[serde(default)]
    pub clear_items: Vec<u32>,
    /// Recounts to run over the kept posts (an item added or its query edited): `[id, rev]`.
    #[serde(default)]
    pub recount: Vec<WatchMark>,
    /// Posts read from an import: the host keeps those it does not keep yet, through [`Engine::adopt`](super::Engine::adopt).
    #[serde(default)]
    pub adopt: Vec<KeptPost>,
}

impl BatchResult {
    pub(super) fn write<T: Serialize>(&mut self, key: String, value: &T) {
        // Serialising plain structs of strings and numbers to a Value cannot fail; a default is safe.
        self.writes.insert(key, serde_json::to_value(value).unwrap_or_default());
    }

    /// The host sets the writes, then removes the removals: a key both removed and rewritten by the same
    /// result (set aside, then rebuilt) must only be written.
    pub(super) fn settle(mut self) -> Self {
        let writes = &self.writes;
        self.removals.retain(|k| !writes.contains_key(k));
        self
    }

    pub(super) fn add_deltas(&mut self, deltas: AggDeltas) {
        self.deltas.extend(deltas.into_values());
    }
}

/// What the host found in its kept-post store for a batch, before ingest: the posts already kept (by
/// `site:id`) and the older store's dedup hashes among the batch's ([`post_hash`](super::post_hash)).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Known {
    pub posts: Vec<KeptPost>,
    pub legacy: Vec<u64>,
}

/// A recount's answer for one chunk of kept posts: those whose marks changed, and the sums to add.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Recounted {
    pub kept: Vec<KeptPost>,
    pub deltas: Vec<Agg>,
    pub matched: usize,
}

/// A store problem that was contained rather than fatal: the unreadable value is kept under `moved_to`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recovery {
    pub key: String,
    pub problem: String,
    pub moved_to: String,
}
