# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB ?= both

.PHONY: run test install models lint benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# `serve` also starts a background worker for the jobs (imports, labelling, indexing) and stops it on exit.
run: install
	$(BIN)/aspiration setup
	$(BIN)/aspiration serve

# DB=sqlite, DB=postgres or DB=both (default). The PostgreSQL leg uses DATABASE_URL if it
# names PostgreSQL, else the server on 127.0.0.1:5432; without one it says so and skips.
test: install
	DB=$(DB) scripts/run-tests

# Rebuild the shipped models reproducibly from ../shared/data (fixed seeds, recorded data hashes).
models: install
	$(BIN)/aspiration train-shipped --data ../shared/data
	$(BIN)/aspiration watch train-shipped --data ../shared/data

# Style (ruff), the layers between the apps (import-linter, contracts in .importlinter), and no app
# pretending to be optional: every app is always installed, so an import either works or is a bug.
lint: install
	$(BIN)/ruff check aspiration tests benchmarks
	$(BIN)/lint-imports
	@! grep -rnE --include=*.py 'except \(?(ImportError|ModuleNotFoundError)\b' aspiration || \
		{ echo "lint: import aspiration's apps plainly (no except ImportError)"; exit 1; }

benchmarks: install
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var
