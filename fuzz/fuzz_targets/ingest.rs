//! Fuzzes a batch ingest through the in-memory host (src/engine/memory.rs, what the background does) with
//! `Post` records parsed from arbitrary JSON: the batch twice, a restart from the key/value store alone,
//! the batch again. No panic, and a post is counted once: the first-seen sums hold exactly one post per
//! kept post, whatever was repeated, before and after the restart.
#![no_main]
use ecoute::post::Post;
use ecoute::engine::MemoryStore;
use libfuzzer_sys::fuzz_target;

const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z, as the core's tests

fn counted(store: &MemoryStore) -> u64 {
    store.aggs.values().map(|a| a.s.total.posts).sum()
}

fuzz_target!(|data: &[u8]| {
    let Ok(posts) = serde_json::from_slice::<Vec<Post>>(data) else { return };
    // As the background starts: the engine loaded from an empty store (its meta written first).
    let mut store = MemoryStore::default();
    let mut engine = store.restart(NOW);
    store.ingest(&mut engine, &posts, NOW);
    let first = counted(&store);
    assert_eq!(first, store.posts.len() as u64, "one count per kept post");
    store.ingest(&mut engine, &posts, NOW + 60_000);
    assert_eq!(counted(&store), first, "the same batch again counts nothing");
    let mut engine = store.restart(NOW + 3_600_000);
    store.ingest(&mut engine, &posts, NOW + 3_600_000);
    assert_eq!(counted(&store), first, "nor after a restart");
    assert_eq!(store.posts.len() as u64, first);
});
