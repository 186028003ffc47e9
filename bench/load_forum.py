"""Load bench: Curbside under gunicorn (2 sync workers) against a seeded database, measured with
wrk on loopback, beside a control app served the same way.

    .venv/bin/python bench/load_forum.py /tmp/forum.db [--duration 20] [--rounds 3] [--connections 16]

The database comes from bench/seed_forum.py (its <database>.bench.json names the member to log
in as, the 500-post thread and the reply thread). Both apps run with `gunicorn -c
gunicorn.conf.py`, WEB_CONCURRENCY=2 and FORUM_ENV=production (a random FORUM_SECRET_KEY,
FORUM_MAIL_SERVER=localhost; rate limiting stays on, every FORUM_*_LIMIT is raised so the bench
is not throttled). The script logs in through the real form (CSRF token scraped from it), then
runs wrk (--latency; a Lua done() hook adds the 95th percentile) against each target in each
round, the targets interleaved so drift hits them alike: the control, the category index, a
thread list, page 1 and the last page of the 500-post thread, a search with a few hundred
results (also with one client, for its service time), a search for one common word, and
replies (POSTs with the CSRF token and a fresh one-time submission key each), whose "nothing
lost" check is in reply_check.py. Each run also records how much CPU other processes on the
machine used meanwhile. Prints the table (median of the rounds); --out writes every figure.
"""
import argparse
import json
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import forum_text  # noqa: E402
import reply_check  # noqa: E402
import wrk_scripts  # noqa: E402
from load_support import (USER_AGENT, CpuMeter, Server, check_page, csrf_token,  # noqa: E402
                          forum_env, log_in)

# The "several results" search: the first of these with 100-1,500 matches (the seeded text
# varies with the vocabulary), else the one closest to 500. Questions a clinician would type,
# each pairing a common term with rarer ones, so the engine intersects a long doclist too.
SEARCH_QUERIES = ("vancomycin trough creatinine", "digoxin level potassium", "warfarin amiodarone",
                  "hyperkalemia spironolactone", "methotrexate pneumonia", "lithium toxicity creatinine")
# The one-word worst case: the most frequent clinical term of the seeded text (bench/forum_text.py
# draws terms with Zipf-like frequencies; tests/unit/test_seed_text.py checks this is the top one).
COMMON_QUERY = "sodium"
TARGETS = ("control", "index", "category", "thread_first", "thread_last", "search", "search_1c",
           "search_common", "reply")
ONE_CLIENT = {"search_1c"}
LABELS = {"control": "control (Jinja, 50 items, no DB)", "index": "category index /forum",
          "category": "thread list /c/<id>", "thread_first": "500-post thread, page 1",
          "thread_last": "500-post thread, last page", "search": "search, several results",
          "search_1c": "search, same, 1 connection", "search_common": "search, one common word",
          "reply": "reply (POST, write path)"}


def matches(connection, query):
    match = " ".join(f'"{word}"' for word in query.split())
    return connection.execute("SELECT count(*) FROM post_search WHERE post_search MATCH ?",
                              (match,)).fetchone()[0]


def choose_search(connection):
    counts = {query: matches(connection, query) for query in SEARCH_QUERIES}
    fitting = [query for query in SEARCH_QUERIES if 100 <= counts[query] <= 1500]
    return fitting[0] if fitting else min(SEARCH_QUERIES, key=lambda q: abs(counts[q] - 500))


def database_facts(database, meta):
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    one = lambda sql, *args: connection.execute(sql, args).fetchone()[0]  # noqa: E731
    query = choose_search(connection)
    facts = {
        "posts": one("SELECT count(*) FROM post"), "threads": one("SELECT count(*) FROM thread"),
        "members": one("SELECT count(*) FROM user"),
        "deep_posts": one("SELECT post_count FROM thread WHERE id = ?", meta["deep_thread_id"]),
        "search_query": query, "search_matches": matches(connection, query),
        "common_query": COMMON_QUERY, "common_matches": matches(connection, COMMON_QUERY),
        "sqlite": one("SELECT sqlite_version()"),
        "size_gib": round(Path(database).stat().st_size / 2**30, 2),
    }
    connection.close()
    return facts


def reply_bodies(count=40):
    """Clinical reply bodies the privacy screen lets through (a flagged one would get 422)."""
    import random

    try:
        from forum.privacy import screen
    except ImportError:
        screen = lambda text: []  # noqa: E731  (a tree without the privacy screen)
    rng = random.Random(7)
    bodies = []
    while len(bodies) < count:
        body = forum_text.body(rng, clinical=True)
        if not screen(body):
            bodies.append(urllib.parse.quote_plus(body))
    return bodies


