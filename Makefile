# One task runner for Visiespiegel. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# Database, generated key and static files stay in this checkout for `make run` and tests.
DATA_DIR ?= $(CURDIR)/data
export PORT HOST DATA_DIR

.PHONY: run setup test test-postgres lint format messages bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

## run: install, prepare the database (framework and demo data) and serve on http://$(HOST):$(PORT)/,
## with the background worker (reports of all units) beside it; Ctrl+C stops both
run: setup
	$(BIN)/visiespiegel worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/visiespiegel serve --host $(HOST) --port $(PORT)

setup: $(VENV)/.installed
	$(BIN)/visiespiegel setup --demo

## test: install the test tools, lint, and run the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto

## test-postgres: the same suite against the local PostgreSQL server
test-postgres: $(VENV)/.installed-test
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n auto

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh the English catalogue from the source (needs GNU gettext) and compile it
messages: $(VENV)/.installed
	cd src/visiespiegel && ../../$(BIN)/visiespiegel makemessages -l en --add-location file --extension html,txt,py,css
	cd src/visiespiegel && ../../$(BIN)/visiespiegel compilemessages -l en

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache

## bench: measure the public pages and API against `visiespiegel serve`
bench: $(VENV)/.installed
	$(BIN)/python bench/pages.py
