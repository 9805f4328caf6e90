#!/usr/bin/env bash
# Anchor numbers for QUALITY.md: VADER and the French VADER port (PyPI) on the dev files, measured
# like `ecoute eval`; then Écoute itself on the same files (model, and rules only).
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/datasets}"
[ -d "$data" ] || data=/work/shared/datasets
venv=.tools/anchors-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q vaderSentiment==3.3.2 vadersentiment-fr==1.3.4
fi
"$venv/bin/python" scripts/analysis/anchors.py "$data"
cargo build --release -q -p ecoute-cli
echo
echo "| file | Écoute | macro-F1 | macro-recall | accuracy | n |"
echo "|---|---|---|---|---|---|"
for f in "$data"/*.tsv; do
  for mode in "" --rules-only; do
    ./target/release/ecoute eval "$f" $mode | awk -v f="$(basename "$f")" -v m="${mode:-model+rules}" \
      '/^macro-F1/ { gsub(/[(),]/, ""); split($0, a, " "); sub("n=", "", a[7]); printf "| %s | %s | %s | %s | %s | %s |\n", f, m, a[2], a[4], a[6], a[7] }'
  done
done
