# CareVillage: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install messages clean

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

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Anonymous article page vs a bare Django view, same server, same run (about 40 s);
# then live chat delivery over websockets through Redis at 100 and 1,000 connections
# (starts its own redis-server unless REDIS_URL is set; about 1 min).
bench: install
	$(BIN)/python bench/article_page.py
	$(BIN)/python bench/chat.py
	$(BIN)/python bench/care_dashboard.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache
