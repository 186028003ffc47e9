"""Dates rule: dates tied to a person (birth, admission, discharge, death, visits) only."""
import pytest

from forum.privacy.rules import dates
from forum.privacy.rules.base import Document
from forum.privacy.rules.dates import RULE


@pytest.mark.parametrize("text, expected", [
    ("DOB 03/14/1948, presenting with jaundice", "03/14/1948"),
    ("He was admitted on 2/11 with COPD.", "2/11"),
    ("She was born on 12 June 1961 and has lupus.", "12 June 1961"),
    ("Finally discharged on March 3rd after 40 days.", "March 3rd"),
    ("He died on 2024-01-19 after we withdrew support.", "2024-01-19"),
    ("On 7/4/2023 she presented with fever.", "7/4/2023"),
    ("Date of death: 11.02.2024.", "11.02.2024"),
    ("He was admitted in January 2024 and again in March.", "January 2024"),
    ("I saw her on the 14th, at the clinic.", "the 14th"),
    ("d.o.b. 4 Aug 1950, new AKI", "4 Aug 1950"),
    ("brought in by EMS on Saturday the 9th after a fall", "the 9th"),
    ("Her DOB is Jan 5th, 1944.", "Jan 5th, 1944"),
])
def test_flags_dates_tied_to_a_person(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Guidelines updated in March 2024 lower the transfusion threshold.",
    "The FDA approved the vaccine on May 3, 2023, and our system started offering it.",
    "Smith et al. 2019 and the 2023 ESC guidelines agree.",
    "She presented with a 2/6 systolic murmur.",
    "He was on 2/3 of his usual dose.",
    "Pain 7/10 when admitted; strength 4/5; GCS 3/15.",
    "BP 140/90 on admission, K 3.2, INR 2.5.",
    "On the 3rd day of admission the creatinine peaked.",
    "We saw a 34-year-old on the 2nd floor.",
    "Discharged on 1/2 tab of metoprolol.",
    "Paged at 0300; rounds at 14:30.",
    "ICD-10 I21.4 and E11.9.",
])
def test_leaves_undated_clinical_numbers_alone(text):
    assert RULE.texts(text) == []


def test_date_of_birth_has_its_own_reason():
    spans = list(RULE.find(Document("DOB 01/02/1931")))
    assert spans and spans[0][2] == dates.BIRTH_REASON
