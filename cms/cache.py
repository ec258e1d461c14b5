"""The Redis cache as an accelerator that can fail without taking the site down.

``ResilientRedisCache`` is Django's ``RedisCache`` whose every operation *fails open*: when Redis
is down, hangs (short socket timeouts, settings ``REDIS_SOCKET_TIMEOUT`` and
``REDIS_CONNECT_TIMEOUT``) or refuses a command (out of memory, a failed save), the operation
answers as a cache that holds nothing would (``get`` its default, ``get_many`` ``{}``, ``set``
``False``), logs a warning (at most one every ``WARNING_INTERVAL`` seconds per process) and never
raises. That covers every user of the default cache on a request path: the page cache, kept
listing rows, template fragments, Wagtail's site root paths and image renditions.

A circuit breaker keeps a hanging Redis from costing each request its timeout: after a failure,
the process does not call Redis at all for ``breaker_seconds`` (``REDIS_RETRY_SECONDS``), then
tries again with the next operation.

The page cache must know when an operation failed rather than read a miss (a purge that did not
reach Redis must be retried; a generation that could not be read must not key a stored page):
``cache.strict`` has the same methods but raises ``CacheUnavailable`` instead of answering empty.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache

from home.cache_errors import CacheUnavailable  # raised here, caught by the page cache

logger = logging.getLogger("cms.cache")

WARNING_INTERVAL = 60.0


def _errors():
    import redis

    return (redis.exceptions.RedisError, OSError)


# What each operation answers when the cache cannot be reached (a cache that holds nothing).
_FALLBACKS = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "set": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "has_key": lambda args, kwargs: False,
    "set_many": lambda args, kwargs: list(args[0] if args else kwargs.get("data", {})),
    "delete_many": lambda args, kwargs: None,
    "incr": lambda args, kwargs: None,
    "clear": lambda args, kwargs: False,
}


class _Breaker:
    """Per process: closed (calls go through) or open until a moment (calls are skipped)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.open_until = 0.0
        self.last_warning = -WARNING_INTERVAL
        self.skipped = 0  # since the last warning
        self.failures = 0  # calls that failed, and calls skipped, since the process started
        self.skips = 0
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.open_until

    def failed(self, operation, error):
        now = time.monotonic()
        with self.lock:
            self.failures += 1
            was_open = self.open_until > 0
            self.open_until = now + self.seconds
            if now - self.last_warning >= WARNING_INTERVAL:
                self.last_warning = now
                skipped, self.skipped = self.skipped, 0
                logger.warning(
                    "Cache Redis tidak menjawab (%s: %s: %s); halaman dilayani tanpa cache, "
                    "dicoba lagi setelah %.1f detik (%d operasi dilewati sejak peringatan terakhir).",
                    operation,
                    type(error).__name__,
                    error,
                    self.seconds,
                    skipped,
                )
            elif not was_open:
                logger.debug("Redis cache failed again: %s", error)

    def succeeded(self):
        if self.open_until:
            with self.lock:
                if self.open_until:
                    self.open_until = 0.0
                    logger.warning("Cache Redis menjawab kembali.")

    def skip(self):
        self.skipped += 1
        self.skips += 1


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that fails open, with a circuit breaker (see the module docstring)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        breaker_seconds = float(options.pop("breaker_seconds", 5.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = _Breaker(breaker_seconds)
        self.strict = _Strict(self)

    def _call(self, name, args, kwargs, strict):
        if self.breaker.is_open():
            self.breaker.skip()
            if strict:
                raise CacheUnavailable("circuit breaker open")
            return _FALLBACKS[name](args, kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except _errors() as error:
            self.breaker.failed(name, error)
            if strict:
                raise CacheUnavailable(f"{type(error).__name__}: {error}") from error
            return _FALLBACKS[name](args, kwargs)
        self.breaker.succeeded()
        return result

    def get(self, *args, **kwargs):
        return self._call("get", args, kwargs, False)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", args, kwargs, False)

    def set(self, *args, **kwargs):
        return self._call("set", args, kwargs, False)

    def add(self, *args, **kwargs):
        return self._call("add", args, kwargs, False)

    def touch(self, *args, **kwargs):
        return self._call("touch", args, kwargs, False)

    def delete(self, *args, **kwargs):
        return self._call("delete", args, kwargs, False)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", args, kwargs, False)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", args, kwargs, False)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", args, kwargs, False)

    def incr(self, *args, **kwargs):
        return self._call("incr", args, kwargs, False)

    def clear(self, *args, **kwargs):
        return self._call("clear", args, kwargs, False)


class _Strict:
    """The same operations, raising ``CacheUnavailable`` instead of answering empty."""

    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, name):
        if name not in _FALLBACKS:
            raise AttributeError(name)
        backend = self._backend

        def call(*args, **kwargs):
            return backend._call(name, args, kwargs, True)

        return call
