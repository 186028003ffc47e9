"""Rate limits shared through Redis: failed logins counted by one app instance block the login
on another, separate instance; with memory storage each instance counts on its own; and when
the storage fails, between requests or in the middle of one, requests are counted in memory
(logged once) and never answered with a server error.

Why the second instance is another process: `limiter` in forum/extensions.py is a module
singleton and Flask-Limiter's init_app replaces its storage, so two apps built in one process
would both count in the storage of whichever was built last, Redis or not. Instance A is this
process's app (test client); instance B is gunicorn started from gunicorn.conf.py in its own
process, on the same database. Whatever B knows of A's counts came through Redis.
"""
import shutil
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from limits.storage import MemoryStorage

from forum.auth import services as auth_services
from forum.auth import throttles
from forum.extensions import db as _db
from forum.extensions import limiter
from forum.ratelimit_storage import MemoryFallbackStorage
from tests import discussion_factories as df
from tests import factories
from tests.appserver import ServerClient, running_app_server
from tests.conftest import login
from tests.redisserver import client_for, redis_server, require_redis_server, running_redis

LIMIT = "3 per 15 minutes"
WRONG = "not the password at all 1"
FALLBACK_LINE = "Rate limit storage unreachable - falling back to in-memory storage"


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
    assert caplog.text.count(FALLBACK_LINE) == 1  # once for the outage, not once a request
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def _dispose(app):
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_redis_dying_during_a_login_is_not_a_server_error(make_app, database_url, caplog, monkeypatch):
    """The login's limits are checked in Redis before the password is; Redis dies while the
    password is being checked, and the failed attempt is counted after the view: in memory, as
    the fallback counts, not a 500. The operator gets one log line for the outage."""
    with redis_server(require_redis_server()) as server:
        app = make_app(database_url, RATELIMIT_STORAGE_URI=server.url, LOGIN_LIMIT_PER_ACCOUNT=LIMIT)
        with app.app_context():
            alice = factories.make_user(email="alice@example.org").email
            _db.session.commit()
        checked_in_redis = login(app.test_client(), alice, WRONG)
        assert checked_in_redis.status_code == 401 and client_for(server.url).keys("LIMITS:*")
        authenticate = auth_services.authenticate

        def redis_dies_meanwhile(*args, **kwargs):
            server.stop()
            return authenticate(*args, **kwargs)

        monkeypatch.setattr(auth_services, "authenticate", redis_dies_meanwhile)
        with caplog.at_level("INFO", logger="flask-limiter"):
            refused = login(app.test_client(), alice, WRONG)
            assert refused.status_code == 401, refused.status_code
            assert auth_services.GENERIC_LOGIN_FAILURE in refused.get_data(as_text=True)
            assert server.process.poll() is not None, "Redis should have died during that request"
            # counted in memory from that attempt on: two more, and the limit of three holds
            for _ in range(2):
                assert login(app.test_client(), alice, WRONG).status_code == 401
            assert login(app.test_client(), alice).status_code == 429
    assert caplog.text.count(FALLBACK_LINE) == 1, caplog.text
    assert "Traceback" not in caplog.text and "Unhandled error" not in caplog.text
    _dispose(app)


class FlakyStorage(MemoryStorage):
    """memory:// counting that fails as an unreachable Redis does (ConnectionError on every
    use) while FlakyStorage.down is set: to take the storage down at an exact moment of a
    request, without a Redis server."""

    down = False

    @property
    def base_exceptions(self):
        return ConnectionError

    def _fail_when_down(self):
        if FlakyStorage.down:
            raise ConnectionError("Connection refused (the test took the storage down)")

    def acquire_entry(self, *args, **kwargs):
        self._fail_when_down()
        return super().acquire_entry(*args, **kwargs)

    def get_moving_window(self, *args, **kwargs):
        self._fail_when_down()
        return super().get_moving_window(*args, **kwargs)

    def check(self):
        return not FlakyStorage.down


class FlakyStorageWithFallback(MemoryFallbackStorage):
    """FlakyStorage behind the fallback that redis:// gets (forum.ratelimit_storage)."""

    STORAGE_SCHEME = ["curbside-flaky"]
    PRIMARY = FlakyStorage


