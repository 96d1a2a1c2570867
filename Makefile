# Every target runs inside .venv, built from the Python that .python-version names
# (the machine's default python3 is too old for Django 6).
PYTHON_VERSION := $(shell cat .python-version)
PYTHON := $(shell command -v python$(PYTHON_VERSION) || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install run test lint format bench serve loadtest demo clean

# Production settings for `make serve`: a secret key from the environment or, on this
# machine only, one generated once into .secret-key. TLS ends at the proxy, so the
# HTTPS redirect is off when serving plain HTTP on loopback.
SECRET_KEY = $${DJANGO_SECRET_KEY:-$$(test -s .secret-key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(60))" > .secret-key; cat .secret-key)}
PROD = DJANGO_DEBUG=false DJANGO_SECRET_KEY="$(SECRET_KEY)" DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-false}
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))

# The stamp is newer than the lock file only once the locked set is installed,
# so `make run` after a `git pull` that changes the lock reinstalls.
$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_facts --if-empty
	$(MANAGE) create_demo_accounts
	$(MANAGE) create_demo_sets

run: demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: install
	$(PROD) $(MANAGE) migrate --noinput -v0
	$(PROD) $(MANAGE) load_facts --if-empty
	$(PROD) $(MANAGE) collectstatic --noinput -v0
	$(PROD) $(BIN)/gunicorn quizapp.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $(WORKERS) --timeout 30 --graceful-timeout 30

loadtest: install
	$(BIN)/python bench/loadtest.py

bench: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_facts --if-empty
	$(BIN)/python bench/generator.py
	$(BIN)/python bench/page_weight.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm
