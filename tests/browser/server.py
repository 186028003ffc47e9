"""The live server the browser journey drives: a fresh SQLite database migrated with
`flask db upgrade`, the first admin made by `flask create-admin`, the NPPES sample imported,
then gunicorn on a free loopback port, as an operator would set Curbside up. The server runs
in its own process group and is stopped at the end of the run."""
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NPPES_SAMPLE = ROOT / "forum" / "demo" / "nppes_sample.csv"
TEMPLATES = ROOT / "templates"
START_TIMEOUT = 30


class ServerError(RuntimeError):
    """A set-up command failed or the server did not answer; the message holds its output."""


@dataclass(frozen=True)
class Credentials:
    full_name: str
    email: str
    password: str


ADMIN = Credentials("Ada Admin", "ada.admin@example.org", "orchard-lantern-quince-harbour-9")


@dataclass
class LiveServer:
    folder: Path
    port: int = 0
    process: subprocess.Popen | None = None
    endpoints: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def outbox(self) -> Path:
        return self.folder / "outbox"

    @property
    def log_path(self) -> Path:
        return self.folder / "server.log"

    def url(self, path: str) -> str:
        return self.base_url + path

    def env(self) -> dict[str, str]:
        """The machine's environment without any FORUM_* or FLASK_* setting of the developer's,
        plus this server's own: development, as `make run` starts it, on its own files."""
        base = {k: v for k, v in os.environ.items() if not k.startswith(("FORUM_", "FLASK_"))}
        base.update({
            "FORUM_ENV": "development",
            "FORUM_SECRET_KEY": self._secret,
            "FORUM_DATABASE_URL": f"sqlite:///{self.folder / 'forum.db'}",
            "FORUM_MAIL_OUTBOX": str(self.outbox),
            "FORUM_BASE_URL": self.base_url,
            # Rate limits stay on, as in a real run: the journey stays well inside every limit.
            "FORUM_RATELIMIT_ENABLED": "true",
            "FORUM_RATELIMIT_STORAGE_URI": "memory://",
            "PYTHONUNBUFFERED": "1",
        })
        return base

    def __post_init__(self):
        self._secret = secrets.token_hex(32)

    def flask(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        completed = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=self.env(),
            input=stdin, capture_output=True, text=True, timeout=120)
        if check and completed.returncode != 0:
            raise ServerError(f"`flask {' '.join(args)}` exited {completed.returncode}:\n"
                              f"{completed.stdout}\n{completed.stderr}")
        return completed

    def prepare(self):
        """Migrate, create the admin, import the registry sample, list the routes."""
        self.port = free_port()
        self.outbox.mkdir(parents=True, exist_ok=True)
        self.flask("db", "upgrade")
        self.flask("create-admin", "--email", ADMIN.email, "--name", ADMIN.full_name, "--password-stdin",
                   stdin=ADMIN.password + "\n")
        imported = self.flask("registry", "import", "nppes", str(NPPES_SAMPLE), check=False)
        if imported.returncode != 0:
            if "No such command" in imported.stderr:
                self.notes.append("`flask registry import nppes` does not exist yet: the sample was not "
                                  "imported, so the registry evidence shows no record.")
            else:
                raise ServerError(f"`flask registry import nppes` failed:\n{imported.stdout}\n{imported.stderr}")
        self.endpoints = self._list_endpoints()

    def _list_endpoints(self) -> set[str]:
        listing = self.flask("routes", "--sort", "endpoint").stdout.splitlines()
        return {line.split()[0] for line in listing[2:] if line.strip()}

    def start(self):
        """gunicorn on loopback with two workers, through the checkout's gunicorn.conf.py when
        it has one (as production runs), else with gunicorn's defaults."""
        config = ROOT / "gunicorn.conf.py"
        if not config.is_file():
            config = self.folder / "gunicorn.conf.py"
            config.write_text("")
        env = self.env() | {"HOST": "127.0.0.1", "PORT": str(self.port), "WEB_CONCURRENCY": "2"}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", str(config), "--bind", f"127.0.0.1:{self.port}",
                 "--workers", "2", "--no-control-socket", "--access-logfile", "-", "--error-logfile", "-",
                 "app:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_until_healthy()

    def _wait_until_healthy(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise ServerError(f"no answer from {self.url('/healthz')} within {START_TIMEOUT} s:\n{self.log_tail()}")

    def stop(self):
        """SIGTERM to the server's own process group (gunicorn and its workers), then SIGKILL."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        """The app's own last lines (tracebacks, mail) then the last requests."""
        if not self.log_path.exists():
            return "(no server log)"
        text = self.log_path.read_text(errors="replace").splitlines()
        requests = [line for line in text if line.startswith("127.0.0.1 - ")]
        app_lines = [line for line in text if not line.startswith("127.0.0.1 - ")]
        return "\n".join([*app_lines[-lines:], "--- last requests ---", *requests[-10:]])

    def missing_endpoints(self, *endpoints: str) -> list[str]:
        """Those of `endpoints` the app does not have (empty when all are there)."""
        return [e for e in endpoints if e not in self.endpoints]


def missing_templates(*names: str) -> list[str]:
    return [n for n in names if not (TEMPLATES / n).is_file()]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
