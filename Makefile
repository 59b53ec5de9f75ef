# tracuu task runner: `make run` builds the sample index and serves the search page; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOME_DIR ?= tracuu-data
QUERY ?= phòng chống dịch cách ly
HOST ?= 127.0.0.1
PORT ?= 5000
N ?= 100000

.PHONY: run search test browser-deps lint bench clean system-deps solr-launcher

# The venv's own pip, as a user has it: the project must install with whatever pip a Python ships.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/tracuu --home $(HOME_DIR) ingest samples
	$(BIN)/tracuu --home $(HOME_DIR) index
	$(BIN)/tracuu --home $(HOME_DIR) serve --host $(HOST) --port $(PORT)

search: $(VENV)/.installed
	$(BIN)/tracuu --home $(HOME_DIR) ingest samples
	$(BIN)/tracuu --home $(HOME_DIR) index
	$(BIN)/tracuu --home $(HOME_DIR) search "$(QUERY)"

# The browser test drives Debian's Chromium through its chromedriver; install them once if missing.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# Debian packages for attachments: catdoc reads old Word (.doc) files, tesseract-ocr with its Vietnamese
# model reads scans and images, poppler-utils (pdftoppm) renders PDF pages for it.  Without them such
# files are archived without text, with a note saying why.
system-deps:
	@missing=""; \
	command -v catdoc >/dev/null || missing="$$missing catdoc"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr tesseract-ocr-vie"; \
	if [ -n "$$missing" ]; then \
		{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq >/dev/null && \
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } || \
		echo "not installed:$$missing (.doc files and scans will be archived without text)"; \
	fi

# SolrCloud on loopback (search.solr_cluster): one ZooKeeper JVM and one JVM per node, from Maven Central's
# solr-test-framework.  Java 17 (and Maven) come from apt-get when missing or older than 17; the jars are resolved once into ~/.m2.
SOLR_LAUNCHER := solr/launcher/target/classes/tracuu/solr/Launcher.class
solr-launcher: $(SOLR_LAUNCHER)
$(SOLR_LAUNCHER): solr/launcher/pom.xml $(wildcard solr/launcher/src/main/java/tracuu/solr/*.java)
	@if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || ! command -v mvn >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openjdk-17-jdk-headless maven; \
	fi
	cd solr/launcher && (mvn -q -B -o package -DskipTests 2>/dev/null || mvn -q -B package -DskipTests)
	touch $@

# Tests run on every core, plus one: several end-to-end tests mostly wait (on processes, sockets, pip).
# TEST_DIST=loadgroup hands out one test at a time but the Solr tests as one unit: one worker, one
# SolrCloud (tests/solr_fixtures.py), where worksteal may start one per worker.  It is not the default
# yet: it moves test_ocr and the crawl attachment tests after memory-heavy tests on their worker, where
# the memory limit of crawler/sandbox.py, set on a fork of that worker, fails them.
TEST_WORKERS ?= 3
TEST_DIST ?= worksteal
test: $(VENV)/.installed system-deps browser-deps solr-launcher
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist $(TEST_DIST)

lint: $(VENV)/.installed
	$(BIN)/pip install --quiet ruff
	$(BIN)/ruff check .

# `make bench` measures the real legal documents of tests/data/legal among 16,000 documents (topped up with
# news-sized synthetic ones), then the legal documents alone, then 2,000 synthetic ones; `make bench
# CORPUS=synthetic N=100000` the synthetic corpus alone (long: run it in the background).
# It needs tantivy (the `bench` extra) and uses wrk for the web load when Debian's package can be installed.
# `make bench SOLR=1` adds the Solr backend beside Whoosh (a loopback SolrCloud; bench/solr.py).
CORPUS ?= tests/data/legal
SOLR ?=
bench: $(VENV)/.bench-installed $(if $(SOLR),solr-launcher,)
	$(BIN)/python -m bench --corpus $(CORPUS) $(if $(filter synthetic,$(CORPUS)),--n $(N),) $(if $(SOLR),--solr,)

$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; } || \
		echo "wrk is not installed: the web load comes from the Python client instead"
	touch $@

clean:
	rm -rf $(HOME_DIR) build *.egg-info
