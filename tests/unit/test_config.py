"""Configuration: production refuses to start unsafely; development never needs set-up."""
import subprocess
import sys
from pathlib import Path

import pytest

from forum import create_app
from forum.config import ConfigurationError

ROOT = Path(__file__).resolve().parents[2]


def test_production_refuses_without_secret_key(monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="FORUM_SECRET_KEY"):
        create_app()


def test_production_refuses_a_short_secret_key(monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.setenv("FORUM_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError):
        create_app()


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "staging")
    with pytest.raises(ConfigurationError, match="FORUM_ENV"):
        create_app()


def test_app_module_prints_one_line_and_exits(tmp_path):
    env = {"FORUM_ENV": "production", "FORUM_MAIL_SERVER": "smtp.example.org", "PATH": "/usr/bin:/bin",
           "FORUM_BASE_URL": "https://curbside.example.org",
           "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Curbside cannot start: FORUM_SECRET_KEY must be set to a random value of at least 32 characters "
        "(python -c 'import secrets; print(secrets.token_hex(32))')."]
    assert "Traceback" not in result.stderr


def test_production_names_every_problem_on_its_own_line(monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    monkeypatch.delenv("FORUM_MAIL_SERVER", raising=False)
    monkeypatch.delenv("FORUM_BASE_URL", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigurationError) as caught:
        create_app()
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert any("FORUM_BASE_URL" in line for line in lines)
    assert any("FORUM_SECRET_KEY" in line for line in lines)
    assert any("Debug mode" in line for line in lines)
    assert any("FORUM_MAIL_SERVER" in line for line in lines)


def test_production_warns_on_sqlite(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.setenv("FORUM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FORUM_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("FORUM_BASE_URL", "https://curbside.example.org")
    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    with pytest.warns(RuntimeWarning, match="SQLite in production"):
        create_app()


def test_production_never_seeds_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.setenv("FORUM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FORUM_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("FORUM_BASE_URL", "https://curbside.example.org")
    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    with pytest.warns(RuntimeWarning):
        app = create_app()
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code != 0
    assert "only seeded when FORUM_ENV=development" in result.output
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("base_url, problem", [
    (None, "must be the forum's public address"),
    ("http://127.0.0.1:5000", "must be an https address"),
    ("http://curbside.example.org", "must be an https address"),
    ("https://", "must be an https address"),
    ("https://curbside.example.org/?next=x", "must not carry a query"),
    ("https://curbside.example.org", None),
    ("https://forum.example.org/curbside", None),
])
def test_production_needs_the_public_https_address_for_mail_links(monkeypatch, tmp_path, base_url, problem):
    """Reset and confirmation links carry a token: never to localhost, never over plain http."""
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.setenv("FORUM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FORUM_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    if base_url is None:
        monkeypatch.delenv("FORUM_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("FORUM_BASE_URL", base_url)
    if problem is None:
        with pytest.warns(RuntimeWarning):
            assert create_app().config["SERVER_NAME_FOR_MAIL"] == base_url
    else:
        with pytest.raises(ConfigurationError, match=problem) as caught:
            create_app()
        assert len(str(caught.value).splitlines()) == 1


@pytest.mark.parametrize("name, value, problem", [
    ("DATABASE_URL", "notaurl", "FORUM_DATABASE_URL cannot be read as a database address"),
    ("DATABASE_URL", "mysql://u:p@127.0.0.1/x", "FORUM_DATABASE_URL must name SQLite or PostgreSQL, not 'mysql'"),
    ("DATABASE_URL", "postgresql+psycopg2://u:p@db/x", "names the driver 'postgresql+psycopg2', which is not installed"),
    ("NPI_API_TIMEOUT", "abc", "FORUM_NPI_API_TIMEOUT must be a number, not 'abc'"),
    ("NPI_API_TIMEOUT", "0", "FORUM_NPI_API_TIMEOUT must be a number of seconds above 0"),
    ("PROXY_COUNT", "-1", "FORUM_PROXY_COUNT must be 0 (no proxy) to 10, not -1"),
    ("PROXY_COUNT", "99999", "FORUM_PROXY_COUNT must be 0 (no proxy) to 10, not 99999"),
    ("AUTO_APPROVE", "yes", "FORUM_AUTO_APPROVE must be one of off, strong, not 'yes'"),
    ("RATELIMIT_STORAGE_URI", "bogus://x", "FORUM_RATELIMIT_STORAGE_URI must be memory:// or a Redis address"),
    ("RATELIMIT_STORAGE_URI", "localhost:6379", "not an address without a scheme"),
    ("REGISTRY_STALE_DAYS_NPI", "0", "FORUM_REGISTRY_STALE_DAYS_NPI must be a number of days above 0, not 0"),
    ("REGISTRY_STALE_DAYS_NMC", "a month", "FORUM_REGISTRY_STALE_DAYS_NMC must be a whole number"),
    ("REGISTRY_UPLOAD_MAX_MB", "-5", "FORUM_REGISTRY_UPLOAD_MAX_MB must be a number of megabytes above 0"),
    ("RATELIMIT_SOCKET_TIMEOUT", "soon", "FORUM_RATELIMIT_SOCKET_TIMEOUT must be a number, not 'soon'"),
    ("RATELIMIT_SOCKET_TIMEOUT", "0", "FORUM_RATELIMIT_SOCKET_TIMEOUT must be a number of seconds above 0"),
    ("RATELIMIT_CONNECT_TIMEOUT", "-1", "FORUM_RATELIMIT_CONNECT_TIMEOUT must be a number of seconds above 0"),
    ("RATELIMIT_CONNECT_TIMEOUT", "600", "and at most 60, not 600.0"),
])
def test_settings_that_cannot_work_are_refused_in_every_environment(monkeypatch, tmp_path, name, value, problem):
    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'f.db'}")
    monkeypatch.setenv(f"FORUM_{name}", value)
    with pytest.raises(ConfigurationError) as caught:
        create_app()
    assert str(caught.value).splitlines() == [str(caught.value)]
    assert problem in str(caught.value)
    assert "u:p@" not in str(caught.value)  # a database password is never repeated


@pytest.mark.parametrize("name, value", [
    ("DATABASE_URL", "postgresql://curbside:p%40ss@db.internal/curbside"),
    ("DATABASE_URL", "postgresql+psycopg://curbside:pw@db.internal/curbside?sslmode=verify-full"),
    ("NPI_API_TIMEOUT", "2.5"), ("PROXY_COUNT", "2"), ("AUTO_APPROVE", "strong"),
    ("REGISTRY_STALE_DAYS_GMC", "60"), ("REGISTRY_UPLOAD_MAX_MB", "250"),
    ("RATELIMIT_STORAGE_URI", "rediss://:pw@redis.internal:6379/0"),
    ("RATELIMIT_STORAGE_URI", "redis+sentinel://sentinel.internal:26379/mymaster"),
    ("RATELIMIT_SOCKET_TIMEOUT", "0.25"), ("RATELIMIT_CONNECT_TIMEOUT", "2"),
])
def test_documented_settings_are_accepted(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'f.db'}")
    monkeypatch.setenv(f"FORUM_{name}", value)
    create_app()  # no ConfigurationError (nothing connects yet)


def test_redis_storage_waits_only_the_configured_seconds(monkeypatch, tmp_path):
    """redis-py waits forever by default: a Redis that hangs without dying would hang every worker."""
    from forum.extensions import limiter

    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'f.db'}")
    monkeypatch.setenv("FORUM_RATELIMIT_STORAGE_URI", "redis://redis.internal:6379/0")
    create_app()
    assert limiter.storage.primary.storage.connection_pool.connection_kwargs["socket_timeout"] == 0.5
    assert limiter.storage.primary.storage.connection_pool.connection_kwargs["socket_connect_timeout"] == 1.0
    monkeypatch.setenv("FORUM_RATELIMIT_SOCKET_TIMEOUT", "0.2")
    monkeypatch.setenv("FORUM_RATELIMIT_CONNECT_TIMEOUT", "3")
    create_app()
    assert limiter.storage.primary.storage.connection_pool.connection_kwargs["socket_timeout"] == 0.2
    assert limiter.storage.primary.storage.connection_pool.connection_kwargs["socket_connect_timeout"] == 3.0
    monkeypatch.setenv("FORUM_RATELIMIT_STORAGE_URI", "memory://")
    create_app()  # memory storage takes no socket options


def _rate_limit_settings():
    from forum.config import RATE_LIMIT_NAME, NOT_RATE_LIMITS, TestingConfig

    config = TestingConfig("/nonexistent")
    return [name for name in dir(config) if RATE_LIMIT_NAME.search(name) and name not in NOT_RATE_LIMITS]


def test_every_documented_rate_limit_is_checked():
    assert {"LOGIN_LIMIT_PER_IP", "LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "REGISTER_LIMIT",
            "RESET_LIMIT", "TWO_FACTOR_LIMIT", "THREAD_LIMIT", "REPLY_LIMIT", "EDIT_LIMIT", "REPORT_LIMIT"} <= set(_rate_limit_settings())


@pytest.mark.parametrize("env_name", ["development", "production"])
@pytest.mark.parametrize("name", _rate_limit_settings())
@pytest.mark.parametrize("value", ["lots", "30/15m", ""])
def test_a_rate_limit_that_cannot_be_read_is_refused(monkeypatch, tmp_path, env_name, name, value):
    """Flask-Limiter logs and then ignores a limit it cannot read: a typo would turn it off."""
    monkeypatch.setenv("FORUM_ENV", env_name)
    monkeypatch.setenv("FORUM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FORUM_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("FORUM_BASE_URL", "https://curbside.example.org")
    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'f.db'}")
    monkeypatch.setenv(f"FORUM_{name}", value)
    with pytest.raises(ConfigurationError) as caught:
        create_app()
    assert str(caught.value) == f'FORUM_{name} must look like "30 per 15 minutes" (or "10 per hour; 100 per day"), not {value!r}.'


def test_any_setting_named_like_a_rate_limit_is_checked(tmp_path):
    """A limit added later (say DRAFT_LIMIT) is checked without being listed anywhere."""
    from forum.config import load_config

    with pytest.raises(ConfigurationError, match="FORUM_DRAFT_LIMIT must look like"):
        load_config(str(tmp_path), {"ENV_NAME": "testing", "DRAFT_LIMIT": "5 a day"})
    config = load_config(str(tmp_path), {"ENV_NAME": "testing", "DRAFT_LIMIT": "10/hour; 100 per day",
                                         "WTF_CSRF_TIME_LIMIT": 3600})
    assert config.DRAFT_LIMIT == "10/hour; 100 per day"
