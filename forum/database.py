"""Engine tuning: SQLite gets WAL, foreign keys and a busy timeout on every connection."""
from sqlalchemy import event, literal
from sqlalchemy.engine import Engine


def _configure_sqlite(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Temporary b-trees (the small UNION behind every "threads out of sight" check, sorts) in
    # memory, not in temporary files: that UNION cost 10 times more with a file behind it.
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def constant(value):
    """A fixed code (a status, a reason) written into the SQL text instead of bound as a
    parameter. SQLite ran the small "threads out of sight" subquery, which every member page
    runs, six times slower with `report.status = ?` than with the status in the text."""
    return literal(value, literal_execute=True)


def init_app(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            from forum.extensions import db

            engine: Engine = db.engine
            if not event.contains(engine, "connect", _configure_sqlite):
                event.listen(engine, "connect", _configure_sqlite)
