"""Record numbers rule: labelled MRN, chart, account, insurance and member numbers only."""
import pytest

from forum.privacy.rules.record_numbers import RULE


@pytest.mark.parametrize("text, expected", [
    ("MRN 00482913: can someone look", "MRN 00482913"),
    ("MRN: 0012345", "MRN: 0012345"),
    ("Chart # 7731902, for nights", "Chart # 7731902"),
    ("member ID XJH448190223 if anyone", "member ID XJH448190223"),
    ("His Medicare number is 1EG4-TE5-MK72 and", "Medicare number is 1EG4-TE5-MK72"),
    ("account number 5520118733", "account number 5520118733"),
    ("NHS number 943 476 5919", "NHS number 943 476 5919"),
    ("The medical record number ending in 4471 is hers", "medical record number ending in 4471"),
    ("her hospital number is K449912", "hospital number is K449912"),
    ("MR# 0099812 has the echo", "MR# 0099812"),
    ("Policy no. 88-441-239 was cancelled", "Policy no. 88-441-239"),
    ("FIN 88812345", "FIN 88812345"),
    ("the patient's Medicaid ID is 99887766A", "Medicaid ID is 99887766A"),
])
def test_flags_labelled_record_numbers(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "PMID 32678530 and DOI 10.1056/NEJMoa2021436",
    "NCT04280705 was the ACTT-1 trial.",
    "The number needed to treat is 12.",
    "Case 3 of our M&M series; case #12 in the registry.",
    "A fin de semana? No: fin 88812345 is lower case.",
    "No 1234 here, just a count.",
    "We looked up the MRN but it was blank.",
    "Insurance denied it for the third time in 2024.",
    "CPT 99214 vs 99215 for a 40-minute visit.",
])
def test_leaves_citations_and_counts_alone(text):
    assert RULE.texts(text) == []
