# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

# The suite runs on WORKERS pytest-xdist processes (WORKERS=0: one process, no xdist). Its tests
# mostly wait (on loopback servers, child processes, deadlines), so more workers than cores pay:
# see README, Development. Tests sharing a module fixture stay in one worker (loadgroup).
WORKERS ?= 3
PYTEST := $(BIN)/python -m pytest -q -n $(WORKERS) --dist loadgroup

.PHONY: run demo test test-fast lint bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,bench]'
	touch $@

run: $(STAMP)
	$(BIN)/kalbartui $(ARGS)

demo: $(STAMP)
	$(BIN)/kalbartui --demo

test: $(DEVSTAMP)
	$(PYTEST) $(PYTEST_ARGS)

# The edit loop: everything but the tests marked slow (pyproject.toml, [tool.pytest.ini_options]).
test-fast: $(DEVSTAMP)
	$(PYTEST) -m "not slow" $(PYTEST_ARGS)

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: $(DEVSTAMP)
	$(BIN)/python -m benchmarks $(ARGS)

screenshots: $(DEVSTAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .bench
