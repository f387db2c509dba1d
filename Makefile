# Two commands on a fresh machine: `make run` and `make test`. Needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
BIND ?= 127.0.0.1:8000
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 + 1 )))
FORWARDED_ALLOW_IPS ?= 127.0.0.1

.PHONY: run test lint install data messages clean serve bench

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "orgchart needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

data: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_dataset

run: data
	@echo "orgchart: open http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: gunicorn workers behind a reverse proxy, static files by WhiteNoise. Needs DJANGO_SECRET_KEY,
# DJANGO_ALLOWED_HOSTS and DATABASE_URL (PostgreSQL), and CACHE_URL for a cache the workers share (README, Deployment).
serve: export DJANGO_SETTINGS_MODULE = orgchart.settings_production
serve: install
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_dataset
	exec $(BIN)/gunicorn orgchart.wsgi --workers $(WORKERS) --bind $(BIND) --access-logfile - --forwarded-allow-ips '$(FORWARDED_ALLOW_IPS)'

# Every test, in one process per core (pytest-xdist), each with its own test database, live server and Chromium.
# Each process takes tests in collection order, so pytest-django's order (tests in a transaction before those that
# flush the database) holds in each. `make test TEST_PROCESSES=0` runs them all in this one.
TEST_PROCESSES ?= auto
test: install
	$(BIN)/pytest --numprocesses $(TEST_PROCESSES) --dist load

# Figures against floors measured in the same run (README, Performance); results in bench-results/.
# Not part of `make test`. Also on PostgreSQL when DATABASE_URL is set; BENCH_ARGS="--no-browser" skips Chromium.
bench: install
	test -d bench/node_modules || npm ci --prefix bench --no-audit --no-fund
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Regenerate the Chinese interface catalogue (needs GNU gettext; the compiled .mo is committed).
messages: install
	$(BIN)/python manage.py makemessages --locale zh_Hans --ignore ".venv/*"
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
