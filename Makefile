# One entry point for authors, CI and Binder-like checks. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## book: set up .venv if needed, then build the HTML book into _build/html (strict, as tested)
book: $(STAMP)
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going

## test: set up .venv if needed, then run the whole test suite (it builds the book twice, strictly)
test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf _build
