"""Benchmark the privacy screen: accuracy on the labelled corpus and time per 2,000-character post.

Usage: python bench/privacy_screen.py [--iterations N]
Prints recall on identifying posts, precision, false-positive rate on clean posts, per-kind recall,
and the median and 95th-percentile time to screen one 2,000-character post. Exits 1 when a target
is missed (recall >= 0.95, false-positive rate <= 0.10, median < 1 ms).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum.privacy import screen  # noqa: E402
from forum.privacy.evaluation import CORPUS, evaluate, load  # noqa: E402

POST_LENGTH = 2000
TARGET_RECALL = 0.95
TARGET_FALSE_POSITIVE_RATE = 0.10
TARGET_MEDIAN_MS = 1.0
DENSE = (
    "A 67-year-old man with HFrEF (EF 25%) presented with dyspnea. BP 140/90, HR 110, SpO2 94% on "
    "room air. K 3.2, Hb 7.9 g/dL, INR 2.5. Started furosemide 40 mg IV bid and metformin 500 mg "
    "bid was held. Per the RECOVERY and SPRINT trials (PMID 12345678; DOI 10.1056/NEJMoa2007764), "
    "Smith et al. 2019 suggest... I discussed with Dr. Patel from cardiology; 2/6 systolic murmur at "
    "the LUSB. ICD-10 I50.22. At 0300 he desaturated. "
)


def posts_of_length(rows, length=POST_LENGTH):
    """One post per corpus row: that row's text followed by the next rows, cut to `length`."""
    posts = []
    for first in range(len(rows)):
        text, index = "", first
        while len(text) < length:
            text += rows[index % len(rows)]["text"] + " "
            index += 1
        posts.append(text[:length])
    return posts


def time_posts(posts, iterations):
    """Seconds to screen each post, over `iterations` passes through all of them."""
    for post in posts[:20]:
        screen(post)  # warm up
    timings = []
    for _ in range(iterations):
        for post in posts:
            started = time.perf_counter()
            screen(post)
            timings.append(time.perf_counter() - started)
    return timings


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def report_accuracy(rows):
    score = evaluate(rows)
    print(f"corpus: {CORPUS.name}, {len(rows)} posts ({score.identifying} identifying, {score.clean} clean)")
    print(f"recall on identifying posts: {score.recall:.3f} ({score.caught}/{score.identifying})"
          f"   target >= {TARGET_RECALL}")
    print(f"precision (flagged posts that identify): {score.precision:.3f}")
    print(f"false-positive rate on clean posts: {score.false_positive_rate:.3f} "
          f"({score.false_alarms}/{score.clean})   target <= {TARGET_FALSE_POSITIVE_RATE}")
    print("per-kind recall:")
    for kind, recall in score.kind_recall().items():
        print(f"  {kind:14} {recall:.3f} ({score.kind_caught.get(kind, 0)}/{score.kind_expected[kind]})")
    for number, note in score.missed:
        print(f"  missed line {number}: {note}")
    for number, note, kinds in score.wrongly_flagged:
        print(f"  flagged clean line {number}: {note} -> {', '.join(kinds)}")
    return score


def report_speed(label, posts, iterations):
    timings = time_posts(posts, iterations)
    median_ms = statistics.median(timings) * 1000
    p95_ms = percentile(timings, 0.95) * 1000
    print(f"{label}: {len(timings)} screenings of {POST_LENGTH}-character posts: "
          f"median {median_ms:.3f} ms, p95 {p95_ms:.3f} ms, {1000 / median_ms:,.0f} posts/s"
          f"   target median < {TARGET_MEDIAN_MS} ms")
    return median_ms


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20, help="passes over the posts (default 20)")
    args = parser.parse_args(argv)
    rows = load()
    score = report_accuracy(rows)
    median_ms = report_speed("corpus posts", posts_of_length(rows), args.iterations)
    report_speed("number-dense clinical post", [(DENSE * 20)[:POST_LENGTH]] * 50, args.iterations)
    met = (score.recall >= TARGET_RECALL and score.false_positive_rate <= TARGET_FALSE_POSITIVE_RATE
           and median_ms < TARGET_MEDIAN_MS)
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
