"""`flask backup create` / `restore`: a backup restored into a fresh database holds every row
of every table (SQLite and PostgreSQL), and every refusal is one clear line."""
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from flask_migrate import stamp
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from forum.audit.services import record, verify_chain
from forum.auth import sessions
from forum.auth.models import AccountState, Role
from forum.backup import services as backup_services
from forum.demo.seed import seed_demo
from forum.extensions import db as _db
from tests import factories
from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]
BACKEND = "postgresql" if POSTGRES_URL else "sqlite"


@pytest.fixture
def new_database(tmp_path):
    """A factory of empty databases of the run's kind: a SQLite file path (not yet created) or
    a new database in the test cluster, dropped afterwards."""
    created = []
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT") if POSTGRES_URL else None

    def make(label):
        if not POSTGRES_URL:
            return f"sqlite:///{tmp_path / (label + '.db')}"
        name = f"curbside_{label}_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as conn:
            for name in created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build_schema(app, revision="head"):
    """The models' schema, stamped as the migrations would leave it."""
    with app.app_context():
        _db.create_all()
        stamp(revision=revision)
        _db.session.remove()
        _db.engine.dispose()


def fill_with_data(app):
    """Demo accounts and registry evidence, plus rows with awkward values in several tables."""
    with app.app_context():
        seed_demo(echo=lambda *_: None)
        tricky = factories.make_user(full_name="Zoë O'Brien-Ñúñez \"Quoted\" \\ back", role=Role.MODERATOR,
                                     email="zoe@example.org", institution="Hôpital Saint-Éloi; 50% time")
        factories.make_user(state=AccountState.SUSPENDED)
        factories.make_user(state=AccountState.PENDING_EMAIL)
        sessions.start_session(tricky, "2001:db8::7", "Mozilla/5.0 (X11) ✓")
        record(tricky, "backup.test", "user", tricky.id, reason="a reason with 'quotes'\nand a newline",
               details={"nested": {"list": [1, 2.5, None, "ü"]}})
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()


