"""The forum bench/seed_forum.py writes, decided in memory first: members with their standing
disclosures, threads (ids in creation order) with their post counts, every post in time order
(its index is its id - 1), and a pool of post bodies rendered once through forum.security.sanitize.
"""
import math
import random
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import forum_text as text  # noqa: E402
from forum.registry.identifiers import npi_check_digit  # noqa: E402
from forum.registry.jurisdictions import INDIA_COUNCILS, US_STATES  # noqa: E402
from forum.registry.specialties import SPECIALTIES  # noqa: E402
from forum.search.text import plain_text  # noqa: E402
from forum.security.passwords import hash_password  # noqa: E402

BENCH_PASSWORD = "bench-Curbside-load-2026!"  # every seeded member has it (hashed once)
DAY = 86400.0
HISTORY_DAYS = 730
DEEP_CATEGORY = 0
# (name, description, share of threads, probability a thread is a clinical case)
CATEGORIES = (
    ("Clinical cases: internal medicine", "De-identified adult cases: diagnosis, management, second opinions.", 0.20, 0.9),
    ("Cardiology", "Arrhythmia, heart failure, ischaemia and imaging questions.", 0.09, 0.85),
    ("Pediatrics", "Cases and questions from neonatology to adolescent medicine.", 0.09, 0.85),
    ("Psychiatry", "Cases, psychopharmacology and service questions.", 0.07, 0.8),
    ("Emergency & critical care", "The front door, resuscitation and the ICU.", 0.08, 0.85),
    ("Infectious disease", "Antimicrobial choices, stewardship and unusual organisms.", 0.07, 0.85),
    ("Oncology & hematology", "Cancer care, cytopenias, anticoagulation puzzles.", 0.07, 0.85),
    ("Primary care", "General practice and family medicine, continuity and prevention.", 0.10, 0.7),
    ("Surgery & perioperative medicine", "Before, during and after the operation.", 0.06, 0.8),
    ("Evidence & guidelines", "New trials, guideline changes and how to read them.", 0.06, 0.4),
    ("Practice & careers", "Running a practice, training, rotas, leave and career moves.", 0.09, 0.02),
    ("Announcements 2025", "Last year's site announcements (archived).", 0.02, 0.0),
)
ARCHIVED = {len(CATEGORIES) - 1}
SPECIALTY_WEIGHTS = {"207R00000X": 12, "207Q00000X": 10, "208000000X": 6, "207P00000X": 5,
                     "2084P0800X": 4, "208D00000X": 4, "208M00000X": 4, "207RC0000X": 3, "208600000X": 3}
DOMAINS = ("hospital.example.org", "health.example.com", "clinic.example.net", "nhs.example.uk",
           "med.example.edu", "aiims.example.in")
EPOCH = datetime(1970, 1, 1)


def stamp(seconds: float) -> str:
    """A naive-UTC time exactly as SQLAlchemy stores DateTime on SQLite (always microseconds)."""
    moment = EPOCH + timedelta(seconds=seconds)
    if not moment.microsecond:
        moment = moment.replace(microsecond=1)
    return moment.isoformat(" ")


def plan_members(rng, count, start):
    """(user rows, standing disclosures {id: (no_conflicts, relationships)}, activity weights)."""
    password_hash = hash_password(BENCH_PASSWORD)
    taken, rows, disclosures = set(), [], {}
    specialties = list(SPECIALTIES)
    spec_weights = [SPECIALTY_WEIGHTS.get(code, 1) for code in specialties]
    us, india = list(US_STATES), list(INDIA_COUNCILS)
    for user_id in range(1, count + 1):
        name = text.full_name(rng)
        handle = _unique_handle(name, taken)
        registry, identifier, jurisdiction = _registration(rng, user_id, us, india)
        verified = start - rng.uniform(1, 700) * DAY
        created = verified - rng.uniform(1, 10) * DAY
        confirmed = created + rng.uniform(60, 7200)
        rows.append((user_id, f"{handle}@{rng.choice(DOMAINS)}", handle, name, password_hash, "verified",
                     "member", registry, identifier, jurisdiction,
                     rng.choices(specialties, spec_weights)[0], rng.choice(text.INSTITUTIONS), None,
                     stamp(created), stamp(confirmed), stamp(confirmed), stamp(verified),
                     stamp(start + rng.uniform(0, HISTORY_DAYS) * DAY)))
        disclosures[user_id] = _standing_disclosure(rng)
    weights = [rng.paretovariate(1.2) for _ in range(count)]  # a few members write most posts
    return rows, disclosures, weights


