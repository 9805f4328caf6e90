//! A host in memory: does what the extension's background does with the engine's results (the
//! key/value store, the kept posts, the aggregates, the legacy dedup memory), so that the engine's
//! contract with its host is tested natively, restarts and recounts included.
use std::collections::BTreeMap;

use serde_json::Value;

use crate::store::kept::{Agg, KeptPost, WatchMark};
use crate::engine::{BatchResult, Engine, Known};
use crate::base::post::Post;

#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    pub kv: BTreeMap<String, Value>,
    pub posts: BTreeMap<String, KeptPost>,
    pub aggs: BTreeMap<i64, Agg>,
    /// hash → hour (ms) first seen.
    pub legacy: BTreeMap<u64, i64>,
}

impl MemoryStore {
    /// What the host looks up before a batch.
    pub fn known(&self, posts: &[Post]) -> Known {
        Known {
            posts: posts.iter().filter_map(|p| self.posts.get(&p.key()).cloned()).collect(),
            legacy: posts.iter().map(crate::engine::post_hash).filter(|h| self.legacy.contains_key(h)).collect(),
        }
    }

    /// Makes a result durable, in the background's order (kept posts and sums first, then the keys).
    pub fn apply(&mut self, r: &BatchResult) {
        for p in &r.kept {
            self.posts.insert(p.k.clone(), p.clone());
        }
        for id in &r.clear_items {
            for agg in self.aggs.values_mut() {
                agg.p.items.remove(&id.to_string());
                agg.s.items.remove(&id.to_string());
            }
        }
        for d in &r.deltas {
            self.aggs.entry(d.q).or_insert_with(|| Agg { q: d.q, ..Default::default() }).add(d);
        }
        for a in &r.agg_puts {
            self.aggs.insert(a.q, a.clone());
        }
        for [h, at] in &r.legacy {
            self.legacy.insert(*h as u64, *at);
        }
        if let Some(before) = r.prune_before {
            self.posts.retain(|_, p| p.sq >= before);
            self.aggs.retain(|q, _| *q >= before);
            self.legacy.retain(|_, at| *at >= before);
        }
        for (k, v) in &r.writes {
            self.kv.insert(k.clone(), v.clone());
        }
        for k in &r.removals {
            self.kv.remove(k);
        }
    }

    /// One batch, as the background runs it, in UTC.
    pub fn ingest(&mut self, engine: &mut Engine, posts: &[Post], now_ms: i64) -> BatchResult {
        self.ingest_at(engine, posts, now_ms, 0)
    }

    /// One batch seen by a person `utc_offset_min` minutes east of UTC.
    pub fn ingest_at(&mut self, engine: &mut Engine, posts: &[Post], now_ms: i64, utc_offset_min: i32) -> BatchResult {
        let known = self.known(posts);
        let r = engine.ingest_known(posts, &known, now_ms, utc_offset_min);
        self.apply(&r);
        r
    }

    /// Runs a recount over every kept post, in chunks of `chunk` posts, as the background does.
    pub fn recount(&mut self, engine: &mut Engine, mark: WatchMark, chunk: usize) -> usize {
        let keys: Vec<String> = self.posts.keys().cloned().collect();
        let mut matched = 0;
        for part in keys.chunks(chunk.max(1)) {
            let posts: Vec<KeptPost> = part.iter().filter_map(|k| self.posts.get(k).cloned()).collect();
            let r = engine.recount(mark, posts);
            matched += r.matched;
            self.apply(&BatchResult { kept: r.kept, deltas: r.deltas, ..Default::default() });
        }
        let done = engine.recount_done(mark);
        self.apply(&done);
        matched
    }

    /// A restart: the engine rebuilt from the key/value store alone.
    pub fn restart(&mut self, now_ms: i64) -> Engine {
        let (engine, fix, _) = Engine::load(self.kv.clone(), now_ms).expect("the store loads");
        self.apply(&fix);
        engine
    }

    pub fn aggs(&self) -> Vec<Agg> {
        self.aggs.values().cloned().collect()
    }
}
