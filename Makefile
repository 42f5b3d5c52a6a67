# Two commands do all the set-up: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint docs typecheck unit browser-deps screenshots bench bench-deps model clean extension

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/bowout serve

# Debian's chromium drives the browser tests; playwright never downloads a browser here.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium is not installed; browser tests will be skipped (apt-get install chromium)"; fi; }

# The bench scripts have no .py suffix (they are commands), so they are named explicitly.
BENCH := $(wildcard bench/*)

lint: $(STAMP)
	$(VENV)/bin/ruff check bowout tests docs $(BENCH)
	$(VENV)/bin/ruff format --check bowout tests docs $(BENCH)
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/cog --check --diff --check-fail-msg "run: make docs" $(DOCS)

# Docs whose examples and tables are generated from the code (cog): `make docs` refreshes them.
DOCS := README.md docs/web.md

docs: $(STAMP)
	$(VENV)/bin/cog -r $(DOCS)

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(VENV)/bin/pytest -q

test: $(STAMP) browser-deps lint typecheck unit

# The checker's learned weights (bowout/checker/data/model.json), fitted on our corpus and the
# development part of ../shared/corpus/real_dev.jsonl; deterministic, and a test fails when stale.
model: $(STAMP)
	$(PY) -m bowout.checker.learn.train

# wrk is the load generator bench/web prefers (it falls back to a Python one without it).
bench-deps:
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || true

# Refresh the README's pictures from the browser tests.
screenshots: $(STAMP) browser-deps
	BOWOUT_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest -q tests/web/test_browser.py \
	  tests/extension/test_extension.py

# The browser extension as one zip: unzip it for "Load unpacked", or upload it to a store as is.
EXT_VERSION := $(shell sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' extension/manifest.json)
EXT_ZIP ?= dist/bowout-extension-$(EXT_VERSION).zip
extension:
	@mkdir -p $(dir $(abspath $(EXT_ZIP)))
	@rm -f $(abspath $(EXT_ZIP))
	cd extension && python3 -m zipfile -c $(abspath $(EXT_ZIP)) \
	  manifest.json $$(ls *.js *.html *.css) content icons
	@echo "$(EXT_ZIP): load it unpacked (unzip, then chrome://extensions, Load unpacked) or publish it"

bench: $(STAMP) bench-deps
	$(PY) bench/accuracy
	$(PY) bench/speed
	$(PY) bench/pipeline
	$(PY) bench/ledger
	$(PY) bench/web
	$(PY) bench/mcp
	$(PY) bench/mail

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