def _unique_handle(name, taken):
    """forum.auth.services.make_handle without the database: ascii, lower case, dots, suffix."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", ".", ascii_name.lower()).strip(".")[:30] or "member"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def _registration(rng, user_id, us, india):
    roll = rng.random()
    if roll < 0.7:
        base = f"{1 if user_id % 3 else 2}{(user_id * 7919) % 10**8:08d}"
        return "npi", base + str(npi_check_digit(base)), "US-" + rng.choice(us)
    if roll < 0.9:
        return "gmc", f"{1000000 + user_id * 37 % 9000000:07d}", "GB"
    return "nmc", f"{rng.choice(india)}/{2000 + user_id % 25}/{user_id:06d}", "IN-" + rng.choice(india)


def _standing_disclosure(rng):
    if rng.random() < 0.72:
        return True, []
    kinds = ("consulting", "speaking", "research_funding", "equity", "royalties", "employment", "other")
    return False, [{"type": rng.choice(kinds), "body": rng.choice(text.COMPANIES),
                    "note": rng.choice(("", "Advisory board, 2025", "Honoraria paid to my department"))}
                   for _ in range(rng.randint(1, 2))]


def post_counts(rng, threads, posts, deep, deep_index, cap=400):
    """Posts per thread: log-normal around the mean, at least 1, exactly `posts` in all."""
    rest_threads, rest_posts = threads - 1, posts - deep
    mean = rest_posts / rest_threads
    mu = math.log(max(mean, 1.0)) - 0.5
    counts = [max(1, min(cap, round(rng.lognormvariate(mu, 1.0)))) for _ in range(rest_threads)]
    diff = rest_posts - sum(counts)
    while diff:
        i = rng.randrange(rest_threads)
        step = 1 if diff > 0 else -1
        if 1 <= counts[i] + step <= cap:
            counts[i] += step
            diff -= step
    counts.insert(deep_index, deep)
    return counts


def plan_threads(rng, n_threads, n_posts, deep_posts, now, member_ids, weights):
    """Threads sorted by creation (ids follow time): dicts with category, kind, author, times."""
    start = now - HISTORY_DAYS * DAY
    archived_at = now - 400 * DAY
    shares = [c[2] for c in CATEGORIES]
    threads = []
    authors = rng.choices(member_ids, weights, k=n_threads)
    for i in range(n_threads):
        category = rng.choices(range(len(CATEGORIES)), shares)[0]
        end = archived_at - DAY if category in ARCHIVED else now - 3600
        clinical = rng.random() < CATEGORIES[category][3]
        threads.append({"category": category, "clinical": clinical, "author": authors[i],
                        "created": rng.uniform(start, end), "end": end})
    deep = threads[n_threads // 3]
    deep.update(category=DEEP_CATEGORY, clinical=True, created=now - 100 * DAY, end=now - 3600, deep=True)
    threads.sort(key=lambda t: t["created"])
    deep_index = next(i for i, t in enumerate(threads) if t.get("deep"))
    for i, (thread, count) in enumerate(zip(threads, post_counts(rng, n_threads, n_posts, deep_posts,
                                                                  deep_index))):
        thread["id"], thread["count"] = i + 1, count
        thread["title"] = text.clinical_title(rng) if thread["clinical"] else text.general_title(rng)
    return threads, deep_index + 1


def plan_posts(rng, threads, member_ids, weights):
    """Every post as (time, thread id, number, author), in time order: the index is the id - 1."""
    total = sum(t["count"] for t in threads)
    repliers = iter(rng.choices(member_ids, weights, k=total))
    posts = []
    for thread in threads:
        first = thread["created"]
        span = 90 * DAY if thread.get("deep") else rng.expovariate(1 / (6 * DAY))
        span = min(span, thread["end"] - first)
        times = sorted(first + rng.random() * span for _ in range(thread["count"] - 1))
        posts.append((first, thread["id"], 1, thread["author"]))
        posts.extend((moment, thread["id"], number, next(repliers))
                     for number, moment in enumerate(times, start=2))
        thread["last"] = times[-1] if times else first
    posts.sort(key=lambda p: p[0])
    return posts


def _render_chunk(args):
    seed, clinical, count = args
    from forum.security.sanitize import render_markdown

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        source = text.body(rng, clinical)
        html = render_markdown(source).html
        out.append((source, html, plain_text(html)))
    return out


def render_pool(seed, size, workers=2):
    """{True: clinical bodies, False: general bodies}, each (source, html, indexed text)."""
    clinical_size = int(size * 0.7)
    jobs = []
    for clinical, n in ((True, clinical_size), (False, size - clinical_size)):
        chunk = max(1, n // (workers * 4))
        jobs += [(seed * 1000 + len(jobs) + i, clinical, min(chunk, n - done))
                 for i, done in enumerate(range(0, n, chunk))]
    pool = {True: [], False: []}
    with ProcessPoolExecutor(workers) as executor:
        for (_, clinical, _), result in zip(jobs, executor.map(_render_chunk, jobs)):
            pool[clinical].extend(result)
    return pool


def choose_reply_thread(threads, deep_id):
    """A clinical thread in an open category with a typical length: the write-path target."""
    return next(t["id"] for t in reversed(threads)
                if t["clinical"] and t["category"] not in ARCHIVED and t["id"] != deep_id
                and 10 <= t["count"] <= 40)
