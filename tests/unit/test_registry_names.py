"""Name normalisation and matching as REGISTRY.md proposes: exact, partial, fuzzy, other names."""
import pytest

from forum.registry.base import MatchLevel
from forum.registry.names import RegistryName, candidate_splits, match_name, tokens

QUILLFEATHER = RegistryName("QUILLFEATHER", "AMELIA", "J")
ONEIL = RegistryName("O'NEIL-BAPTISTE", "RAFAEL")
VANTERPOOL_FORMER_CHEN = RegistryName("VANTERPOOL", "MEI", "LIN", other_family="CHEN", other_given="MEI",
                                      other_type="1")
DELA_CRUZ = RegistryName("DELA CRUZ", "JOSEFINA")


@pytest.mark.parametrize("text, expected", [
    ("Dr. Amelia J. Quillfeather", ["AMELIA", "J", "QUILLFEATHER"]),
    ("O'Neil-Baptiste Jr.", ["ONEIL", "BAPTISTE"]),
    ("SMITH, MD", ["SMITH"]),
    ("José Núñez-García", ["JOSE", "NUNEZ", "GARCIA"]),
    ("Søren Ødegård", ["SOREN", "ODEGARD"]),
    ("Do", ["DO"]),          # a surname, not dropped as a title
    ("Dr", ["DR"]),          # a title is dropped only when a word remains
    ("Jr", ["JR"]),
    ("Prof Dr Ng III", ["NG"]),
])
def test_tokens_normalise_as_documented(text, expected):
    assert tokens(text) == expected


def test_family_given_comma_form_is_a_candidate_split():
    assert (["QUILLFEATHER"], ["AMELIA"]) in candidate_splits("Quillfeather, Amelia")


@pytest.mark.parametrize("typed, record", [
    ("Amelia Quillfeather", QUILLFEATHER),
    ("Dr. Amelia J. Quillfeather", QUILLFEATHER),
    ("A. Quillfeather", QUILLFEATHER),
    ("Quillfeather, Amelia", QUILLFEATHER),
    ("QUILLFEATHER Amelia", QUILLFEATHER),
    ("Amelia Quillfeather MD", QUILLFEATHER),
    ("Rafael O'Neil-Baptiste Jr.", ONEIL),
    ("Rafael ONeil Baptiste", ONEIL),
    ("Rafael O’Neil-Baptiste", ONEIL),
    ("Josefina De La Cruz", DELA_CRUZ),
    ("Josefina Dela Cruz", DELA_CRUZ),
    ("Josie de la Cruz", DELA_CRUZ),
    ("Mei Lin Vanterpool", VANTERPOOL_FORMER_CHEN),
    ("Bob Smith", RegistryName("SMITH", "ROBERT")),
    ("Zoë Müller", RegistryName("MULLER", "ZOE")),
])
def test_strong_matches(typed, record):
    result = match_name(typed, record)
    assert result.level == MatchLevel.STRONG, result.reasons
    assert result.reasons and "matches the registry record" in result.reasons[0]


@pytest.mark.parametrize("typed, record, phrase", [
    ("Rafael Baptiste", ONEIL, "only partly matches"),
    ("Josefina Cruz", DELA_CRUZ, "only partly matches"),
    ("Amelia Quilfeather", QUILLFEATHER, "similar to, but not the same as"),
    ("Amanda Quillfeather", QUILLFEATHER, "does not match the registry's AMELIA"),
    ("Amelia K Quillfeather", QUILLFEATHER, "middle name or initial"),
    ("Quillfeather", QUILLFEATHER, "Only one of the applicant and the registry gives a first name"),
    ("Mei Lin Chen", VANTERPOOL_FORMER_CHEN, "former or other last name CHEN"),
    ("Lin Vanterpool", VANTERPOOL_FORMER_CHEN, "is the registry's middle name"),
])
def test_partial_matches_say_why(typed, record, phrase):
    result = match_name(typed, record)
    assert result.level == MatchLevel.PARTIAL
    assert any(phrase in reason for reason in result.reasons), result.reasons


def test_professional_other_name_counts_as_strong():
    record = RegistryName("VANTERPOOL", "MEI", other_family="CHEN", other_type="2")
    result = match_name("Mei Chen", record)
    assert result.level == MatchLevel.STRONG
    assert "professional last name CHEN" in " ".join(result.reasons)


@pytest.mark.parametrize("typed", ["Amelia Smith", "", "Quill Amelia"])
def test_family_mismatch_is_no_match(typed):
    result = match_name(typed, QUILLFEATHER)
    assert result.level == MatchLevel.NONE
    assert result.reasons


def test_best_split_is_kept_over_worse_ones():
    # "Cruz" alone would be partial; the three-word family name is exact and must win.
    assert match_name("Josefina De La Cruz", DELA_CRUZ).family == "exact"
