"""The "nothing lost" check of the reply bench: after wrk has POSTed replies to one thread,
compare what wrk saw acknowledged, what the server answered and what the database holds.

Every reply carries a submission key starting with the run's tag, so its rows are found
exactly. wrk stops mid-flight when its time is up: the replies then in flight are still served
and stored (up to one per connection) although wrk never reads their answers; the server's own
access log counts them, so the equalities below are exact.
"""
import sqlite3
import time

from forum.search.engines import ROWID_BASE  # the index's rowid for a post id


def thread_state(database, thread_id, tag):
    """The thread's counter, its rows, its highest number, and the numbers of this run's posts
    with how many of them are in the search index."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        count = connection.execute("SELECT post_count FROM thread WHERE id = ?", (thread_id,)).fetchone()[0]
        rows, top = connection.execute("SELECT count(*), max(number) FROM post WHERE thread_id = ?",
                                       (thread_id,)).fetchone()
        numbers = [n for (n,) in connection.execute(
            "SELECT number FROM post WHERE thread_id = ? AND submission_key LIKE ? ORDER BY number",
            (thread_id, tag + "%"))]
        indexed = connection.execute(
            f"SELECT count(*) FROM post_search WHERE rowid IN (SELECT {ROWID_BASE} - id FROM post "
            "WHERE thread_id = ? AND submission_key LIKE ?)", (thread_id, tag + "%")).fetchone()[0]
    finally:
        connection.close()
    return {"post_count": count, "rows": rows, "max_number": top, "new": numbers, "indexed": indexed}


def settle(answered, expected, limit=60.0):
    """Wait until the server has answered `expected` replies (`answered()` counts them): wrk
    stops with one request in flight per connection, and the server still serves those."""
    deadline = time.monotonic() + limit
    while answered() < expected and time.monotonic() < deadline:
        time.sleep(0.25)
    return answered()


def verify(result, before, after, server_statuses, connections):
    """The check's figures, and `nothing_lost`: every reply wrk saw acknowledged is stored at
    the number its redirect announced, no answer was an error, the counter grew exactly by the
    rows added, which equal the server's 302s and the new search-index entries, numbers run
    without gap, and the only stored replies wrk did not see are the <= `connections` in flight."""
    acked = [int(n) for n in result.get("acked_numbers", "").split(",") if n.isdigit()]
    stored = set(after["new"])
    grown = after["post_count"] - before["post_count"]
    check = {
        "acknowledged": result["ok"], "refused": result["bad"], "refused_codes": result.get("bad_codes", ""),
        "stored": len(stored), "post_count_growth": grown, "row_growth": after["rows"] - before["rows"],
        "server_302": server_statuses.get("302", 0),
        "server_other": {s: n for s, n in server_statuses.items() if s != "302"},
        "acked_missing": len(set(acked) - stored), "acked_duplicates": len(acked) - len(set(acked)),
        "indexed": after["indexed"],
        "numbers_contiguous": after["max_number"] == after["post_count"] == after["rows"],
        "served_after_wrk_stopped": len(stored) - len(set(acked)),
    }
    check["nothing_lost"] = (
        check["acked_missing"] == 0 and check["acked_duplicates"] == 0 and result["bad"] == 0
        and len(acked) == result["ok"] and not check["server_other"]
        and grown == check["row_growth"] == len(stored) == check["server_302"] == after["indexed"]
        and check["numbers_contiguous"] and 0 <= check["served_after_wrk_stopped"] <= connections)
    return check
