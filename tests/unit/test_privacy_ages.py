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


@pytest.mark.parametrize("text, expected", [
    # The sex beside the age, in either order and with a space, slash or comma.
    ("F, 95, with CAP - would you admit?", "F, 95"),
    ("Sex/Age: F/94", "Age: F/94"),
    ("94/F with delirium and a UTI", "94/F"),
    ("94 F with delirium", "94 F"),
    ("94y F with delirium", "94y"),
    ("Pt 94yrs, CKD4, on apixaban.", "94yrs"),
    ("Age (years): 94\nSex: F", "Age (years): 94"),
    ("aged 94y, admitted with a fall", "aged 94y"),
    # A person who is the age, a birthday to come, a decade with a straight apostrophe.
    ("Pt is 95. Family want full escalation.", "Pt is 95"),
    ("She is 95 and lives alone.", "She is 95"),
    ("He's 97 and still drives.", "he's 97"),
    ("She will be 100 next month.", "will be 100"),
    ("She just turned ninety-one.", "turned ninety-one"),
    ("in his early 90's with severe AS", "in his early 90's"),
    ("centenarian with sepsis - escalate?", "centenarian"),
])
def test_flags_ages_stated_without_a_unit_or_in_shorthand(text, expected):
    assert expected.lower() in [found.lower() for found in RULE.texts(text)]


@pytest.mark.parametrize("text", [
    "She is 92 on room air and 96 on 2 L.",
    "SpO2: she is 94% on 2 L.",
    "He is 95 kg and on enoxaparin.",
    "T 94 F rectal, rewarming started.",
    "The dose will be 100 mg next week.",
    "Centenarian patients are rare in our unit.",
    "Turned 90 degrees to the left.",
    "100 years of insulin: a history.",
    "She is 89 and lives alone.",
])
def test_leaves_saturations_weights_doses_and_groups_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("A lady of 96 with a fractured neck of femur.", "lady of 96"),
    ("Gentleman of 101, still lives alone.", "Gentleman of 101"),
])
def test_flags_a_person_of_an_age_over_89(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", ["a dose of 100 mg", "a cohort of 95 patients", "a man of 85 with AF"])
def test_leaves_doses_cohorts_and_younger_people_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("He is ninety-seven and drives to clinic himself.", "He is ninety-seven"),
    ("she's now one hundred and two, lives with her son", "she's now one hundred and two"),
    ("Mum was ninety when she had the hip done.", "Mum was ninety"),
])
def test_flags_spelled_ages_stated_of_a_person(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "she is ninety percent sure it was the statin",
    "He was ninety minutes late for dialysis.",
    "she was one hundred metres from the ambulance bay",
])
def test_leaves_spelled_numbers_that_are_no_age_alone(text):
    assert RULE.texts(text) == []


# Found from where a match can begin (base.matches_from) rather than by a scan of the text:
# white space other than one space, labels written several ways, a word or a number glued on.
@pytest.mark.parametrize("text, expected", [
    ("Her 101st  birthday was on the ward.", "101st  birthday"),
    ("He turned\tninety-one in the ICU.", "turned\tninety-one"),
    ("Mum was ninety-two at the time", "Mum was ninety-two"),
    ("a new ninety-year-old with a hip fracture", "ninety-year-old"),
    ("D.O.B 1925 on the wristband", "D.O.B 1925"),
    ("d.ob: 1920, admitted with sepsis", "d.ob: 1920"),
    ("year of birth 1921 per the letter", "year of birth 1921"),
])
def test_flags_ages_found_from_their_anchors(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", ["the 195th birthday of the hospital", "a phone of ninety-one grams"])
def test_leaves_numbers_inside_other_words_and_numbers_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Admission - Mr Hurley, 93, aspiration pneumonia.", "93"),
    ("bed 22: Dorothy (Dot) Pemberton, 91, delirium", "91"),
    ("Mrs Hamid is 90 in May and wants to keep driving.", "90"),
])
def test_flags_an_age_over_89_right_after_a_named_person(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "The Ottawa Hospital, 95 beds in the new wing.",
    "Mr Jones, 92 on room air, so no oxygen.",
    "Hb is 92, platelets 100.",
    "Mr Jones, 45, and Mrs Jones, 47, both vaccinated.",
    "Dr Hurley, 93, still gives the anatomy lecture.",  # a clinician, not a patient
])
def test_leaves_counts_saturations_and_younger_ages_after_a_name_alone(text):
    assert RULE.texts(text) == []
