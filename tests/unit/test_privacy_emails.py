"""Emails rule: addresses, including spelled-out ones; "at" and "dot" in prose left alone."""
import pytest

from forum.privacy.rules.emails import RULE


@pytest.mark.parametrize("text, expected", [
    ("from jane.doe1961@gmail.com, all readings high", "jane.doe1961@gmail.com"),
    ("her email is k.lindqvist@protonmail.com.", "k.lindqvist@protonmail.com"),
    ("updates go to mthompson at yahoo dot com please", "mthompson at yahoo dot com"),
    ("fam.okoro [at] outlook [dot] com for genetics", "fam.okoro [at] outlook [dot] com"),
    ("write to user@sub.example.co.uk", "user@sub.example.co.uk"),
])
def test_flags_email_addresses(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Look at uptodate.com for the dosing table.",
    "Seen at 0300 at the bedside.",
    "@channel the rota is out.",
    "The dose was 1 mg at night; the dot plot is in figure 2.",
])
def test_leaves_prose_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text", ["write to info@cardiosoc.example.org", "registration@congress.example.com",
                                  "noreply@portal.example.net sent it"])
def test_leaves_role_addresses_alone(text):
    assert RULE.texts(text) == []


def test_a_personal_address_on_the_same_domain_still_counts():
    assert RULE.texts("raj.p.92@congress.example.com") == ["raj.p.92@congress.example.com"]


@pytest.mark.parametrize("text, expected", [
    ("send it to r dot okafor at gmail dot com please", "r dot okafor at gmail dot com"),
    ("her email: a dot b dot khan at yahoo dot co dot uk", "a dot b dot khan at yahoo dot co dot uk"),
])
def test_spelled_address_is_covered_from_its_first_part(text, expected):
    assert RULE.texts(text) == [expected]