@pytest.fixture
def flaky_app(make_app, database_url):
    FlakyStorage.down = False
    app = make_app(database_url, RATELIMIT_STORAGE_URI="curbside-flaky://", LOGIN_LIMIT_PER_ACCOUNT=LIMIT)
    yield app
    FlakyStorage.down = False
    _dispose(app)


@pytest.mark.parametrize("when", ["in the view", "before the request"])
def test_a_storage_failing_at_any_point_of_a_login_falls_back(flaky_app, caplog, monkeypatch, when):
    """After the view the failed attempt is deducted (a hit) and the rate-limit headers read
    the window: both reach the storage after Flask-Limiter's own fallback has had its say."""
    with flaky_app.app_context():
        alice = factories.make_user(email="alice@example.org").email
        _db.session.commit()
    authenticate = auth_services.authenticate

    def storage_dies_meanwhile(*args, **kwargs):
        FlakyStorage.down = True
        return authenticate(*args, **kwargs)

    if when == "in the view":
        monkeypatch.setattr(auth_services, "authenticate", storage_dies_meanwhile)
    else:
        FlakyStorage.down = True
    with caplog.at_level("INFO", logger="flask-limiter"):
        for _ in range(3):
            response = login(flaky_app.test_client(), alice, WRONG)
            assert response.status_code == 401, response.status_code
            assert response.headers["X-RateLimit-Limit"]  # the headers came from the fallback
        assert login(flaky_app.test_client(), alice).status_code == 429
    assert caplog.text.count(FALLBACK_LINE) == 1, caplog.text


def test_a_reply_is_posted_when_the_storage_fails_on_its_hit(flaky_app, caplog):
    """The posting limit hits the storage before the view: the reply is posted all the same."""
    with flaky_app.app_context():
        author = factories.make_user(full_name="Ann Author")
        thread = df.start_thread(author, title="Sodium on sertraline")
        _db.session.commit()
        thread_id, email = thread.id, author.email
    client = flaky_app.test_client()
    assert login(client, email).status_code == 302
    FlakyStorage.down = True
    with caplog.at_level("INFO", logger="flask-limiter"):
        response = df.post_reply(client, thread_id, body="Check the urine osmolality first.")
        assert response.status_code == 302, response.status_code
        assert "Check the urine osmolality first." in client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert caplog.text.count(FALLBACK_LINE) == 1, caplog.text


def test_counting_returns_to_the_storage_once_it_answers_again(flaky_app, caplog, monkeypatch):
    """While the storage is down the limits hold in memory; once it answers (asked again after
    a second, then two, four ... up to a minute; here at most 0.2 s) counting goes back to it,
    and the recovery is logged."""
    monkeypatch.setattr(FlakyStorageWithFallback, "RETRY_MAX", 0.2)
    with flaky_app.app_context():
        alice = factories.make_user(email="alice@example.org").email
        _db.session.commit()
    FlakyStorage.down = True
    with caplog.at_level("INFO", logger="flask-limiter"):
        for _ in range(3):
            assert login(flaky_app.test_client(), alice, WRONG).status_code == 401
        assert login(flaky_app.test_client(), alice).status_code == 429  # counted in memory
        assert limiter.storage.counting_in_memory
        FlakyStorage.down = False
        time.sleep(0.3)
        assert login(flaky_app.test_client(), alice).status_code == 302  # a fresh count: the storage's
    assert not limiter.storage.counting_in_memory
    assert caplog.text.count(FALLBACK_LINE) == 1 and caplog.text.count("Rate limit storage recovered") == 1


def test_every_redis_address_gets_the_memory_fallback():
    """The fallback is the storage's (limits' documented extension point: a Storage subclass
    registered by scheme), not Flask-Limiter's: whichever Redis scheme an operator writes."""
    from limits.storage import RedisStorage, storage_from_string

    from forum.ratelimit_storage import RedisWithMemoryFallback

    for uri in ("redis://redis.internal:6379/0", "rediss://redis.internal:6380", "redis+unix:///run/redis.sock"):
        storage = storage_from_string(uri, socket_timeout=0.5)
        assert isinstance(storage, RedisWithMemoryFallback), uri
        assert type(storage.primary) is RedisStorage and not storage.counting_in_memory


