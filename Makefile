# Two commands do all the set-up on a fresh Debian machine: `make run`, `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := postgresql postgresql-contrib redis-server chromium gettext \
	fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b

.PHONY: run test deps venv system-deps lint check-migrations check-translations \
	messages compilemessages pytest e2e bench bench-data bench-pages clean \
	backup restore

run: deps compilemessages
	$(PY) -m portal.localservices run

test: deps compilemessages lint check-migrations check-translations pytest

deps: system-deps venv

# Install only what is missing; the stamp avoids asking apt on every run.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing pango"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages (missing:$$missing)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	touch $@

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-migrations:
	$(PY) manage.py makemigrations --check --dry-run

# Every msgid translated, nothing fuzzy, for ky and ru.
check-translations:
	@for lang in ky ru; do \
		po=locale/$$lang/LC_MESSAGES/django.po; \
		stats=$$(msgfmt --check --statistics -o /dev/null $$po 2>&1) || { echo "$$stats"; exit 1; }; echo "$$lang: $$stats"; \
		if echo "$$stats" | grep -Eq 'untranslated|fuzzy'; then echo "$$po is incomplete"; exit 1; fi; \
	done

messages:
	$(PY) manage.py makemessages -l ky -l ru --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=.run

# Without catalogues (before the first translation lands) the English source shows.
compilemessages:
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=.run; \
	else echo "No translation catalogues in locale/: pages will show English."; fi

# Two stages: everything but the browser tests on TEST_WORKERS processes
# (pytest-xdist; each worker has its own database and Redis database), then
# the browser tests in one process. A stage that collects nothing fails.
# `--dist load` hands each worker tests in pytest-django's order (tests in a
# rolled-back transaction first, those that empty the database last); keeping
# a file together (loadfile) would run a file's emptying tests before the next
# file's tests that need the migrations' reference data (regions).
TEST_WORKERS ?= 2
pytest:
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load --ignore=tests/e2e $(PYTEST_ARGS); unit=$$?; \
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS); browser=$$?; \
	for status in $$unit $$browser; do \
		[ $$status -eq 5 ] && exit 1; [ $$status -ne 0 ] && exit $$status; \
	done; exit 0

e2e: deps compilemessages
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

# Not part of `make test`: the portal under load at national scale
# (BENCH_SCALE, default 1; the data set is generated once into .bench/ and
# reused), with the fan-out of one tender to 10,000 consultants next to a
# trivial Celery task (bench/load.py, results in bench/results/ and README);
# then every page's first contentful paint and weight on emulated slow 3G
# (bench/results/pages.md).
bench: deps compilemessages
	@command -v wrk >/dev/null || { echo "Installing wrk"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get install -y -qq --no-install-recommends wrk; }
	$(PY) -m bench.load
	$(PY) -m bench.pages

# The data set of BENCH_SCALE (default 1) loaded into .bench/, nothing measured.
bench-data: deps
	$(PY) -m bench.load --load-only

bench-pages: deps compilemessages
	$(PY) -m bench.pages

# A backup archive (database dump, media files, manifest) into BACKUP_DIR
# (default backups/): of DATABASE_URL / MEDIA_ROOT, or of `make run`'s data
backup: deps
	$(PY) -m portal.backup create

# Restore FILE into a fresh database and media folder and prove the copy;
# RESTORE_ARGS=--force replaces a database that is not empty
restore: deps
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/portal-….tar [RESTORE_ARGS=--force]"; exit 2; }
	$(PY) -m portal.backup restore "$(FILE)" $(RESTORE_ARGS)

clean:
	rm -rf staticfiles .pytest_cache
