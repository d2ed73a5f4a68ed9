# The two set-up commands: `make generate` and `make test`. Both create .venv/
# on first use, so a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: generate check test demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $(STAMP)

generate: $(STAMP)
	$(PY) -m generator generate --readme README.md

check: $(STAMP)
	$(PY) -m generator generate --check --readme README.md

test: $(STAMP)
	$(PY) -m generator generate --check --readme README.md
	$(PY) -m pytest

demo: $(STAMP)
	$(PY) demo/walkthrough.py

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache
