"""The Finding: one span of a post that looks like a patient identifier, with the reason."""
from dataclasses import asdict, dataclass

TITLE = "title"
BODY = "body"


@dataclass(frozen=True, slots=True)
class Finding:
    """A flagged span: `text == source[start:end]` (offsets in code points of `field`)."""

    kind: str
    start: int
    end: int
    text: str
    reason: str
    field: str = BODY

    def as_dict(self) -> dict:
        """The finding as plain JSON-serialisable values."""
        return asdict(self)
