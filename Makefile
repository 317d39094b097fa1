# make test  - set up .venv (and Debian's graphviz and chromium when root), lint,
#              type-check, run the tests
# make demo  - set up and run the demo gallery
# make bench - side by side against micrograd and (compile) PyTorch, scalargrad.testing's
#              throughput, viz's layout limits
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: test demo bench lint dot browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@# a .venv made before the distribution was named scalargrad-circuits holds the old name
	@$(PY) -m pip uninstall -q -y scalargrad >/dev/null 2>&1 || true
	$(PY) -m pip install -q -e '.[dev,demos]'
	touch $(STAMP)

# The peers (micrograd, PyTorch) are for make bench only: make test stays light.
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,demos,bench]'
	touch $(BENCH_STAMP)

# System programs come from the system: install one when we can (Debian, as root), else
# say how. $(call system_program,COMMAND,DEBIAN PACKAGE,NOTE)
define system_program
	@if ! command -v $(1) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "note: $(3)"; \
	  fi; \
	fi
endef

dot:
	$(call system_program,dot,graphviz,Graphviz's dot is missing; install it (apt-get install graphviz / brew install graphviz))

# The step-by-step page's tests drive Debian's chromium; Playwright never downloads one.
browser:
	$(call system_program,chromium,chromium,chromium is missing; the page's browser tests are skipped (apt-get install chromium))

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy --strict scalargrad viz demos benchmarks

test: $(STAMP) dot browser lint
	$(PY) -m pytest -q -p no:cacheprovider

demo: $(STAMP) dot
	$(PY) -m demos

bench: $(BENCH_STAMP)
	$(PY) -m benchmarks
	$(PY) -m benchmarks.properties
	$(PY) -m benchmarks.layout
	$(PY) -m benchmarks.compiled
	$(PY) -m benchmarks.recording

clean:
	rm -rf $(VENV) out .hypothesis .mypy_cache .ruff_cache
