"""Score the screen on a labelled corpus (JSON lines: text, identifying, kinds): recall, precision,
false-positive rate and per-kind recall. Used by the corpus test and bench/privacy_screen.py."""
import json
from dataclasses import dataclass, field
from pathlib import Path

from forum.privacy.services import screen

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "privacy_corpus.jsonl"


@dataclass
class Score:
    """Post-level counts: a post is "flagged" when the screen finds anything in it."""

    identifying: int = 0
    clean: int = 0
    caught: int = 0
    false_alarms: int = 0
    kind_expected: dict = field(default_factory=dict)
    kind_caught: dict = field(default_factory=dict)
    missed: list = field(default_factory=list)
    wrongly_flagged: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.identifying if self.identifying else 1.0

    @property
    def precision(self) -> float:
        flagged = self.caught + self.false_alarms
        return self.caught / flagged if flagged else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_alarms / self.clean if self.clean else 0.0

    def kind_recall(self) -> dict:
        return {kind: self.kind_caught.get(kind, 0) / total for kind, total in sorted(self.kind_expected.items())}


def load(path=CORPUS) -> list[dict]:
    """The corpus rows, in file order."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(rows) -> Score:
    """Screen every row and count hits and misses against its labels."""
    score = Score()
    for number, row in enumerate(rows, start=1):
        found = {finding.kind for finding in screen(row["text"])}
        if row["identifying"]:
            score.identifying += 1
            score.caught += bool(found)
            if not found:
                score.missed.append((number, row.get("note", "")))
            for kind in row["kinds"]:
                score.kind_expected[kind] = score.kind_expected.get(kind, 0) + 1
                score.kind_caught[kind] = score.kind_caught.get(kind, 0) + (kind in found)
        else:
            score.clean += 1
            if found:
                score.false_alarms += 1
                score.wrongly_flagged.append((number, row.get("note", ""), sorted(found)))
    return score
