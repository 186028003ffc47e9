"""Stored text: reasons (moderation, admin decisions) are cleaned like every other text."""
import pytest

from forum.errors import ValidationFailed
from forum.text import clean_reason, stacked_marks, stacking_problem


def test_a_reason_loses_control_and_direction_characters():
    assert clean_reason(" Posted\u202e a name\x07\r\nagain ", limit=100, missing="Why?") == "Posted a name\nagain"


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u2060", "\u202e\u202c"])
def test_a_reason_that_shows_nothing_is_missing(reason):
    with pytest.raises(ValidationFailed, match="Why?"):
        clean_reason(reason, limit=100, missing="Why?")


@pytest.mark.parametrize("text", ["जाँच का परिणाम", "བཀྲ་ཤིས་བདེ་ལེགས། ཧྨྱཱུ", "בְּרֵאשִׁית בָּרָא", "Nguye\u0302\u0303n",
                                  "ثُمَّ", "ค่ะ ที่", "1\ufe0f\u20e3 ❤️ 👨‍👩‍👧‍👦", "plain ASCII"])
def test_real_writing_stacks_few_marks(text):
    assert stacked_marks(text) <= 4 and stacking_problem(text, "The title") is None


def test_zalgo_text_is_refused_saying_how_many_marks_it_stacks():
    assert stacking_problem("Z" + "\u0336" * 40 + "algo", "The title") == (
        "The title stacks 40 accents or marks on one letter; at most 8 fit, or the text spills "
        "over the lines around it.")
    assert stacking_problem("Z" + "\u0336" * 8, "The title") is None
