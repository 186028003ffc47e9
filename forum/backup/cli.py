"""`flask backup create DEST` and `flask backup restore SRC`: whole-database backups."""
import click
from flask import current_app
from flask.cli import AppGroup

from forum.backup.services import BackupError, check_backup, create_backup, restore_backup
from forum.extensions import db

backup_cli = AppGroup("backup", help="Back up the database to a file, or restore it from one.")


@backup_cli.command("create")
@click.argument("dest")
@click.option("--overwrite", is_flag=True, help="Replace DEST if it already exists.")
def create_command(dest, overwrite):
    """Write a backup of the live database to the file DEST; safe while the app is serving.
    SQLite: a copy made by SQLite's online backup API. PostgreSQL: a pg_dump custom-format
    archive."""
    try:
        summary = create_backup(db.engine, dest, overwrite=overwrite)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written to {summary.path} ({_describe(summary)}).")
    _echo_counts(summary.counts)
    if not summary.versions:
        click.echo("Warning: this database has no alembic_version (it was not built by "
                   "'flask db upgrade'), so 'backup restore' will refuse this backup.", err=True)


@backup_cli.command("restore")
@click.argument("src")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(src, yes):
    """Replace every table of the live database with the backup SRC. The backup must be of the
    same kind (SQLite or PostgreSQL) and at this code's migration. Stop the app first."""
    try:
        checked = check_backup(db.engine, src, current_app.extensions["migrate"].directory)
        target = db.engine.url.render_as_string(hide_password=True)
        if not yes:
            click.confirm(f"Replace every row of {target} with the contents of {checked.path}?", abort=True)
        summary = restore_backup(db.engine, checked)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {summary.path} into {target} ({_describe(summary)}).")
    _echo_counts(summary.counts)


def _describe(summary):
    migration = ", ".join(summary.versions) or "none"
    return f"{'SQLite' if summary.backend == 'sqlite' else 'PostgreSQL'}, {_size(summary.size)}, migration {migration}"


def _echo_counts(counts):
    width = max((len(name) for name in counts), default=5)
    click.echo("Rows per table:")
    for name, count in counts.items():
        click.echo(f"  {name:<{width}}  {count:>9}")
    click.echo(f"  {'total':<{width}}  {sum(counts.values()):>9}")


def _size(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