def every_row(url):
    """{table: sorted rows} of every table in the database, search shadow tables included."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            quote = conn.dialect.identifier_preparer.quote
            return {table: sorted((tuple(row) for row in conn.execute(text(f"SELECT * FROM {quote(table)}"))),
                                  key=repr)
                    for table in inspect(conn).get_table_names()}
    finally:
        engine.dispose()


def run_cli(app, *args, input=None):
    result = app.test_cli_runner().invoke(args=list(args), input=input)
    with app.app_context():
        _db.engine.dispose()
    return result


def assert_one_line_error(result, *fragments):
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def source_app(make_app, new_database):
    app = make_app(new_database("source"))
    build_schema(app)
    return app


def test_restore_into_a_fresh_database_finds_every_row(make_app, new_database, source_app, tmp_path):
    fill_with_data(source_app)
    source_url = source_app.config["SQLALCHEMY_DATABASE_URI"]
    before = every_row(source_url)
    dest = tmp_path / "curbside.backup"

    created = run_cli(source_app, "backup", "create", str(dest))

    assert created.exit_code == 0, created.output
    assert f"Backup written to {dest}" in created.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600  # password hashes inside
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    fresh = make_app(new_database("fresh"))
    restored = run_cli(fresh, "backup", "restore", "--yes", str(dest))
    assert restored.exit_code == 0, restored.output
    after = every_row(fresh.config["SQLALCHEMY_DATABASE_URI"])
    assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
    assert after == before
    for table in ("user", "user_session", "audit_entry", "registry_record", "registry_import",
                  "verification_check", "alembic_version"):
        assert before[table], f"the test data should fill {table}"
        assert f"  {table} " in created.output and f"  {table} " in restored.output
    with fresh.app_context():
        ok, _bad, count = verify_chain()
        assert ok and count == len(before["audit_entry"])
        names = _db.session.execute(text('SELECT full_name, institution FROM "user" WHERE email = :e'),
                                    {"e": "zoe@example.org"}).one()
        assert names == ("Zoë O'Brien-Ñúñez \"Quoted\" \\ back", "Hôpital Saint-Éloi; 50% time")
        _db.session.remove()
        _db.engine.dispose()


def test_summary_counts_are_those_of_the_backup(source_app, tmp_path):
    fill_with_data(source_app)
    dest = tmp_path / "b.backup"
    result = run_cli(source_app, "backup", "create", str(dest))
    counts = {t: len(rows) for t, rows in every_row(source_app.config["SQLALCHEMY_DATABASE_URI"]).items()}
    for table in ("user", "audit_entry", "registry_record"):
        assert f"  {table} " in result.output
        line = next(line for line in result.output.splitlines() if line.strip().startswith(table + " "))
        assert int(line.split()[-1]) == counts[table]
    assert "migration " in result.output


def test_backup_does_not_wait_for_an_open_write_transaction(make_app, new_database, source_app, tmp_path):
    """The app keeps serving: a writer mid-transaction neither blocks the backup nor leaks into it."""
    with source_app.app_context():
        user = factories.make_user(full_name="Before Backup")
        _db.session.commit()
        user_id = user.id
        _db.session.remove()
    writer = create_engine(source_app.config["SQLALCHEMY_DATABASE_URI"])
    dest = tmp_path / "online.backup"
    with writer.connect() as conn:
        if BACKEND == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode=WAL")).scalar() == "wal"
        conn.execute(text('UPDATE "user" SET full_name = :n WHERE id = :i'), {"n": "Uncommitted", "i": user_id})
        result = run_cli(source_app, "backup", "create", str(dest))
        conn.rollback()
    writer.dispose()
    assert result.exit_code == 0, result.output
    fresh = make_app(new_database("fresh"))
    assert run_cli(fresh, "backup", "restore", "--yes", str(dest)).exit_code == 0
    rows = every_row(fresh.config["SQLALCHEMY_DATABASE_URI"])["user"]
    assert "Before Backup" in repr(rows) and "Uncommitted" not in repr(rows)


@pytest.mark.parametrize("case, fragment", [
    ("missing folder", "does not exist: create it first"),
    ("existing file", "already exists: choose another name or pass --overwrite"),
    ("a folder", "is a folder"),
])
def test_create_refuses_a_bad_destination(source_app, tmp_path, case, fragment):
    dest = {"missing folder": tmp_path / "nowhere" / "b.backup", "existing file": tmp_path / "old.backup",
            "a folder": tmp_path}[case]
    if case == "existing file":
        dest.write_text("an older backup")
    result = run_cli(source_app, "backup", "create", str(dest))
    assert_one_line_error(result, fragment)
    if case == "existing file":
        assert dest.read_text() == "an older backup"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_create_overwrites_only_when_asked(source_app, tmp_path):
    dest = tmp_path / "old.backup"
    dest.write_text("an older backup")
    result = run_cli(source_app, "backup", "create", "--overwrite", str(dest))
    assert result.exit_code == 0, result.output
    assert dest.read_bytes()[:5] in (b"SQLit", b"PGDMP")


def _backup_of(app, tmp_path, name="b.backup"):
    dest = tmp_path / name
    assert run_cli(app, "backup", "create", str(dest)).exit_code == 0
    return dest


def test_restore_refuses_a_file_that_is_not_a_backup(make_app, new_database, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database at all, just some text that is long enough")
    result = run_cli(make_app(new_database("fresh")), "backup", "restore", "--yes", str(junk))
    assert_one_line_error(result, "neither a SQLite database nor a pg_dump custom-format archive")


def test_restore_refuses_an_unreadable_source(make_app, new_database, tmp_path):
    result = run_cli(make_app(new_database("fresh")), "backup", "restore", "--yes", str(tmp_path / "gone.backup"))
    assert_one_line_error(result, "Cannot read", "gone.backup")


def test_restore_refuses_a_backup_of_the_other_kind(make_app, new_database, tmp_path):
    other = tmp_path / "other.backup"
    if BACKEND == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
        expected = "is a PostgreSQL backup, but this app's database is SQLite"
    else:
        import sqlite3
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
        expected = "is a SQLite backup, but this app's database is PostgreSQL"
    result = run_cli(make_app(new_database("fresh")), "backup", "restore", "--yes", str(other))
    assert_one_line_error(result, expected)


def test_restore_refuses_a_backup_at_another_migration(make_app, new_database, tmp_path):
    old = make_app(new_database("old"))
    build_schema(old, revision="0001")
    dest = _backup_of(old, tmp_path)
    target = make_app(new_database("fresh"))
    result = run_cli(target, "backup", "restore", "--yes", str(dest))
    with target.app_context():
        heads = backup_services.migration_heads(target.extensions["migrate"].directory)
    assert_one_line_error(result, "is at migration 0001 but this code is at " + ", ".join(heads))


def test_restore_refuses_a_database_never_migrated(make_app, new_database, tmp_path):
    unstamped = make_app(new_database("unstamped"))
    with unstamped.app_context():
        _db.create_all()
        _db.engine.dispose()
    dest = tmp_path / "b.backup"
    created = run_cli(unstamped, "backup", "create", str(dest))
    assert created.exit_code == 0 and "no alembic_version" in created.stderr
    result = run_cli(make_app(new_database("fresh")), "backup", "restore", "--yes", str(dest))
    assert_one_line_error(result, "has no alembic_version")


def test_restore_asks_first_and_leaves_the_database_alone_on_no(source_app, tmp_path):
    dest = _backup_of(source_app, tmp_path)
    with source_app.app_context():
        factories.make_user(email="made-after-backup@example.org")
        _db.session.commit()
        _db.session.remove()
    result = run_cli(source_app, "backup", "restore", str(dest), input="n\n")
    assert result.exit_code == 1 and "Replace every row of" in result.output
    assert "made-after-backup@example.org" in repr(every_row(source_app.config["SQLALCHEMY_DATABASE_URI"])["user"])
    assert run_cli(source_app, "backup", "restore", str(dest), input="y\n").exit_code == 0
    assert "made-after-backup" not in repr(every_row(source_app.config["SQLALCHEMY_DATABASE_URI"])["user"])


def test_relative_paths_are_read_from_the_working_folder(source_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli(source_app, "backup", "create", "relative.backup").exit_code == 0
    assert (tmp_path / "relative.backup").is_file()
    assert run_cli(source_app, "backup", "restore", "--yes", "relative.backup").exit_code == 0


def test_command_line_error_is_one_line_without_traceback(tmp_path):
    (tmp_path / "live.db").touch()  # an empty file is an empty SQLite database
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "FORUM_ENV": "development",
           "FORUM_SECRET_KEY": "k" * 40, "FORUM_DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}",
           "FORUM_MAIL_OUTBOX": str(tmp_path / "outbox")}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "backup", "create",
                             str(tmp_path / "missing" / "b.backup")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: The folder {tmp_path / 'missing'} does not exist: create it first."


@pytest.mark.skipif(BACKEND != "sqlite", reason="in-memory databases are SQLite only")
def test_in_memory_database_is_refused(make_app, tmp_path):
    result = run_cli(make_app("sqlite://"), "backup", "create", str(tmp_path / "b.backup"))
    assert_one_line_error(result, "in memory")


def test_libpq_environment_carries_every_connection_parameter():
    url = make_url("postgresql+psycopg://curb:s%40cret@/forum?host=/run/postgresql&port=5433&sslmode=require")
    env = backup_services.libpq_environment(url, base={"PATH": "/usr/bin"})
    assert env["PGHOST"] == "/run/postgresql" and env["PGPORT"] == "5433"
    assert env["PGUSER"] == "curb" and env["PGPASSWORD"] == "s@cret" and env["PGDATABASE"] == "forum"
    assert env["PGSSLMODE"] == "require" and env["PATH"] == "/usr/bin"
    tcp = backup_services.libpq_environment(make_url("postgresql://u@db.internal:6543/f"), base={})
    assert (tcp["PGHOST"], tcp["PGPORT"], "PGPASSWORD" in tcp) == ("db.internal", "6543", False)


def test_pg_tools_are_found_off_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    if not list(Path("/usr/lib/postgresql").glob("*/bin/pg_dump")):
        with pytest.raises(backup_services.BackupError, match="apt-get install postgresql-client"):
            backup_services.find_pg_tool("pg_dump")
        return
    found = backup_services.find_pg_tool("pg_dump")
    assert found.startswith("/usr/lib/postgresql/") and found.endswith("/bin/pg_dump")


postgres_only = pytest.mark.skipif(BACKEND != "postgresql", reason="pg_dump runs on PostgreSQL only")


@postgres_only
def test_password_goes_through_the_environment_not_argv(make_app, new_database, monkeypatch, tmp_path):
    url = make_url(new_database("secret")).set(password="hunter2-not-on-argv")
    app = make_app(url.render_as_string(hide_password=False))
    build_schema(app)
    seen = []
    real_run = subprocess.run

    def spy(command, *args, **kwargs):
        seen.append((command, kwargs.get("env", {})))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(backup_services.subprocess, "run", spy)
    assert run_cli(app, "backup", "create", str(tmp_path / "b.backup")).exit_code == 0
    command, env = seen[0]
    assert Path(command[0]).name == "pg_dump" and "--format=custom" in command
    assert not any("hunter2" in part for part in command)
    assert env["PGPASSWORD"] == "hunter2-not-on-argv" and env["PGHOST"] == url.query["host"]


@postgres_only
def test_pg_dump_failure_is_one_line_and_leaves_no_file(source_app, monkeypatch, tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    fake = fake_bin / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump: error: query failed: out of disk' >&2\n"
                    "echo 'pg_dump: detail: second line' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_bin}:{os.environ['PATH']}")
    dest = tmp_path / "out" / "b.backup"
    dest.parent.mkdir()
    result = run_cli(source_app, "backup", "create", str(dest))
    assert_one_line_error(result, "pg_dump failed (exit 1): pg_dump: error: query failed: out of disk")
    assert list(dest.parent.iterdir()) == []


@postgres_only
def test_unreachable_database_is_one_line(make_app, tmp_path):
    gone = make_url(POSTGRES_URL).set(database="curbside_no_such_database")
    app = make_app(gone.render_as_string(hide_password=False))
    result = run_cli(app, "backup", "create", str(tmp_path / "b.backup"))
    assert_one_line_error(result, "curbside_no_such_database")
