"""A command that cannot use the database (unreachable, unopenable, no tables yet) ends with one
line and exit status 1, not a traceback; any other error keeps its traceback."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from forum.database import unavailable_message
from forum.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def flask_command(tmp_path, database_url, *args):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "FORUM_DATABASE_URL": database_url, "FORUM_MAIL_OUTBOX": str(tmp_path / "outbox")}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def last_lines(result):
    return [line for line in result.stderr.splitlines() if " INFO " not in line]


@pytest.mark.parametrize("args", [("audit", "head"), ("search", "reindex")])
def test_a_database_without_tables_says_to_migrate(tmp_path, args):
    (tmp_path / "empty.db").touch()
    result = flask_command(tmp_path, f"sqlite:///{tmp_path / 'empty.db'}", *args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = last_lines(result)
    assert line.startswith("The database has no tables yet") and "flask --app app db upgrade" in line


def test_a_database_that_cannot_be_opened_is_named(tmp_path):
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'f.db'}"
    result = flask_command(tmp_path, url, "audit", "head")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert last_lines(result) == [f"Curbside cannot reach its database {url} (FORUM_DATABASE_URL): "
                                  "unable to open database file"]


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path):
    result = flask_command(tmp_path, "postgresql+psycopg://curbside:s3cret@127.0.0.1:1/curbside", "db", "upgrade")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = last_lines(result)
    assert line.startswith("Curbside cannot reach its database postgresql+psycopg://curbside:***@127.0.0.1:1/curbside")
    assert "s3cret" not in result.stderr


def test_a_missing_table_is_told_apart_from_other_query_errors(app, database_url):
    """On SQLite and PostgreSQL alike: a missing table means migrations were not applied; a
    failing query on tables that exist (a column that does not) is a programming error and
    keeps its traceback."""
    def error_of(sql):
        with pytest.raises(DBAPIError) as caught:
            db.session.execute(text(sql)).all()
        db.session.rollback()
        return caught.value

    message = unavailable_message(error_of("SELECT id FROM table_of_a_later_migration"), database_url)
    assert message and message.startswith("The database has no tables yet, or not all of them")
    assert unavailable_message(error_of("SELECT no_such_column FROM audit_entry"), database_url) is None
    assert unavailable_message(ValueError("boom"), database_url) is None


def test_the_cli_runner_sees_the_same_error(make_app, tmp_path):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = make_app(empty).test_cli_runner().invoke(args=["audit", "head"])
    assert result.exit_code != 0
    assert unavailable_message(result.exception, empty).startswith("The database has no tables yet")
