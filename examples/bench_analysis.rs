//! Native throughput and start-up of `analyze` (bench/analysis/run.sh runs it beside Python VADER).
//!   cargo run --release --example bench_analysis -- TEXTS.txt
//! Single-threaded; prints `posts/s` and start-up (first-use parse of lexicons and model).
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "out/bench-texts.txt".into());
    let raw = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2);
    });
    let texts: Vec<String> = String::from_utf8_lossy(&raw).lines().map(str::to_string).collect();

    let t0 = Instant::now();
    let n_lex = ecoute::analysis::lexicon::get().len();
    let model = ecoute::analysis::model::get().is_some();
    let startup = t0.elapsed();

    // Warm-up pass, then timed passes for at least 2 s.
    let mut sink = 0f32;
    for t in &texts {
        sink += ecoute::analyze(t).score;
    }
    let start = Instant::now();
    let mut n = 0usize;
    while start.elapsed().as_secs_f64() < 2.0 {
        for t in &texts {
            sink += ecoute::analyze(t).score;
        }
        n += texts.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "native ecoute::analyze: {:.0} posts/s ({} texts x {} passes; start-up {:.2} ms: {} lexicon entries, model {})  [checksum {:.1}]",
        n as f64 / secs,
        texts.len(),
        n / texts.len().max(1),
        startup.as_secs_f64() * 1e3,
        n_lex,
        if model { "loaded" } else { "absent" },
        sink
    );
}
