# tracuu task runner: `make run` builds the sample index and searches it; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOME_DIR ?= tracuu-data
QUERY ?= phòng chống dịch cách ly

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/tracuu --home $(HOME_DIR) ingest samples
	$(BIN)/tracuu --home $(HOME_DIR) index
	$(BIN)/tracuu --home $(HOME_DIR) search "$(QUERY)"

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/pip install --quiet ruff
	$(BIN)/ruff check .

clean:
	rm -rf $(HOME_DIR) build *.egg-info
