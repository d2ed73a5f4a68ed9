# The two set-up commands: `make generate` and `make test`. Both create .venv/
# on first use, so a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: generate check test fuzz demo bench clean

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
	$(PY) -m pytest -n auto

# A long fuzzing session: random seeds, FUZZ_EXAMPLES answers per method and property.
FUZZ_EXAMPLES ?= 1000
fuzz: $(STAMP)
	FUZZ_RANDOM=1 FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -n auto -p no:cacheprovider generated/tests/test_*_fuzz.py

demo: $(STAMP)
	$(PY) demo/walkthrough.py

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache
