"""gunicorn.conf.py: settings from the environment (a bad one stops serve.py, or gunicorn, with
one line and no traceback), access logs without query strings or tokens, and a master that
refuses an unsafe production configuration before forking."""
import gc
import os
import runpy
import subprocess
import sys
import time
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer

from tests.appserver import ServerClient, running_app_server

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"
SETTINGS = ("HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "FORUM_PROXY_COUNT", "FORWARDED_ALLOW_IPS",
            "ACCESS_LOG", "GUNICORN_MAX_REQUESTS", "LOG_LEVEL")


def load_conf(monkeypatch, **env):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults_bind_locally_with_sync_workers_and_no_preload(monkeypatch):
    conf = load_conf(monkeypatch)
    cores = len(os.sched_getaffinity(0))
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == min(2 * cores + 1, conf["MAX_DEFAULT_WORKERS"])
    assert conf["worker_class"] == "sync" and conf["preload_app"] is False
    assert conf["timeout"] == 30 and conf["accesslog"] == "-"
    assert conf["forwarded_allow_ips"] == ""  # no proxy configured: nobody may claim https


def test_workers_are_not_recycled_unless_asked(monkeypatch):
    conf = load_conf(monkeypatch)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (0, 0)
    conf = load_conf(monkeypatch, GUNICORN_MAX_REQUESTS="4000")
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (4000, 1000)


def test_a_worker_freezes_what_the_app_allocated_at_start(monkeypatch):
    conf = load_conf(monkeypatch)
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_environment_sets_address_workers_and_trusted_proxies(monkeypatch):
    conf = load_conf(monkeypatch, HOST="::", PORT="9000", WEB_CONCURRENCY="3", FORUM_PROXY_COUNT="1")
    assert conf["bind"] == ["[::]:9000"] and conf["workers"] == 3
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"
    conf = load_conf(monkeypatch, FORUM_PROXY_COUNT="1", FORWARDED_ALLOW_IPS="10.0.0.5,10.0.1.0/24")
    assert conf["forwarded_allow_ips"] == "10.0.0.5,10.0.1.0/24"


@pytest.mark.parametrize("name, value", [("WEB_CONCURRENCY", "0"), ("GUNICORN_TIMEOUT", "soon"), ("PORT", "-1"),
                                         ("PORT", "70000"), ("WEB_CONCURRENCY", "\u00b2"),
                                         ("WEB_CONCURRENCY", "9" * 5000)])
def test_a_bad_number_stops_with_one_line(monkeypatch, name, value):
    with pytest.raises(SystemExit) as stopped:
        load_conf(monkeypatch, **{name: value})
    assert str(stopped.value).startswith(f"Curbside cannot start: {name} must be a whole number")


def test_log_level_is_one_of_gunicorns(monkeypatch):
    assert load_conf(monkeypatch, LOG_LEVEL="WARNING")["loglevel"] == "warning"
    with pytest.raises(SystemExit, match="LOG_LEVEL must be one of debug, info, warning, error, critical, not 'loud'"):
        load_conf(monkeypatch, LOG_LEVEL="loud")


def run_server_command(command, tmp_path, **env):
    """`command` (serve.py, or gunicorn itself) with only `env` set, asked to print the
    settings it would serve with and stop (--print-config): no app, no worker."""
    clean = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **env}
    return subprocess.run([*command, "--print-config"], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=60)


SERVE = (sys.executable, str(ROOT / "serve.py"))
GUNICORN = (sys.executable, "-m", "gunicorn", "--config", str(CONF), "app:app")


