"""Gunicorn settings for Curbside (`python serve.py`, or `gunicorn -c gunicorn.conf.py app:app`),
read from the environment: HOST, PORT, WEB_CONCURRENCY, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS,
ACCESS_LOG, ERROR_LOG, LOG_LEVEL, FORWARDED_ALLOW_IPS and the app's FORUM_PROXY_COUNT. The app's
own settings stay FORUM_*. A bad value stops the server with one line on stderr naming the
variable and what it may be (SystemExit, no traceback). serve.py runs this file before gunicorn
is imported: gunicorn itself reads WEB_CONCURRENCY at import, before this file, and answers a
word there with a traceback and a negative number with a line that does not name it."""
import gc
import ipaddress
import logging
import os
import re
import sys

from gunicorn.glogging import Logger

ROOT = os.path.dirname(os.path.abspath(__file__))
MAX_DEFAULT_WORKERS = 8  # sync workers each hold a database connection; scale out with hosts
# Above these a value is a typo, not a choice: 99999 workers would each open a database
# connection (PostgreSQL allows 100 by default), a timeout of a day never frees a stuck
# worker, and trusting more proxies than a request passes lets a client forge its address.
MAX_WORKERS = 64
MAX_TIMEOUT = 3600  # seconds
MAX_PROXIES = 10
MAX_REQUESTS = 1_000_000_000


LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def _stop(problem):
    sys.exit(f"Curbside cannot start: {problem}")


def _int_env(name, default, minimum, maximum):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    # isascii: str.isdigit() also accepts superscripts and other scripts' digits; the length
    # keeps int() from refusing (with a traceback) a string of thousands of digits
    digits = value.isascii() and value.isdigit() and len(value) <= len(str(maximum))
    number = int(value) if digits else None
    if number is None or not minimum <= number <= maximum:
        _stop(f"{name} must be a whole number from {minimum} to {maximum}, not {value!r}.")
    return number


def _log_level():
    value = os.environ.get("LOG_LEVEL", "").strip() or "info"
    if value.lower() not in LOG_LEVELS:
        _stop(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}.")
    return value.lower()


def _host():
    """An IP address or a host name; empty means the default (not gunicorn's 0.0.0.0, which an
    empty HOST= in an environment file would otherwise open to every network)."""
    value = os.environ.get("HOST", "").strip()
    if not value:
        return "127.0.0.1"
    bare = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    if not re.fullmatch(r"[A-Za-z0-9.:-]+", bare) or bare.startswith(("-", ".")):
        _stop(f"HOST must be an IP address or a host name (such as 127.0.0.1 or 10.0.0.11), not {value!r}.")
    return bare


def _log_file(name, default):
    """'-' (the standard stream) or a file whose folder exists and is writable: gunicorn would
    report a bad one only when it opens it, with a line that names the path, not the setting."""
    value = os.environ.get(name, default)
    if value in ("", "-"):
        return value
    folder = os.path.dirname(os.path.abspath(value))
    if os.path.isdir(value) or not os.path.isdir(folder) or not os.access(folder, os.W_OK) or (
            os.path.exists(value) and not os.access(value, os.W_OK)):
        _stop(f"{name} must be '-' or a file this user can write in an existing folder, not {value!r}.")
    return value


def _forwarded_allow_ips():
    """Comma-separated addresses or networks of trusted proxies, or '*' (any)."""
    value = os.environ.get("FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1,::1"
    for item in value.split(","):
        item = item.strip()
        try:
            if item != "*":
                ipaddress.ip_network(item, strict=False)
        except ValueError:
            _stop(f"FORWARDED_ALLOW_IPS must be IP addresses or networks separated by commas (such as "
                  f"127.0.0.1,10.0.1.0/24), not {value!r}.")
    return value


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, taskset)
    except AttributeError:
        return os.cpu_count() or 1


def _address(host, port):
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


