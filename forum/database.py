"""Engine tuning: SQLite gets WAL, foreign keys and a busy timeout on every connection."""
from sqlalchemy import event
from sqlalchemy.engine import Engine


def _configure_sqlite(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            from forum.extensions import db

            engine: Engine = db.engine
            if not event.contains(engine, "connect", _configure_sqlite):
                event.listen(engine, "connect", _configure_sqlite)
