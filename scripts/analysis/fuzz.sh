#!/usr/bin/env bash
# Runs the tokenizer/analyze fuzz target (fuzz/) with coverage guidance, without cargo-fuzz:
# the same flags cargo-fuzz passes, on the nightly toolchain (`rustup toolchain install nightly`).
#   scripts/analysis/fuzz.sh [SECONDS]    (default 60; corpus kept in fuzz/corpus/tokenize)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-60}"
target=$(rustc -vV | sed -n 's/^host: //p')
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
CARGO_TARGET_DIR=target/fuzz-cov cargo +nightly build --release --target "$target" --manifest-path fuzz/Cargo.toml
mkdir -p fuzz/corpus/tokenize fuzz/artifacts
printf "J'aime pas &amp; 👍🏽 :) soooo #tag @x https://a.b NUL!!!" > fuzz/corpus/tokenize/seed
"target/fuzz-cov/$target/release/tokenize" fuzz/corpus/tokenize -artifact_prefix=fuzz/artifacts/ \
  -max_total_time="$secs" -max_len=4096