bind = [_address(_host(), _int_env("PORT", 8000, minimum=1, maximum=65535))]
workers = _int_env("WEB_CONCURRENCY", min(2 * _cores() + 1, MAX_DEFAULT_WORKERS), minimum=1, maximum=MAX_WORKERS)
worker_class = "sync"
timeout = _int_env("GUNICORN_TIMEOUT", 30, minimum=1, maximum=MAX_TIMEOUT)
graceful_timeout = 30
# Worker recycling is off by default: a new worker re-imports the app (1.2-1.5 s of CPU), and under
# load the restarts were the worst latency spikes in bench/forum_results.md. Set
# GUNICORN_MAX_REQUESTS to recycle anyway; the jitter (a quarter) keeps workers from restarting together.
max_requests = _int_env("GUNICORN_MAX_REQUESTS", 0, minimum=0, maximum=MAX_REQUESTS)
max_requests_jitter = max_requests // 4
preload_app = False  # each worker builds its own app, database pool and rate-limit client
proc_name = "curbside"
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only a trusted proxy may tell gunicorn the original scheme; with no proxy nobody may.
forwarded_allow_ips = _forwarded_allow_ips() if _int_env("FORUM_PROXY_COUNT", 0, minimum=0, maximum=MAX_PROXIES) else ""

accesslog = _log_file("ACCESS_LOG", "-") or None
errorlog = _log_file("ERROR_LOG", "-") or "-"
loglevel = _log_level()
# Path without query string (%(U)s, redacted below); no referrer, cookies or auth headers.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

_TOKEN_SEGMENT = re.compile(r"[A-Za-z0-9_\-.]{24,}")
_PRIVATE_ATOMS = ("{cookie}i", "{authorization}i", "{referer}i", "{x-csrftoken}i")


def redact_path(path):
    """Replace path segments that look like secrets (signed confirm/reset tokens, long random
    ids) by "[token]": an access log must not hand out working links."""
    def redact(segment):
        secret = _TOKEN_SEGMENT.fullmatch(segment) and ("." in segment or len(segment) >= 40)
        return "[token]" if secret else segment
    return "/".join(redact(segment) for segment in path.split("/"))


class RedactingLogger(Logger):
    """Gunicorn's logger with access-log atoms that never carry query strings or tokens, even
    if an operator puts %(r)s, %(q)s or %(f)s back into access_log_format."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO") or "/")
        atoms.update({"U": path, "q": "-", "f": "-",
                      "r": f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"})
        atoms.update({name: "-" for name in _PRIVATE_ATOMS if name in atoms})
        return atoms


logger_class = RedactingLogger


def on_starting(server):
    """Refuse to start on an unsafe configuration before any worker is forked, with the app's
    own one-line-per-problem message (each worker would otherwise crash on it in turn)."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from forum.config import ConfigurationError, load_config

    try:
        config = load_config(os.path.join(ROOT, "instance"))
    except ConfigurationError as error:
        raise RuntimeError(f"Curbside cannot start: {error}") from None
    if config.ENV_NAME != "production":
        server.log.warning("FORUM_ENV is %s: set FORUM_ENV=production on a real deployment.", config.ENV_NAME)
    elif config.RATELIMIT_STORAGE_URI.startswith("memory") and server.cfg.workers > 1:
        server.log.warning("FORUM_RATELIMIT_STORAGE_URI is memory://: each of the %d workers counts rate "
                           "limits on its own; point it at Redis to share them.", server.cfg.workers)


APP_LOGGERS = ("forum", "flask-limiter")  # the app's own records; Flask-Limiter's Redis warnings


class ToErrorLog(logging.Handler):
    """Hands the app's log records to gunicorn's error-log handlers, named by their logger
    ("forum.audit.services: audit head: ..."), so they land in ERROR_LOG and follow its
    reopening on SIGUSR1 (log rotation)."""

    def __init__(self, error_log):
        super().__init__()
        self.error_log = error_log

    def emit(self, record):
        named = logging.makeLogRecord({**record.__dict__, "args": None,
                                       "msg": f"{record.name}: {record.getMessage()}"})
        for handler in self.error_log.handlers:
            handler.handle(named)


def route_app_logs(error_log):
    """The app's loggers write to gunicorn's error log, and only there: not propagating to the
    root logger (which create_app's basicConfig points at stderr) keeps each line single when
    ERROR_LOG is '-' (stderr) and keeps it out of stderr when ERROR_LOG is a file."""
    for name in APP_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(ToErrorLog(error_log))
        logger.propagate = False


def post_worker_init(worker):
    """Route the app's logs to gunicorn's error log (see route_app_logs). Then move everything
    the app allocated at start-up (modules, templates, the SQLAlchemy registry) out of the
    garbage collector's sight: a full collection then walks only what requests allocate.
    Before this, one full collection walked ~130,000 start-up objects and paused the worker
    for 30-150 ms, a whole queue of requests' worth of latency."""
    if worker is not None:
        route_app_logs(worker.log.error_log)
    gc.freeze()
