#!/usr/bin/env bash
# Cross-validates the sentiment model's hyper-parameters on the training tweets (QUALITY.md):
# 5 folds of en_tweets_train + fr_tweets_train, each held out in turn while everything else is
# trained on, the held-out tweets analysed by the full pipeline; twice, with two fold assignments.
# Prints pooled out-of-fold macro-recall / macro-F1 per language for each neutral weight in PRIORS.
#   [EPOCHS=.. LR=.. L2=.. TW=.. FW=.. ...] scripts/analysis/cv.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/datasets}"
[ -d "$data" ] || data=/work/shared/datasets
cargo build --release -q --example train_sentiment
for seed in 0 1; do
  CV=5 FOLDSEED=$seed PRIORS="${PRIORS:-1.0,1.1,1.2,1.3,1.5}" TAG="${TAG:-} folds$seed" \
    ./target/release/examples/train_sentiment "$data" 2>/dev/null
done
