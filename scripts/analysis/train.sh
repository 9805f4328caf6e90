#!/usr/bin/env bash
# Retrains the embedded sentiment model deterministically (model card: models/README.md).
#   scripts/analysis/train.sh [DATASETS_DIR]   (default: ../shared/datasets, then /work/shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/datasets}"
[ -d "$data" ] || data=/work/shared/datasets
cargo run --release --example train_sentiment -- "$data" src/analysis/data/sentiment_model.bin
