# Developer entry points. Only python3 and GNU make are needed on a fresh machine:
# the first target that needs the venv creates it and installs the project into it.

VENV := .venv
PY := $(VENV)/bin/python
PYTHON3 ?= python3
STAMP := $(VENV)/.installed
LINT_PATHS := src tests scripts benchmarks

.PHONY: demo test lint format clean dist bench

# Re-install whenever pyproject.toml changes (new deps, new console scripts).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	touch $@

demo: $(STAMP)
	$(VENV)/bin/scokg validate
	$(VENV)/bin/scokg stats
	$(VENV)/bin/scokg query agreements-between

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

format: $(STAMP)
	$(VENV)/bin/ruff check --select I --fix $(LINT_PATHS)
	$(VENV)/bin/ruff format $(LINT_PATHS)

clean:
	rm -rf .scokg dist build .pytest_cache .ruff_cache .hypothesis
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
	find src -maxdepth 1 -name '*.egg-info' -exec rm -rf {} +

dist: $(STAMP)
	$(VENV)/bin/scokg build --out dist

bench: $(STAMP)
	$(PY) benchmarks/run.py
