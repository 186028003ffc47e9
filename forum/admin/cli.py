"""`flask create-admin`: the operator's first account, password from a prompt or stdin."""
import sys

import click

from forum.admin.services import create_admin
from forum.errors import DomainError
from forum.extensions import db


def register_admin_cli(app):
    @app.cli.command("create-admin")
    @click.option("--email", required=True, help="The admin's email address.")
    @click.option("--name", "full_name", required=True, help="The admin's full name.")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the password from the first line of standard input instead of a prompt.")
    def create_admin_command(email, full_name, password_stdin):
        """Create a verified admin. The password is never taken from the command line."""
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = create_admin(full_name, email, password)
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from exc
        db.session.commit()
        click.echo(f"Admin {user.email} created. Log in at /login.")
