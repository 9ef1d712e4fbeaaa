# One command for each job. Each installs what it needs first, into .venv/: building the
# site needs only requirements.txt; the tests add requirements-dev.txt and the browser
# checks' tools in qa/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
export NO_MKDOCS_2_WARNING := 1

BUILD_STAMP := $(BIN)/.installed
DEV_STAMP := $(BIN)/.installed-dev
QA_STAMP := qa/node_modules/.installed
EDITOR_STAMP := editor/node_modules/.installed

.PHONY: site serve test check links clean compile

# What building, previewing and checking need, and nothing else.
$(BUILD_STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt -e .
	touch $@

# What the tests add on top (pytest, hypothesis, Playwright, ProperDocs, ...).
$(DEV_STAMP): $(BUILD_STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

# pip compiles every package it installs except this one, which is installed in place;
# where PYTHONDONTWRITEBYTECODE is set (as on many build machines) Python would otherwise
# compile hooks/ afresh on every build. Quick when nothing has changed.
compile: $(BUILD_STAMP)
	$(BIN)/python -m compileall -q hooks

## site: install what building needs and build the site into site/ (replaced only if the build succeeds)
site: compile
	$(BIN)/python -m partnership publish --out site

## serve: install what building needs and preview the site at http://127.0.0.1:8000/partnership/
serve: compile
	$(BIN)/mkdocs serve --dirty --livereload

## check: check the data files and list every problem; writes nothing
check: $(BUILD_STAMP)
	$(BIN)/python -m partnership check

$(QA_STAMP): qa/package.json qa/package-lock.json qa/install.sh
	bash qa/install.sh
	touch $@

## links: check the links to other websites in the data and list the broken ones
links: $(BUILD_STAMP)
	$(BIN)/python -m partnership links

## test: install everything (the test tools and the browser checks' tools too) and run the tests
# The installs wait mostly on the network, so the Python and the two npm ones run side by
# side; each one's output is printed whole when it ends.
test:
	$(MAKE) --no-print-directory --jobs=3 --output-sync=target compile $(DEV_STAMP) $(QA_STAMP) $(EDITOR_STAMP)
	$(BIN)/python -m pytest -n auto --maxprocesses 4

clean:
	rm -rf site $(VENV) qa/node_modules editor/node_modules

# The browser editor (Decap CMS) and its local mode, from editor/package-lock.json.
$(EDITOR_STAMP): editor/package.json editor/package-lock.json
	npm ci --prefix editor --no-audit --no-fund --loglevel=error
	touch $@

## edit: edit the site in a browser form on this computer, with the preview beside it
edit: compile $(EDITOR_STAMP)
	$(BIN)/python -m partnership edit
