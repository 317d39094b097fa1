# make test  - set up .venv (and Debian's graphviz when root), lint, type-check, run the tests
# make demo  - set up and run the demo gallery
# make bench - side-by-side benchmark against micrograd
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test demo bench lint system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[dev,demos,bench]'
	touch $(STAMP)

# `dot` and the browser for the page's tests come from the system: install them when we
# can (Debian, as root). The browser is Debian's chromium; Playwright never downloads one.
system-deps:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "note: Graphviz's dot is missing; install it (apt-get install graphviz / brew install graphviz)"; \
	  fi; \
	fi
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "note: chromium is missing; the step-by-step page's browser tests are skipped (apt-get install chromium)"; \
	  fi; \
	fi

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy --strict scalargrad viz demos benchmarks

test: $(STAMP) system-deps lint
	$(PY) -m pytest -q -p no:cacheprovider

demo: $(STAMP) system-deps
	$(PY) -m demos

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) out .hypothesis .mypy_cache .ruff_cache
