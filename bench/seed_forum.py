"""Build a large, realistic Curbside forum in a fresh SQLite database, quickly, for the load bench.

    .venv/bin/python bench/seed_forum.py /tmp/forum.db [--posts 1000000] [--threads N] [--members N]

Default size: 20,000 verified members, 12 categories (one archived), 50,000 threads (clinical
cases with disclosure snapshots and 1-3 citations on the opening post, general discussions),
1,000,000 posts, one clinical thread of exactly 500 posts (the deep-page target), read markers
and reply notifications as the app would have written them, consistent counters, and the FTS5
search index. Smaller runs: --posts 100000 scales threads (posts / 20) and members (posts / 50)
unless given. The schema comes from `flask db upgrade`; rows are written with sqlite3
executemany in large transactions (journal off, synchronous off, secondary indexes dropped and
rebuilt afterwards), then the database is put back to WAL. Post bodies are Markdown built from
a clinical vocabulary drawn with Zipf-like frequencies (bench/forum_text.py); sentences and blocks
are rendered once through forum.security.sanitize and each body is composed from them
(bench/forum_plan.py), so nearly every body is distinct. Writes <database>.bench.json with what the load script needs
(the member to log in as, the deep thread, the reply thread, a search query).
"""
import argparse
from array import array
import json
import os
import random
import resource
import secrets
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import forum_plan as plan  # noqa: E402
import forum_text as text  # noqa: E402
from forum.discussion import citations as citation_rules  # noqa: E402
from forum.search.engines import ROWID_BASE  # noqa: E402
from forum.search.text import clean  # noqa: E402
from forum_plan import ARCHIVED, CATEGORIES, DAY, HISTORY_DAYS, stamp  # noqa: E402

INDEXED_TABLES = ("user", "thread", "post", "post_citation", "notification", "standing_disclosure")


class Phases:
    def __init__(self):
        self.started = self.last = time.monotonic()
        self.rows = []

    def done(self, name, detail=""):
        now = time.monotonic()
        self.rows.append((name, now - self.last))
        print(f"  {name:<26} {now - self.last:7.1f} s  {detail}", flush=True)
        self.last = now

    def total(self):
        return time.monotonic() - self.started


def migrate(path):
    env = dict(os.environ, FORUM_DATABASE_URL=f"sqlite:///{path}", FORUM_ENV="development")
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT,
                   env=env, check=True, capture_output=True, text=True)


def open_for_bulk(path):
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "foreign_keys=OFF", "temp_store=MEMORY",
                   "cache_size=-1500000", "locking_mode=EXCLUSIVE"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def drop_indexes(connection):
    """Drop the explicit secondary indexes of the big tables; return their DDL to rebuild them."""
    marks = ",".join("?" * len(INDEXED_TABLES))
    saved = connection.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})", INDEXED_TABLES).fetchall()
    for name, _ in saved:
        connection.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in saved]


def insert(connection, table, columns, rows):
    statement = (f'INSERT INTO "{table}" ({", ".join(columns)}) '
                 f'VALUES ({", ".join("?" * len(columns))})')
    connection.execute("BEGIN")
    connection.executemany(statement, rows)
    connection.execute("COMMIT")


def write_members(connection, rows, disclosures, now):
    insert(connection, "user", (
        "id", "email", "handle", "full_name", "password_hash", "state", "role", "registry_code",
        "registry_identifier", "jurisdiction", "specialty", "institution", "coi_statement",
        "created_at", "email_confirmed_at", "submitted_at", "verified_at", "last_login_at"), rows)
    insert(connection, "standing_disclosure", ("user_id", "no_conflicts", "relationships", "updated_at"),
           ((user_id, int(none), json.dumps(rels), stamp(now - 30 * DAY))
            for user_id, (none, rels) in disclosures.items()))


def write_categories(connection, threads, now):
    stats = {i: [0, 0, None] for i in range(len(CATEGORIES))}
    for thread in threads:
        row = stats[thread["category"]]
        row[0] += 1
        row[1] += thread["count"]
        row[2] = max(row[2] or 0, thread["last"])
    insert(connection, "category", (
        "id", "name", "description", "position", "created_at", "archived_at", "thread_count",
        "post_count", "last_post_at"),
        ((i + 1, name, description, i + 1, stamp(now - (HISTORY_DAYS + 5) * DAY),
          stamp(now - 400 * DAY) if i in ARCHIVED else None, stats[i][0], stats[i][1],
          stamp(stats[i][2]) if stats[i][2] else None)
         for i, (name, description, _, _) in enumerate(CATEGORIES)))


def write_threads(connection, rng, threads, deep_id, reply_id):
    pinned = {}
    for thread in threads:  # one pinned thread per category: its oldest
        pinned.setdefault(thread["category"], thread["id"])
    rows = []
    for t in threads:
        locked = (t["id"] not in (deep_id, reply_id) and rng.random() < 0.005)
        rows.append((t["id"], t["category"] + 1, t["author"], t["title"],
                     "clinical" if t["clinical"] else "general", stamp(t["created"]), stamp(t["last"]),
                     t["count"], t["count"] - 1, stamp(t["last"] + 3600) if locked else None,
                     stamp(t["created"] + 60) if pinned[t["category"]] == t["id"] else None))
    insert(connection, "thread", ("id", "category_id", "author_id", "title", "kind", "created_at",
                                  "last_post_at", "post_count", "reply_count", "locked_at", "pinned_at"),
           rows)


