# One entry point for authors, CI and Binder-like checks. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

WIDGETS_JS := $(VENV)/widgets-js/_static/widgets
# Versions myst-nb 1.4 expects (see myst_nb.core.config.ipywidgets_js_factory)
HTML_MANAGER := @jupyter-widgets/html-manager@1.0.6
REQUIREJS := requirejs@2.3.4

.PHONY: book test bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The widget JavaScript, from the npm registry, served by the book itself (not committed).
# If npm or the registry is unavailable the build falls back to the CDN and says so.
$(WIDGETS_JS)/embed-amd.js:
	-@set -e; tmp=$$(mktemp -d); \
	  (cd $$tmp && npm pack --silent $(HTML_MANAGER) $(REQUIREJS) >/dev/null && \
	   for t in *.tgz; do tar xzf $$t && mv package $${t%.tgz}; done); \
	  mkdir -p $(WIDGETS_JS); \
	  cp $$tmp/requirejs-*/require.js $(WIDGETS_JS)/; \
	  find $$tmp/jupyter-widgets-html-manager-*/dist -maxdepth 1 -type f ! -name '*.map' -exec cp {} $(WIDGETS_JS)/ \; ; \
	  rm -rf $$tmp; echo "widget JavaScript installed in $(WIDGETS_JS)"

## book: set up .venv if needed, then build the HTML book into _build/html (strict, as tested)
book: $(STAMP) $(WIDGETS_JS)/embed-amd.js
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going

## test: set up .venv if needed, then run the whole test suite (it builds the book twice, strictly)
test: $(STAMP) $(WIDGETS_JS)/embed-amd.js
	$(BIN)/python -m pytest

## bench: install bench/requirements.txt into .venv, then time ours against NLTK, scikit-learn,
## Scattertext and re+Counter at 10^4..10^7 tokens; writes bench/results.csv (about 15 minutes)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py

clean:
	rm -rf _build
