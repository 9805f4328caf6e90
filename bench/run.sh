#!/usr/bin/env bash
# `make bench`: every benchmark, each beside its reference. Each bench/<name>/run.sh prints its own table;
# figures are recorded by hand in BENCHMARKS.md with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/bin:$PWD/node_modules/.bin:$PATH"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
for bench in bench/*/run.sh; do
  printf '\n\033[1m== %s\033[0m\n' "$(dirname "$bench")"
  bash "$bench"
done
