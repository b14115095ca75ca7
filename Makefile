# Hindsight: developer entry points. `make run` and `make test` work from a
# fresh clone; both start with `make install`.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements.lock
# Records the sha256 of $(LOCK) that was last installed into $(VENV), so a
# repeated `make test` does not run pip again when nothing changed.
STAMP := $(VENV)/.requirements.sha256
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k scoring -x"`.
PYTEST_ARGS ?=

# The lanes: the fast one leaves out what starts browsers, workers and other
# processes (tests/browser, tests/integration); the slow one is just those.
# The fast lane runs on every core (pytest-xdist: each worker has its own test
# database and Redis database); the slow lane's servers and browser run one at
# a time.
FAST := -m "not browser and not integration" -n auto
SLOW := -m "browser or integration"

.PHONY: help install run test test-fast test-slow lint lock clean bench

help:
	@echo "make install  create .venv and install $(LOCK) (skipped when unchanged)"
	@echo "make run      migrate, load the demo ledger, serve http://127.0.0.1:8000 with a worker"
	@echo "make test     every test against throwaway PostgreSQL and Redis: the fast lane, then the rest"
	@echo "make test-fast  the fast lane only: no browser, no worker, no subprocess (PYTEST_ARGS=...)"
	@echo "make test-slow  the rest: Chromium, Celery workers, SMTP, Redis outages, start-up"
	@echo "make lint     ruff, mypy, the import contracts, missing-migrations check"
	@echo "make lock     regenerate $(LOCK) from pyproject.toml"
	@echo "make bench    measure pages and jobs on a generated ledger against a raw-SQL floor (BENCH_N=1000000 BENCH_SEED=1)"
	@echo "make clean    remove var/ and caches (keeps .venv)"

# Django 6 needs Python >= 3.12. Each candidate is asked for its own version:
# a pyenv shim can exist on PATH and still fail (or be an older Python), so
# `command -v` alone proves nothing.
install:
	@if [[ ! -x $(PY) ]]; then \
	  py=""; \
	  for cand in python3.13 python3.12 python3; do \
	    if "$$cand" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	      py="$$cand"; break; \
	    fi; \
	  done; \
	  if [[ -z "$$py" ]]; then \
	    echo "error: Python 3.12 or newer is required (tried python3.13, python3.12, python3)." >&2; \
	    echo "       Install python3.12 (or newer) and put it on PATH, then re-run make." >&2; \
	    exit 1; \
	  fi; \
	  echo "Creating $(VENV) with $$("$$py" -c 'import sys; print(sys.executable, sys.version.split()[0])')"; \
	  "$$py" -m venv $(VENV); \
	fi; \
	if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "error: $(VENV) exists but its Python is older than 3.12 or broken; remove $(VENV) and re-run make." >&2; \
	  exit 1; \
	fi; \
	want="$$(sha256sum $(LOCK) | cut -d' ' -f1)"; \
	have=""; \
	if [[ -f $(STAMP) ]]; then have="$$(< $(STAMP))"; fi; \
	if [[ "$$have" != "$$want" ]]; then \
	  echo "Installing $(LOCK) into $(VENV)"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK); \
	  echo "$$want" > $(STAMP); \
	fi

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	@echo
	@echo "Hindsight is starting: browse http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/, user 'admin')."
	@echo "Web and worker (with beat) run below; Ctrl-C stops both."
	@echo
	$(VENV)/bin/honcho -f Procfile.dev start

# with-services.sh passes pytest's exit code through (5 = no tests collected
# fails too), so make and .ci/run fail with it. `make test` runs both lanes on
# one pair of servers, the fast lane first so that a typo fails in a minute.
test: install
	scripts/with-services.sh bash -c '$(VENV)/bin/pytest $(FAST) $(PYTEST_ARGS) && $(VENV)/bin/pytest $(SLOW) $(PYTEST_ARGS)'

test-fast: install
	scripts/with-services.sh $(VENV)/bin/pytest $(FAST) $(PYTEST_ARGS)

test-slow: install
	scripts/with-services.sh $(VENV)/bin/pytest $(SLOW) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes -o $(LOCK)

# .venv is kept: rebuilding it is the slow part and `make install` repairs it.
clean:
	rm -rf var staticfiles test-results .pytest_cache .ruff_cache .coverage celerybeat-schedule*
	find . \( -path ./.venv -o -path ./.git \) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf

# The compose stack end to end, on this machine's Docker engine with host
# networking and Debian-built stand-ins (docs/deploy.md): build, start, file a
# claim, see it come due and its email arrive, tear down. Needs root. Not part
# of `make test`.
.PHONY: compose-smoke
compose-smoke:
	scripts/compose-smoke.sh

# The app against its raw-SQL floor on a generated ledger of BENCH_N
# predictions and one of BENCH_N/10 (docs/benchmark.md): starts its own
# PostgreSQL (the ledgers are kept in var/bench/ and reused) and Redis, writes
# bench/results.json and prints the table. BENCH_ARGS passes more options,
# e.g. BENCH_ARGS="--rounds 3 --skip-notifications".
BENCH_N ?= 1000000
BENCH_SEED ?= 1
BENCH_ARGS ?=
bench: install
	$(PY) -m bench.run --predictions $(BENCH_N) --seed $(BENCH_SEED) $(BENCH_ARGS)
