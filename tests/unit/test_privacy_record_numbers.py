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


@pytest.mark.parametrize("text, expected", [
    # Any spacing or punctuation between the label and the number, and table cells.
    ("MRN - 4456712", "MRN - 4456712"),
    ("MRN        00445671", "MRN        00445671"),
    ("| MRN | 4456712 |", "MRN | 4456712"),
    ("M.R.N. 00445671", "M.R.N. 00445671"),
    ("MRN ending 4471", "MRN ending 4471"),
    # More record labels.
    ("Hosp #: 00445671", "Hosp #: 00445671"),
    ("Hosp no. RX4455123", "Hosp no. RX4455123"),
    ("Med Rec No: 00445671", "Med Rec No: 00445671"),
    ("Unit No: 123456", "Unit No: 123456"),
    ("Chart 4456712 - please review.", "Chart 4456712"),
    ("Acct 5512339", "Acct 5512339"),
    ("Encounter 987654321", "Encounter 987654321"),
    ("Lab accession 24-123456", "Lab accession 24-123456"),
    # National health numbers, with their own labels; NHS without "number" if the check digit fits.
    ("NHS: 9434765919", "NHS: 9434765919"),
    ("Her NHS is 943 476 5919.", "NHS is 943 476 5919"),
    ("OHIP# 1234-567-890-AB", "OHIP# 1234-567-890-AB"),
    ("BC PHN 9123 456 789", "PHN 9123 456 789"),
    ("Medicare: 2123 45670 1", "Medicare: 2123 45670 1"),
    ("MBI 1EG4-TE5-MK73", "MBI 1EG4-TE5-MK73"),
    ("UID 2345 6789 0123", "UID 2345 6789 0123"),
    ("IHI 8003 6012 3456 7890", "IHI 8003 6012 3456 7890"),
    # Passports, driving licences, study and EHR identifiers.
    ("passport no. K1234567", "passport no. K1234567"),
    ("DL# S530-1234-5678", "DL# S530-1234-5678"),
    ("Study ID: PT-0042", "Study ID: PT-0042"),
    ("Our EHR id is 88812345", "EHR id is 88812345"),
])
def test_flags_more_labels_and_layouts(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Medicare 2023 rules changed the billing.",
    "See chart 3 of the audit; account for 30% of admissions.",
    "Call NHS 111 out of hours.",
    "NHS 1234567890 is not a valid number.",
    "Encounter 2 of 3 was by video.",
    "UID 42 in the spreadsheet.",
    "Creatinine 1.2 mg/dl# of samples 12345.",
])
def test_leaves_word_like_labels_with_short_or_invalid_numbers_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("UHID 00123987 for the referral", "UHID 00123987"),
    ("IP no. 23/01122 in case records need pulling", "IP no. 23/01122"),
    ("NHI ABC4567, 3-month-old with bronchiolitis", "NHI ABC4567"),
    ("member number on his card: XJ123456789", "member number on his card: XJ123456789"),
    ("Histology block H23-04471 B2 reviewed again", "Histology block H23-04471 B2"),
    ("CR No: 2023/556677", "CR No: 2023/556677"),
])
def test_flags_record_labels_of_other_health_systems(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", ["cr no change after fluids", "2:1 AV block 120 bpm", "ip 3 times daily"])
def test_leaves_creatinine_blocks_and_lower_case_abbreviations_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("UR 2290417 - bloods are on the system.", "UR 2290417"),
    ("Her URN: 0061873 is on the drug chart.", "URN: 0061873"),
    ("Specimen ID 23-KQ-118203 grew MRSA.", "Specimen ID 23-KQ-118203"),
    ("specimen no. 19-CY-00921 was scanty", "specimen no. 19-CY-00921"),
])
def test_flags_unit_record_and_lettered_specimen_numbers(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "your UR is 12 hours behind", "the specimen was 12 mm", "specimen 3 of 4 was haemolysed",
    "ur 12345 lower case is no label",
])
def test_leaves_unit_record_and_specimen_look_alikes_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Coroner's reference 2024-0113 - who tells the family?", "Coroner's reference 2024-0113"),
    ("case ref 19/55120 on the letter", "case ref 19/55120"),
])
def test_case_references(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", ["see ref 12 and ref 13 for the trials", "Reference 2019 guideline."])
def test_bare_references_stay_clean(text):
    assert RULE.texts(text) == []
