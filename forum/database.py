"""Engine tuning (SQLite gets WAL, foreign keys, a busy timeout and in-memory temporary tables on
every connection), the small SQL helpers the hot paths share, and telling whether the database
itself is usable (the readiness check; one line for a command that cannot reach it)."""
import logging

from sqlalchemy import event, exc, func, inspect, literal, make_url, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import make_transient_to_detached

from forum.extensions import db

log = logging.getLogger(__name__)


SQLITE_CACHE_KIB = 64 * 1024  # per connection


def _configure_sqlite(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Temporary b-trees (the small UNION behind every "threads out of sight" check, sorts) in
    # memory, not in temporary files: that UNION cost 10 times more with a file behind it.
    cursor.execute("PRAGMA temp_store=MEMORY")
    # A search walks the full-text index's lists for every word it ranks (bm25 counts the posts
    # holding each word): with SQLite's default 2 MiB page cache those pages were read again
    # from the operating system on every search. Pages are cached only once read, so a small
    # forum never uses the 64 MiB.
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


MAX_ID = 2**31 - 1  # every id column is an INTEGER, 32 bits on PostgreSQL


def as_id(value) -> int | None:
    """`value` (request text or a number) as a row id, or None when it cannot be one.

    Anything a client sends that names a row goes through here: a number past the id columns'
    range makes the database driver fail (SQLite's OverflowError, PostgreSQL's "out of range"),
    which would turn a forged link into a server error instead of a 404 or a form message.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def id_arg(text) -> int:
    """as_id for `request.args.get(name, type=id_arg)`: Flask gives the default (None) for
    anything that is not an id."""
    found = as_id(text)
    if found is None:
        raise ValueError("not a row id")
    return found


def constant(value):
    """A fixed code (a status, a reason) written into the SQL text instead of bound as a
    parameter. SQLite ran the small "threads out of sight" subquery, which every member page
    runs, six times slower with `report.status = ?` than with the status in the text."""
    return literal(value, literal_execute=True)


LIKE_ESCAPE = "\\"


def escape_like(value: str) -> str:
    """`value` matched literally inside a LIKE pattern: its %, _ and the escape character itself
    are escaped. Use with `.like(f"%{escape_like(text)}%", escape=LIKE_ESCAPE)`."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def insert_returning_ids(statement, rows) -> list[int]:
    """Run an INSERT .. RETURNING id for `rows`, ids in the rows' order (the statement must
    return them sorted by parameter order); a single row skips executemany, which costs more."""
    if not rows:
        return []
    if len(rows) == 1:
        return [db.session.execute(statement, rows[0]).scalar_one()]
    return db.session.execute(statement, rows).scalars().all()


def loaded_after_insert(model, **row):
    """A row this transaction has just INSERTed, as a persistent object in the session, without
    a SELECT or a flush (the unit of work cost several times the INSERT on the reply path). A
    column left out of `row` is expired: it loads on first use."""
    instance = model(**row)
    make_transient_to_detached(instance)
    db.session.add(instance)
    return instance


def lock_for_update(*instances):
    """Hold the rows of `instances` until this transaction ends, then reload them as they are
    now, so a check made next sees what a concurrent request committed, and that request waits
    for ours. For read-check-write actions that two people may take at the same moment (two
    moderators removing one post): the second waits, then finds the first one's result.

    PostgreSQL: SELECT .. FOR NO KEY UPDATE, which leaves foreign-key checks alone (a reply
    quoting the post is not blocked, and cannot deadlock with us). SQLite has no row locks:
    the transaction takes the database's write lock first (BEGIN IMMEDIATE, waiting up to the
    busy timeout), unless it already wrote and so holds it. Lock parents before children (a
    thread before its post), as the reply path does. Call before changing the instances: the
    reload would replace unflushed changes, so they are flushed first."""
    db.session.flush()
    if not _begin_immediate_on_sqlite():
        for instance in instances:
            mapper = inspect(instance).mapper
            key = [column == value for column, value in
                   zip(mapper.primary_key, mapper.primary_key_from_instance(instance))]
            db.session.execute(select(*mapper.primary_key).where(*key)
                               .with_for_update(key_share=True))
    for instance in instances:  # read after the lock: what was committed before it
        db.session.refresh(instance)


def lock_name(key: int):
    """Serialise, until this transaction ends, the transactions that take the same `key`: for
    a check that no row can be locked for (is this email or handle free?) before an INSERT.
    PostgreSQL: a transaction-level advisory lock; SQLite: the write lock (BEGIN IMMEDIATE)."""
    if not _begin_immediate_on_sqlite():
        db.session.execute(select(func.pg_advisory_xact_lock(key)))


def _begin_immediate_on_sqlite() -> bool:
    """On SQLite, take the database's write lock now (BEGIN IMMEDIATE, waiting up to the busy
    timeout) unless this transaction already wrote, and so holds it; True. False elsewhere.
    The driver begins a transaction only at the first write, so reads before it may be stale
    by the time the write lock is granted: a check must come after this."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return False
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def database_answers() -> bool:
    """Whether the database answers a trivial query now (for the readiness check). A failure
    is logged with its reason and rolled back; the caller only learns yes or no."""
    try:
        db.session.execute(select(literal(1))).scalar_one()
        return True
    except exc.SQLAlchemyError as error:
        db.session.rollback()
        log.warning("Readiness check: the database does not answer: %s",
                    str(getattr(error, "orig", None) or error).strip().splitlines()[0])
        return False


UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE for a missing table


def unavailable_message(error: BaseException, database_url: str) -> str | None:
    """One line for an error that means the database itself is not usable: it cannot be
    reached or opened (the connection failed, so SQLAlchemy has no statement), or a table is
    missing (migrations not applied). None for anything else, which keeps its traceback."""
    if not isinstance(error, exc.DBAPIError):
        return None
    reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else type(error.orig).__name__
    if error.statement is None:
        address = make_url(database_url).render_as_string(hide_password=True)
        return f"Curbside cannot reach its database {address} (FORUM_DATABASE_URL): {reason}"
    if reason.startswith("no such table") or getattr(error.orig, "sqlstate", None) == UNDEFINED_TABLE:
        return (f"The database has no tables yet, or not all of them ({reason}): "
                "run `.venv/bin/flask --app app db upgrade` first.")
    return None


def init_app(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            engine: Engine = db.engine
            if not event.contains(engine, "connect", _configure_sqlite):
                event.listen(engine, "connect", _configure_sqlite)
