# Every target runs inside .venv, built from the Python that .python-version names
# (the machine's default python3 is too old for Django 6).
PYTHON_VERSION := $(shell cat .python-version)
PYTHON := $(shell command -v python$(PYTHON_VERSION) || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

.PHONY: install demo run test test-fast browser lint format messages bench serve loadtest clean

# Production settings for `make serve`: a secret key from the environment or, on this
# machine only, one generated once into .secret-key. TLS ends at the proxy, so the
# HTTPS redirect is off when serving plain HTTP on loopback.
SECRET_KEY = $${DJANGO_SECRET_KEY:-$$(test -s .secret-key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(60))" > .secret-key; cat .secret-key)}
PROD = DJANGO_DEBUG=false DJANGO_SECRET_KEY="$(SECRET_KEY)" DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-false}
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
# Threads per worker: 1 is gunicorn's sync worker; above 1, its gthread worker. The bench
# scripts read the same choice from GUNICORN_THREADS.
THREADS ?= $${GUNICORN_THREADS:-1}

# The stamp is newer than the lock file only once the locked set is installed,
# so `make run` after a `git pull` that changes the lock reinstalls.
$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

# The database, the facts, the demo accounts and question sets; prints the logins and
# the join codes. `make run` does this first; run it alone to serve some other way.
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_facts --if-empty
	$(MANAGE) create_demo_accounts --url http://127.0.0.1:$(PORT)
	$(MANAGE) create_demo_sets --url http://127.0.0.1:$(PORT)
	$(MANAGE) create_demo_class --url http://127.0.0.1:$(PORT)

run: demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The browser tests drive a real Chromium: Debian's (installed through apt-get when run
# as root, with the CJK fonts screenshots need, and GNU gettext for the catalogue test),
# else Playwright's own download. When neither can be had, the tests say so loudly and
# skip (CI=true makes that a failure).
browser: install
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk gettext >/dev/null) \
	    || echo "Could not install Debian's chromium."; \
	else \
	  $(BIN)/playwright install chromium || echo "Could not download Playwright's Chromium."; \
	fi

test: browser
	$(BIN)/python -m pytest

# The quick inner loop: no browser, no killed servers, no fuzzing.
test-fast: install
	$(BIN)/python -m pytest -m "not e2e and not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The translation catalogues: every string marked for translation, in Python, templates
# and the vocabulary, for English and Simplified Chinese (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --locale en --locale zh_Hans --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete
	$(MANAGE) compilemessages --locale zh_Hant --ignore '.venv/*'

serve: install
	$(PROD) $(MANAGE) migrate --noinput -v0
	$(PROD) $(MANAGE) load_facts --if-empty
	$(PROD) $(MANAGE) collectstatic --noinput -v0
	$(PROD) $(BIN)/gunicorn quizapp.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $(WORKERS) --threads $(THREADS) --timeout 30 --graceful-timeout 30

# SQLite, then PostgreSQL in a database of the load test's own (made and dropped by it;
# LOADTEST_POSTGRES_URL names another), skipped with a note when no server answers; then
# two hosts in network namespaces sharing PostgreSQL and Redis, one killed half-way
# (bench/multihost.py: needs root; says so and skips without).
LOADTEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/quizapp_load
loadtest: install
	$(BIN)/python bench/loadtest.py --database-url ""
	$(BIN)/python bench/loadtest.py --database-url "$(LOADTEST_POSTGRES_URL)" --if-reachable
	$(BIN)/python bench/multihost.py

# Figures, no assertions. bench/pages.py needs wrk (Debian's package) and takes about two
# minutes: each page and the answer post under wrk beside the trivial view.
bench: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_facts --if-empty
	$(BIN)/python bench/generator.py
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/practice.py
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm
