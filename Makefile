# The Register — quick start: `make run` (portal with demo data on http://127.0.0.1:5000)
# and `make test` (the whole suite, on SQLite and, when installed, PostgreSQL).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app register

.PHONY: run test test-sqlite test-postgres install dev-install translations translations-update migrate demo lint sources-check lock lock-upgrade bench bench-soak clean

# Installs come from the lock files (the versions CI tested), then the project itself without
# its dependencies. `make lock` re-resolves them after a change to pyproject.toml (keeping the
# pins that still fit); `make lock-upgrade` moves every pin to the newest release.
RUNTIME_LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url \
	--no-emit-find-links --no-emit-trusted-host

$(VENV)/.installed: pyproject.toml $(RUNTIME_LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r $(RUNTIME_LOCK)
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed $(DEV_LOCK)
	$(PY) -m pip install -q -r $(DEV_LOCK)
	touch $@

install: $(VENV)/.installed translations

dev-install: $(VENV)/.dev-installed translations

# Translations, the standard Flask-Babel flow (babel.cfg says where the texts are; ``N_``
# marks the rule texts in register/domain, translated where they are shown):
# `make translations-update` extracts every text and merges it into the Dutch catalogue
# (register/translations/nl/LC_MESSAGES/messages.po) for translating; `make translations`
# compiles it (fuzzy entries are not compiled, and tests fail on them).
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d register/translations --statistics

translations-update: $(VENV)/.installed
	mkdir -p build
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k N_ \
		--no-location --sort-output --project=register --version=round-2 \
		--msgid-bugs-address=register@example.nl --copyright-holder="the Register" \
		-o build/messages.pot .
	$(VENV)/bin/pybabel update -i build/messages.pot -d register/translations \
		--ignore-obsolete --ignore-pot-creation-date

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo-data

run: demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C stops)"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: dev-install
	bash tests/run_all.sh

test-sqlite: dev-install
	bash tests/run_all.sh sqlite

test-postgres: dev-install
	bash tests/run_all.sh postgres

# House rules checked by tools: ruff (lint and format), the import contracts in pyproject.toml
# (lint-imports), declared dependencies (deptry) and lock files that match pyproject.toml.
lint: dev-install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/deptry .
	$(PY) requirements/check_locks.py

# Every text the policies quote from a source stands in that source (register/sources): the
# documents are read from SEEDS, outside this repository, so `make test` never needs them.
SEEDS ?= ../shared/seeds
sources-check: $(VENV)/.installed
	$(PY) -m register.sources check --seeds $(SEEDS)

lock: dev-install
	$(PIP_COMPILE) --extra dev --output-file $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra prod --constraint $(DEV_LOCK) --output-file $(RUNTIME_LOCK) pyproject.toml

lock-upgrade: dev-install
	$(PIP_COMPILE) --upgrade --extra dev --output-file $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) --upgrade --extra prod --constraint $(DEV_LOCK) --output-file $(RUNTIME_LOCK) pyproject.toml

# The issue-15 benchmark: 10k, 100k and 1M on SQLite and PostgreSQL, three rounds each with
# the Flask and WSGI hellos interleaved; writes docs/benchmarks.md. Run on a quiet machine.
bench: dev-install
	$(PY) -m benchmarks.run --sizes 10000,100000,1000000 --databases sqlite,postgresql --duration 5 --rounds 3

# The same plus 10 minutes of mixed lookups, searches and bulk checks on the 1M register.
bench-soak: dev-install
	$(PY) -m benchmarks.run --sizes 10000,100000,1000000 --databases sqlite,postgresql --duration 5 --rounds 3 --soak 600

clean:
	rm -rf $(VENV) instance build .pytest_cache
	find register/translations -name '*.mo' -delete
