"""Extension singletons, bound to an app in create_app so tests can build many apps."""
import time

import flask_limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
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
    """Flask-Limiter's Limiter, whose in-memory fallback is chosen afresh by each app.

    Flask-Limiter only ever turns the fallback on, and keeps "storage is down" across init_app
    calls: harmless with one app per process (gunicorn), but tests build many apps on this one
    singleton, and an app on memory:// must not inherit a Redis app's fallback or outage."""

    def init_app(self, app):
        self._in_memory_fallback_enabled = False
        self._storage_dead = False
        super().init_app(app)


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
