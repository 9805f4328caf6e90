#!/usr/bin/env bash
# Installs everything Écoute needs on a fresh Debian machine; safe to re-run (each step checks first).
# Called by `make setup`, which `make build`, `make test`, `make demo` and `make bench` depend on.
# Facts behind each step: ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup %3ss]\033[0m %s\n' "$SECONDS" "$*"; }

# --- Debian packages: the browser the tests drive (tools that download their own browser fail here).
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)  # tests/firefox (WebDriver BiDi, no driver needed)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v zip >/dev/null || need_apt+=(zip)
# Python's venv, for DuckDB and pandas reading the research exports (tests/python, below).
command -v python3 >/dev/null || need_apt+=(python3)
python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
# Emoji in the demo screenshots (posts are full of them); not needed by the tests.
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need_apt+=(fonts-noto-color-emoji)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  # A private TMPDIR: apt once failed half-way when a shared /tmp folder vanished.
  export TMPDIR; TMPDIR="$(mktemp -d "$PWD/.tools-apt-XXXX")"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  if ! $SUDO apt-get install -y -qq "${need_apt[@]}"; then
    $SUDO apt-get -f install -y -qq || true
    $SUDO apt-get install -y -qq "${need_apt[@]}"
  fi
  rm -rf "$TMPDIR"
fi

# --- Rust: the wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- wasm-bindgen CLI: must equal the crate version pinned with `=` in wasm/Cargo.toml.
WB_VERSION="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' wasm/Cargo.toml | head -n1)"
[ -n "$WB_VERSION" ] || { echo "setup: cannot read the pinned wasm-bindgen version from wasm/Cargo.toml" >&2; exit 1; }
if [ "$(.tools/bin/wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WB_VERSION (a few minutes, once)"
  # No --locked: measured again with 0.2.130, it fails at once: the crate's lock pins webpki-roots 1.0.11
  # (through ureq 3.5.0) and the registry mirror has 1.0.10 at most (TOOLCHAIN.md). The CLI's own version
  # is pinned (=, read from wasm/Cargo.toml); our crates build --locked (build-wasm.sh, Makefile).
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --root .tools --force
fi

# --- npm: playwright-core (drives Debian's chromium), binaryen (wasm-opt), web-ext (Firefox lint). Exact
# versions live in package-lock.json. The reference tools the benchmarks compare against (`sentiment`,
# `vader-sentiment`) are optionalDependencies, left out here: bench/analysis/run.sh installs them.
if [ -L node_modules ]; then
  # A git worktree sharing another checkout's packages (ln -s ../main/node_modules): its package-lock.json
  # is as new as the checkout, so the test below would run `npm ci` through the link, emptying the other
  # checkout's node_modules while it may be in use. Install from that checkout instead.
  log "node_modules is a link to $(readlink node_modules): not reinstalled here"
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci --omit=optional"
  npm ci --omit=optional --no-audit --no-fund --loglevel=error
fi
# --- Python: DuckDB (the documented way to query pooled exports) and pandas, in a venv of their own,
# for tests/python/research.py (run by cli/tests/research.rs under scripts/test.sh). Exact versions.
PY_REQS=(duckdb==2.0.1 pandas==3.1.2)
if ! .tools/py/bin/python -c 'import duckdb, pandas' 2>/dev/null; then
  log "python venv .tools/py: ${PY_REQS[*]}"
  python3 -m venv .tools/py
  .tools/py/bin/pip install --quiet --disable-pip-version-check "${PY_REQS[@]}"
fi
log "ready"
