"""A throwaway Redis server for the test suite: Debian's redis-server on a Unix socket in a
temporary folder (no TCP port, no persistence), stopped and deleted afterwards."""
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

START_TIMEOUT = 15


def require_redis_server() -> str:
    """The redis-server binary. Absent: skip, except on CI (CI=true), where a missing server
    must fail the run rather than quietly leave the shared rate limits untested."""
    binary = shutil.which("redis-server")
    if binary:
        return binary
    message = "redis-server is not installed (apt-get install redis-server; .ci/run installs it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI=true, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(message)


@contextmanager
def running_redis(binary="redis-server"):
    """Yield a `redis+unix://` URL of a fresh, empty server; stop it on exit."""
    with redis_server(binary) as server:
        yield server.url


class RedisServer:
    """A running redis-server: its `url`, and `stop()` to take it down while it is in use."""

    def __init__(self, process: subprocess.Popen, sock: Path):
        self.process = process
        self.url = f"redis+unix://{sock}"

    def stop(self) -> None:
        """SIGTERM, as an operator's restart or a crash of the host would: clients' connections
        are closed and new ones refused. Does nothing once stopped."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def redis_server(binary="redis-server"):
    """Yield a RedisServer, fresh and empty; stop it (if still running) on exit."""
    base = Path(tempfile.mkdtemp(prefix="curbside-redis-"))
    sock = base / "redis.sock"
    log = base / "redis.log"
    process = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
         "--save", "", "--appendonly", "no", "--dir", str(base), "--logfile", str(log),
         "--daemonize", "no"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    server = RedisServer(process, sock)
    try:
        _wait_until_answering(process, sock, log)
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


def client_for(url: str) -> redis.Redis:
    return redis.Redis(unix_socket_path=url.removeprefix("redis+unix://"))


def _wait_until_answering(process, sock: Path, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}: {_tail(log)}")
        if sock.exists():
            client = redis.Redis(unix_socket_path=str(sock), socket_timeout=1)
            try:
                if client.ping():
                    return
            except redis.RedisError:
                pass
            finally:
                client.close()
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer PING within {START_TIMEOUT}s: {_tail(log)}")


def _tail(log: Path) -> str:
    try:
        return " | ".join(log.read_text().strip().splitlines()[-3:])
    except OSError:
        return "no log"
