"""Configuration classes; every value can be set by a FORUM_* environment variable."""
import os
import re
import secrets
import warnings
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many as parse_rate_limits
from limits.storage import SCHEMES as RATELIMIT_STORAGE_SCHEMES
from sqlalchemy import exc as sa_exc, make_url


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete; the message says what to set."""


def env(name, default=None):
    return os.environ.get(f"FORUM_{name}", default)


def env_int(name, default):
    value = env(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"FORUM_{name} must be a whole number, not {value!r}.") from exc


def env_float(name, default):
    value = env(name)
    if value in (None, ""):
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ConfigurationError(f"FORUM_{name} must be a number, not {value!r}.") from exc


def env_bool(name, default=False):
    value = env(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class BaseConfig:
    ENV_NAME = "development"
    HSTS_ENABLED = False
    SITE_NAME = "Curbside"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "curbside_session"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    SEED_DEMO = False

    def __init__(self, instance_path):
        self.SQLALCHEMY_DATABASE_URI = env(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'forum.db'}"
        )
        self.SECRET_KEY = env("SECRET_KEY")
        # Earlier secret keys, comma-separated, while rotating: sessions, mailed links and sealed
        # two-factor seeds made under them stay valid (the seeds are re-sealed as they are used).
        self.SECRET_KEY_FALLBACKS = [key.strip() for key in (env("SECRET_KEY_FALLBACKS") or "").split(",")
                                     if key.strip()]
        self.SERVER_NAME_FOR_MAIL = env("BASE_URL", "http://127.0.0.1:5000")
        self.MAIL_SERVER = env("MAIL_SERVER")
        self.MAIL_PORT = env_int("MAIL_PORT", 587)
        self.MAIL_USERNAME = env("MAIL_USERNAME")
        self.MAIL_PASSWORD = env("MAIL_PASSWORD")
        self.MAIL_USE_TLS = env_bool("MAIL_USE_TLS", True)
        self.MAIL_SENDER = env("MAIL_SENDER", "Curbside <no-reply@curbside.invalid>")
        self.MAIL_OUTBOX = env("MAIL_OUTBOX", str(Path(instance_path) / "outbox"))
        self.RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
        # Seconds a worker waits for Redis to accept a connection, and then for each answer:
        # past them the request counts in memory (forum.ratelimit_storage.MemoryFallbackStorage:
        # Flask-Limiter's own RATELIMIT_IN_MEMORY_FALLBACK_ENABLED stays off), so a Redis that
        # hangs without dying cannot hang every worker with it.
        self.RATELIMIT_CONNECT_TIMEOUT = env_float("RATELIMIT_CONNECT_TIMEOUT", 1.0)
        self.RATELIMIT_SOCKET_TIMEOUT = env_float("RATELIMIT_SOCKET_TIMEOUT", 0.5)
        self.LOGIN_LIMIT_PER_IP = env("LOGIN_LIMIT_PER_IP", "30 per 15 minutes")
        self.LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS = env("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "8 per 15 minutes")
        # Above what one address may try (32 an hour, 768 a day under the limit above), so a
        # stranger needs many machines to reach it; and it spares known devices.
        self.LOGIN_LIMIT_PER_ACCOUNT = env("LOGIN_LIMIT_PER_ACCOUNT", "100 per hour; 1000 per day")
        self.KNOWN_DEVICE_DAYS = env_int("KNOWN_DEVICE_DAYS", 90)
        self.REGISTER_LIMIT = env("REGISTER_LIMIT", "10 per hour")
        self.RESET_LIMIT = env("RESET_LIMIT", "5 per hour")
        self.TWO_FACTOR_LIMIT = env("TWO_FACTOR_LIMIT", "5 per 5 minutes")
        self.THREAD_LIMIT = env("THREAD_LIMIT", "10 per hour")
        self.REPLY_LIMIT = env("REPLY_LIMIT", "60 per hour")
        self.EDIT_LIMIT = env("EDIT_LIMIT", "60 per hour")
        self.REPORT_LIMIT = env("REPORT_LIMIT", "20 per hour")
        self.DRAFT_LIMIT = env("DRAFT_LIMIT", "720 per hour")
        self.SEARCH_MAX_CANDIDATES = env_int("SEARCH_MAX_CANDIDATES", 5000)
        # Rendered post articles kept per worker (forum.discussion.post_fragments); 0 turns it off.
        self.POST_FRAGMENT_CACHE_SIZE = env_int("POST_FRAGMENT_CACHE_SIZE", 4096)
        self.SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60)
        self.SESSION_MAX_DAYS = env_int("SESSION_MAX_DAYS", 14)
        self.TOKEN_MAX_AGE_HOURS = env_int("TOKEN_MAX_AGE_HOURS", 24)
        self.RESET_TOKEN_MAX_AGE_MINUTES = env_int("RESET_TOKEN_MAX_AGE_MINUTES", 60)
        self.NPI_API_URL = env("NPI_API_URL")
        self.NPI_API_TIMEOUT = env_float("NPI_API_TIMEOUT", 5.0)
        self.AUTO_APPROVE = env("AUTO_APPROVE", "off")
        # Days after its last import before the admin Registry page calls an extract stale. NPPES
        # publishes weekly update files (and a full file monthly): two missed weeks. The GMC list
        # is a licensed download and the NMC file is filled by hand from the public register
        # (shared REGISTRY.md): a month and a quarter, the cadence proposed for refreshing them.
        self.REGISTRY_STALE_DAYS_NPI = env_int("REGISTRY_STALE_DAYS_NPI", 14)
        self.REGISTRY_STALE_DAYS_GMC = env_int("REGISTRY_STALE_DAYS_GMC", 31)
        self.REGISTRY_STALE_DAYS_NMC = env_int("REGISTRY_STALE_DAYS_NMC", 92)
        # Largest extract an admin may upload on the Registry page (a weekly NPPES file, a GMC or
        # NMC CSV); the monthly NPPES file (several GB) is imported from the command line.
        self.REGISTRY_UPLOAD_MAX_MB = env_int("REGISTRY_UPLOAD_MAX_MB", 100)
        self.PROXY_COUNT = env_int("PROXY_COUNT", 0)

    @property
    def RATELIMIT_STORAGE_OPTIONS(self):  # noqa: N802 (a Flask-Limiter setting)
        """Keyword arguments of the storage: redis-py's connect and socket timeouts for Redis
        (it waits forever by default), nothing for memory://."""
        if str(self.RATELIMIT_STORAGE_URI).startswith("memory"):
            return {}
        return {"socket_connect_timeout": self.RATELIMIT_CONNECT_TIMEOUT,
                "socket_timeout": self.RATELIMIT_SOCKET_TIMEOUT}

    def validate(self):
        """Refuse settings that cannot work, in every environment: one line per problem."""
        problems = self.problems()
        if problems:
            raise ConfigurationError("\n".join(problems))

    def problems(self) -> list[str]:
        """What is wrong with the settings, one sentence each (empty when nothing is)."""
        problems = [_database_url_problem(self.SQLALCHEMY_DATABASE_URI)]
        if not self.NPI_API_TIMEOUT > 0:
            problems.append(f"FORUM_NPI_API_TIMEOUT must be a number of seconds above 0, not {self.NPI_API_TIMEOUT!r}.")
        if not 0 <= self.PROXY_COUNT <= MAX_PROXIES:
            problems.append(f"FORUM_PROXY_COUNT must be 0 (no proxy) to {MAX_PROXIES}, not {self.PROXY_COUNT}.")
        for registry in ("NPI", "GMC", "NMC"):
            days = getattr(self, f"REGISTRY_STALE_DAYS_{registry}")
            if days < 1:
                problems.append(f"FORUM_REGISTRY_STALE_DAYS_{registry} must be a number of days above 0, not {days}.")
        if self.REGISTRY_UPLOAD_MAX_MB < 1:
            problems.append("FORUM_REGISTRY_UPLOAD_MAX_MB must be a number of megabytes above 0, "
                            f"not {self.REGISTRY_UPLOAD_MAX_MB}.")
        if self.AUTO_APPROVE not in AUTO_APPROVE_VALUES:
            problems.append(f"FORUM_AUTO_APPROVE must be one of {', '.join(AUTO_APPROVE_VALUES)}, "
                            f"not {self.AUTO_APPROVE!r}.")
        scheme, separator, _rest = str(self.RATELIMIT_STORAGE_URI).partition("://")
        if scheme not in RATELIMIT_STORAGE_SCHEMES or not separator:
            found = f"the scheme {scheme!r}" if separator else "an address without a scheme"
            problems.append("FORUM_RATELIMIT_STORAGE_URI must be memory:// or a Redis address such as "
                            f"redis://:PASSWORD@host:6379/0 (rediss:// for TLS), not {found}.")
        for name in ("RATELIMIT_CONNECT_TIMEOUT", "RATELIMIT_SOCKET_TIMEOUT"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 60:
                problems.append(f"FORUM_{name} must be a number of seconds above 0 and at most 60, not {value!r}.")
        problems.extend(_rate_limit_problems(self))
        return [problem for problem in problems if problem]


class DevelopmentConfig(BaseConfig):
    SEED_DEMO = True

    def __init__(self, instance_path):
        super().__init__(instance_path)
        if not self.SECRET_KEY:
            self.SECRET_KEY = _instance_secret(Path(instance_path))


class TestingConfig(BaseConfig):
    ENV_NAME = "testing"
    TESTING = True

    def __init__(self, instance_path):
        super().__init__(instance_path)
        self.SECRET_KEY = "testing-only-secret-key-not-for-use"
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        self.MAIL_SERVER = None
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.NPI_API_URL = None
        self.AUTO_APPROVE = "off"


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_ENABLED = True

    def problems(self) -> list[str]:
        """Besides what every environment refuses: what would be unsafe on a real deployment."""
        problems = super().problems()
        if not self.SECRET_KEY or len(self.SECRET_KEY) < 32:
            problems.append(
                "FORUM_SECRET_KEY must be set to a random value of at least 32 characters "
                "(python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        if env_bool("DEBUG") or os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
            problems.append("Debug mode must be off in production: unset FLASK_DEBUG and FORUM_DEBUG.")
        if not self.MAIL_SERVER:
            problems.append("FORUM_MAIL_SERVER must name an SMTP server: confirmation and reset "
                            "links cannot reach applicants otherwise.")
        if not self.RATELIMIT_ENABLED:
            problems.append("FORUM_RATELIMIT_ENABLED must not be off in production.")
        base_url_problem = _public_base_url_problem(env("BASE_URL"))
        if base_url_problem:
            problems.append(base_url_problem)
        return problems

    def validate(self):
        """Refuse to start on an unsafe configuration (one line per problem); warn on SQLite."""
        super().validate()
        if self.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            warnings.warn("Curbside is running on SQLite in production: fine for one small host; "
                          "use PostgreSQL (FORUM_DATABASE_URL) for several workers or hosts.",
                          RuntimeWarning, stacklevel=2)


AUTO_APPROVE_VALUES = ("off", "strong")
# Proxies in front of the app whose X-Forwarded-* it trusts; gunicorn.conf.py caps it alike.
MAX_PROXIES = 10
DATABASE_URL_EXAMPLES = "sqlite:////srv/curbside/forum.db or postgresql+psycopg://curbside:PW@db.internal/curbside"


def _database_url_problem(value: str) -> str | None:
    """A database address Curbside can use: it parses, and names SQLite or PostgreSQL with an
    installed driver. The message never repeats the address, which may hold a password."""
    try:
        url = make_url(value)
    except sa_exc.ArgumentError:
        return ("FORUM_DATABASE_URL cannot be read as a database address (percent-encode special "
                f"characters of the password, '@' as %40), e.g. {DATABASE_URL_EXAMPLES}.")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        return (f"FORUM_DATABASE_URL must name SQLite or PostgreSQL, not {url.get_backend_name()!r}: "
                f"e.g. {DATABASE_URL_EXAMPLES}.")
    try:
        url.get_dialect().import_dbapi()
    except (sa_exc.NoSuchModuleError, ImportError):
        return (f"FORUM_DATABASE_URL names the driver {url.drivername!r}, which is not installed: "
                "use postgresql+psycopg:// (psycopg 3, in requirements.txt) or sqlite:///.")
    return None


RATE_LIMIT_NAME = re.compile(r"(?:^|_)LIMIT(?:_|$)")
NOT_RATE_LIMITS = {"WTF_CSRF_TIME_LIMIT"}  # Flask-WTF's token lifetime in seconds


def _rate_limit_problems(config) -> list[str]:
    """Every rate limit (each setting with LIMIT as a word of its name: FORUM_REPLY_LIMIT,
    FORUM_LOGIN_LIMIT_PER_IP, ...) must be a string Flask-Limiter can read: one it cannot is logged and then ignored on every request,
    which would silently turn that limit off."""
    problems = []
    for name in sorted(dir(config)):
        if not RATE_LIMIT_NAME.search(name) or not name.isupper() or name in NOT_RATE_LIMITS:
            continue
        value = getattr(config, name)
        try:
            parse_rate_limits(value)
        except (ValueError, TypeError):
            problems.append(f'FORUM_{name} must look like "30 per 15 minutes" (or "10 per hour; 100 per day"), '
                            f"not {value!r}.")
    return problems


def _public_base_url_problem(value: str | None) -> str | None:
    """Confirmation and reset links carry a token: in production they must point at the
    forum's public address, over https (the development default points at this machine)."""
    if not value:
        return ("FORUM_BASE_URL must be the forum's public address, e.g. https://curbside.example.org: "
                "confirmation and reset links in emails are built from it.")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        return f"FORUM_BASE_URL must be an https address with a host name, not {value!r}."
    if parts.query or parts.fragment:
        return f"FORUM_BASE_URL must not carry a query or fragment: {value!r}."
    return None


def _instance_secret(instance_path: Path) -> str:
    """A per-checkout development secret kept out of the repository, created on first use."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def load_config(instance_path, overrides=None):
    """Build the config object for FORUM_ENV, apply test overrides, validate."""
    name = (overrides or {}).get("ENV_NAME") or env("ENV", "development")
    if name not in CONFIGS:
        raise ConfigurationError(
            f"FORUM_ENV must be one of {', '.join(CONFIGS)}, not {name!r}."
        )
    config = CONFIGS[name](instance_path)
    for key, value in (overrides or {}).items():
        setattr(config, key, value)
    config.validate()
    return config
