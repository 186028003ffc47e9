"""`flask two-factor reset`: the operator removes a member's two-factor set-up (lost phone, or a
seed that no configured secret key opens), after checking who is asking outside the forum."""
import click
from flask.cli import AppGroup
from forum.auth import two_factor
from forum.auth.services import find_user_by_email
from forum.errors import DomainError
from forum.extensions import db

two_factor_cli = AppGroup("two-factor", help="Reset a member's two-factor authentication.")


@two_factor_cli.command("reset")
@click.option("--email", required=True, help="The member's email address.")
@click.option("--reason", required=True,
              help="Why, for the audit log (e.g. how you checked the member's identity).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def reset_command(email, reason, yes):
    """Remove the member's authenticator and recovery codes and end all their sessions. Staff
    set two-factor up again at their next login; the member is told by mail."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email.strip()!r}.")
    if not yes:
        click.confirm(f"Reset two-factor authentication of {user.full_name} <{user.email}> "
                      "and end all their sessions?", abort=True)
    try:
        two_factor.reset_by_operator(user, reason)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Two-factor authentication of {user.email} was reset; their sessions were ended "
               "and they were told by mail.")
