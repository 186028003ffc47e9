"""Benchmark of the NPPES importer: generate a realistic 330-column file, import it, report.

    .venv/bin/python bench/registry_import.py [--rows 1000000] [--database-url URL] [--keep]

Generation, import and re-import each run in their own child process, so each peak RSS
(ru_maxrss) belongs to that phase alone. Default database: a fresh SQLite file in a temp dir.
"""
import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forum.registry.identifiers import npi_check_digit  # noqa: E402
from tests.registry_fixtures import NPPES_COLUMNS, quoted_line  # noqa: E402

AT = {name: i for i, name in enumerate(NPPES_COLUMNS)}
# Shares close to the real monthly file: ~21% organisations, ~3.5% deactivated NPIs, ~15%
# physicians (a few residents), the rest other individual providers.
MIX = (("organisation", 0.21), ("deactivated", 0.035), ("physician", 0.15), ("resident", 0.005),
       ("other_individual", 0.60))
PHYSICIAN_CODES = ("207R00000X", "207Q00000X", "208000000X", "2084P0800X", "207X00000X", "208600000X",
                   "207L00000X", "2085R0202X", "207P00000X", "208D00000X")
OTHER_CODES = ("363LF0000X", "363A00000X", "225100000X", "1223G0001X", "152W00000X", "163W00000X",
               "101YM0800X", "133V00000X", "1041C0700X", "213ES0103X", "111N00000X")
ORG_CODES = ("261QP2300X", "332B00000X", "282N00000X", "3336C0003X", "251E00000X")
STATES = ("CA", "TX", "NY", "FL", "PA", "IL", "OH", "MA", "WA", "GA", "NC", "MI", "NJ", "VA", "AZ", "DC")
LAST = ("SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ",
        "MARTINEZ", "HERNANDEZ", "LOPEZ", "NGUYEN", "PATEL", "KIM", "O'BRIEN", "DELA CRUZ", "CHEN")
FIRST = ("JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "PRIYA", "WEI")


def npi(n: int) -> str:
    base = f"{1 if n % 5 else 2}{n % 10**8:08d}"
    return base + str(npi_check_digit(base))


def date_text(rng) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(2005, 2024)}"


def address(values, rng, kind):
    state = rng.choice(STATES)
    values[AT[f"Provider First Line {kind}"]] = f"{rng.randint(1, 9999)} MAIN ST"
    values[AT[f"Provider {kind} City Name"]] = "SPRINGFIELD"
    values[AT[f"Provider {kind} State Name"]] = state
    values[AT[f"Provider {kind} Postal Code"]] = f"{rng.randint(10000, 99999)}{rng.randint(1000, 9999)}"
    values[AT[f"Provider {kind} Country Code (If outside U.S.)"]] = "US"
    values[AT[f"Provider {kind} Telephone Number"]] = f"{rng.randint(201, 989)}5550{rng.randint(100, 999)}"
    return state


def taxonomies(values, rng, codes, state):
    for slot in range(1, rng.choice((1, 1, 1, 2, 3)) + 1):
        values[AT[f"Healthcare Provider Taxonomy Code_{slot}"]] = rng.choice(codes)
        values[AT[f"Provider License Number_{slot}"]] = rng.choice((f"L{rng.randint(1, 10**6)}", "$$$$$$$$$"))
        values[AT[f"Provider License Number State Code_{slot}"]] = state
        values[AT[f"Healthcare Provider Primary Taxonomy Switch_{slot}"]] = "Y" if slot == 1 else "N"
    for slot in range(1, rng.choice((0, 0, 1, 2)) + 1):
        values[AT[f"Other Provider Identifier_{slot}"]] = str(rng.randint(10**6, 10**9))
        values[AT[f"Other Provider Identifier Type Code_{slot}"]] = "05"
        values[AT[f"Other Provider Identifier State_{slot}"]] = state


