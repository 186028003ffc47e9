"""Rate-limit storages, registered with `limits` by URI scheme (its documented extension point:
a Storage subclass naming STORAGE_SCHEME is what storage_from_string builds for that scheme).

`memory://` counts in this worker without a timer thread; `redis://` (and the other Redis
schemes) count in Redis and, while Redis cannot be reached, in this worker's memory. Importing
this module registers both (forum.extensions does).
"""
import logging
import time

from limits.errors import StorageError
from limits.storage import (MemoryStorage, MovingWindowSupport, RedisClusterStorage, RedisSentinelStorage,
                            RedisStorage, SlidingWindowCounterSupport, Storage)

# Flask-Limiter's logger and its words: operators alert on this line, which the fallback built
# into Flask-Limiter wrote before this storage took the job over.
log = logging.getLogger("flask-limiter")
UNREACHABLE = "Rate limit storage unreachable - falling back to in-memory storage"
RECOVERED = "Rate limit storage recovered"


class InlineExpiryMemoryStorage(MemoryStorage):
    """`memory://` rate-limit storage that drops expired entries inline, at most once a second.

    limits' MemoryStorage starts a timer thread 10 ms after nearly every hit to do that (about
    0.5 ms of CPU per limited POST). Counting and limits are the library's own, unchanged;
    registering under the same scheme makes every `memory://` URI use this class.
    """

    STORAGE_SCHEME = ["memory"]
    EXPIRY_INTERVAL = 1.0  # seconds

    def __init__(self, *args, **kwargs):
        self._next_expiry = 0.0
        super().__init__(*args, **kwargs)

    def _MemoryStorage__schedule_expiry(self):  # overrides the base class's private hook
        now = time.monotonic()
        if now >= self._next_expiry:
            self._next_expiry = now + self.EXPIRY_INTERVAL
            self._MemoryStorage__expire_events()


class MemoryFallbackStorage(Storage, MovingWindowSupport, SlidingWindowCounterSupport):
    """A shared storage (PRIMARY, built from the URI and options) that, while it fails, counts
    in this worker's memory instead.

    Only the storage's own errors (its `base_exceptions`, or limits' StorageError) move the
    counting to memory, and at the very call that failed, wherever in the request it came (the
    limit checked before the view, the failed attempt deducted after it, the rate-limit
    headers): a request is never answered with a server error because Redis went away. A bug
    anywhere else (a key function, a limit callable) never reaches the storage and stays a
    server error, logged with its traceback; Flask-Limiter's own fallback, which called any
    exception an outage, is left off (forum.config). The outage is logged once; the shared
    storage is asked again (a ping) after 1, 2, 4 ... up to RETRY_MAX seconds, so a Redis that
    hangs costs one socket timeout per retry, not one per request."""

    PRIMARY: type[Storage]
    RETRY_MAX = 60.0  # seconds between two pings of a storage that is down

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.primary = self.PRIMARY(uri, **options)
        self.fallback = InlineExpiryMemoryStorage()
        errors = self.primary.base_exceptions
        self._storage_errors = (*(errors if isinstance(errors, tuple) else (errors,)), StorageError)
        self._down = False
        self._retries = 0
        self._next_retry = 0.0

    @property
    def base_exceptions(self):
        return self.primary.base_exceptions

    @property
    def counting_in_memory(self) -> bool:
        return self._down

    def _use(self, method: str, *args, **kwargs):
        if self._down and not self._back_up():
            return getattr(self.fallback, method)(*args, **kwargs)
        try:
            return getattr(self.primary, method)(*args, **kwargs)
        except self._storage_errors as error:
            self._went_down(error)
            return getattr(self.fallback, method)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        self._down, self._retries = True, 0
        self._next_retry = time.monotonic() + min(1.0, self.RETRY_MAX)
        log.warning("%s (%s: %s)", UNREACHABLE, type(error).__name__, error)

    def _back_up(self) -> bool:
        """Whether the shared storage answers again (asked only when the wait has passed)."""
        now = time.monotonic()
        if now < self._next_retry:
            return False
        if self.primary.check():
            self._down = False
            log.info(RECOVERED)
            return True
        self._retries += 1
        self._next_retry = time.monotonic() + min(2.0 ** self._retries, self.RETRY_MAX)
        return False

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self._use("incr", key, expiry, amount)

    def get(self, key: str) -> int:
        return self._use("get", key)

    def get_expiry(self, key: str) -> float:
        return self._use("get_expiry", key)

    def clear(self, key: str) -> None:
        return self._use("clear", key)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        return self._use("acquire_entry", key, limit, expiry, amount)

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        return self._use("get_moving_window", key, limit, expiry)

    def acquire_sliding_window_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        return self._use("acquire_sliding_window_entry", key, limit, expiry, amount)

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        return self._use("get_sliding_window", key, expiry)

    def clear_sliding_window(self, key: str, expiry: int) -> None:
        return self._use("clear_sliding_window", key, expiry)

    def check(self) -> bool:
        return self.primary.check()

    def reset(self) -> int | None:
        self.fallback.reset()
        return self.primary.reset()


class RedisWithMemoryFallback(MemoryFallbackStorage):
    STORAGE_SCHEME = RedisStorage.STORAGE_SCHEME
    PRIMARY = RedisStorage


class RedisSentinelWithMemoryFallback(MemoryFallbackStorage):
    STORAGE_SCHEME = RedisSentinelStorage.STORAGE_SCHEME
    PRIMARY = RedisSentinelStorage


class RedisClusterWithMemoryFallback(MemoryFallbackStorage):
    STORAGE_SCHEME = RedisClusterStorage.STORAGE_SCHEME
    PRIMARY = RedisClusterStorage
