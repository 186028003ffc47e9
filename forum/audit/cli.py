"""`flask audit verify`: recompute the hash chain and name the first broken entry."""
import sys

import click
from flask.cli import AppGroup

from forum.audit.services import verify_chain

audit_cli = AppGroup("audit", help="Check the audit log.")


@audit_cli.command("verify")
def verify_command():
    """Exit 0 when every entry's hash and link are intact, 1 at the first tampered entry."""
    ok, bad_id, count = verify_chain()
    if ok:
        click.echo(f"Audit chain intact: {count} entries checked.")
        return
    click.echo(f"Audit chain broken at entry {bad_id} (entry {count} in order): it was changed, "
               "removed or inserted after it was written.", err=True)
    sys.exit(1)
