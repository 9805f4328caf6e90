//! Fuzzes `Engine::restore` with arbitrary JSON: no panic; a document that is not a readable backup is
//! refused and leaves the engine as it was; a restored store loads at the next start with nothing to
//! set aside, and its kept posts are within a page's bounds.
#![no_main]
use ecoute::engine::MemoryStore;
use ecoute::Engine;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z, as the core's tests

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<Value>(data) else { return };
    let mut engine = Engine::new();
    let before = engine.entries();
    match engine.restore(&doc, NOW) {
        Err(_) => assert_eq!(engine.entries(), before, "a refused backup changes nothing"),
        Ok((out, _, _)) => {
            let mut store = MemoryStore::default();
            store.apply(&out);
            for p in store.posts.values() {
                let post = p.to_post();
                assert!(post.validate().is_ok() && post.bounded() == post, "restored post out of bounds: {}", p.k);
            }
            let (_, _, again) = Engine::load(store.kv.clone(), NOW).expect("a restored store loads");
            assert!(again.is_empty(), "a restored store sets aside at the next start: {again:?}");
        }
    }
});
