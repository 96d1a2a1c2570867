"""Django's Redis cache backend, made to degrade instead of failing the request.

The cache only saves work: every page can be built without it. So when Redis cannot be
reached, a read is a miss and a write is dropped, and the page is built as if nothing
had been cached. The outage is logged once (and its end once), not on every request;
for a few seconds after a failure the backend does not even try, so a class opening
pages during an outage never waits on connection attempts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("quizapp.cache")

# Unreachable, timed out, or refusing (out of memory, read-only, still loading): the
# page is built without it all the same.
UNREACHABLE = (RedisError, OSError)
# How long to serve without the cache before trying Redis again.
RETRY_AFTER_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    def _guarded[T](self, operation: Callable[[], T], fallback: T) -> T:
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return fallback
        try:
            result = operation()
        except UNREACHABLE as error:
            self._failed(error)
            return fallback
        if self._down_since is not None:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        with self._lock:
            first = self._down_since is None
            now = time.monotonic()
            if first:
                self._down_since = now
            self._retry_at = now + RETRY_AFTER_SECONDS
        if first:
            logger.error(
                "Cache unreachable (%s): pages are built without it until it is back.", error
            )

    def _recovered(self) -> None:
        with self._lock:
            down_since, self._down_since = self._down_since, None
        if down_since is not None:
            logger.warning("Cache reachable again after %.0f s.", time.monotonic() - down_since)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._guarded(partial(super().add, key, value, timeout, version), False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guarded(partial(super().get, key, default, version), default)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._guarded(partial(super().set, key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guarded(partial(super().touch, key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guarded(partial(super().delete, key, version), False)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._guarded(partial(super().get_many, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guarded(partial(super().has_key, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # As for a missing key: the caller starts the count afresh (and that set is
        # dropped too while Redis is away).
        missing = object()
        result = self._guarded(partial(super().incr, key, delta, version), missing)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (cache unreachable).")
        assert isinstance(result, int)
        return result

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._guarded(partial(super().set_many, data, timeout, version), list(data))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guarded(partial(super().delete_many, keys, version), None)

    def clear(self) -> None:
        self._guarded(partial(super().clear), None)
