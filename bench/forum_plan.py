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


# Rendering every body through sanitize would take ~1.5 ms a post, 25 minutes for a million.
# Instead sentences and special blocks (lists, quotes, headings, tables, link lines) are
# rendered once into a pool, and each post is composed from them: paragraphs of pooled
# sentences joined by spaces, blocks joined as markdown-it joins them. Sentences carry inline
# markup only, so the composed HTML is exactly what rendering the composed Markdown gives
# (check_composition asserts it on a sample, tests/unit/test_seed_text.py too). With ~150,000
# sentences and six or so per post, practically every post's body is distinct, and terms drawn
# in different sentences co-occur independently, as they do in real posts.
POOL_SENTENCES = 150_000
POOL_BLOCKS = POOL_SENTENCES // 8
CLINICAL_SHARE = 0.8  # of the pooled pieces (posts in clinical threads outnumber the rest)


def _render_chunk(args):
    seed, clinical, count, blocks = args
    from forum.security.sanitize import render_markdown

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        source = text.special_block(rng, clinical) if blocks else text.sentence(rng, clinical)
        html = render_markdown(source).html
        if not blocks:
            assert html.startswith("<p>") and html.endswith("</p>"), html
            html = html[3:-4]  # the paragraph is closed around the joined sentences
        out.append((source, html, plain_text(html), len(source)))
    return out


class Pool:
    """Rendered pieces, (markdown, html, indexed text, markdown length) each, by kind."""

    def __init__(self, sentences, blocks):
        self.sentences = sentences  # {clinical: [pieces]}; html without the <p></p>
        self.blocks = blocks  # {clinical: [pieces]}


def render_pool(seed, sentences=POOL_SENTENCES, blocks=POOL_BLOCKS, workers=2):
    """The pool of rendered pieces (see the note above), rendered by `workers` processes."""
    jobs = []
    for is_block, size in ((False, sentences), (True, blocks)):
        clinical_size = int(size * CLINICAL_SHARE)
        for clinical, n in ((True, clinical_size), (False, size - clinical_size)):
            chunk = max(1, n // (workers * 4))
            jobs += [(seed * 1000 + len(jobs) + i, clinical, min(chunk, n - done), is_block)
                     for i, done in enumerate(range(0, n, chunk))]
    found = {False: {True: [], False: []}, True: {True: [], False: []}}
    with ProcessPoolExecutor(workers) as executor:
        for (_, clinical, _, is_block), result in zip(jobs, executor.map(_render_chunk, jobs)):
            found[is_block][clinical].extend(result)
    return Pool(found[False], found[True])


def compose(rng, pool, clinical, pieces=None):
    """(markdown, html) of a new body from pooled pieces, shaped like forum_text.body. Appends
    the pieces used to `pieces` ((is_block, index) flattened as index or ~index), from which
    indexed_text rebuilds the body's indexed text without keeping it."""
    sentences, blocks = pool.sentences[clinical], pool.blocks[clinical]
    n_sentences, n_blocks = len(sentences), len(blocks)
    random_, randrange = rng.random, rng.randrange
    target = text.body_target(rng)
    sources, htmls, length, after_list = [], [], 0, False
    while length < target:
        if random_() < text.SPECIAL_SHARE:
            i = randrange(n_blocks)
            source, html, _, size = blocks[i]
            is_list = html.startswith(("<ul>", "<ol>"))
            while is_list and after_list:  # two lists in a row would merge into one
                i = randrange(n_blocks)
                source, html, _, size = blocks[i]
                is_list = html.startswith(("<ul>", "<ol>"))
            after_list = is_list
            if pieces is not None:
                pieces.append(~i)
            sources.append(source)
            htmls.append(html)
        else:
            goal = randrange(120, 421)
            parts_md, parts_html, size = [], [], -1
            while size < goal:
                i = randrange(n_sentences)
                piece = sentences[i]
                if pieces is not None:
                    pieces.append(i)
                parts_md.append(piece[0])
                parts_html.append(piece[1])
                size += piece[3] + 1
            after_list = False
            sources.append(" ".join(parts_md))
            htmls.append("<p>" + " ".join(parts_html) + "</p>")
        length += size + 2
    return "\n\n".join(sources), "\n".join(htmls)


def indexed_text(pool, clinical, pieces):
    """plain_text of a composed body's HTML, from the pieces compose() recorded: tags become
    spaces and spaces collapse, so it is the pieces' own indexed texts joined by spaces."""
    sentences, blocks = pool.sentences[clinical], pool.blocks[clinical]
    return " ".join(sentences[i][2] if i >= 0 else blocks[~i][2] for i in pieces)


def check_composition(pool, seed, samples=300):
    """Composed bodies must equal rendering their Markdown, and their indexed text plain_text
    of that HTML (AssertionError otherwise)."""
    from forum.security.sanitize import render_markdown

    rng = random.Random(seed)
    for n in range(samples):
        clinical = n % 4 != 0
        pieces = []
        source, html = compose(rng, pool, clinical, pieces)
        rendered = render_markdown(source).html
        assert rendered == html, (source, rendered, html)
        assert indexed_text(pool, clinical, pieces) == plain_text(html), source


def choose_reply_thread(threads, deep_id):
    """A clinical thread in an open category with a typical length: the write-path target."""
    return next(t["id"] for t in reversed(threads)
                if t["clinical"] and t["category"] not in ARCHIVED and t["id"] != deep_id
                and 10 <= t["count"] <= 40)
