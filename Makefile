# Developer entry points. Only python3 and GNU make are needed on a fresh machine:
# the first target that needs the venv creates it and installs the project into it.

VENV := .venv
PY := $(VENV)/bin/python
PYTHON3 ?= python3
STAMP := $(VENV)/.installed
LINT_PATHS := src tests scripts benchmarks

.PHONY: help demo test lint format clean dist bench fuzz

# Re-install whenever pyproject.toml changes (new deps, new console scripts).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	touch $@

demo: $(STAMP) ## create .venv, install, validate the graph, print stats and answer one query
	$(VENV)/bin/scokg validate
	$(VENV)/bin/scokg stats
	$(VENV)/bin/scokg query agreements-between

test: $(STAMP) ## run the whole test suite (starts the servers it needs on 127.0.0.1)
	$(PY) -m pytest -q

lint: $(STAMP) ## ruff check, ruff format --check (src tests scripts benchmarks) and mypy (src)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy

format: $(STAMP) ## sort imports and reformat src tests scripts benchmarks with ruff
	$(VENV)/bin/ruff check --select I --fix $(LINT_PATHS)
	$(VENV)/bin/ruff format $(LINT_PATHS)

clean: ## remove the store cache, dist/, build/, tool caches and __pycache__ folders
	rm -rf .scokg dist build .pytest_cache .ruff_cache .mypy_cache .hypothesis
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
	find src -maxdepth 1 -name '*.egg-info' -exec rm -rf {} +

dist: $(STAMP) ## build the release artefacts into dist/ (scokg build), screenshots of the site
	$(VENV)/bin/scokg build --out dist
	$(PY) scripts/screenshots dist/screenshots

bench: $(STAMP) ## run the benchmarks (10k/100k/1M triples) into benchmarks/results/
	$(PY) benchmarks/run.py --pyshacl-max 0
	$(PY) benchmarks/curating.py
	$(PY) benchmarks/shacl_engines.py
	$(PY) benchmarks/report.py

fuzz: $(STAMP) ## compiled SHACL engine vs pyshacl on 10,000 random cases; counterexamples -> tests/validation/fuzz_cases/
	SCOKG_FUZZ_EXAMPLES=10000 SCOKG_FUZZ_RECORD=1 HYPOTHESIS_PROFILE=dev $(PY) -m pytest -q -p no:cacheprovider tests/validation/test_shacl_fuzz.py

help: ## list the targets with what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  make %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
