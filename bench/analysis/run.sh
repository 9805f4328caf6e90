#!/usr/bin/env bash
# Analysis benchmarks, each beside its reference, on the same texts (BENCHMARKS.md):
#  1. native `ecoute::analyze` vs Python VADER (vaderSentiment 3.3.2 from PyPI, venv in .tools/), single thread;
#  2. the wasm build (pkg/, from `make wasm`) vs npm `sentiment` and npm `vader-sentiment`, same Chromium page;
#  3. size of the wasm, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${ECOUTE_DATASETS:-../shared/datasets}"
[ -d "$data" ] || data=/work/shared/datasets
mkdir -p out
# The texts: dev tweets in both languages and product-review sentences (label column dropped).
cat "$data/en_tweets_val.tsv" "$data/fr_tweets_val.tsv" "$data/en_vader_tweets.tsv" "$data/en_vader_amazon.tsv" \
  | cut -f2- > out/bench-texts.txt
echo "texts: $(wc -l < out/bench-texts.txt) posts, $(wc -c < out/bench-texts.txt) bytes"

cargo build --release --example bench_analysis -q
native=$(./target/release/examples/bench_analysis out/bench-texts.txt)
echo "$native"

# npm `sentiment` and `vader-sentiment`: optionalDependencies, which `make setup` (and so `make test`)
# leaves out; installed here, at the versions of package-lock.json, when missing.
if [ ! -d node_modules/sentiment ] || [ ! -d node_modules/vader-sentiment ]; then
  npm install --include=optional --no-save --no-audit --no-fund --loglevel=error
fi

venv=.tools/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q vaderSentiment==3.3.2
fi
py=$("$venv/bin/python" bench/analysis/vader_bench.py out/bench-texts.txt)
echo "$py"
n=$(grep -oE '[0-9]+ posts/s' <<<"$native" | head -1 | cut -d' ' -f1)
p=$(grep -oE '[0-9]+ posts/s' <<<"$py" | head -1 | cut -d' ' -f1)
echo "ratio native / Python VADER: $(awk -v a="$n" -v b="$p" 'BEGIN { printf "%.1fx", a / b }') (target >= 10x)"

if [ -f pkg/ecoute_wasm_bg.wasm ]; then
  raw=$(wc -c < pkg/ecoute_wasm_bg.wasm)
  gz=$(gzip -9c pkg/ecoute_wasm_bg.wasm | wc -c)
  echo "wasm size: $raw bytes raw, $gz bytes gzipped -9 (target <= 500 KB gzipped, models included)"
  node bench/analysis/chromium.mjs out/bench-texts.txt
else
  echo "pkg/ecoute_wasm_bg.wasm missing: run 'make wasm' first for the Chromium half of this bench" >&2
  exit 1
fi
