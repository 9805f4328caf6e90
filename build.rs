//! Build script of the core: compiles the sentiment lexicons (src/analysis/data/*.tsv) into sorted,
//! folded look-up tables embedded in the binary, so the engine starts without parsing anything
//! (start-up budget: 30 ms in the extension's service worker, wasm included).
//!
//! Table layout: u32 n (little endian), u8 key lengths[n], the key blob (folded keys, sorted by
//! bytes, concatenated), i8 values[n] (valence x 20). Read by src/analysis/lexicon.rs.
use std::collections::BTreeMap;
use std::path::Path;

// The one folding implementation, shared with the runtime (keys must fold exactly as tokens do).
#[allow(dead_code)]
#[path = "src/text/fold.rs"]
mod fold;

/// Valence scale in the tables: i8 = round(v * SCALE); keep in sync with lexicon.rs.
const SCALE: f32 = 20.0;

fn layer(map: &mut BTreeMap<String, f32>, path: &Path, fold_keys: bool) {
    println!("cargo:rerun-if-changed={}", path.display());
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let Some((k, v)) = line.split_once('\t') else { continue };
        let Ok(v) = v.trim().parse::<f32>() else { continue };
        let key = if fold_keys {
            fold::fold(k)
        } else {
            // Emoji: drop presentation selectors, as the tokenizer does.
            k.chars().filter(|&c| c != '\u{FE0F}' && c != '\u{FE0E}').collect()
        };
        if key.is_empty() {
            continue;
        }
        // Earlier layers win.
        map.entry(key).or_insert(v);
    }
}

fn write_table(out: &Path, map: &BTreeMap<String, f32>) {
    let mut lens = Vec::with_capacity(map.len());
    let mut blob = Vec::new();
    let mut vals = Vec::with_capacity(map.len());
    // Keys longer than 255 bytes cannot be stored (and no lexicon has one).
    for (k, v) in map.iter().filter(|(k, _)| k.len() <= 255) {
        lens.push(k.len() as u8);
        blob.extend_from_slice(k.as_bytes());
        vals.push((v * SCALE).round().clamp(-127.0, 127.0) as i8 as u8);
    }
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&(lens.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&lens);
    bytes.extend_from_slice(&blob);
    bytes.extend_from_slice(&vals);
    std::fs::write(out, bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

fn main() {
    let data = Path::new("src/analysis/data");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=src/text/fold.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let build = |name: &str, files: &[&str], fold_keys: bool| {
        let mut map = BTreeMap::new();
        for f in files {
            layer(&mut map, &data.join(f), fold_keys);
        }
        write_table(&out.join(format!("lexicon_{name}.bin")), &map);
    };
    build("en", &["curated_en.tsv", "vader_en.tsv"], true);
    build("fr", &["curated_fr.tsv", "vader_fr.tsv", "pattern_fr.tsv"], true);
    build("emoji", &["curated_emoji.tsv", "emoji.tsv"], false);
}
