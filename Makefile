# greenchain — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: help venv demo demo-full test lint bench bench-quick drill clean scaleout-check

help:
	@echo "make demo        set up .venv, run the daily pipeline through Airflow against the local simulator"
	@echo "make test        set up .venv (or reuse it) and run ruff and the whole test suite"
	@echo "make bench       run every benchmark; figures in bench/results.json"
	@echo "make drill       fault drill: faulty sources, killed runs, resumed; warehouse must equal a clean run"
	@echo "make demo-full   the demo over the full registry (>= 5,000 sources)"

# Exact versions: Airflow's constraints URL is unreachable, so the whole resolved set is in constraints.txt.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==26.3"
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[pipeline,dev,celery]'
	@touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(BIN)/greenchain demo

demo-full: venv
	$(BIN)/greenchain demo --full

lint: venv
	$(BIN)/ruff check .

test: venv lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: venv
	$(BIN)/python -m bench.run_all

bench-quick: venv
	$(BIN)/python -m bench.run_all --quick

drill: venv
	$(BIN)/python -m bench.drill

clean:
	rm -rf data .airflow bench/results.json

# Scale-out check: the daily DAG on the CeleryExecutor with a local Redis (docs/operations.md);
# tests/e2e/test_scaleout_celery.py runs it in `make test` too. Needs redis-server (Debian package).
scaleout-check: venv
	$(BIN)/python -m bench.celery_scaleout
