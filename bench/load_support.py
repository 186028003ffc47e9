"""Plumbing for bench/load_forum.py: the gunicorn servers it starts, plain-HTTP helpers for the
login and page checks, and a meter of the CPU that processes outside the bench used meanwhile
(this machine is shared: a run that competed for its two cores says so)."""
import http.client
import os
import re
import resource
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "curbside-load-bench/1"
HIGH_LIMIT = "1000000 per minute"
ACCESS_LINE = re.compile(r'"(\w+) (\S+) HTTP/[\d.]+" (\d{3}) ')
TICK = os.sysconf("SC_CLK_TCK")


class Server:
    """One gunicorn master (ours), on a free loopback port, logging to the run directory."""

    def __init__(self, name, app_spec, env, run_dir, extra_args=()):
        self.name, self.port = name, free_port()
        self.access_log = run_dir / f"{name}-access.log"
        self.error_log = run_dir / f"{name}-error.log"
        env = dict(env, HOST="127.0.0.1", PORT=str(self.port), WEB_CONCURRENCY="2",
                   ACCESS_LOG=str(self.access_log), ERROR_LOG=str(self.error_log), LOG_LEVEL="info")
        command = [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), *extra_args,
                   *app_spec]
        # The app logs its own errors (tracebacks of 500s) to stderr, not to gunicorn's error log.
        self.output_log = run_dir / f"{name}-output.log"
        with open(self.output_log, "wb") as output:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                            stderr=subprocess.STDOUT)
        wait_until_up(self, "/")

    def log_offset(self):
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def statuses_since(self, offset, method=None, path=None):
        """{status: count} of the access-log lines written after `offset`."""
        counts = {}
        with open(self.access_log, encoding="utf-8", errors="replace") as log:
            log.seek(offset)
            for line in log:
                match = ACCESS_LINE.search(line)
                if match and (method is None or match[1] == method) and (path is None or match[2] == path):
                    counts[match[3]] = counts.get(match[3], 0) + 1
        return counts

    def worker_restarts(self):
        """How many workers the master has booted so far (2 at start; more = recycled)."""
        text = self.error_log.read_text(errors="replace") if self.error_log.exists() else ""
        return text.count("Booting worker")

    def logged_errors(self):
        """Lines of gunicorn's error log and of the app's output at ERROR level or opening a
        traceback."""
        count = 0
        for log in (self.error_log, self.output_log):
            text = log.read_text(errors="replace") if log.exists() else ""
            count += sum(1 for line in text.splitlines()
                         if "[ERROR]" in line or " ERROR " in line or line.startswith("Traceback"))
        return count

    def cpu_ticks(self):
        """CPU ticks of this master and its workers, including workers already reaped."""
        total = _proc_ticks(self.process.pid, children_too=True)
        for child in _children(self.process.pid):
            total += _proc_ticks(child, children_too=True)
        return total

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's master: graceful stop of its own workers
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _proc_ticks(pid, children_too=False):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return utime + stime + (cutime + cstime if children_too else 0)


def _busy_ticks():
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return user + nice + system + irq + softirq + steal


class CpuMeter:
    """Cores' worth of CPU used by everything else on the machine during a measurement: all
    busy time minus our servers, our wrk runs and this script."""

    def __init__(self, servers):
        self.servers = servers

    def _ours(self):
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk runs, once reaped
        seconds = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
        return seconds * TICK + sum(server.cpu_ticks() for server in self.servers)

    def start(self):
        self.started = (time.monotonic(), _busy_ticks(), self._ours())

    def stop(self):
        """(foreign cores, our cores) averaged over the interval since start()."""
        began, busy, ours = self.started
        elapsed = time.monotonic() - began
        busy_delta, ours_delta = _busy_ticks() - busy, self._ours() - ours
        return (max(busy_delta - ours_delta, 0) / TICK / elapsed, ours_delta / TICK / elapsed)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(server, path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            sys.exit(f"{server.name} server exited: see {server.error_log}")
        try:
            status, _, _ = request(server.port, "GET", path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"{server.name} server did not answer within {timeout} s: see {server.error_log}")


def request(port, method, path, cookie=None, form=None):
    """(status, headers {lower-cased name: [values]}, body text) over a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    found = {}
    for name, value in response.getheaders():
        found.setdefault(name.lower(), []).append(value)
    connection.close()
    return response.status, found, text


def session_cookie(headers, name="curbside_session"):
    """The session cookie from Set-Cookie. Production marks it Secure, so an ordinary cookie
    jar would not send it back over plain-HTTP loopback: the bench passes it on by hand."""
    for value in headers.get("set-cookie", []):
        if value.startswith(name + "="):
            return value.split(";", 1)[0]
    return None


def csrf_token(html):
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    if not match:
        sys.exit("No csrf_token field found in the form.")
    return match[1]


def log_in(port, email, password):
    """Log in through the real form (GET for the CSRF token, POST); return the Cookie value."""
    _, headers, html = request(port, "GET", "/login")
    cookie = session_cookie(headers)
    form = {"email": email, "password": password, "csrf_token": csrf_token(html)}
    status, headers, html = request(port, "POST", "/login", cookie=cookie, form=form)
    if status != 302:
        sys.exit(f"Login failed with {status}: {re.sub(r'<[^>]+>', ' ', html)[:400]}")
    cookie = session_cookie(headers) or cookie
    # Signing in starts a fresh session, without the form-token secret: the first page that
    # draws a form (every page: the nav's logout button) adds one. Keep that cookie, as a
    # browser does; else every request would make a new secret and the reply's token fail.
    _, headers, _ = request(port, "GET", "/forum", cookie=cookie)
    return session_cookie(headers) or cookie


def check_page(port, cookie, path, must_contain):
    status, _, html = request(port, "GET", path, cookie=cookie)
    if status != 200 or must_contain not in html:
        sys.exit(f"GET {path} answered {status} without {must_contain!r}: the bench would measure "
                 f"the wrong page.")
    return html


def forum_env(database):
    """Production settings for both servers (the control's gunicorn.conf.py hook reads them too)."""
    env = dict(os.environ, FORUM_ENV="production", FORUM_SECRET_KEY=secrets.token_hex(32),
               FORUM_MAIL_SERVER="localhost", FORUM_BASE_URL="https://curbside.example.org",
               FORUM_DATABASE_URL=f"sqlite:///{database}",
               FORUM_RATELIMIT_ENABLED="1", FORUM_RATELIMIT_STORAGE_URI="memory://")
    env.pop("FLASK_DEBUG", None)
    env.pop("FORUM_DEBUG", None)
    for name in limit_settings():
        env[f"FORUM_{name}"] = HIGH_LIMIT
    return env


def limit_settings():
    """Every FORUM_* rate-limit string forum/config.py reads (LOGIN_LIMIT_PER_IP, REPLY_LIMIT...)."""
    source = (ROOT / "forum/config.py").read_text()
    names = set(re.findall(r'env\("([A-Z_]*LIMIT[A-Z_]*)"', source))
    return sorted(name for name in names if not name.startswith("RATELIMIT"))
