"""Fixtures: a fresh database per test on SQLite (default) or PostgreSQL, app, client, runner,
outbox reader, login helper and role fixtures."""
import contextvars
import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from forum import create_app
from forum.extensions import db as _db
from forum.mail.services import read_outbox
from tests import factories

POSTGRES_URL = os.environ.get("FORUM_TEST_DATABASE_URL")
_cluster = None


def pytest_configure(config):
    """FORUM_TEST_POSTGRES=1 starts a throwaway cluster for this run (make test-postgres)."""
    global POSTGRES_URL, _cluster
    if os.environ.get("FORUM_TEST_POSTGRES") == "1" and not POSTGRES_URL:
        from tests.pgcluster import running_cluster

        _cluster = running_cluster()
        POSTGRES_URL = _cluster.__enter__()
        os.environ["FORUM_TEST_DATABASE_URL"] = POSTGRES_URL


def pytest_unconfigure(config):
    if _cluster is not None:
        _cluster.__exit__(None, None, None)


class IsolatedClient(FlaskClient):
    """Runs each request in an empty context, as a real server would, so the app context the
    test holds open (and its `g` and database session) is not shared with the request."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def _base_config(tmp_path, database_url):
    return {
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "SERVER_NAME_FOR_MAIL": "http://localhost",
    }


@pytest.fixture(scope="session")
def database_backend():
    return "postgresql" if POSTGRES_URL else "sqlite"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """The schema built once; each test gets a copy of this file (fresh and fast)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_schema():
    if not POSTGRES_URL:
        return None
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": POSTGRES_URL})
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        tables = [t.name for t in _db.metadata.sorted_tables]
        _db.engine.dispose()
    return tables


@pytest.fixture
def database_url(request, tmp_path):
    if POSTGRES_URL:
        tables = request.getfixturevalue("postgres_schema")
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            quoted = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return POSTGRES_URL
    template = request.getfixturevalue("sqlite_template")
    target = tmp_path / "forum.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def make_app(tmp_path):
    """Build an extra app on the same database (e.g. with different settings)."""
    def build(database_url, **overrides):
        config = _base_config(tmp_path, database_url)
        config.update(overrides)
        application = create_app(config)
        application.test_client_class = IsolatedClient
        return application
    return build


@pytest.fixture
def app_overrides():
    """Override in a test module (or parametrize) to change the app's configuration."""
    return {}


@pytest.fixture
def app(make_app, database_url, app_overrides):
    application = make_app(database_url, **app_overrides)
    with application.app_context():
        yield application
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """Messages written to the outbox so far, oldest first."""
    def read():
        return read_outbox(app.config["MAIL_OUTBOX"])
    return read


def link_in(message, path_prefix):
    """The first link in a mail whose path starts with `path_prefix`, as a local path."""
    body = message.get_content()
    match = re.search(r"http://localhost(" + re.escape(path_prefix) + r"[^\s]*)", body)
    assert match, f"no {path_prefix} link in: {body}"
    return match.group(1)


def login(client, user_or_email, password=factories.DEFAULT_PASSWORD, follow=False):
    """Log in through the real form; answers the two-factor step when the account has it."""
    email = getattr(user_or_email, "email", user_or_email)
    response = client.post("/login", data={"email": email, "password": password}, follow_redirects=follow)
    if response.status_code == 302 and response.headers["Location"].startswith("/login/verify"):
        user_id = getattr(user_or_email, "id", None)
        if user_id is None:
            from forum.auth.services import find_user_by_email
            user_id = find_user_by_email(email).id
        response = client.post("/login/verify", data={"code": factories.current_code(user_id)},
                               follow_redirects=follow)
    return response


@pytest.fixture
def member(db):
    user = factories.make_user(full_name="Amelia Quillfeather", email="member@example.org")
    db.session.commit()
    return user


@pytest.fixture
def moderator(db):
    user = factories.make_user(full_name="Marcus Moderator", email="moderator@example.org", role="moderator")
    db.session.commit()
    return user


@pytest.fixture
def admin(db):
    user = factories.make_user(full_name="Ada Admin", email="admin@example.org", role="admin")
    db.session.commit()
    return user


@pytest.fixture
def member_client(app, member):
    client = app.test_client()
    assert login(client, member).status_code == 302
    return client


@pytest.fixture
def admin_client(app, admin):
    client = app.test_client()
    assert login(client, admin).status_code == 302
    return client


@pytest.fixture
def clients(app, people):
    """clients(name): a client logged in as people[name] (a module's `people` fixture), made once."""
    made = {}

    def get(name):
        if name not in made:
            client = app.test_client()
            assert login(client, people[name]).status_code == 302
            made[name] = client
        return made[name]
    return get


@pytest.fixture
def unique():
    return lambda prefix="x": f"{prefix}{uuid.uuid4().hex[:8]}"


def pytest_report_header(config):
    return f"database: {'PostgreSQL (' + POSTGRES_URL + ')' if POSTGRES_URL else 'SQLite'}"
