"""A second, separate Curbside instance for tests: gunicorn with the repository's
gunicorn.conf.py in its own process, listening on a Unix socket in a temporary folder, and a
small HTTP client for it that keeps cookies and fills in the CSRF token like a browser."""
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, socket_path, timeout=10):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self.socket_path))


class Response:
    def __init__(self, status, headers, text):
        self.status_code, self.headers, self.text = status, headers, text


class ServerClient:
    """One browser: a cookie jar and form posts with the page's CSRF token."""

    def __init__(self, socket_path):
        self.socket_path = socket_path
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = _UnixHTTPConnection(self.socket_path)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(response.status, response.headers, text)

    def post_form(self, page_path, form, action=None):
        """GET the page, then POST `form` with the page's CSRF token to `action` (or the page)."""
        page = self.request("GET", page_path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        token = {"csrf_token": match.group(1)} if match else {}
        return self.request("POST", action or page_path, {**token, **form})

    def login(self, email, password):
        return self.post_form("/login", {"email": email, "password": password})


@contextmanager
def running_app_server(env_overrides, *, workers=1, stderr_path=None):
    """Start `serve.py` (gunicorn -c gunicorn.conf.py app:app) with FORUM_ENV=development plus
    `env_overrides`; yield (socket path, access log path); stop it on exit. The process's
    stderr goes to `stderr_path` if given, else nowhere."""
    base = Path(tempfile.mkdtemp(prefix="curbside-gunicorn-"))
    sock, access_log, error_log = base / "app.sock", base / "access.log", base / "error.log"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(base), "LANG": "C.UTF-8",
        "FORUM_ENV": "development", "FORUM_SECRET_KEY": "second-instance-secret-key-0123456789",
        "FORUM_MAIL_OUTBOX": str(base / "outbox"), "WEB_CONCURRENCY": str(workers),
        "ACCESS_LOG": str(access_log), "ERROR_LOG": str(error_log),
        **env_overrides,
    }
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--bind", f"unix:{sock}"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=open(stderr_path, "ab") if stderr_path else subprocess.DEVNULL,  # noqa: SIM115 (the child owns it)
    )
    try:
        _wait_until_serving(process, sock, Path(env["ERROR_LOG"]) if env["ERROR_LOG"] != "-" else Path(stderr_path or error_log))
        yield sock, access_log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(base, ignore_errors=True)


def _wait_until_serving(process, sock, error_log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: {_tail(error_log)}")
        if sock.exists():
            try:
                if ServerClient(sock).request("GET", "/login").status_code == 200:
                    return
            except OSError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not serve /login within {START_TIMEOUT}s: {_tail(error_log)}")


def _tail(path):
    try:
        return " | ".join(path.read_text().strip().splitlines()[-5:])
    except OSError:
        return "no log"