@pytest.mark.parametrize("env, problem", [
    # gunicorn reads WEB_CONCURRENCY while it is imported: without serve.py these two end in
    # its ValueError traceback (test_gunicorn_alone_still_trips_on_a_word_for_workers)
    ({"WEB_CONCURRENCY": "abc"}, "WEB_CONCURRENCY must be a whole number from 1 to 64, not 'abc'."),
    ({"WEB_CONCURRENCY": "\u00b2"}, "WEB_CONCURRENCY must be a whole number from 1 to 64, not '\u00b2'."),
    ({"WEB_CONCURRENCY": "-2"}, "WEB_CONCURRENCY must be a whole number from 1 to 64, not '-2'."),
    ({"WEB_CONCURRENCY": "99999"}, "WEB_CONCURRENCY must be a whole number from 1 to 64, not '99999'."),
    ({"GUNICORN_TIMEOUT": "soon"}, "GUNICORN_TIMEOUT must be a whole number from 1 to 3600, not 'soon'."),
    ({"PORT": "70000"}, "PORT must be a whole number from 1 to 65535, not '70000'."),
    ({"LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of debug, info, warning, error, critical, not 'loud'."),
])
def test_serve_stops_a_bad_setting_with_one_line_and_no_traceback(tmp_path, env, problem):
    result = run_server_command(SERVE, tmp_path, **env)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [f"Curbside cannot start: {problem}"]
    assert result.stdout == ""


def test_serve_starts_gunicorn_with_the_settings(tmp_path):
    result = run_server_command(SERVE, tmp_path, WEB_CONCURRENCY="3", PORT="9001", LOG_LEVEL="WARNING")
    assert result.returncode == 0, result.stderr
    settings = {name.strip(): value.strip() for name, _, value in
                (line.partition(" = ") for line in result.stdout.splitlines())}
    assert settings["workers"] == "3" and settings["loglevel"] == "warning"
    assert settings["bind"] == "['127.0.0.1:9001']" and settings["chdir"] == str(ROOT)
    # an empty WEB_CONCURRENCY= (as an environment file may hold) means the default
    result = run_server_command(SERVE, tmp_path, WEB_CONCURRENCY="")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def whole(name, low, high):
    return lambda value: f"{name} must be a whole number from {low} to {high}, not {value!r}."


BAD_SETTINGS = {
    "WEB_CONCURRENCY": (["0", "99999"], whole("WEB_CONCURRENCY", 1, 64)),
    "GUNICORN_TIMEOUT": (["abc", "0", "-3", "99999", "9" * 5000], whole("GUNICORN_TIMEOUT", 1, 3600)),
    "PORT": (["abc", "0", "-3", "99999"], whole("PORT", 1, 65535)),
    "GUNICORN_MAX_REQUESTS": (["abc", "-3", "99999999999"], whole("GUNICORN_MAX_REQUESTS", 0, 1000000000)),
    "FORUM_PROXY_COUNT": (["abc", "-3", "99999"], whole("FORUM_PROXY_COUNT", 0, 10)),
    "LOG_LEVEL": (["abc", "0"], lambda v: f"LOG_LEVEL must be one of debug, info, warning, error, critical, not {v!r}."),
    "HOST": (["bad host", "-3", "0.0.0.0;rm"], lambda v: f"HOST must be an IP address or a host name (such as "
                                                          f"127.0.0.1 or 10.0.0.11), not {v!r}."),
    "ACCESS_LOG": (["/nonexistent/access.log", "/"], lambda v: f"ACCESS_LOG must be '-' or a file this user can "
                                                                f"write in an existing folder, not {v!r}."),
    "ERROR_LOG": (["/nonexistent/error.log"], lambda v: f"ERROR_LOG must be '-' or a file this user can write in "
                                                         f"an existing folder, not {v!r}."),
}


@pytest.mark.parametrize("name, value", [(name, value) for name, (values, _) in BAD_SETTINGS.items()
                                         for value in values])
def test_gunicorn_alone_stops_a_bad_setting_with_one_line_naming_it(tmp_path, name, value):
    result = run_server_command(GUNICORN, tmp_path, **{name: value})
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [f"Curbside cannot start: {BAD_SETTINGS[name][1](value)}"]


def test_serve_names_a_bad_trusted_proxy_list(tmp_path):
    result = run_server_command(SERVE, tmp_path, FORUM_PROXY_COUNT="1", FORWARDED_ALLOW_IPS="10.0.0.5,nginx")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Curbside cannot start: FORWARDED_ALLOW_IPS must be IP addresses or networks separated by commas "
        "(such as 127.0.0.1,10.0.1.0/24), not '10.0.0.5,nginx'."]


def test_an_empty_host_means_the_local_default_not_every_network(monkeypatch):
    """gunicorn binds an empty host to 0.0.0.0: an empty HOST= in an environment file must not
    open the forum to every network."""
    assert load_conf(monkeypatch, HOST="")["bind"] == ["127.0.0.1:8000"]
    assert load_conf(monkeypatch, HOST="[::1]")["bind"] == ["[::1]:8000"]
    assert load_conf(monkeypatch, HOST="app-1.internal")["bind"] == ["app-1.internal:8000"]


def test_log_files_in_a_writable_folder_are_taken(monkeypatch, tmp_path):
    conf = load_conf(monkeypatch, ACCESS_LOG=str(tmp_path / "access.log"), ERROR_LOG=str(tmp_path / "error.log"))
    assert (conf["accesslog"], conf["errorlog"]) == (str(tmp_path / "access.log"), str(tmp_path / "error.log"))
    conf = load_conf(monkeypatch, ACCESS_LOG="", ERROR_LOG="")
    assert (conf["accesslog"], conf["errorlog"]) == (None, "-")  # no access log; errors on stderr


