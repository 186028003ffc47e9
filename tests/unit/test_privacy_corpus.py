"""The labelled corpus (tests/data/privacy_corpus.jsonl): well formed, and the screen meets its
targets on it: recall >= 0.95 on identifying posts, at most 1 in 10 clean posts flagged."""
from forum.privacy import KINDS
from forum.privacy.evaluation import evaluate, load

MIN_RECALL = 0.95
MAX_FALSE_POSITIVE_RATE = 0.10


def test_corpus_is_well_formed_and_balanced():
    rows = load()
    assert len(rows) >= 150
    for row in rows:
        assert set(row) == {"text", "identifying", "kinds", "note"}
        assert isinstance(row["text"], str) and row["text"].strip()
        assert isinstance(row["identifying"], bool)
        assert set(row["kinds"]) <= set(KINDS)
        assert bool(row["kinds"]) == row["identifying"]
    identifying = sum(row["identifying"] for row in rows)
    assert 0.4 <= identifying / len(rows) <= 0.6
    assert {kind for row in rows for kind in row["kinds"]} == set(KINDS)
    assert sum(len(row["text"]) >= 1500 for row in rows) >= 6


def test_screen_meets_recall_and_false_positive_targets():
    score = evaluate(load())
    assert score.recall >= MIN_RECALL, f"missed: {score.missed}"
    assert score.false_positive_rate <= MAX_FALSE_POSITIVE_RATE, f"flagged: {score.wrongly_flagged}"


def test_every_kind_is_found_where_expected():
    score = evaluate(load())
    weak = {kind: recall for kind, recall in score.kind_recall().items() if recall < 0.9}
    assert not weak
