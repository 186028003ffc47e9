"""Back up and restore the whole database: the SQLite online backup API, or pg_dump/pg_restore
on PostgreSQL with the connection parameters of the app's database URL.

create_backup(engine, dest) writes a backup and returns a Summary; check_backup(engine, src,
migrations_dir) reads a backup and refuses one of the wrong kind or migration;
restore_backup(engine, checked) replaces the live database with it. Every failure is a
BackupError whose message is one line for the operator.
"""
import glob
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# URL query parameters that libpq also reads from the environment.
LIBPQ_QUERY_ENV = {
    "host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
    "dbname": "PGDATABASE", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS", "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """The backup or restore was refused or failed; the message says why, on one line."""


@dataclass
class Summary:
    """What a backup holds (or what a restore left in the database)."""

    path: Path
    backend: str
    size: int
    versions: tuple = ()
    counts: dict = field(default_factory=dict)


@dataclass
class CheckedBackup:
    """A backup file that check_backup found fit to restore into this database."""

    path: Path
    backend: str
    versions: tuple


def create_backup(engine, dest, *, overwrite=False) -> Summary:
    """Write a consistent copy of the live database to the file `dest` while the app keeps
    serving. Refuses a missing folder, a folder as `dest`, or an existing file unless
    `overwrite`. The file is written beside `dest` and renamed into place, readable by the
    owner only (it holds password hashes). Raises BackupError."""
    backend = _backend(engine)
    live = _sqlite_path(engine) if backend == "sqlite" else None
    dest = _writable_destination(Path(dest), overwrite)
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    _create_private_file(partial)
    try:
        if live is not None:
            _sqlite_backup(live, partial)
            versions, counts = _sqlite_contents(partial)
        else:
            versions, counts = _pg_dump(engine, partial)
        os.replace(partial, dest)
    except OSError as exc:
        raise BackupError(f"Could not write {dest}: {exc.strerror or exc}.") from exc
    finally:
        partial.unlink(missing_ok=True)
    return Summary(dest, backend, dest.stat().st_size, versions, counts)


def check_backup(engine, src, migrations_dir) -> CheckedBackup:
    """Refuse `src` unless it is a readable backup of this database's kind whose
    alembic_version is this code's migration head. Raises BackupError."""
    src = Path(src)
    magic = _read_magic(src)
    backend = _backend(engine)
    kind = "sqlite" if magic.startswith(SQLITE_MAGIC) else "postgresql" if magic.startswith(PGDUMP_MAGIC) else None
    if kind is None:
        raise BackupError(f"{src} is neither a SQLite database nor a pg_dump custom-format archive.")
    if kind != backend:
        raise BackupError(f"{src} is a {_LABEL[kind]} backup, but this app's database is {_LABEL[backend]}.")
    if backend == "sqlite":
        if _same_file(src, _sqlite_path(engine, must_exist=False)):
            raise BackupError(f"{src} is the live database itself.")
        versions = _sqlite_versions(src)
    else:
        versions = _pg_archive_versions(src)
    _require_head(src, versions, migrations_dir)
    return CheckedBackup(src, backend, versions)


def restore_backup(engine, checked: CheckedBackup) -> Summary:
    """Replace every table of the live database with the checked backup; returns what the
    database holds afterwards. Stop the app hosts first on PostgreSQL (the restore waits for
    their locks). Raises BackupError; a failed PostgreSQL restore changes nothing."""
    engine.dispose()  # this process's pooled connections must not hold locks or stale pages
    if checked.backend == "sqlite":
        target = _sqlite_path(engine, must_exist=False)
        _sqlite_restore(checked.path, target)
        versions, counts = _sqlite_contents(target, "rw")  # rw: the last to close checkpoints the WAL
        size = target.stat().st_size
    else:
        _pg_restore(engine, checked.path)
        versions, counts = _pg_contents(engine)
        size = checked.path.stat().st_size
    return Summary(checked.path, checked.backend, size, versions, counts)


def migration_heads(migrations_dir) -> tuple:
    from alembic.script import ScriptDirectory

    return tuple(sorted(ScriptDirectory(str(migrations_dir)).get_heads()))


def count_rows(connection) -> dict:
    """{table: row count} for every table of the connection's database, full-text search
    shadow tables of SQLite left out (their virtual table is counted)."""
    tables = inspect(connection).get_table_names()
    if connection.dialect.name == "sqlite":
        virtual = connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )).scalars().all()
        tables = [t for t in tables if not any(t.startswith(f"{v}_") for v in virtual)]
    quote = connection.dialect.identifier_preparer.quote
    return {t: connection.execute(text(f"SELECT count(*) FROM {quote(t)}")).scalar_one()
            for t in sorted(tables)}


