# Terbit — run `make help` for the list of targets.
SHELL := /bin/bash
VENV ?= .venv
PYTHON_BIN ?= python3
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned requirements

setup: install ## Migrate the database, create roles and demo content (idempotent)
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_content

run: setup ## Set everything up and serve on http://127.0.0.1:8000 (SQLite by default)
	$(MANAGE) runserver $(HOST):$(PORT)

browser-deps: ## Install Debian's Chromium for the browser tests (never `playwright install`)
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The Nu Html Checker (the suite's HTML checks) and Lighthouse (make audit only), pinned; into
# ./node_modules, not saved. The suite needs only the checker: CI does not install Lighthouse.
NPM_VNU := vnu-jar@26.9.27
NPM_LIGHTHOUSE := lighthouse@12.8.2
NPM_INSTALL := npm install --no-save --no-audit --no-fund --loglevel=error
define need_npm
	@command -v npm >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
endef
node_modules/.terbit-vnu: Makefile
	$(need_npm)
	$(NPM_INSTALL) $(NPM_VNU)
	touch $@
node_modules/.terbit-tools: Makefile
	$(need_npm)
	$(NPM_INSTALL) $(NPM_VNU) $(NPM_LIGHTHOUSE)
	touch $@ node_modules/.terbit-vnu

java-deps:
	@command -v java >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

test-deps: browser-deps node_modules/.terbit-vnu java-deps ## Install Chromium and the Nu Html Checker (make test)

audit-deps: browser-deps node_modules/.terbit-tools java-deps ## Install Chromium, the Nu Html Checker and Lighthouse

# The suite runs in parallel (pytest-xdist), one worker per core: TEST_WORKERS=0 runs it in one
# process, TEST_WORKERS=4 in four. --dist load: tests are dealt out one by one in pytest-django's
# order, so each worker runs its transactional tests (which flush the database, migrations' rows
# too) after all its other tests, as a serial run does. Not loadfile: a worker would run a file's
# flushing tests, then another file's tests that need the site the migrations made. (loadgroup's
# xdist_group marks are not read with pytest 9.) PYTEST_ARGS are passed on (PYTEST_ARGS="-x").
TEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist load

test: install test-deps ## Run the whole test suite in parallel (browser tests and HTML checks included)
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-fast: install ## Run the suite without the browser tests (in parallel too)
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not browser" $(PYTEST_ARGS)

screenshots: install browser-deps ## Retake the user guide's walk-through screenshots (docs/screenshots, docs/panduan.md)
	TERBIT_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(VENV)/bin/pytest tests/browser -q

audit: setup audit-deps ## Lighthouse scores of the public pages on the demo content (each >= 0.95)
	$(PY) bench/audit.py

bench-deps: ## Install wrk (Debian package) for make bench
	@command -v wrk >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }

bench: install bench-deps ## Election-day load: gunicorn + wrk on 10,000 items, cached and not (bench/README.md)
	$(PY) bench/load.py

bench-search: install ## Time the site search for ordinary and hostile queries on 10,000 items
	$(PY) bench/search_bench.py

bench-report: install ## Time the SOP performance report on 10,000 items / 70,000 step records
	$(PY) bench/report_bench.py

bench-admin: install ## Queries and time of the dashboard and moderation queue, 1,000 items in the workflow
	$(PY) bench/admin_bench.py

backup: install ## Database and uploaded files into backups/terbit-<time>.tar.gz (SQLite or DATABASE_URL)
	$(MANAGE) backup

restore: install ## Replace the database and uploaded files with FILE=backups/....tar.gz (asks first)
	@test -n "$(FILE)" || { echo "Sebutkan arsipnya: make restore FILE=backups/terbit-....tar.gz"; exit 2; }
	$(MANAGE) restore "$(FILE)"

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install ## Django system checks and the missing-migrations check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=example.org \
		DJANGO_SETTINGS_MODULE=cms.settings.production $(MANAGE) check --deploy --fail-level WARNING

static: install ## Build the static files and their manifest as production does, and check the templates' references
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=example.org \
		DJANGO_SETTINGS_MODULE=cms.settings.production STATIC_ROOT=$(CURDIR)/staticfiles $(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) .ci/static_refs.py staticfiles/staticfiles.json

clean: ## Remove the local database, media and caches (keeps .venv)
	rm -rf db.sqlite3 media test-media staticfiles .pytest_cache

.PHONY: help install setup run browser-deps java-deps test-deps audit-deps audit test test-fast screenshots bench bench-deps bench-search bench-report bench-admin backup restore lint check static clean