def disclosure_json(disclosures):
    """{author: JSON prefix}: a snapshot is the prefix plus its recorded_at (fast to build)."""
    return {user_id: json.dumps({"no_conflicts": none, "relationships": rels})[:-1]
            for user_id, (none, rels) in disclosures.items()}


def write_posts(connection, rng, posts, threads, pool, disclosures):
    """Posts in id order with their citations, bodies composed from the pool. Returns the
    pooled pieces of every body (flat, with offsets) for the search index, and the citations."""
    by_id = {t["id"]: t for t in threads}
    snapshots = disclosure_json(disclosures)
    pieces, offsets, citation_rows = array("i"), array("L", [0]), []

    def rows():
        for post_id, (moment, thread_id, number, author) in enumerate(posts, start=1):
            thread = by_id[thread_id]
            clinical = thread["clinical"]
            used = []
            source, html = plan.compose(rng, pool, clinical, used)
            pieces.extend(used)
            offsets.append(len(pieces))
            when = stamp(moment)
            snapshot = f'{snapshots[author]}, "recorded_at": "{when[:19].replace(" ", "T")}"}}' if clinical else None
            if clinical and (number == 1 or rng.random() < 0.08):
                citation_rows.extend(_citations(rng, post_id, 1 if number > 1 else rng.randint(1, 3)))
            yield (post_id, thread_id, author, number, source, html, when, "visible", snapshot,
                   secrets.token_urlsafe(24))

    insert(connection, "post", ("id", "thread_id", "author_id", "number", "body_source", "body_html",
                                "created_at", "status", "disclosure", "submission_key"), rows())
    insert(connection, "post_citation", ("post_id", "position", "kind", "value", "note"), citation_rows)
    return (pieces, offsets), len(citation_rows)


def _citations(rng, post_id, count):
    seen, out = set(), []
    for position in range(count):
        raw, note = text.raw_citation(rng)
        parsed = citation_rules.parse_citation(raw)
        if (parsed.kind, parsed.value.lower()) in seen:
            continue
        seen.add((parsed.kind, parsed.value.lower()))
        out.append((post_id, position, parsed.kind, parsed.value, note))
    return out


def write_reading_state(connection, posts, threads, now):
    """Read markers (every author has read a thread up to their own latest post there) and
    reply notifications for thread authors (read unless from the last week). Returns counts."""
    authors = {t["id"]: t["author"] for t in threads}
    markers, notes = {}, []
    recent = now - 7 * DAY
    for post_id, (moment, thread_id, number, author) in enumerate(posts, start=1):
        key = (author, thread_id)
        if markers.get(key, (0,))[0] < number:
            markers[key] = (number, moment)
        owner = authors[thread_id]
        if number > 1 and owner != author:
            notes.append((owner, "reply", author, thread_id, post_id, stamp(moment),
                          stamp(moment + 5400) if moment < recent else None))
    insert(connection, "thread_read", ("user_id", "thread_id", "last_read_number", "read_at"),
           ((u, t, n, stamp(m)) for (u, t), (n, m) in sorted(markers.items())))
    insert(connection, "notification", ("user_id", "kind", "actor_id", "thread_id", "post_id",
                                        "created_at", "read_at"), notes)
    return len(markers), len(notes)


def write_search_index(connection, posts, threads, pool, bodies):
    """Fill the FTS5 table in rowid order with FTS5's default merge settings. (Loading with
    automerge off or a larger 'hashsize' is faster but leaves one huge segment on a low level:
    the app's first dozen commits then merge the whole index inside a reply, a 10 s stall.)"""
    clinical = {t["id"]: t["clinical"] for t in threads}
    titles = {t["id"]: clean(t["title"]) for t in threads}

    pieces, offsets = bodies

    def rows():
        # Newest first, in the index's rowid order (forum.search.engines.SqliteEngine): FTS5
        # starts a new segment whenever a rowid is lower than the one before it.
        for post_id in range(len(posts), 0, -1):
            _, thread_id, number, _ = posts[post_id - 1]
            used = pieces[offsets[post_id - 1]:offsets[post_id]]
            yield (ROWID_BASE - post_id, post_id, titles[thread_id] if number == 1 else "",
                   plan.indexed_text(pool, clinical[thread_id], used))

    insert(connection, "post_search", ("rowid", "post_id", "title", "body"), rows())


def finish(connection, index_ddl):
    connection.execute("BEGIN")
    for ddl in index_ddl:
        connection.execute(ddl)
    connection.execute("COMMIT")


def optimize_search(connection):
    connection.execute("INSERT INTO post_search (post_search) VALUES ('optimize')")


def back_to_normal(path):
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")  # what forum/database.py sets on every connection
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.close()


