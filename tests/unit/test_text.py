"""Stored text: reasons (moderation, admin decisions) are cleaned like every other text."""
import pytest

from forum.errors import ValidationFailed
from forum.text import clean_reason


def test_a_reason_loses_control_and_direction_characters():
    assert clean_reason(" Posted\u202e a name\x07\r\nagain ", limit=100, missing="Why?") == "Posted a name\nagain"


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u2060", "\u202e\u202c"])
def test_a_reason_that_shows_nothing_is_missing(reason):
    with pytest.raises(ValidationFailed, match="Why?"):
        clean_reason(reason, limit=100, missing="Why?")
