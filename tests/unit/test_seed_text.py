"""The load bench's seeded text (bench/forum_text.py, bench/forum_plan.py): composed bodies are
exactly what rendering their Markdown gives, the text is reproducible, and the bench's
"common word" query is the seeded text's most frequent clinical term."""
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import forum_plan as plan  # noqa: E402
import forum_text as text  # noqa: E402


@pytest.fixture(scope="module")
def pool():
    """A small pool rendered in-process (the seed renders 150,000 sentences in workers)."""
    rendered = {}
    for is_block, count in ((False, 1500), (True, 300)):
        rendered[is_block] = {clinical: plan._render_chunk((7 + clinical, clinical, count, is_block))
                              for clinical in (True, False)}
    return plan.Pool(rendered[False], rendered[True])


def test_composed_bodies_equal_rendering_their_markdown(pool):
    plan.check_composition(pool, seed=11, samples=400)


def test_the_text_is_reproducible(pool):
    def bodies(seed):
        rng = random.Random(seed)
        return [plan.compose(rng, pool, n % 3 != 0) for n in range(50)]

    assert bodies(3) == bodies(3) and bodies(3) != bodies(4)
    rng = random.Random(5)
    assert text.body(rng, True) == text.body(random.Random(5), True)


def test_terms_are_zipf_like_and_the_common_query_is_the_most_frequent_term():
    import load_forum

    rng = random.Random(2026)
    single = {term.lower() for vocabulary in (text.DRUGS, text.DIAGNOSES, text.LABS, text.PROCEDURES,
                                              text.ORGANISMS)
              for term in vocabulary if re.fullmatch(r"[A-Za-z0-9]+", term)}
    df = Counter()
    posts = 6000
    for n in range(posts):
        words = set(re.findall(r"[a-z0-9]+", text.body(rng, n % 4 != 0).lower()))
        df.update(words & single)
    top, count = df.most_common(1)[0]
    assert top == load_forum.COMMON_QUERY
    assert 0.02 < count / posts < 0.10  # a few per cent of posts, not a third
    rare = [df[term.lower()] / posts for term in text.DRUGS[-50:] if term.isalpha()]
    assert sorted(rare)[len(rare) // 2] < 0.003  # the tail is rare (a few also name labs)


def test_vocabularies_have_no_duplicates():
    for vocabulary in (text.DRUGS, text.DIAGNOSES, text.TESTS, text.LABS, text.PROCEDURES,
                       text.ORGANISMS, text.SIGNS, text.SYMPTOMS):
        assert len(set(vocabulary)) == len(vocabulary)