def run_wrk(args, url, script_path, duration, connections):
    threads = min(args.wrk_threads, connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
               "--timeout", "10s", "--latency", "-s", str(script_path), url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    line = next((l for l in done.stdout.splitlines() if l.startswith("BENCHJSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no summary:\n{done.stdout}\n{done.stderr}")
    result = json.loads(line[len("BENCHJSON "):])
    result["rps"] = result["requests"] / result["duration_s"]
    result["connections"] = connections
    return result


def read_run(args, ctx, server, target, path, duration):
    connections = 1 if target in ONE_CLIENT else args.connections
    offset = server.log_offset()
    result = run_wrk(args, f"http://127.0.0.1:{server.port}{path}", ctx["read_script"], duration,
                     connections)
    time.sleep(0.3)
    result["server_statuses"] = server.statuses_since(offset, "GET", path.split("?")[0])
    unexpected = {s: n for s, n in result["server_statuses"].items() if s != "200"}
    if unexpected or result["errors"]["status"]:
        print(f"    ! {target}: non-200 answers {unexpected}, wrk status errors {result['errors']['status']}")
    return result


def reply_run(args, ctx, duration):
    """POST replies for `duration` seconds, then check that nothing was lost."""
    server, database, thread_id = ctx["forum"], ctx["database"], ctx["reply_thread_id"]
    tag = "b" + secrets.token_hex(4)
    path = f"/t/{thread_id}/reply"
    script = ctx["run_dir"] / f"reply-{tag}.lua"
    script.write_text(wrk_scripts.reply_script(ctx["cookie"], USER_AGENT, path, ctx["form_prefix"],
                                               ctx["bodies"], tag))
    before = reply_check.thread_state(database, thread_id, tag)
    offset = server.log_offset()
    result = run_wrk(args, f"http://127.0.0.1:{server.port}{path}", script, duration, args.connections)
    reply_check.settle(lambda: sum(server.statuses_since(offset, "POST", path).values()),
                       result["requests"] + result["errors"]["timeout"] + args.connections)
    after = reply_check.thread_state(database, thread_id, tag)
    statuses = server.statuses_since(offset, "POST", path)
    result["check"] = reply_check.verify(result, before, after, statuses, args.connections)
    result.pop("acked_numbers", None)
    result["server_statuses"] = statuses
    return result


def prepare(args, meta, run_dir, search_query):
    """Start both servers, log in, check every target page, write the wrk scripts."""
    env = forum_env(args.database)
    # No control socket: gunicorn 27 otherwise shares ~/.gunicorn/gunicorn.ctl between masters.
    extra = ["--no-control-socket", *(args.gunicorn_arg or [])]
    ctx = {"database": args.database, "run_dir": run_dir, "reply_thread_id": meta["reply_thread_id"]}
    ctx["forum"] = Server("forum", ["app:app"], env, run_dir, extra)
    ctx["control"] = Server("control", ["--pythonpath", str(ROOT / "bench"), "control_app:app"], env,
                            run_dir, extra)
    ctx["cookie"] = cookie = log_in(ctx["forum"].port, meta["email"], meta["password"])
    deep, pages = meta["deep_thread_id"], (meta["deep_thread_posts"] + 19) // 20
    search = "/search?" + urllib.parse.urlencode({"q": search_query})
    paths = {"control": "/", "index": "/forum", "category": f"/c/{meta['list_category_id']}",
             "thread_first": f"/t/{deep}", "thread_last": f"/t/{deep}?page={pages}", "search": search,
             "search_1c": search, "search_common": "/search?" + urllib.parse.urlencode({"q": COMMON_QUERY})}
    marks = {"index": "Practice &amp; careers", "category": 'href="/t/', "thread_first": f"Page 1 of {pages}",
             "thread_last": f"Page {pages} of {pages}", "search": "<mark>", "search_common": "<mark>"}
    for target, mark in marks.items():
        check_page(ctx["forum"].port, cookie, paths[target], mark)
    reply_form = check_page(ctx["forum"].port, cookie, f"/t/{meta['reply_thread_id']}/reply", "submission_key")
    ctx["form_prefix"] = urllib.parse.urlencode({
        "csrf_token": csrf_token(reply_form), "action": "post", "disclosure-choice": "none",
        "disclosure-relationships-0-type": "", "disclosure-relationships-0-body": "",
        "disclosure-relationships-0-note": "", "citations-0-value": "PMID: 24569125",
        "citations-0-note": "Guideline"})
    ctx["bodies"] = reply_bodies()
    ctx["read_script"] = run_dir / "read.lua"
    ctx["read_script"].write_text(wrk_scripts.read_script(cookie, USER_AGENT))
    ctx["paths"] = paths
    ctx["meter"] = CpuMeter([ctx["forum"], ctx["control"]])
    return ctx


def run_target(args, ctx, target, duration):
    ctx["meter"].start()
    if target == "reply":
        result = reply_run(args, ctx, duration)
    else:
        server = ctx["control"] if target == "control" else ctx["forum"]
        result = read_run(args, ctx, server, target, ctx["paths"][target], duration)
    result["foreign_cores"], result["bench_cores"] = ctx["meter"].stop()
    return result


def summarize(rounds, targets):
    table = {}
    for target in targets:
        runs = [r[target] for r in rounds]
        row = {"rps": statistics.median(r["rps"] for r in runs),
               "rps_rounds": [round(r["rps"], 1) for r in runs],
               "foreign_cores": statistics.median(r["foreign_cores"] for r in runs),
               # CPU of servers + wrk per request: what a request costs, whatever else runs.
               "cpu_ms": statistics.median(1000 * r["bench_cores"] / r["rps"] for r in runs),
               "connections": runs[0]["connections"]}
        for p in ("50", "95", "99"):
            row[f"p{p}"] = statistics.median(r["latency_ms"][p] for r in runs)
        if target == "reply":
            row["nothing_lost"] = all(r["check"]["nothing_lost"] for r in runs)
        table[target] = row
    return table


def print_table(table):
    control = table.get("control", {}).get("rps")
    print(f"\n{'target':<34} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'vs control':>10} {'CPU ms/req':>10} {'others':>7}")
    for target, row in table.items():
        ratio = f"{row['rps'] / control:.0%}" if control and target != "control" else ""
        print(f"{LABELS[target]:<34} {row['connections']:>5} {row['rps']:>8.1f} {row['p50']:>8.1f} "
              f"{row['p95']:>8.1f} {row['p99']:>8.1f} {ratio:>10} {row['cpu_ms']:>10.2f} "
              f"{row['foreign_cores']:>7.2f}")
    print("(median of the rounds; CPU ms/req: gunicorn + wrk CPU per request; others: cores used by "
          "other processes meanwhile)")
    if "reply" in table:
        print(f"replies: nothing lost in every round: {table['reply']['nothing_lost']}")


def markdown_table(table):
    """The table as Markdown, for BENCHMARKS.md."""
    control = table.get("control", {}).get("rps")
    lines = ["| target | connections | req/s | p50 ms | p95 ms | p99 ms | vs control | CPU ms/request "
             "| other load (cores) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for target, row in table.items():
        ratio = f"{row['rps'] / control:.0%}" if control and target != "control" else "-"
        lines.append(f"| {LABELS[target]} | {row['connections']} | {row['rps']:.1f} | {row['p50']:.1f} | "
                     f"{row['p95']:.1f} | {row['p99']:.1f} | {ratio} | {row['cpu_ms']:.2f} | "
                     f"{row['foreign_cores']:.2f} |")
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--duration", type=int, default=20, help="seconds per target per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3, help="seconds of discarded load per target")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--gunicorn-arg", action="append", help="extra gunicorn flag, e.g. --max-requests=0")
    parser.add_argument("--out", type=Path, help="write every figure as JSON here")
    parser.add_argument("--keep-run-dir", action="store_true", help="keep logs and Lua scripts")
    args = parser.parse_args(argv)
    args.database = args.database.resolve()
    args.targets = [t for t in args.targets.split(",") if t]
    unknown = set(args.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    if not shutil.which("wrk"):
        parser.error("wrk is missing: apt-get install -y wrk")
    return args


def measure(args, ctx):
    for target in args.targets:
        if args.warmup:
            run_target(args, ctx, target, args.warmup)
    rounds = []
    for number in range(1, args.rounds + 1):
        results = {}
        for target in args.targets:
            results[target] = r = run_target(args, ctx, target, args.duration)
            extra = f"  nothing lost: {r['check']['nothing_lost']}" if target == "reply" else ""
            print(f"  round {number} {target:<14} {r['rps']:8.1f} req/s  p50 {r['latency_ms']['50']:7.1f}"
                  f"  p95 {r['latency_ms']['95']:7.1f}  p99 {r['latency_ms']['99']:7.1f} ms  others "
                  f"{r['foreign_cores']:.2f} cores{extra}", flush=True)
        rounds.append(results)
    return rounds


def main(argv=None):
    args = parse_args(argv)
    meta = json.loads(Path(f"{args.database}.bench.json").read_text())
    run_dir = Path(tempfile.mkdtemp(prefix="curbside-load-"))
    facts = database_facts(args.database, meta)
    print(f"Database: {facts}")
    ctx = prepare(args, meta, run_dir, facts["search_query"])
    try:
        rounds = measure(args, ctx)
        table = summarize(rounds, args.targets)
        print_table(table)
        print("\n" + markdown_table(table) + "\n")
        restarts = {name: ctx[name].worker_restarts() - 2 for name in ("forum", "control")}
        print(f"worker recycles (gunicorn max_requests): {restarts}")
        errors = {name: ctx[name].logged_errors() for name in ("forum", "control")}
        print(f"errors logged by the servers: {errors}")
        if args.out:
            args.out.write_text(json.dumps({
                "facts": facts, "meta": meta, "paths": ctx["paths"], "table": table, "rounds": rounds,
                "worker_recycles": restarts, "logged_errors": errors, "args": {
                    "duration": args.duration, "rounds": args.rounds, "connections": args.connections,
                    "wrk_threads": args.wrk_threads, "gunicorn_args": args.gunicorn_arg or []}},
                indent=2, default=str))
    finally:
        ctx["forum"].stop()
        ctx["control"].stop()
        if args.out:  # the servers' error logs go with the figures
            for name in ("forum", "control"):
                for log in (ctx[name].error_log, ctx[name].output_log):
                    shutil.copy(log, args.out.with_name(f"{args.out.stem}.{log.name}"))
        if args.keep_run_dir:
            print(f"Run directory kept: {run_dir}")
        else:
            shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
