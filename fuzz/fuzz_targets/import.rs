//! Fuzzes the importer (a JSON export document, or NDJSON lines) with arbitrary text: no panic; an
//! import either refuses the file with a typed error or merges what it can read, and what it merged
//! loads back (an import never leaves a store the next start-up cannot read).
#![no_main]
use ecoute::{export, Engine};
use libfuzzer_sys::fuzz_target;

const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z, as the core's tests

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut engine = Engine::new();
    if export::import(&mut engine, &text, NOW).is_ok() {
        let (_, _, recoveries) = Engine::load(engine.entries(), NOW).expect("an imported store loads");
        assert!(recoveries.is_empty(), "an imported store loads whole: {recoveries:?}");
    }
});
