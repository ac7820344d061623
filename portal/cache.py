"""A Redis cache that degrades instead of failing.

The cache only speeds things up (and holds allauth's rate-limit counters), so
when Redis is stopped or frozen, every operation answers as an empty cache
would, logs, and a circuit breaker skips Redis for a few seconds: a dead Redis
costs one timeout per ``CIRCUIT_BREAKER_SECONDS`` per process, not one per call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

_ERRORS = (RedisError, OSError)

# per process, shared by the per-thread cache objects: keyed by server list
_open_until: dict[tuple[str, ...], float] = {}
_lock = threading.Lock()


class DegradingRedisCache(RedisCache):
    """RedisCache whose operations never raise for an unreachable Redis.

    ``add`` answers True when Redis is down: callers that use it as a lock
    (allauth's rate limiter) then go on instead of waiting and refusing.
    ``incr`` raises ValueError, as for a missing key.

    OPTIONS may set ``CIRCUIT_BREAKER_SECONDS`` (default 10); the rest go to
    redis-py as usual.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.breaker_seconds = float(options.pop("CIRCUIT_BREAKER_SECONDS", 10))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._breaker_key = tuple(self._servers)

    # ------------------------------------------------------------- breaker
    def is_available(self) -> bool:
        return _open_until.get(self._breaker_key, 0.0) <= time.monotonic()

    def _trip(self, operation: str, exc: Exception) -> None:
        with _lock:
            already_open = not self.is_available()
            _open_until[self._breaker_key] = time.monotonic() + self.breaker_seconds
        if not already_open:
            log.warning(
                "cache unavailable (%s: %s: %s); skipping Redis for %ss",
                operation,
                type(exc).__name__,
                exc,
                self.breaker_seconds,
            )

    def _call(self, operation: str, default, *args, **kwargs):
        return self._guarded(
            operation, default, getattr(super(), operation), *args, **kwargs
        )

    def _guarded(self, operation: str, default, function, *args, **kwargs):
        if not self.is_available():
            return default
        try:
            return function(*args, **kwargs)
        except _ERRORS as exc:
            self._trip(operation, exc)
            return default

    # ---------------------------------------------------------- operations
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def count_in_windows(self, current, previous, weight, limit, timeout):
        """A rate counter's step in one round trip (portal.throttling):
        whether the counts of the `current` and `previous` windows made
        `current + previous * weight` below `limit`, in which case `current`
        was incremented (made with `timeout` when new). Atomic, a Lua
        script. Redis unreachable: None."""
        keys = [self.make_and_validate_key(k) for k in (current, previous)]
        return self._guarded(
            "count_in_windows",
            None,
            self._count_in_windows,
            keys,
            float(weight),
            int(limit),
            int(timeout),
        )

    def _count_in_windows(self, keys, weight, limit, timeout):
        client = self._cache.get_client(keys[0], write=True)
        script = self.__dict__.get("_window_script")  # EVALSHA once loaded
        if script is None:
            script = self._window_script = client.register_script(_WINDOW_LUA)
        return bool(script(keys=keys, args=[weight, limit, timeout], client=client))


# counts as Django's RedisSerializer stores integers (their decimal text),
# so cache.get() and incr() read the same counters
_WINDOW_LUA = """
local now = tonumber(redis.call('GET', KEYS[1]) or '0')
local before = tonumber(redis.call('GET', KEYS[2]) or '0')
if now + before * tonumber(ARGV[1]) >= tonumber(ARGV[2]) then
    return 0
end
if redis.call('INCR', KEYS[1]) == 1 then
    redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
end
return 1
"""
