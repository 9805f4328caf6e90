#!/usr/bin/env bash
# The content script's cost in the page: see bench/content/bench.mjs.
set -euo pipefail
cd "$(dirname "$0")/../.."
node bench/content/bench.mjs
