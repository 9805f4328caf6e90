# Écoute: the two commands are `make demo` and `make test` (README). Both set up a fresh Debian machine.
#   setup  apt chromium + driver + firefox-esr, rustup wasm target, wasm-bindgen CLI (pinned), npm ci, a Python
#          venv with duckdb and pandas (.tools/py) (scripts/setup.sh)
#   build  Rust core → wasm → dist/chromium/, dist/firefox/ and their zips
#   test   cargo test, wasm tests under Node, unit tests, types (tsc), end-to-end in Chromium and in Firefox ESR, web-ext lint
#   lint   the JSDoc types (tsc --noEmit --checkJs, tsconfig*.json) and web-ext lint of the Firefox build
#   demo   the extension annotating the bundled demo feed (screenshots + summary, or a window)
#   bench  benchmarks beside the reference tools (BENCHMARKS.md)
#   fuzz   each cargo-fuzz target (fuzz/: tokenize, query, import, store_load, ingest, restore) for
#          FUZZ_SECONDS (default 60); needs nightly and cargo-fuzz
.PHONY: all setup build wasm extension cli test test-rust test-wasm test-e2e test-firefox test-unit lint demo bench fuzz clean

export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/node_modules/.bin:$(PATH)

all: build

setup:
	@bash scripts/setup.sh

wasm: setup
	@bash scripts/build-wasm.sh

extension: wasm
	@node scripts/build-extension.mjs

cli:
	cargo build --locked --release

build: extension cli

test: build
	@bash scripts/test.sh

test-rust:
	cargo test --locked --workspace --exclude ecoute-wasm

test-wasm: setup
	@bash scripts/test-wasm.sh

test-unit:
	node --test tests/unit/

test-e2e: build
	node --test --test-concurrency=1 tests/e2e/

test-firefox: build
	node --test tests/firefox/

# tsc checks the extension's JSDoc types (tsconfig.json: the tree at TypeScript's default level;
# tsconfig.strict.json: the message contract and the router, strictly); it reads the engine's types that
# the wasm build generates (pkg/), hence after `build`.
lint: build
	tsc -p tsconfig.json
	tsc -p tsconfig.strict.json
	web-ext lint --source-dir dist/firefox --self-hosted

demo: build
	node scripts/demo.mjs

bench: build
	@bash bench/run.sh

# Bounded in time: libFuzzer stops each target after FUZZ_SECONDS and exits non-zero on a finding
# (the input that found it is in fuzz/artifacts/TARGET/).
FUZZ_SECONDS ?= 60
# The store, import, ingest and restore targets start from the committed seeds (fuzz/seeds/, valid
# stores of every schema, exports, backups, batches); new inputs go to fuzz/corpus/TARGET (ignored).
FUZZ_RUN = cargo +nightly fuzz run
fuzz:
	$(FUZZ_RUN) tokenize -- -max_total_time=$(FUZZ_SECONDS)
	$(FUZZ_RUN) query -- -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/query.dict
	@mkdir -p fuzz/corpus/import fuzz/corpus/store_load fuzz/corpus/ingest fuzz/corpus/restore
	$(FUZZ_RUN) import fuzz/corpus/import fuzz/seeds/import -- -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/import.dict
	$(FUZZ_RUN) store_load fuzz/corpus/store_load fuzz/seeds/store_load -- -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/store.dict
	$(FUZZ_RUN) ingest fuzz/corpus/ingest fuzz/seeds/ingest -- -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/import.dict
	$(FUZZ_RUN) restore fuzz/corpus/restore fuzz/seeds/restore -- -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/store.dict

clean:
	rm -rf target pkg dist out
