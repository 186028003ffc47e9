"""Rate limits shared through Redis: failed logins counted by one app instance block the login
on another, separate instance; with memory storage each instance counts on its own.

Why the second instance is another process: `limiter` in forum/extensions.py is a module
singleton and Flask-Limiter's init_app replaces its storage, so two apps built in one process
would both count in the storage of whichever was built last, Redis or not. Instance A is this
process's app (test client); instance B is gunicorn started from gunicorn.conf.py in its own
process, on the same database. Whatever B knows of A's counts came through Redis.
"""
import pytest

from forum.extensions import db as _db
from tests import factories
from tests.appserver import ServerClient, running_app_server
from tests.conftest import login
from tests.redisserver import client_for, require_redis_server, running_redis

LIMIT = "3 per 15 minutes"
WRONG = "not the password at all 1"


@pytest.fixture(scope="module")
def redis_url():
    with running_redis(require_redis_server()) as url:
        yield url


@pytest.fixture
def redis_storage(redis_url):
    client = client_for(redis_url)
    client.flushall()
    yield redis_url
    client.close()


def two_instances(make_app, database_url, storage_uri):
    """Instance A (in this process) with three accounts in the shared database; and the
    settings for instance B (gunicorn) that give it the same database, storage and limit."""
    local = make_app(database_url, RATELIMIT_STORAGE_URI=storage_uri, LOGIN_LIMIT_PER_ACCOUNT=LIMIT,
                     LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS=LIMIT)
    with local.app_context():
        accounts = [factories.make_user(email=f"{name}@example.org").email for name in ("alice", "bob", "carol")]
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()
    remote_env = {"FORUM_DATABASE_URL": database_url, "FORUM_RATELIMIT_STORAGE_URI": storage_uri,
                  "FORUM_LOGIN_LIMIT_PER_ACCOUNT": LIMIT, "FORUM_LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS": LIMIT}
    return local, remote_env, accounts


def test_failed_logins_on_one_instance_block_the_other(make_app, database_url, redis_storage):
    local, remote_env, (alice, bob, carol) = two_instances(make_app, database_url, redis_storage)
    with running_app_server(remote_env) as (sock, _access_log):
        for _ in range(3):
            assert login(local.test_client(), alice, WRONG).status_code == 401
        assert client_for(redis_storage).keys("LIMITS:*"), "instance A should count in Redis"

        blocked = ServerClient(sock).login(alice, factories.DEFAULT_PASSWORD)
        assert blocked.status_code == 429, "instance B should see A's failures through Redis"
        assert blocked.headers["Retry-After"]

        for _ in range(3):
            assert ServerClient(sock).login(bob, WRONG).status_code == 401
        assert login(local.test_client(), bob).status_code == 429

        assert ServerClient(sock).login(carol, factories.DEFAULT_PASSWORD).status_code == 302
        assert login(local.test_client(), carol).status_code == 302


def test_guesses_on_one_instance_meet_the_ceiling_on_the_other_but_spare_a_known_browser(
        make_app, database_url, redis_storage):
    """The per-account ceiling is counted in Redis across hosts; a browser that logged in to the
    account before is not held back by it."""
    local = make_app(database_url, RATELIMIT_STORAGE_URI=redis_storage, LOGIN_LIMIT_PER_ACCOUNT=LIMIT)
    with local.app_context():
        alice = factories.make_user(email="alice@example.org").email
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()
    own = local.test_client()
    assert login(own, alice).status_code == 302
    assert own.post("/logout").status_code == 302
    remote_env = {"FORUM_DATABASE_URL": database_url, "FORUM_RATELIMIT_STORAGE_URI": redis_storage,
                  "FORUM_LOGIN_LIMIT_PER_ACCOUNT": LIMIT}
    with running_app_server(remote_env) as (sock, _access_log):
        for _ in range(3):
            assert ServerClient(sock).login(alice, WRONG).status_code == 401
        stranger = local.test_client()
        stranger.environ_base["REMOTE_ADDR"] = "198.51.100.7"
        assert login(stranger, alice).status_code == 429, "instance A should see B's guesses through Redis"
        assert login(own, alice).status_code == 302


def test_memory_storage_counts_each_instance_alone(make_app, database_url):
    local, remote_env, (alice, bob, _carol) = two_instances(make_app, database_url, "memory://")
    with running_app_server(remote_env) as (sock, _access_log):
        for _ in range(3):
            assert login(local.test_client(), alice, WRONG).status_code == 401
        assert ServerClient(sock).login(alice, factories.DEFAULT_PASSWORD).status_code == 302
        assert login(local.test_client(), alice).status_code == 429  # A's own limit does hold

        for _ in range(3):
            assert ServerClient(sock).login(bob, WRONG).status_code == 401
        assert login(local.test_client(), bob).status_code == 302
        assert ServerClient(sock).login(bob, factories.DEFAULT_PASSWORD).status_code == 429


def test_logins_keep_working_and_limited_while_redis_is_down(make_app, database_url, caplog):
    """Redis holds only counters: while it is down each worker counts in its own memory (and
    says so in the log), so logins neither fail with a server error nor go unlimited."""
    with running_redis(require_redis_server()) as url:
        app = make_app(database_url, RATELIMIT_STORAGE_URI=url, LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS=LIMIT)
        with app.app_context():
            alice, bob = (factories.make_user(email=f"{name}@example.org").email for name in ("alice", "bob"))
            _db.session.commit()
        assert login(app.test_client(), alice, WRONG).status_code == 401
    # the server is stopped and its socket deleted
    with caplog.at_level("WARNING", logger="flask-limiter"):
        for _ in range(3):
            assert login(app.test_client(), alice, WRONG).status_code == 401
        assert login(app.test_client(), alice).status_code == 429  # counted in memory
        assert login(app.test_client(), bob).status_code == 302
        assert app.test_client().get("/login").status_code == 200
    assert "falling back to in-memory storage" in caplog.text
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()
