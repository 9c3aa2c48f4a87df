# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

# The suite runs on WORKERS pytest-xdist processes (WORKERS=0: one process, no xdist). Its tests
# mostly wait (on loopback servers, child processes, deadlines), so more workers than cores pay:
# see README, Development. Tests sharing a module fixture stay in one worker (loadgroup).
WORKERS ?= 4
PYTEST := $(BIN)/python -m pytest -q -n $(WORKERS) --dist loadgroup

.PHONY: run demo install test test-fast lint bench screenshots i18n clean

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

# `kalbartui` on PATH, for the command line and cron: with pipx when it is there, else in a
# venv of its own (APP_VENV) with a link in BIN_DIR (~/.local/bin, on PATH on most systems).
APP_VENV ?= $(HOME)/.local/share/kalbartui-venv
BIN_DIR ?= $(HOME)/.local/bin
install:
	@if command -v pipx >/dev/null 2>&1; then \
		pipx install --force --pip-args="-c $(CURDIR)/constraints.txt" . ; \
	else \
		$(PYTHON) -m venv $(APP_VENV) && \
		$(APP_VENV)/bin/python -m pip install -q --upgrade pip && \
		$(APP_VENV)/bin/python -m pip install -q -c constraints.txt . && \
		mkdir -p $(BIN_DIR) && ln -sf $(APP_VENV)/bin/kalbartui $(BIN_DIR)/kalbartui && \
		echo "installed $(BIN_DIR)/kalbartui"; \
	fi

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

# The catalogs: every string of the code into kalbartui.pot, merged into each language's .po
# (translate what is new there), then compiled to the .mo files the program reads.
I18N := src/kalbartui/i18n
i18n: $(DEVSTAMP)
	$(BIN)/pybabel extract -F babel.cfg -k Nn_:1,2 --add-location=file --sort-output \
		--no-wrap --project=kalbartui --copyright-holder=kalbartui -o $(I18N)/kalbartui.pot .
	$(BIN)/pybabel update -i $(I18N)/kalbartui.pot -d $(I18N)/locale -D kalbartui \
		--no-wrap --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(I18N)/locale -D kalbartui --statistics

screenshots: $(DEVSTAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .bench
