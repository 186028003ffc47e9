"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL)."""
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from forum.extensions import db as _db
from tests.conftest import POSTGRES_URL


@pytest.fixture
def empty_database_url(tmp_path):
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"curbside_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _ignore_shadow_tables(diff):
    """Full-text search tables are created by the migrations' own DDL, not by models."""
    def concerns_shadow(item):
        obj = item[1] if isinstance(item, tuple) and len(item) > 1 else None
        name = getattr(obj, "name", "") or getattr(getattr(obj, "table", None), "name", "")
        return str(name).startswith("post_search")
    return [d for d in diff if not concerns_shadow(d)]


def test_models_and_migrations_agree(make_app, empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        with _db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = _ignore_shadow_tables(compare_metadata(context, _db.metadata))
        _db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_downgrade_to_nothing(make_app, empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(_db.engine).get_table_names()) - {"alembic_version"}
        _db.engine.dispose()
    assert tables == set()
