# The verbs of the project. `make run` and `make test` work on a fresh clone:
# each creates .venv if missing and installs the project into it first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install whenever pyproject.toml changes.
STAMP      := $(VENV)/.installed
STAMP_DEV  := $(VENV)/.installed-dev
STAMP_LAB  := $(VENV)/.installed-lab

.PHONY: help setup setup-dev run test test-fast bench lab report dictionary clean

help:  ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP) $@

$(STAMP_LAB): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	touch $@

setup: $(STAMP)  ## create .venv and install the project

setup-dev: $(STAMP_DEV)  ## the same, with test tools

run: setup  ## run the whole DVC pipeline on the sample corpus; report in reports/
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/dvc repro
	@$(BIN)/dvc metrics show
	@echo "Report: reports/report.html and reports/report.pdf"

test: setup-dev  ## run the whole test suite
	$(BIN)/python -m pytest

test-fast: setup-dev  ## unit tests only (no dvc repro, no notebooks)
	$(BIN)/python -m pytest -m "not slow"

bench: setup-dev  ## benchmark extraction on a synthetic corpus (N=10000 by default)
	$(BIN)/python -m pipeline.bench --n $${N:-10000}

lab: setup $(STAMP_LAB)  ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

dictionary: setup  ## regenerate docs/data-dictionary.md from the column definitions
	$(BIN)/claims dictionary --out docs/data-dictionary.md

clean:  ## remove generated data and reports (keeps .venv)
	rm -rf data/interim/* data/processed/* reports/* metrics/*
	touch data/interim/.gitkeep data/processed/.gitkeep reports/.gitkeep metrics/.gitkeep