def test_a_bug_in_a_key_function_is_a_server_error_not_an_outage(make_app, database_url, redis_storage,
                                                                  caplog, monkeypatch):
    """Only the storage failing moves the counting to memory: a bug in the rate-limit machinery
    (here the login's key function) is a 500 page and a logged traceback, and Redis stays in use."""
    app = make_app(database_url, RATELIMIT_STORAGE_URI=redis_storage, LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS=LIMIT)
    with app.app_context():
        alice = factories.make_user(email="alice@example.org").email
        _db.session.commit()

    def broken_key():
        raise KeyError("a bug in a key function")

    monkeypatch.setattr(throttles, "_account_key", broken_key)
    with caplog.at_level("INFO"):
        response = login(app.test_client(), alice, WRONG)
        page = response.get_data(as_text=True)
        assert response.status_code == 500, response.status_code
        assert "Something went wrong on our side" in page and "KeyError" not in page and "Traceback" not in page
    assert FALLBACK_LINE not in caplog.text
    assert "Unhandled error on POST /login" in caplog.text and "a bug in a key function" in caplog.text
    monkeypatch.undo()
    client_for(redis_storage).flushall()
    for _ in range(3):
        assert login(app.test_client(), alice, WRONG).status_code == 401
    assert client_for(redis_storage).keys("LIMITS:*login-password-guesses*"), "still counted in Redis"
    assert login(app.test_client(), alice).status_code == 429
    _dispose(app)


@contextmanager
def hung_redis():
    """A `redis+unix://` address where a plain socket listener accepts connections and never
    answers, as a Redis stopped in its tracks (SIGSTOP, a full disk under `appendfsync`) does."""
    base = Path(tempfile.mkdtemp(prefix="curbside-hung-"))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(base / "redis.sock"))
    listener.listen(16)
    accepted = []

    def accept_and_say_nothing():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_and_say_nothing, daemon=True).start()
    try:
        yield f"redis+unix://{base / 'redis.sock'}", accepted
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
        shutil.rmtree(base, ignore_errors=True)


def login_or_none(app, email, password, seconds=10):
    """The login's response, or None if it was still waiting after `seconds` (the test then
    fails instead of hanging with the worker)."""
    result = {}

    def run():
        result["response"] = login(app.test_client(), email, password)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    return result.get("response")


def test_a_redis_that_hangs_does_not_hang_the_login(make_app, database_url, caplog):
    """The storage's socket timeout (FORUM_RATELIMIT_SOCKET_TIMEOUT) ends the wait: the login
    is answered while Redis still says nothing, counted in memory, and the outage logged once.
    (redis-py 8 waits 5 s by default, older versions forever; either is too long for every
    worker at once.)"""
    with hung_redis() as (url, accepted):
        app = make_app(database_url, RATELIMIT_STORAGE_URI=url, LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS=LIMIT,
                       RATELIMIT_SOCKET_TIMEOUT=0.3, RATELIMIT_CONNECT_TIMEOUT=0.3)
        with app.app_context():
            alice = factories.make_user(email="alice@example.org").email
            _db.session.commit()
        connection = limiter.storage.primary.storage.connection_pool.connection_kwargs
        assert (connection["socket_timeout"], connection["socket_connect_timeout"]) == (0.3, 0.3)
        with caplog.at_level("WARNING", logger="flask-limiter"):
            response = login_or_none(app, alice, WRONG)
            assert response is not None, "the login was still waiting for Redis after 10 s"
            assert response.status_code == 401
            assert accepted, "the request should have reached the hung server"
            for _ in range(2):
                assert login_or_none(app, alice, WRONG).status_code == 401
            assert login_or_none(app, alice, factories.DEFAULT_PASSWORD).status_code == 429  # counted in memory
        assert caplog.text.count(FALLBACK_LINE) == 1 and "TimeoutError" in caplog.text, caplog.text
    _dispose(app)
