# One command for each job. Each installs what it needs first, into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

QA_STAMP := qa/node_modules/.installed

.PHONY: site serve test check links clean compile

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements-dev.txt -e .
	touch $@

# pip compiles every package it installs except this one, which is installed in place;
# where PYTHONDONTWRITEBYTECODE is set (as on many build machines) Python would otherwise
# compile hooks/ afresh on every build. Quick when nothing has changed.
compile: $(BIN)/.installed
	$(BIN)/python -m compileall -q hooks

## site: install everything and build the site into site/ (replaced only if the build succeeds)
site: compile
	$(BIN)/python -m partnership publish --out site

## serve: install everything and preview the site at http://127.0.0.1:8000/partnership/
serve: compile
	$(BIN)/mkdocs serve --dirty --livereload

## check: check the data files and list every problem; writes nothing
check: $(BIN)/.installed
	$(BIN)/python -m partnership check

$(QA_STAMP): qa/package.json qa/package-lock.json qa/install.sh
	bash qa/install.sh
	touch $@

## links: check the links to other websites in the data and list the broken ones
links: $(BIN)/.installed
	$(BIN)/python -m partnership links

## test: install everything (including the browser checks' tools) and run the tests
test: compile $(QA_STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) qa/node_modules

## edit: edit the site in a browser form on this computer, with the preview beside it
edit: compile
	test -f editor/node_modules/.installed || { npm ci --prefix editor --no-audit --no-fund --loglevel=error && touch editor/node_modules/.installed; }
	$(BIN)/python -m partnership edit
