#!/usr/bin/env bash
# Every test, in order of speed: Rust core (native), the wasm binding under Node, the content-script units
# under Node, the real extension in Chromium, then in Firefox ESR, then web-ext lint of the Firefox build.
# `make test` runs `make build` first. Stops at the first failing stage and says which.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/bin:$PWD/node_modules/.bin:$PATH"

stage() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

stage "cargo test (core and CLI, native; the CLI's research test runs DuckDB and pandas from .tools/py)"
ECOUTE_PYTHON="$PWD/.tools/py/bin/python" cargo test --locked --workspace --exclude ecoute-wasm

stage "wasm binding tests (wasm-bindgen-test under Node)"
bash scripts/test-wasm.sh

if compgen -G "tests/unit/*.test.mjs" >/dev/null; then
  stage "unit tests (node --test tests/unit)"
  node --test tests/unit/
fi

stage "types: tsc --noEmit --checkJs (tsconfig.json, and tsconfig.strict.json for the message contract)"
tsc -p tsconfig.json
tsc -p tsconfig.strict.json
echo "tsc: 0 errors"

stage "end-to-end: the built extension in Chromium (node --test tests/e2e)"
# One browser at a time: two cores, and each file starts its own Chromium.
node --test --test-concurrency=1 tests/e2e/

stage "end-to-end in Firefox ESR: the Firefox build over WebDriver BiDi (node --test tests/firefox)"
node --test --test-concurrency=1 tests/firefox/  # one Firefox at a time: the event page's idle test is timed

stage "web-ext lint (Firefox build)"
lint_out=$(web-ext lint --source-dir dist/firefox --self-hosted --output json 2>/dev/null || true)
node -e '
  const r = JSON.parse(process.argv[1]);
  const errors = r.errors || [], warnings = r.warnings || [];
  for (const m of [...errors, ...warnings]) console.log(`${m._type}: ${m.code} ${m.file || ""} ${m.message}`);
  console.log(`web-ext lint: ${errors.length} errors, ${warnings.length} warnings`);
  process.exit(errors.length ? 1 : 0);
' "$lint_out"