def row(n: int, kind: str, rng) -> list[str]:
    values = [""] * len(NPPES_COLUMNS)
    values[AT["NPI"]] = npi(n)
    if kind == "deactivated" and rng.random() < 0.6:  # most deactivated rows carry only NPI and date
        values[AT["NPI Deactivation Date"]] = date_text(rng)
        return values
    values[AT["Entity Type Code"]] = "2" if kind == "organisation" else "1"
    address(values, rng, "Business Mailing Address")
    state = address(values, rng, "Business Practice Location Address")
    values[AT["Provider Enumeration Date"]] = values[AT["Last Update Date"]] = date_text(rng)
    values[AT["Certification Date"]] = date_text(rng)
    if kind == "organisation":
        values[AT["Provider Organization Name (Legal Business Name)"]] = f"EXAMPLE CLINIC {n} LLC"
        values[AT["Authorized Official Last Name"]] = rng.choice(LAST)
        values[AT["Is Organization Subpart"]] = "N"
        taxonomies(values, rng, ORG_CODES, state)
        return values
    values[AT["Provider Last Name (Legal Name)"]] = rng.choice(LAST)
    values[AT["Provider First Name"]] = rng.choice(FIRST)
    values[AT["Provider Sex Code"]] = rng.choice("FM")
    values[AT["Is Sole Proprietor"]] = rng.choice("YN")
    codes = {"physician": PHYSICIAN_CODES, "resident": ("390200000X",)}.get(kind, OTHER_CODES)
    values[AT["Provider Credential Text"]] = "M.D." if kind == "physician" else ""
    taxonomies(values, rng, codes, state)
    if kind == "deactivated":
        values[AT["NPI Deactivation Date"]] = "01/15/2020"
        values[AT["NPI Reactivation Date"]] = rng.choice(("", "03/01/2020"))
    return values


def generate(path: Path, rows: int) -> dict:
    rng = random.Random(20240101)
    kinds, weights = zip(*MIX)
    started, cpu = time.perf_counter(), time.process_time()
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        out.write(quoted_line(NPPES_COLUMNS))
        for n, kind in enumerate(rng.choices(kinds, weights, k=rows)):
            out.write('"' + '","'.join(row(n, kind, rng)) + '"\n')  # values hold no quotes
    return {"rows": rows, "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
            "bytes": path.stat().st_size}


def run_import(path: Path, database_url: str, create: bool) -> dict:
    from forum import create_app
    from forum.extensions import db
    from forum.registry.nppes_import import import_nppes

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        if create:
            db.drop_all()
            db.create_all()
        baseline, cpu = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time()
        summary = import_nppes(path, checkpoint=db.session.commit)  # commits per batch, as the CLI does
        db.session.commit()
    return {"baseline_rss_kb": baseline, "cpu_seconds": time.process_time() - cpu, **summary.as_dict()}


def child(args) -> None:
    """One phase in this process; prints its figures (with this process's peak RSS) as JSON."""
    if args.phase == "generate":
        figures = generate(Path(args.path), args.rows)
    else:
        figures = run_import(Path(args.path), args.database_url, create=args.phase == "import")
    figures["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(figures))


def phase(name: str, path: Path, rows: int, database_url: str) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--path", str(path), "--rows", str(rows),
               "--database-url", database_url]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(rows: int, gen: dict, first: dict, again: dict, load: float) -> None:
    mb = gen["bytes"] / 1e6
    print(f"NPPES import benchmark: {rows:,} rows x {len(NPPES_COLUMNS)} columns, {mb:,.0f} MB; "
          f"{os.cpu_count()} CPUs, 1-minute load average at start {load:.1f}")
    print(f"  generate : {gen['seconds']:.1f} s wall ({rows / gen['seconds']:,.0f} rows/s), "
          f"{gen['cpu_seconds']:.1f} s CPU ({rows / gen['cpu_seconds']:,.0f} rows/CPU-s), "
          f"peak RSS {gen['peak_rss_kb'] / 1024:.0f} MB")
    for label, figures in (("import   ", first), ("re-import", again)):
        read = figures["rows_read"]
        print(f"  {label}: {figures['seconds']:.1f} s wall ({read / figures['seconds']:,.0f} rows/s, "
              f"{mb / figures['seconds']:.0f} MB/s), {figures['cpu_seconds']:.1f} s CPU "
              f"({read / figures['cpu_seconds']:,.0f} rows/CPU-s), peak RSS {figures['peak_rss_kb'] / 1024:.0f} MB "
              f"(app started: {figures['baseline_rss_kb'] / 1024:.0f} MB)")
        print(f"             kept {figures['rows_kept']:,}: {figures['inserted']:,} new, {figures['updated']:,} "
              f"updated, {figures['unchanged']:,} unchanged; skipped {figures['skipped']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file in the temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the generated file and database")
    parser.add_argument("--phase", choices=("generate", "import", "reimport"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="curbside-bench-"))
    try:
        path = workdir / "npidata_pfile_synthetic.csv"
        database_url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
        load = os.getloadavg()[0]
        gen = phase("generate", path, args.rows, database_url)
        first = phase("import", path, args.rows, database_url)
        again = phase("reimport", path, args.rows, database_url)
        report(args.rows, gen, first, again, load)
    finally:
        if args.keep:
            print(f"  files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
