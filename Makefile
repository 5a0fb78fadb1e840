# HLD Portal: one target per verb. `make run` to try it, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve bench test screenshots check lint format messages makemessages demo clean backup restore stress constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed

## Pin in constraints.txt every package requirements.txt brings in, as a fresh virtualenv resolves them today.
constraints:
	rm -rf var/constraints-venv && $(PYTHON) -m venv var/constraints-venv
	var/constraints-venv/bin/python -m pip install --quiet -r requirements.txt
	{ sed -n '/^#/p' constraints.txt; var/constraints-venv/bin/python -m pip freeze; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf var/constraints-venv

messages: install
	cd $(CURDIR) && DEBUG=true $(MANAGE) compilemessages --ignore=$(VENV) --verbosity=0

## Serve the demo site at http://$(HOST):$(PORT)/ with a demo editor account.
# Links in emails, feeds and calendars name the address this serves. The site runs with DEBUG off, as visitors
# meet it: its own translated 404 and 500 pages, never Django's debug page; static files collected and served
# by WhiteNoise as in production; plain HTTP on this machine, emails printed to the console.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export ALLOWED_HOSTS ?= localhost,127.0.0.1,[::1],$(HOST)
run: export SECRET_KEY ?= $(shell $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))")
run: DEMO_SERVER_ENV := DEBUG=false SECURE_SSL_REDIRECT=false SECURE_COOKIES=false HSTS_SECONDS=0 BEHIND_PROXY=false \
	EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
run: install messages
	DEBUG=true $(MANAGE) migrate --noinput --verbosity=0
	DEBUG=true $(MANAGE) load_demo
	DEBUG=true $(MANAGE) create_demo_editor
	$(DEMO_SERVER_ENV) $(MANAGE) collectstatic --noinput --verbosity=0
	$(DEMO_SERVER_ENV) $(MANAGE) runserver $(HOST):$(PORT)

## Serve as in production on http://127.0.0.1:8080/: nginx, gunicorn, PostgreSQL in var/pgdata, Redis, the task worker.
serve: install messages
	scripts/serve

## Measure every goal of issue 17 in one run (archives of BENCH_SIZES documents, default 10,100000; a Wagtail
## peer; nginx's cache against a precompressed copy); writes docs/benchmarks.md and prints the Goals table.
bench: install messages
	$(BIN)/python -m localservices.install --bench
	scripts/bench

## The whole suite on a throwaway PostgreSQL cluster (TEST_DB=sqlite for SQLite). First installs with apt the
## servers the tests need (chromium, clamd, redis-server, PostgreSQL) if missing, or says the command to run.
# TEST_SERVICES=required: a test whose server is missing fails, not skips (tests/services.py). The tests run in a
# process per core, at most four (pytest-xdist; each has its own database and cache): TEST_WORKERS=0 runs them in one.
test: export TEST_SERVICES = required
TEST_WORKERS ?= auto --maxprocesses=4
test: install messages
	$(BIN)/python -m localservices.install $(if $(filter sqlite,$(TEST_DB)),--no-postgres)
ifeq ($(TEST_DB),sqlite)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
else
	scripts/with-postgres $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
endif

## Refresh docs/screenshots/ from the browser walk (every page type, three languages, desktop and phone).
screenshots: install messages
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots TEST_DB=sqlite $(BIN)/pytest -m browser -q

## What CI checks besides the tests: lint, migrations in step with models, complete translations.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(MANAGE) makemigrations --check --dry-run
	scripts/check-translations

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the French and Spanish message catalogues from the code and templates.
makemessages: install
	DEBUG=true $(MANAGE) makemessages --locale=fr --locale=es --no-location --ignore=$(VENV) --ignore=var --ignore=tests

demo: install messages
	DEBUG=true $(MANAGE) migrate --noinput
	DEBUG=true $(MANAGE) load_demo

## Load and fault scenarios on 127.0.0.1 (gunicorn, PostgreSQL, Redis): prints the figures, rewrites docs/reliability.md.
stress: install messages
	scripts/stress $(STRESS_ARGS)

## Write the database and all stored files to one archive in var/backups/ (OUTPUT=path to choose the file).
backup: install
	$(MANAGE) backup $(if $(OUTPUT),--output "$(OUTPUT)")

## Restore ARCHIVE=path into an empty database and empty folders (FORCE=1 replaces what is there).
restore: install
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/hldportal-YYYYmmdd-HHMMSS.tar.gz [FORCE=1]" >&2; exit 2; }
	$(MANAGE) restore "$(ARCHIVE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) var
