"""`flask demo seed`: fill an empty development database with labelled demo data."""
import click
from flask import current_app
from flask.cli import AppGroup

from forum.demo.seed import database_is_empty, seed_demo
from forum.extensions import db

demo_cli = AppGroup("demo", help="Demo data for trying Curbside out.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing (quietly) unless the database has no accounts.")
def seed_command(if_empty):
    """Seed demo accounts and data. Refused outside development."""
    if not current_app.config.get("SEED_DEMO"):
        if if_empty:
            return
        raise click.ClickException("Demo data is only seeded when FORUM_ENV=development.")
    if not database_is_empty():
        if if_empty:
            click.echo("Database already has accounts: demo not seeded.")
            return
        raise click.ClickException("The database already has accounts; seed only an empty database.")
    created = seed_demo()
    db.session.commit()
    click.echo("")
    click.echo("=== DEMO DATA (fictional people; do not use for real patients) ===")
    for spec, user in created:
        click.echo(f"  {user.role_label:<9} {user.state_label:<28} {spec.email:<38} password: {spec.password}")
    click.echo("Log in as the admin to approve Josefina Dela Cruz's pending application.")
    click.echo("==================================================================")
