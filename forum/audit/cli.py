"""`flask audit verify`: recompute the hash chain and name the first broken entry;
`flask audit head`: the newest entry's id and hash, for an operator to keep outside the database."""
import sys

import click
from flask.cli import AppGroup

from forum.audit.services import current_head, verify_chain

audit_cli = AppGroup("audit", help="Check the audit log.")


@audit_cli.command("verify")
@click.option("--expect-id", type=click.IntRange(min=1), default=None,
              help="The id of a head kept outside the database (from `flask audit head` or the "
                   "log): the chain must still reach it.")
@click.option("--expect-hash", default=None, help="That entry's hash: it must be unchanged.")
def verify_command(expect_id, expect_hash):
    """Exit 0 when every entry's hash and link are intact and the chain reaches its recorded
    head (and the one given), 1 at the first tampered or missing entry."""
    if expect_hash and expect_id is None:
        raise click.UsageError("--expect-hash needs --expect-id (the entry it belongs to).")
    check = verify_chain(expect_id, (expect_hash or "").strip().lower() or None)
    ok, bad_id, count = check
    if ok:
        anchored = f"; it reaches entry {expect_id}" if expect_id else ""
        click.echo(f"Audit chain intact: {count} entries checked{anchored}.")
        return
    click.echo(f"Audit chain broken at entry {bad_id} (entry {count} in order): {check.problem}.",
               err=True)
    sys.exit(1)


@audit_cli.command("head")
def head_command():
    """Print the newest entry's id and hash. Keep them outside the database (a ticket, a
    notebook, another host); `flask audit verify --expect-id ID --expect-hash HASH` later
    fails if the chain no longer reaches that entry unchanged."""
    head = current_head()
    if head is None:
        click.echo("The audit log is empty.")
        return
    entry_id, entry_hash = head
    click.echo(f"{entry_id} {entry_hash}")
    click.echo(f"Check later with: flask audit verify --expect-id {entry_id} --expect-hash {entry_hash}",
               err=True)