_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _backend(engine) -> str:
    name = engine.dialect.name
    if name not in _LABEL:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def _writable_destination(dest: Path, overwrite: bool) -> Path:
    if dest.is_dir():
        raise BackupError(f"{dest} is a folder: give the backup a file name inside it.")
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist: create it first.")
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} already exists: choose another name or pass --overwrite.")
    if not os.access(dest.parent, os.W_OK):
        raise BackupError(f"The folder {dest.parent} is not writable.")
    return dest.absolute()


def _create_private_file(path: Path) -> None:
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    except OSError as exc:
        raise BackupError(f"Could not create {path}: {exc.strerror or exc}.") from exc


def _read_magic(src: Path) -> bytes:
    if src.is_dir():
        raise BackupError(f"{src} is a folder, not a backup file.")
    try:
        with src.open("rb") as handle:
            return handle.read(16)
    except OSError as exc:
        raise BackupError(f"Cannot read {src}: {exc.strerror or exc}.") from exc


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and a.samefile(b)
    except OSError:
        return False


def _require_head(src: Path, versions: tuple, migrations_dir) -> None:
    heads = migration_heads(migrations_dir)
    if not versions:
        raise BackupError(f"{src} has no alembic_version: it is not a backup of a database built "
                          "by 'flask db upgrade', so its schema cannot be trusted.")
    if tuple(sorted(versions)) != heads:
        raise BackupError(
            f"{src} is at migration {', '.join(versions)} but this code is at {', '.join(heads)}: "
            "restore it with the Curbside version that wrote it, then run 'flask db upgrade'.")


# SQLite -----------------------------------------------------------------------------------

def _sqlite_path(engine, must_exist=True) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise BackupError("The database is in memory: there is no file to back up or restore.")
    path = Path(database).absolute()
    if must_exist and not path.is_file():
        raise BackupError(f"The database file {path} does not exist: run 'flask db upgrade' first.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder of the database file, {path.parent}, does not exist.")
    return path


