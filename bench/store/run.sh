#!/usr/bin/env bash
# The kept-post store under a generated year of heavy use: see bench/store/bench.mjs (issue 11).
# About half an hour: the year is loaded once into out/bench-store/year/ (8 min) and reused for a day; pass --fresh
# (BENCH_STORE_ARGS=--fresh make bench) to load it again.
set -euo pipefail
cd "$(dirname "$0")/../.."
node bench/store/bench.mjs ${BENCH_STORE_ARGS:-}
