//! Fuzzes the store loader and its migrations (schemas 1 to 3, and the current one) with arbitrary JSON
//! objects, as `chrome.storage.local.get(null)` gives them: no panic; a store of a newer schema is refused,
//! anything else loads (what it cannot read is set aside), and once the loader's fix is written the
//! store loads again with nothing more to set aside.
#![no_main]
use std::collections::BTreeMap;

use ecoute::engine::MemoryStore;
use ecoute::Engine;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z, as the core's tests

fuzz_target!(|data: &[u8]| {
    let Ok(entries) = serde_json::from_slice::<BTreeMap<String, Value>>(data) else { return };
    let Ok((_, fix, _)) = Engine::load(entries.clone(), NOW) else { return };
    let mut store = MemoryStore { kv: entries, ..Default::default() };
    store.apply(&fix);
    let (_, _, again) = Engine::load(store.kv.clone(), NOW).expect("a loaded store loads again");
    assert!(again.is_empty(), "a second start sets aside again: {again:?}");
});
