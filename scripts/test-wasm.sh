#!/usr/bin/env bash
# The wasm binding's tests (wasm/tests/), compiled to wasm32 and run under Node by wasm-bindgen-test-runner
# (installed with the wasm-bindgen CLI by scripts/setup.sh, same version).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$PWD/.tools/bin/wasm-bindgen-test-runner"
cargo test --locked --target wasm32-unknown-unknown -p ecoute-wasm
