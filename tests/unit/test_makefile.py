"""The Makefile: `make run HOST=.. PORT=..` makes the links in development mail point there."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_command(*args, **env):
    """The command `make run` would serve with (`make -n` prints it, running nothing)."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    result = subprocess.run(["make", "--no-print-directory", "-n", "run", *args], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("args, base_url", [
    ((), "http://127.0.0.1:5000"),
    (("PORT=5077",), "http://127.0.0.1:5077"),
    (("HOST=127.0.0.2", "PORT=8000"), "http://127.0.0.2:8000"),
    (("HOST=::1", "PORT=8000"), "http://[::1]:8000"),
    (("HOST=0.0.0.0",), "http://127.0.0.1:5000"),  # reachable from this machine at least
])
def test_mail_links_follow_host_and_port(args, base_url):
    command = run_command(*args)
    assert command.startswith(f"FORUM_BASE_URL='{base_url}' ") and " run --host " in command


def test_a_base_url_from_the_environment_wins():
    assert run_command("PORT=5077", FORUM_BASE_URL="https://curbside.example.org").startswith(
        "FORUM_BASE_URL='https://curbside.example.org' ")
