"""A throwaway PostgreSQL cluster for the test suite: initdb + pg_ctl on a Unix socket in a
temporary folder, no TCP port, removed afterwards. Usable as a context manager or from the
command line (`python -m tests.pgcluster -- CMD ...` runs CMD with FORUM_TEST_DATABASE_URL set)."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

DB_NAME = "curbside_test"


def find_bindir() -> Path:
    """The newest PostgreSQL server binaries on the machine (Debian keeps them off PATH)."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]),
                            reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found: "
                       "install them with 'apt-get install postgresql'.")


def _as_postgres_user(command):
    """initdb refuses to run as root; on CI we are root, so drop to the 'postgres' account."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command, **kwargs):
    subprocess.run(_as_postgres_user(command), check=True, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, **kwargs)


@contextmanager
def running_cluster():
    """Yield a SQLAlchemy URL of an empty database in a fresh cluster; stop and delete after."""
    bindir = find_bindir()
    base = Path(tempfile.mkdtemp(prefix="curbside-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        base.chmod(0o755)
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync",
              "-E", "UTF8", "--locale=C"])
        options = (f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=50")
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "server.log"),
              "-w", "start"])
        try:
            _run([str(bindir / "createdb"), "-h", str(sock), "-U", "postgres", DB_NAME])
            yield f"postgresql+psycopg://postgres@/{DB_NAME}?host={sock}"
        finally:
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main(argv):
    if "--" in argv:
        argv = argv[argv.index("--") + 1:]
    with running_cluster() as url:
        print(f"PostgreSQL test cluster ready: {url}", file=sys.stderr)
        env = dict(os.environ, FORUM_TEST_DATABASE_URL=url)
        return subprocess.call(argv, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