def _sqlite_connect(path: Path, mode: str) -> sqlite3.Connection:
    """`mode` ro/rw never creates the file by accident; rwc may."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True, timeout=30)


def _sqlite_backup(live: Path, partial: Path) -> None:
    """One backup step over all pages: a consistent snapshot that, under WAL, neither waits
    for nor blocks the app's writers. The copy is left in rollback-journal mode so that it is
    one self-contained file."""
    try:
        source = _sqlite_connect(live, "rw")
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
                _sqlite_require_intact(copy, partial)
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup of {live} failed: {exc}.") from exc


def _sqlite_restore(src: Path, target: Path) -> None:
    """Copy every page of `src` over the live file through SQLite's backup API, so connections
    of a running app see the restored database instead of a file swapped under them."""
    try:
        source = _sqlite_connect(src, "ro")
        try:
            live = _sqlite_connect(target, "rwc")
            try:
                source.backup(live)
            finally:
                live.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Restoring {src} into {target} failed: {exc}.") from exc


def _sqlite_require_intact(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} is damaged (SQLite quick_check: {result}).")


def _sqlite_versions(src: Path) -> tuple:
    try:
        connection = _sqlite_connect(src, "ro")
        try:
            _sqlite_require_intact(connection, src)
            if not connection.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone():
                return ()
            return tuple(row[0] for row in connection.execute("SELECT version_num FROM alembic_version"))
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{src} cannot be read as a SQLite database: {exc}.") from exc


def _sqlite_contents(path: Path, mode="ro"):
    engine = create_engine("sqlite://", creator=lambda: _sqlite_connect(path, mode), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            counts = count_rows(connection)
            versions = _alembic_versions(connection, counts)
    except SQLAlchemyError as exc:
        raise BackupError(f"Could not read {path}: {_first_line(exc)}") from exc
    finally:
        engine.dispose()
    return versions, counts


def _alembic_versions(connection, counts) -> tuple:
    if "alembic_version" not in counts:
        return ()
    return tuple(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


# PostgreSQL -------------------------------------------------------------------------------

def find_pg_tool(name: str) -> str:
    """`name` from PATH, else from the newest /usr/lib/postgresql/*/bin (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        candidate = Path(bindir, name)
        if os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin: "
                      "install the PostgreSQL client programs (apt-get install postgresql-client).")


def _version_key(bindir: str):
    return tuple(int(part) for part in re.findall(r"\d+", Path(bindir).parent.name))


def libpq_environment(url, base=None) -> dict:
    """The environment that points libpq programs at the database of `url`: host (or a Unix
    socket folder from ?host=), port, user, password and database as PG* variables, so that
    nothing secret appears on a command line."""
    env = dict(os.environ if base is None else base)
    env.setdefault("PGAPPNAME", "curbside-backup")
    for key, value in url.query.items():
        if key in LIBPQ_QUERY_ENV:
            env[LIBPQ_QUERY_ENV[key]] = ",".join(value) if isinstance(value, tuple) else str(value)
    for variable, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                            ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def _run_pg_tool(name, arguments, env) -> str:
    command = [find_pg_tool(name), *arguments]
    try:
        result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    except OSError as exc:
        raise BackupError(f"Could not run {name}: {exc.strerror or exc}.") from exc
    if result.returncode != 0:
        raise BackupError(f"{name} failed (exit {result.returncode}): "
                          f"{_first_line(result.stderr) or 'no message'}")
    return result.stdout


def _pg_dump(engine, partial: Path):
    """pg_dump inside a snapshot exported by our own REPEATABLE READ transaction, so the row
    counts reported are exactly those of the archive."""
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin():
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                _run_pg_tool("pg_dump", ["--format=custom", f"--file={partial}", "--no-password",
                                         f"--snapshot={snapshot}"], libpq_environment(engine.url))
                counts = count_rows(connection)
                versions = _alembic_versions(connection, counts)
    except SQLAlchemyError as exc:
        raise BackupError(f"Cannot read the database: {_first_line(exc)}") from exc
    return versions, counts


def _pg_archive_versions(src: Path) -> tuple:
    """The alembic_version rows stored in a custom-format archive, read by pg_restore."""
    script = _run_pg_tool("pg_restore", ["--data-only", "--table=alembic_version", "--file=-", str(src)],
                          dict(os.environ))
    match = re.search(r"^COPY \S*alembic_version \(version_num\) FROM stdin;\n(.*?)^\\\.$",
                      script, re.MULTILINE | re.DOTALL)
    return tuple(match.group(1).split()) if match else ()


def _pg_restore(engine, src: Path) -> None:
    dbname = (engine.url.database or "").replace("\\", "\\\\").replace("'", "\\'")
    _run_pg_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                                "--exit-on-error", "--no-password", f"--dbname=dbname='{dbname}'", str(src)],
                 libpq_environment(engine.url))


def _pg_contents(engine):
    try:
        with engine.connect() as connection:
            counts = count_rows(connection)
            return _alembic_versions(connection, counts), counts
    except SQLAlchemyError as exc:
        raise BackupError(f"Cannot read the restored database: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


def _first_line(error) -> str:
    """A tool's or driver's message on one line (libpq often spreads one error over several)."""
    message = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("(Background on this error", "[SQL:"))]
    return " ".join(lines)
