"""Versions of what the pages everyone shares are built from: the facts, and the
question sets. One place for both, read by the cached pages and the practice pool.

What is the same for every visitor (the timeline, a set's description, the home page's
list of sets) is cached under the versions it was built from. A write to a fact or a
set gives its version a fresh random token, so the next request builds afresh; entries
under old tokens are never read again and expire.

The tokens live in the database (models.Version), not in the cache, and a write
replaces its token in its own transaction. So every process, whatever its cache (each
gunicorn worker's own memory, or Redis), sees the new version exactly when it sees the
new data: never a page of old data under a new version, and no window in which a
process keeps serving the old page. A rolled-back write takes its token with it. And a
cache that loses or cannot keep entries (Redis restarted, away) loses only work: the
versions are not in it.

A token rather than a count: a count going back (a restored backup, a test's rollback)
would meet pages cached under the same count.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection

FACTS = "facts"
SETS = "sets"

_MISSING = object()


def _fresh_token() -> str:
    return secrets.token_hex(8)


def _create_missing(names: Iterable[str]) -> None:
    """The rows the migration inserts, again if a flush (a test's) removed them; a row
    another process inserted first is kept."""
    from quizapp.versions.models import Version

    Version.objects.bulk_create(
        [Version(name=name, token=_fresh_token()) for name in names], ignore_conflicts=True
    )


def changed(name: str) -> None:
    """`name`'s data was written: a fresh version, in the write's own transaction (or
    right after it, for a write in autocommit). Readers in other transactions see the
    new token exactly when they see the new data; this transaction's own later reads
    (and tests, which never commit) see it at once."""
    from quizapp.versions.models import Version

    token = _fresh_token()
    if not Version.objects.filter(name=name).update(token=token):
        _create_missing([name])
        Version.objects.filter(name=name).update(token=token)


def facts_changed(**_signal: Any) -> None:
    changed(FACTS)


def sets_changed(**_signal: Any) -> None:
    changed(SETS)


def _read(names: tuple[str, ...]) -> dict[str, str]:
    # Plain SQL: read on every cached page, and through the ORM the query costs more
    # than its run (README, Performance).
    from quizapp.versions.models import Version

    table = connection.ops.quote_name(Version._meta.db_table)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, token FROM {table} WHERE name IN ({marks})", names)
        return dict(cursor.fetchall())


def current(*names: str) -> tuple[str, ...]:
    """The versions of `names`, in one query."""
    found = _read(names)
    if len(found) < len(set(names)):
        _create_missing(name for name in names if name not in found)
        found = _read(names)
    return tuple(found[name] for name in names)


def cached[T](
    *,
    sources: tuple[str, ...],
    key: tuple[str, ...],
    build: Callable[[], T],
    keep: Callable[[T], bool] = lambda _value: True,
) -> T:
    """What `build` returns, kept under the current versions of `sources` and `key`
    (which must name everything else it depends on, and nothing that differs between
    visitors: a kept value is served to all). Not kept when `keep` says no. A cache that
    cannot answer (Redis away: quizapp.redis_cache) reads as a miss and drops the write,
    so the value is built afresh and served all the same."""
    versions = current(*sources)
    parts = "\x1f".join((*key, *versions))
    # Filter values come from the query string: hashed, so no key is too long or holds
    # characters a cache refuses.
    full_key = f"{key[0]}:{hashlib.sha256(parts.encode()).hexdigest()}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        if keep(value):
            cache.set(full_key, value)
    return value
