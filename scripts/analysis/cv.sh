#!/usr/bin/env bash
# Cross-validates the sentiment model's file weights and hyper-parameters on the in-domain training
# tweets (QUALITY.md): 5 folds of the SemEval 2013-2016 pool + fr_tweets_train, each held out in
# turn while everything else is trained on, the held-out tweets analysed by the full pipeline
# (PIPE=model: the model's own decision; PIPE=rules: the rules alone); twice, with two fold
# assignments. Prints pooled out-of-fold macro-recall / macro-F1 per language for each neutral
# weight in PRIORS.
#   [BITS=.. EPOCHS=.. LR=.. KAGGLE=.. FR=.. RUNS=.. ...] scripts/analysis/cv.sh [DATASETS_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/datasets}"
[ -d "$data" ] || data=/work/shared/datasets
cargo build --release -q --example train_sentiment
for seed in 0 1; do
  CV=5 FOLDSEED=$seed PRIORS="${PRIORS:-0.8,0.9,1.0,1.1,1.2}" TAG="${TAG:-} folds$seed" \
    ./target/release/examples/train_sentiment "$data" 2>/dev/null
done
