# Écoute: the two commands are `make demo` and `make test` (README). Both set up a fresh Debian machine.
#   setup  apt chromium + driver + firefox-esr, rustup wasm target, wasm-bindgen CLI (pinned), npm ci (scripts/setup.sh)
#   build  Rust core → wasm → dist/chromium/, dist/firefox/ and their zips
#   test   cargo test, wasm tests under Node, unit tests, end-to-end in Chromium and in Firefox ESR, web-ext lint
#   demo   the extension annotating the bundled demo feed (screenshots + summary, or a window)
#   bench  benchmarks beside the reference tools (BENCHMARKS.md)
#   fuzz   each cargo-fuzz target (fuzz/) for FUZZ_SECONDS (default 60); needs nightly and cargo-fuzz
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

lint: build
	web-ext lint --source-dir dist/firefox --self-hosted

demo: build
	node scripts/demo.mjs

bench: build
	@bash bench/run.sh

# Bounded in time: libFuzzer stops each target after FUZZ_SECONDS and exits non-zero on a finding
# (the input that found it is in fuzz/artifacts/TARGET/).
FUZZ_SECONDS ?= 60
fuzz:
	cargo +nightly fuzz run tokenize -- -max_total_time=$(FUZZ_SECONDS)
	cargo +nightly fuzz run query -- -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/query.dict

clean:
	rm -rf target pkg dist out
