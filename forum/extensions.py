"""Extension singletons, bound to an app in create_app so tests can build many apps."""
import time

import flask_limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from limits.errors import StorageError
from limits.storage import MemoryStorage
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter's Limiter, whose in-memory fallback is chosen afresh by each app, and which
    falls back whenever the shared storage fails, not only when a request begins.

    Flask-Limiter only ever turns the fallback on, and keeps "storage is down" across init_app
    calls: harmless with one app per process (gunicorn), but tests build many apps on this one
    singleton, and an app on memory:// must not inherit a Redis app's fallback or outage.

    Flask-Limiter falls back when the storage fails while it checks a request's limits; a
    request already past that check when Redis goes down would still reach the storage (the
    failed-attempt counts deducted after the view, the rate-limit headers) and end in a 500.
    Every use of the storage goes through `limiter`, which here answers with a guard that
    moves to the fallback at the first storage error and finishes that call there.

    Only a storage error moves to the fallback. Flask-Limiter's own fallback catches every
    exception raised while it checks limits or writes the headers (a bug in a key function, a
    limit or an exemption callable too), calls it an outage and counts in memory from then on;
    here its fallback stays off, so such a bug is a server error like any other, logged with
    its traceback, and the shared storage stays in use."""

    def init_app(self, app):
        self._in_memory_fallback_enabled = False
        self._storage_dead = False
        super().init_app(app)
        self._guarded = None
        if self._in_memory_fallback_enabled:
            self._guarded = _FallbackOnStorageError(self, self._limiter)
            self._in_memory_fallback_enabled = False  # Flask-Limiter's catch-all: see above

    @property
    def limiter(self):
        if self._guarded is None:
            return super().limiter
        return self._fallback_limiter if self._storage_dead else self._guarded

    def storage_failed(self, error: Exception) -> None:
        """The shared storage failed: count in memory from now on. Logged once per outage
        (the line Flask-Limiter writes, which operators alert on); Flask-Limiter returns to the
        storage by itself once it answers again."""
        if self._storage_dead:
            return
        self._storage_dead = True
        self.logger.warning("Rate limit storage unreachable - falling back to in-memory storage (%s: %s)",
                            type(error).__name__, error)


class _FallbackOnStorageError:
    """The rate-limiting strategy on the shared storage, moving to the in-memory fallback at the
    first storage error (the storage's own exceptions, or limits' StorageError) and answering
    that call from the fallback. Anything else is a bug and is raised."""

    def __init__(self, extension: Limiter, strategy):
        self._extension = extension
        self._strategy = strategy
        storage_errors = strategy.storage.base_exceptions
        self._errors = (*(storage_errors if isinstance(storage_errors, tuple) else (storage_errors,)),
                        StorageError)

    @property
    def storage(self):
        return self._strategy.storage

    def hit(self, *args, **kwargs):
        return self._call("hit", args, kwargs)

    def test(self, *args, **kwargs):
        return self._call("test", args, kwargs)

    def get_window_stats(self, *args, **kwargs):
        return self._call("get_window_stats", args, kwargs)

    def clear(self, *args, **kwargs):
        return self._call("clear", args, kwargs)

    def _call(self, name, args, kwargs):
        try:
            return getattr(self._strategy, name)(*args, **kwargs)
        except self._errors as error:
            self._extension.storage_failed(error)
            return getattr(self._extension.limiter, name)(*args, **kwargs)


limiter = Limiter(key_func=get_remote_address)


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
