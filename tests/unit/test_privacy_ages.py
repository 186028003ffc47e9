"""Ages rule: an individual's age over 89; ages under 90, cohorts and temperatures left alone."""
import pytest

from forum.privacy.rules.ages import RULE


@pytest.mark.parametrize("text, expected", [
    ("92-year-old woman with severe AS", "92-year-old"),
    ("Patient aged 95 with new AF", "aged 95"),
    ("Age: 101. Hip fracture.", "Age: 101"),
    ("94F with CHF on furosemide", "94F"),
    ("My patient in her late 90s has fallen.", "in her late 90s"),
    ("She turned 100 last month.", "turned 100"),
    ("He was born in 1929 and plays golf.", "born in 1929"),
    ("A ninety-three-year-old man with diverticulitis", "ninety-three-year-old"),
    ("She is aged ninety-one and independent.", "aged ninety-one"),
    ("the 96 yo gentleman in room 9", "96 yo"),
    ("a 92 y/o with sepsis", "92 y/o"),
    ("He passed away after his 97th birthday.", "97th birthday"),
    ("a frail centenarian with a hip fracture", "a frail centenarian"),
    ("Patient is 99 years old.", "99 years old"),
])
def test_flags_ages_over_89(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "67-year-old man with new LBBB.",
    "An 89-year-old with a hip fracture.",
    "A woman in her 60s with a raised ALP.",
    "45M with a first seizure.",
    "Patients aged 90 and over were excluded.",
    "A cohort with a mean age of 91.3 years.",
    "How do you dose apixaban in those aged 95 and above?",
    "Patients over 90 years old are rarely enrolled.",
    "Nonagenarians are underrepresented in trials.",
    "T 101F overnight with a Tmax of 102.3F.",
    "Furosemide 100 mg IV, SpO2 94%, HR 95, 90 minutes later.",
    "Over 90% of patients improved within 100 days.",
])
def test_leaves_younger_ages_cohorts_and_temperatures_alone(text):
    assert RULE.texts(text) == []