def check(path, expected_posts):
    """Counters must agree with the rows; raises AssertionError otherwise."""
    connection = sqlite3.connect(path)
    one = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
    posts = one("SELECT count(*) FROM post")
    assert posts == expected_posts, (posts, expected_posts)
    assert one("SELECT sum(post_count) FROM thread") == posts
    assert one("SELECT sum(reply_count + 1) FROM thread") == posts
    assert one("SELECT sum(post_count) FROM category") == posts
    assert one("SELECT sum(thread_count) FROM category") == one("SELECT count(*) FROM thread")
    assert one("SELECT count(*) FROM thread t WHERE post_count != "
               "(SELECT max(number) FROM post p WHERE p.thread_id = t.id)") == 0
    assert one("SELECT count(*) FROM thread t WHERE last_post_at != "
               "(SELECT max(created_at) FROM post p WHERE p.thread_id = t.id)") == 0
    assert one("SELECT count(*) FROM post_search") == posts
    connection.close()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path, help="SQLite file to create (must not exist unless --force)")
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, help="default: posts / 20")
    parser.add_argument("--members", type=int, help="default: max(200, posts / 50)")
    parser.add_argument("--deep-thread-posts", type=int, default=500)
    parser.add_argument("--pool", type=int, default=plan.POOL_SENTENCES,
                        help="rendered sentences that bodies are composed from (and 1/8 as many other blocks)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="replace an existing database file")
    parser.add_argument("--no-optimize", action="store_true", help="skip merging the FTS5 segments")
    args = parser.parse_args(argv)
    args.threads = args.threads or max(10, args.posts // 20)
    args.members = args.members or max(200, args.posts // 50)
    if args.posts < args.threads - 1 + args.deep_thread_posts:
        parser.error("--posts must cover one post per thread plus the deep thread")
    return args


def remove_database(path, force):
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]
    if path.exists() and not force:
        sys.exit(f"{path} exists: pass --force to replace it.")
    for file in files:
        file.unlink(missing_ok=True)


def main(argv=None):
    args = parse_args(argv)
    path = args.database.resolve()
    remove_database(path, args.force)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    now = time.time()
    print(f"Seeding {path}: {args.members:,} members, {args.threads:,} threads, {args.posts:,} posts")
    phases = Phases()
    migrate(path)
    phases.done("migrate (flask db upgrade)")
    pool = plan.render_pool(args.seed, args.pool, max(1, args.pool // 8))
    plan.check_composition(pool, args.seed)
    phases.done("render text pool", f"{args.pool:,} sentences, {args.pool // 8:,} blocks through "
                                     "sanitize; composition checked")
    members, disclosures, weights = plan.plan_members(rng, args.members, now - HISTORY_DAYS * DAY)
    member_ids = [row[0] for row in members]
    threads, deep_id = plan.plan_threads(rng, args.threads, args.posts, args.deep_thread_posts, now,
                                         member_ids, weights)
    posts = plan.plan_posts(rng, threads, member_ids, weights)
    reply_id = plan.choose_reply_thread(threads, deep_id)
    phases.done("plan members/threads/posts")
    connection = open_for_bulk(path)
    index_ddl = drop_indexes(connection)
    write_members(connection, members, disclosures, now)
    write_categories(connection, threads, now)
    write_threads(connection, rng, threads, deep_id, reply_id)
    phases.done("insert members/threads", f"{len(members):,} members, {len(threads):,} threads")
    bodies, citation_count = write_posts(connection, rng, posts, threads, pool, disclosures)
    phases.done("insert posts", f"{len(posts):,} posts, {citation_count:,} citations")
    markers, notes = write_reading_state(connection, posts, threads, now)
    phases.done("insert read markers/notes", f"{markers:,} read markers, {notes:,} notifications")
    write_search_index(connection, posts, threads, pool, bodies)
    phases.done("fill search index", f"{len(posts):,} entries")
    finish(connection, index_ddl)
    phases.done("rebuild indexes", f"{len(index_ddl)} indexes")
    if not args.no_optimize:
        optimize_search(connection)
        phases.done("optimize search index")
    connection.close()
    back_to_normal(path)
    check(path, args.posts)
    phases.done("WAL on, check counters")
    member = members[0]
    meta = {"database": str(path), "email": member[1], "password": plan.BENCH_PASSWORD,
            "deep_thread_id": deep_id, "deep_thread_posts": args.deep_thread_posts,
            "reply_thread_id": reply_id, "list_category_id": plan.DEEP_CATEGORY + 1,
            "posts": args.posts, "threads": args.threads, "members": args.members,
            "seeded_at": stamp(now), "seconds": round(phases.total(), 1),
            "phases": {name: round(seconds, 1) for name, seconds in phases.rows}}
    size = path.stat().st_size / 2**30
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    meta["cpu_seconds"] = round(cpu, 1)
    Path(f"{path}.bench.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"Done in {phases.total():.1f} s wall, {cpu:.1f} s CPU ({size:.2f} GiB). "
          f"Metadata: {path}.bench.json")
    return meta


if __name__ == "__main__":
    main()
