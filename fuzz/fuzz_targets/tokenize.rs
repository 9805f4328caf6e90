//! Fuzzes the tokenizer and the whole analysis with arbitrary bytes: no panic, spans on char
//! boundaries, score in range.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for t in ecoute::analysis::tokens::tokenize(&text) {
        assert!(t.start < t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
    let a = ecoute::analyze(&text);
    assert!((-1.0..=1.0).contains(&a.score));
});
