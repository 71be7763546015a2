# CareVillage: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install messages clean node-test-deps

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements/base.txt requirements/dev.txt $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP) messages

# Compiled message catalogues are build output, not source.
messages: $(STAMP)
	$(BIN)/python -m carevillage.portal.compile_messages

run: install
	$(BIN)/python -m carevillage.devserver

# The strict OpenID Connect provider the tests log in through (npm oidc-provider, pinned
# in package-lock.json). Without node the suite skips those tests and says why (CI has node).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund && touch $(NODE_STAMP); \
	else \
		echo "node/npm not found: tests through the strict OIDC provider will be skipped"; \
	fi

node-test-deps: $(NODE_STAMP)

# The suite runs on two worker processes (the machines have 2 cores). `--dist load` hands
# tests out in pytest-django's order, so a worker's committing tests (whose flush empties
# what migrations created) come after all its other database tests, as in a serial run.
# `make test PYTEST_WORKERS=` runs it in one process.
PYTEST_WORKERS ?= -n 2 --dist load

test: install node-test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Anonymous article page vs a bare Django view, same server, same run (about 40 s);
# then live chat delivery over websockets through Redis at 100 and 1,000 connections
# (starts its own redis-server unless REDIS_URL is set; about 1 min); the care dashboard;
# the health record of a patient with 5,000 results and 200 documents; the free-time
# search of 20 professionals over 8 weeks with 5,000 bookings.
bench: install
	$(BIN)/python bench/article_page.py
	$(BIN)/python bench/chat.py
	$(BIN)/python bench/care_dashboard.py
	$(BIN)/python bench/record_page.py
	$(BIN)/python bench/free_times.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache node_modules
