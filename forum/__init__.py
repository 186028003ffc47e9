"""Application factory: create_app(config=None) builds a configured Curbside app."""
import logging
from pathlib import Path

from flask import Flask

from forum.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None):
    """Build the app. `config` is a dict of overrides (tests pass ENV_NAME="testing")."""
    app = Flask(
        "forum",
        root_path=str(ROOT / "forum"),
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(load_config(app.instance_path, config))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("alembic.runtime.plugins", "alembic.autogenerate"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from forum import extensions, errors, web
    from forum.security import permissions

    _init_database(app, extensions.db)
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"),
                                render_as_batch=True, compare_type=True)
    # The access gate runs before CSRF so an anonymous POST is sent to login, not told "bad token".
    app.before_request(permissions.enforce_access)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    web.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _init_database(app, db):
    import forum.models  # noqa: F401  (every model registered before the first query)
    from forum import database

    db.init_app(app)
    database.init_app(app)


def _register_blueprints(app):
    from forum.admin import registry_views  # noqa: F401  (adds the registry routes to admin_bp)
    from forum.admin.views import bp as admin_bp
    from forum.auth import account_views  # noqa: F401  (adds the account routes to auth_bp)
    from forum.auth.views import bp as auth_bp
    from forum.discussion.views import bp as discussion_bp
    from forum.home.views import bp as home_bp
    from forum.moderation.views import bp as moderation_bp
    from forum.notifications.views import bp as notifications_bp
    from forum.search.views import bp as search_bp

    for blueprint in (home_bp, auth_bp, admin_bp, discussion_bp, search_bp, notifications_bp,
                      moderation_bp):
        app.register_blueprint(blueprint)


def _register_cli(app):
    from forum.admin.cli import register_admin_cli
    from forum.audit.cli import audit_cli
    from forum.auth.cli import two_factor_cli
    from forum.backup.cli import backup_cli
    from forum.demo.cli import demo_cli
    from forum.privacy.cli import privacy_cli
    from forum.registry.cli import registry_cli

    register_admin_cli(app)
    app.cli.add_command(registry_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(two_factor_cli)
