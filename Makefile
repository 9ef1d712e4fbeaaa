# One command for each job. Each installs what it needs first, into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check publish clean

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements-dev.txt -e .
	touch $@

## site: install everything and build the site into site/ (replaced only if the build succeeds)
site: $(BIN)/.installed
	$(BIN)/python -m partnership publish --out site

## serve: install everything and preview the site at http://127.0.0.1:8000/partnership/
serve: $(BIN)/.installed
	$(BIN)/mkdocs serve --livereload

## check: check the data files and list every problem; writes nothing
check: $(BIN)/.installed
	$(BIN)/python -m partnership check

## test: install everything and run the tests
test: $(BIN)/.installed
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV)
