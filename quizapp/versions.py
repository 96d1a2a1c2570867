"""Versions of what the pages everyone shares are built from: the facts, and the
question sets. One place for both, read by the cached pages and the practice pool.

What is the same for every visitor (the timeline, a set's description, the home page's
list of sets) is cached under the versions it was built from. A write to a fact or a
set gives its version a fresh random token, so the next request builds afresh; entries
under old tokens are never read again and expire. A fresh token rather than a count:
a count restarts at 1 when Redis loses the key (restart, eviction) and would meet
entries cached under the first 1.

With Redis (REDIS_URL) every process sees a write at once. With the local-memory cache
each process keeps its own versions, so a write reaches the process that made it at
once and the others when their entries expire (CACHES' TIMEOUT, a minute).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction

FACTS = "facts"
SETS = "sets"

_MISSING = object()
# Versions whose bump could not be stored (Redis unreachable): bumped again by this
# process as soon as the cache answers, so pages cached before the outage are not
# served once it is back.
_unsaved: set[str] = set()
_unsaved_lock = threading.Lock()


def _key(name: str) -> str:
    return f"version:{name}"


def _store(name: str) -> None:
    token = secrets.token_hex(8)
    cache.set(_key(name), token, timeout=None)
    with _unsaved_lock:
        if cache.get(_key(name)) is None:
            _unsaved.add(name)
        else:
            _unsaved.discard(name)


def changed(name: str) -> None:
    """`name`'s data was written: a fresh version now, and again when the transaction
    commits. Now, so that this transaction's own later reads (and tests, which never
    commit) see the change; again at commit, because in between another request may
    have cached what it read before the write under the first fresh version."""
    _store(name)
    transaction.on_commit(partial(_store, name))


def facts_changed(**_signal: Any) -> None:
    changed(FACTS)


def sets_changed(**_signal: Any) -> None:
    changed(SETS)


def current(*names: str) -> tuple[str, ...] | None:
    """The versions of `names` (one cache round trip), or None when the cache cannot
    keep them (Redis unreachable): then nothing should be cached."""
    if _unsaved:
        for name in list(_unsaved):
            _store(name)
    keys = [_key(name) for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # First use, or Redis lost it: whichever process adds first sets it.
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
            if found[key] is None:
                return None
    return tuple(str(found[key]) for key in keys)


def cached[T](
    *,
    sources: tuple[str, ...],
    key: tuple[str, ...],
    build: Callable[[], T],
    keep: Callable[[T], bool] = lambda _value: True,
) -> T:
    """What `build` returns, kept under the current versions of `sources` and `key`
    (which must name everything else it depends on, and nothing that differs between
    visitors: a kept value is served to all). Built afresh, and not kept, when the cache
    is unreachable or `keep` says no."""
    versions = current(*sources)
    if versions is None:
        return build()
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
