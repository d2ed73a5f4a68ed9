# The two set-up commands: `make generate` and `make test`. Both create .venv/
# on first use, so a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The project's extras the venv gets. The weekly drift check needs only the generator's:
# EXTRAS=dev (.github/workflows/drift.yml). The stamp holds them: other extras, a new install.
EXTRAS ?= dev,sim,freqtrade
ifneq ($(EXTRAS),$(shell cat $(STAMP) 2>/dev/null))
$(shell rm -f $(STAMP))
endif

.PHONY: generate check test drift fuzz soak-ws demo bench clean

# PYTHON given on the command line or in the environment, and not the interpreter the
# venv was made with: make it again with that one.
ifneq ($(origin PYTHON),file)
PYTHON_PATH := $(shell $(PYTHON) -c 'import os, sys; sys.version_info >= (3, 10) and print(os.path.realpath(sys.executable))' 2>/dev/null)
ifneq ($(PYTHON_PATH),)
ifneq ($(PYTHON_PATH),$(shell cat $(VENV)/.python 2>/dev/null))
$(shell rm -rf $(VENV))
endif
endif
endif

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { echo "ccxt-backpack needs Python 3.10 or newer, and $(PYTHON) is $$($(PYTHON) -V 2>&1 || echo missing): run make PYTHON=python3.11 (or another 3.10+)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[$(EXTRAS)]'
	$(PY) -c 'import os, sys; print(os.path.realpath(sys.executable))' > $(VENV)/.python
	echo '$(EXTRAS)' > $(STAMP)

generate: $(STAMP)
	$(PY) -m generator generate --readme README.md

check: $(STAMP)
	$(PY) -m generator generate --check --readme README.md

# The tests write bytecode even where PYTHONDONTWRITEBYTECODE is set: pytest keeps each test
# module with its asserts rewritten in __pycache__ (rewriting them all takes seconds, in every
# xdist worker and every pytest the tests start), and the simulator and generator processes the
# tests start import from it too.
#
# One worker more than the machine has cores: about a third of the tests' time goes waiting on
# subprocesses, sockets and timers, and the extra worker fills it. --dist loadfile keeps each test
# module on one worker, so its module fixtures (a simulator, a freqtrade import) are built once,
# and hands out whole files (cheaper than one test at a time), the longest first as the last run
# timed them (conftest.py) rather than the ones with the most tests (xdist's loadscope reorder).
TEST_WORKERS ?= $(shell python3 -c 'import os; print(len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else "auto")')
test: $(STAMP)
	$(PY) -m generator generate --check --readme README.md
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The spec against its upstream OpenAPI snapshot (upstream.yaml), or against OPENAPI=<path or
# URL>, such as the live document: what changed, each line BREAKS or extends, and the spec
# file:line to edit. The command exits 0 (no drift), 1 (additive drift), 2 (breaking drift) or
# 3 (cannot compare); make itself exits 2 on any of 1-3, so scripts read the status from
# DRIFT_ARGS=--json (.ci/drift-alert does).
OPENAPI ?=
DRIFT_ARGS ?=
drift: $(STAMP)
	$(PY) -m generator drift $(if $(OPENAPI),--openapi '$(OPENAPI)') $(DRIFT_ARGS)

# A long fuzzing session: random seeds, FUZZ_EXAMPLES answers per method and property (and
# 4 x FUZZ_EXAMPLES order values for the tick rounding of tests/test_runtime_conformance.py).
FUZZ_EXAMPLES ?= 1000
fuzz: $(STAMP)
	FUZZ_RANDOM=1 FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -n auto -p no:cacheprovider generated/tests/test_*_fuzz.py tests/test_runtime_conformance.py

# The long runs of the WebSocket connection supervisor (about 6 minutes, not part of make test):
# 10 drops in 60 s, then a small ws_drop_rate for 5 minutes on 3 markets (tests/soak_ws.py).
soak-ws: $(STAMP)
	$(PY) tests/soak_ws.py

demo: $(STAMP)
	$(PY) demo/walkthrough.py

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/load.py
	$(PY) bench/ws_run.py
	$(PY) bench/ws_latency.py

clean:
	rm -rf $(VENV) .pytest_cache
