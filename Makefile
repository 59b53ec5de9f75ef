# tracuu task runner: `make run` builds the sample index and searches it; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOME_DIR ?= tracuu-data
QUERY ?= phòng chống dịch cách ly

.PHONY: run test lint bench clean system-deps

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

# Debian's catdoc reads old Word (.doc) attachments; without it they are archived with a "not extracted" note.
system-deps:
	@command -v catdoc >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq >/dev/null && apt-get install -y -qq catdoc >/dev/null; } || \
		echo "catdoc is not installed: .doc attachments will be archived without text"

test: $(VENV)/.installed system-deps
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/pip install --quiet ruff
	$(BIN)/ruff check .

clean:
	rm -rf $(HOME_DIR) build *.egg-info
