"""`flask registry ...`: import extracts, look records up and re-check accounts against them."""
import sys

import click
from flask.cli import AppGroup

from forum.extensions import db
from forum.registry import identifiers, services
from forum.registry.csv_import import COLUMNS, import_registry_csv
from forum.registry.nppes_import import import_nppes
from forum.registry.record_writer import ImportFailed
from forum.registry.verifiers.common import find_records

registry_cli = AppGroup("registry", help="Import registry extracts and re-check accounts.")


@registry_cli.group("import")
def import_group():
    """Import a registry extract (upserts: re-importing a file is safe)."""


def _show_progress(summary):
    click.echo(f"\r{summary.rows_read:>12,} rows read, {summary.rows_kept:,} kept", nl=False, err=True)


def _finish_import(run):
    """Run an import. It commits after every batch (the checkpoint) so that a multi-gigabyte
    import neither holds the database's write lock for minutes (SQLite would make every
    registration wait) nor loses finished batches if interrupted: re-running is idempotent.
    The last commit saves the import's log entry and audit record."""
    try:
        summary = run(db.session.commit)
    except ImportFailed as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo("", err=True)
    for line in summary.lines():
        click.echo(line)


ENCODING_OPTION = click.option(
    "--encoding", default="utf-8", show_default=True,
    help="The file's text encoding, e.g. cp1252 for a Windows or Excel export. A line that is not "
         "valid in it stops the import with its line number; nothing is stored garbled.")


@import_group.command("nppes")
@ENCODING_OPTION
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_nppes_command(encoding, path):
    """Import an NPPES data dissemination file (.csv, or the monthly .zip as downloaded)."""
    _finish_import(lambda commit: import_nppes(path, progress=_show_progress, checkpoint=commit,
                                               encoding=encoding))


def _column_map(_ctx, _param, values):
    mapping = {}
    for value in values:
        column, sep, header = value.partition("=")
        if not sep or not column.strip() or not header.strip():
            raise click.BadParameter(f"{value!r} is not of the form column=Header Name.")
        mapping[column.strip()] = header.strip()
    return mapping


@import_group.command("csv")
@click.option("--registry", "registry", type=click.Choice(sorted(COLUMNS)), required=True,
              help="gmc: gmc_ref,surname,given_names,status. nmc: council,registration_no,year,"
                   "first_name,middle_name,last_name,father_name,qualification,removed.")
@click.option("--column", "column_map", multiple=True, callback=_column_map, metavar="COLUMN=HEADER",
              help="Read a documented column from a differently named header (repeatable), "
                   "e.g. --column gmc_ref='GMC Number'.")
@ENCODING_OPTION
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_csv_command(registry, column_map, encoding, path):
    """Import a GMC or NMC register CSV; bad rows are listed by line number and skipped."""
    _finish_import(lambda commit: import_registry_csv(registry, path, column_map=column_map,
                                                      progress=_show_progress, checkpoint=commit,
                                                      encoding=encoding))


@registry_cli.command("lookup")
@click.argument("registry", type=click.Choice(["npi", "gmc", "nmc"]))
@click.argument("identifier")
@click.option("--council", help="NMC only: the council code (MH) or IN-MH; all councils if omitted.")
def lookup_command(registry, identifier, council):
    """Print the stored record(s) for an identifier; exit status 1 when there is none."""
    try:
        identifier = identifiers.normalize(registry, identifier)
    except identifiers.InvalidIdentifier as exc:
        raise click.ClickException(str(exc)) from exc
    council_code = ""
    if registry == "nmc":
        council_code = (council or "").upper().removeprefix("IN-") or None  # None: any council
    records = find_records(registry, identifier, council_code)
    if not records:
        click.echo(f"No {registry.upper()} record for {identifier} in the imported extracts.", err=True)
        sys.exit(1)
    for record in records:
        click.echo(f"{registry.upper()} {record['council'] + ' ' if record['council'] else ''}{identifier}")
        for key, value in record.items():
            if value not in ("", None, [], {}) and key not in ("registry", "identifier", "council"):
                click.echo(f"  {key.replace('_', ' ')}: {_shown(value)}")


def _shown(value) -> str:
    if isinstance(value, list):
        return "; ".join(", ".join(f"{k}={v}" for k, v in item.items()) if isinstance(item, dict) else str(item)
                         for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


@registry_cli.command("recheck")
def recheck_command():
    """Re-run the checks of every application awaiting review, then list lapsed members."""
    checked = services.recheck_pending(trigger="recheck")
    click.echo(f"Re-checked {len(checked)} application(s) awaiting review.")
    for user, check in checked:
        click.echo(f"  @{user.handle}: {user.registry_code} {user.registry_identifier} -> "
                   f"{check.outcome} ({check.match_level})")
    lapsed = services.lapsed_members()
    click.echo(f"{len(lapsed)} verified member(s) whose registry record has lapsed.")
    for user, evidence in lapsed:
        click.echo(f"  @{user.handle} ({user.full_name}): {user.registry_code} {user.registry_identifier} -> "
                   f"{evidence.outcome}: {' '.join(evidence.reasons[:1])}")
    db.session.commit()
