"""One clock for the whole app: naive UTC datetimes, portable across SQLite and PostgreSQL."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
