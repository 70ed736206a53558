# The two commands a newcomer needs: `make run` and `make test`.
# Both bootstrap a virtual environment in .venv from pyproject.toml on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= auto

.PHONY: run test lint bench production-flow clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/antrean init-db
	$(BIN)/antrean demo
	$(BIN)/antrean serve --host 127.0.0.1 --port 5000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# Two `antrean serve` processes and one `antrean scheduler` on the local PostgreSQL and Redis,
# driven through book → check in → call → display → complete → survey.
production-flow: $(STAMP)
	$(BIN)/pytest -p no:xdist -q tests/test_production_flow.py

bench: $(STAMP)
	for name in booking_surge slots_listing checkin_callnext display_latency protocol_change production_surge; do \
		$(BIN)/python -m bench.$$name || exit 1; \
	done

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .mypy_cache
