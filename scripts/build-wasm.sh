#!/usr/bin/env bash
# Rust core → wasm → wasm-bindgen glue (--target web: the service worker imports it as a module) → wasm-opt.
# Output: pkg/ecoute_wasm.js and pkg/ecoute_wasm_bg.wasm (generated, ignored by git), and the glue's
# TypeScript declarations pkg/ecoute_wasm.d.ts, which `make lint`'s tsc reads for the background's imports
# of the engine (types/engine/ecoute_wasm.d.ts); they are not shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
# --locked: the versions of Cargo.lock, or a refusal; never a silent re-resolve of what ships.
cargo build --locked --quiet --profile wasm --target wasm32-unknown-unknown -p ecoute-wasm
rm -rf pkg && mkdir -p pkg
.tools/bin/wasm-bindgen --target web --out-dir pkg \
  target/wasm32-unknown-unknown/wasm/ecoute_wasm.wasm
# npm binaryen's wasm-opt: Debian's (108) breaks wasm-bindgen's externref table (TOOLCHAIN.md).
node_modules/.bin/wasm-opt -Oz pkg/ecoute_wasm_bg.wasm -o pkg/ecoute_wasm_bg.wasm
raw=$(stat -c %s pkg/ecoute_wasm_bg.wasm)
gz=$(gzip -9c pkg/ecoute_wasm_bg.wasm | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzipped"
