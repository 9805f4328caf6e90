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

    // Warm-up pass, then 5 timed rounds of at least 0.5 s; the best round is reported, since on a
    // shared 2-core machine the slower rounds measure the neighbours, not this code.
    let mut sink = 0f32;
    for t in &texts {
        sink += ecoute::analyze(t).score;
    }
    let mut best = 0f64;
    let mut n = 0usize;
    for _ in 0..5 {
        let start = Instant::now();
        let mut k = 0usize;
        while start.elapsed().as_secs_f64() < 0.5 {
            for t in &texts {
                sink += ecoute::analyze(t).score;
            }
            k += texts.len();
        }
        best = best.max(k as f64 / start.elapsed().as_secs_f64());
        n += k;
    }
    println!(
        "native ecoute::analyze: {:.0} posts/s (best of 5 rounds; {} texts x {} passes; start-up {:.2} ms: {} lexicon entries, model {})  [checksum {:.1}]",
        best,
        texts.len(),
        n / texts.len().max(1),
        startup.as_secs_f64() * 1e3,
        n_lex,
        if model { "loaded" } else { "absent" },
        sink
    );
}