@pytest.mark.parametrize("name, value, gunicorns_answer", [
    ("WEB_CONCURRENCY", "abc", "Traceback"), ("WEB_CONCURRENCY", "", "Traceback"),
    ("WEB_CONCURRENCY", "9" * 5000, "Traceback"), ("WEB_CONCURRENCY", "-3", "Error: Value must be positive: -3"),
    ("FORWARDED_ALLOW_IPS", "nginx", "Error: 'nginx' does not appear to be an IPv4 or IPv6 network")])
def test_gunicorn_alone_still_reads_two_settings_before_ours(tmp_path, name, value, gunicorns_answer):
    """Why serve.py exists (README, "Settings of the server"): gunicorn reads WEB_CONCURRENCY
    and FORWARDED_ALLOW_IPS while it is imported and checks them before it reads
    gunicorn.conf.py, so no code of ours runs first (serve.py names them: the tests above). If
    this starts failing, gunicorn has learnt to refuse them with a clear line itself, and
    serve.py may become plain gunicorn again."""
    result = run_server_command(GUNICORN, tmp_path, FORUM_PROXY_COUNT="1", **{name: value})
    assert result.returncode != 0 and gunicorns_answer in result.stderr
    assert f"{name} must be" not in result.stderr


def test_tokens_in_paths_are_redacted(monkeypatch):
    redact = load_conf(monkeypatch)["redact_path"]
    token = URLSafeTimedSerializer("k" * 40, salt="curbside-password-reset").dumps({"uid": 7, "fp": "a" * 20})
    assert redact(f"/reset/{token}") == "/reset/[token]"
    assert redact(f"/confirm/{token}") == "/confirm/[token]"
    for kept in ("/admin/members/12/security-log", "/static/curbside.css", "/login", "/"):
        assert redact(kept) == kept


def test_access_log_has_no_query_strings_or_tokens(tmp_path):
    token = URLSafeTimedSerializer("k" * 40, salt="curbside-confirm-email").dumps({"uid": 1})
    env = {"FORUM_DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}"}
    with running_app_server(env) as (sock, access_log):
        client = ServerClient(sock)
        client.request("GET", "/login?next=/account&token=query-secret-123")
        client.request("GET", f"/confirm/{token}")
        log = _wait_for(access_log, "GET /confirm/")
    assert '"GET /login HTTP/1.1" 200' in log
    assert '"GET /confirm/[token] HTTP/1.1"' in log
    assert "query-secret-123" not in log and token not in log and "next=" not in log


def _wait_for(path, fragment, timeout=10):
    """Gunicorn writes the access line after the response has gone out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text() if path.exists() else ""
        if fragment in text:
            return text
        time.sleep(0.05)
    return text


def test_master_refuses_an_unsafe_production_configuration(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "FORUM_ENV": "production",
           "FORUM_DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}", "WEB_CONCURRENCY": "1"}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", str(CONF), "--bind", f"unix:{tmp_path / 's'}",
                             "app:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Error: Curbside cannot start: " in result.stderr and "FORUM_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr and "Booting worker" not in result.stderr


def _error_line_for_a_failing_request(sock):
    """POST /confirm on a database without tables: the app logs "Database error on POST
    /confirm" (logger forum.errors) with its traceback, and answers 500."""
    assert ServerClient(sock).post_form("/confirm", {"email": "someone@example.org"}).status_code == 500
    return "forum.errors: Database error on POST /confirm"


def test_app_logs_go_to_the_error_log_file(tmp_path):
    error_log, stderr = tmp_path / "error.log", tmp_path / "stderr.txt"
    env = {"FORUM_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "ERROR_LOG": str(error_log)}
    with running_app_server(env, stderr_path=stderr) as (sock, _access_log):
        line = _error_line_for_a_failing_request(sock)
        log = _wait_for(error_log, line)
    assert log.count(line) == 1 and "no such table: user" in log  # with its traceback
    assert line not in stderr.read_text()


def test_app_logs_are_written_once_when_the_error_log_is_stderr(tmp_path):
    stderr = tmp_path / "stderr.txt"
    env = {"FORUM_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "ERROR_LOG": "-"}
    with running_app_server(env, stderr_path=stderr) as (sock, _access_log):
        line = _error_line_for_a_failing_request(sock)
        log = _wait_for(stderr, line)
        time.sleep(0.5)
        log = stderr.read_text()
    assert log.count(line) == 1
    assert log.count("Database error on POST /confirm") == 1
