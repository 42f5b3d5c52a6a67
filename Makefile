# Two commands do all the set-up: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck unit browser-deps screenshots bench bench-deps model clean

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
	$(VENV)/bin/ruff check bowout tests $(BENCH)
	$(VENV)/bin/ruff format --check bowout tests $(BENCH)

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
	BOWOUT_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest -q tests/web/test_browser.py

bench: $(STAMP) bench-deps
	$(PY) bench/accuracy
	$(PY) bench/speed
	$(PY) bench/pipeline
	$(PY) bench/web

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
