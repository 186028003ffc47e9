"""`flask notifications send-digests`: mail the weekly summary to the members it is due to.

Run it from cron, daily or weekly (README, "Operator commands"); a member gets at most one a
week whenever it runs, so running it twice, or on two hosts, sends nothing twice."""
import click

from forum.extensions import db
from forum.notifications import digest


@click.command("send-digests")
def send_digests_command():
    """Queue and send the weekly summaries that are due (thread titles and links only)."""
    sent = digest.send_digests()
    db.session.commit()  # the mail goes once the commit succeeds (forum.mail)
    click.echo(f"Weekly summaries sent: {sent}.")
