# chatreach: `make demo` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Prefect's temporary server fails on its own telemetry when offline.
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: demo test check lint format typecheck imports sql bench lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "chatreach needs Python 3.11+"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/chatreach demo

test: $(STAMP) imports sql
	$(BIN)/python -m pytest

imports: $(STAMP)
	$(BIN)/lint-imports

# Every hand-written .sql file, in DuckDB's dialect and the house style of .sqlfluff.
sql: $(STAMP)
	$(BIN)/sqlfluff lint --processes 2 .

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: format lint typecheck imports test

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Rewrites the pinned versions from what is installed now (run after changing dependencies).
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^chatreach' > constraints.txt

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
