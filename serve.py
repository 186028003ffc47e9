"""Start Curbside under gunicorn: `.venv/bin/python serve.py [gunicorn options]` runs
`gunicorn -c gunicorn.conf.py app:app` from this folder, once the server settings it reads from
the environment have been checked.

Gunicorn reads WEB_CONCURRENCY itself while it is being imported, before gunicorn.conf.py runs:
a value that is not a number (`abc`, or an empty `WEB_CONCURRENCY=` in an environment file)
stops it with a Python traceback. Here gunicorn.conf.py reads every setting first, without
gunicorn's configuration loaded, so a bad one ends with its one line ("Curbside cannot start:
...") and exit status 1; an empty WEB_CONCURRENCY means the default, as an empty value does for
the other settings."""
import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CONF = ROOT / "gunicorn.conf.py"


def main(argv: list[str]) -> None:
    if "WEB_CONCURRENCY" in os.environ and not os.environ["WEB_CONCURRENCY"].strip():
        del os.environ["WEB_CONCURRENCY"]
    runpy.run_path(str(CONF))  # a bad setting raises SystemExit with its one line
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "--config", str(CONF),
                              "--chdir", str(ROOT), *argv, "app:app"])


if __name__ == "__main__":
    main(sys.argv[1:])
