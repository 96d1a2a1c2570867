"""Settings come from the environment; both databases are configured the way we run them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

from quizapp.settings import BASE_DIR, database_config


def test_sqlite_is_the_default_with_wal_and_immediate_transactions():
    config = database_config(None)
    assert config["ENGINE"] == "quizapp.sqlite_writers"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_a_postgres_url_uses_psycopg_with_the_connection_pool():
    config = database_config("postgres://quiz:secret@db.example:5433/quiz")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "quiz")
    assert config["OPTIONS"]["pool"]
    assert config["CONN_MAX_AGE"] == 0


@pytest.mark.django_db
def test_the_live_database_runs_as_configured():
    """Whichever database this run uses (CI runs both), it is set up as production runs it."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        assert connection.transaction_mode == "IMMEDIATE"
    else:
        assert connection.vendor == "postgresql"
        assert connection.pool is not None
        import psycopg

        assert connection.connection.__class__.__module__.startswith("psycopg")
        assert psycopg.__version__.startswith("3.")


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); from django.conf import settings as s; " + (
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "quizapp.settings", **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_come_from_the_environment():
    result = run_settings(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "quiz.example.org, www.quiz.example.org",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("False ['quiz.example.org', 'www.quiz.example.org'] True True")


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"DJANGO_DEBUG": "false"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
