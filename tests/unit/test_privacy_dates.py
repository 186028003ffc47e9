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


@pytest.mark.parametrize("text, expected", [
    # EHR and lab print-outs: hyphenated month names, ISO date-times, year-first dates.
    ("Admitted 14-Mar-2024 with pneumonia.", "14-Mar-2024"),
    ("Specimen collected: 14-MAR-2024 08:15", "14-MAR-2024"),
    ("Collected 2024-03-14T08:15 - troponin 1.2", "2024-03-14T08:15"),
    ("DOB 1951/03/14 per the referral.", "1951/03/14"),
    ("dob-14/03/1951 on the wristband", "14/03/1951"),
    # Month and year of birth or diagnosis in figures.
    ("DOB 03/1951, female, with falls.", "03/1951"),
    ("diagnosed in 3/2023 with stage IV NSCLC.", "3/2023"),
    ("Dx with ALL in March 2023, now relapsed.", "March 2023"),
    # Labels of a print-out: admit and discharge dates, DOA, LKW, date of injury.
    ("Admit date: 3/14/24", "3/14/24"),
    ("D/C date: 3/20/24", "3/20/24"),
    ("DOA 03/14/2024, LOS 6 days.", "03/14/2024"),
    ("LKW 03/14 22:00, tPA at 01:10.", "03/14"),
    ("Date of injury: 2 May 2024. Scaphoid missed.", "2 May 2024"),
    # A test or procedure with its full date.
    ("CT head 14/03/2024: no acute bleed.", "14/03/2024"),
    ("MRI 03/14/2024 - right MCA infarct", "03/14/2024"),
    ("Colonoscopy on 14th March showed a mass.", "14th March"),
    # Partial dates: a care word before, a person after "on", or the start of a timeline line.
    ("Intubated 14/3, extubated 17/3.", "17/3"),
    ("On 14/3 he was intubated for hypercapnia.", "14/3"),
    ("On the 14th she developed a fever.", "the 14th"),
    ("Timeline:\n- 3/16: intubated", "3/16"),
])
def test_flags_print_out_and_procedure_dates(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    # UK shorthand for durations: N/7 days, N/12 months, N/52 weeks.
    "Admitted 3/7 ago with pneumonia.",
    "Discharged 5/7 ago on co-amoxiclav.",
    "She was seen 6/12 ago for the same.",
    "Seen on 3/7 post-op ward round.",
    "Seen 2/52 ago in clinic; cough for 3/52.",
    "admitted for 4/7 of IV antibiotics",
    # An institution's notices and a study's period are not a patient's dates.
    "Our clinic will be closed on 24 December.",
    "The ED will be closed for renovation on March 3.",
    "Patient safety alert issued 14 March 2024 about this pump.",
    "Patients admitted between 1 Jan 2020 and 31 Dec 2022 were included.",
    "We reviewed all children seen in clinic from 3/1/2021 to 2/28/2022.",
    # Near misses of the new forms.
    "The CT protocol was updated on 14/03/2024.",
    "On 3/4 of the days the pain was worse.",
    "- 3/4 patients were admitted",
    "Stage 3/2023 classification is unrelated.",
])
def test_leaves_durations_notices_and_study_periods_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("The ICD was inserted on 2/11 and he has had shocks since.", "2/11"),
    ("She overdosed on 14 Feb, paracetamol and ibuprofen.", "14 Feb"),
    ("Blood cultures taken 03-Mar-24 grew S. aureus.", "03-Mar-24"),
    ("EDD 21/09/2024 by dating scan.", "21/09/2024"),
    ("Sectioned on 12/05, now refusing depot.", "12/05"),
    ("The first dose was administered on 5 June at home.", "5 June"),
    ("CRP normalised on the 23rd, so we stopped.", "the 23rd"),
])
def test_flags_dates_of_treatments_and_events(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "The NICE guideline was published on 3 March 2024.",
    "Clinic closed on 24 December for the holiday.",
    "Give 3/7 of antibiotics then review.",
])
def test_leaves_institution_dates_and_durations_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Operation date 14 Feb - Hartmann's, now with a parastomal hernia.", "14 Feb"),
    ("Pt presented 7/19 with fever and a new murmur.", "7/19"),
    ("Flu jab given, recorded in the GP notes as 02/11/2018.", "02/11/2018"),
    ("He collapsed on Boxing Day at the pub and hasn't been right since.", "Boxing Day"),
    ("She was stabbed on New Year's Eve, laparotomy negative.", "New Year's Eve"),
])
def test_flags_op_dates_us_month_day_vaccine_dates_and_holidays_with_an_event(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "The outpatient clinic is shut on Christmas Day and Boxing Day.",
    "At the ERS Congress (Milan, 7-11 September) the trial was presented.",
    "The symposium ran 3-4 May and the data were presented by the PI.",
    "presented 3/4 of the cases to the MDT",
])
def test_leaves_closures_congresses_and_fractions_alone(text):
    assert RULE.texts(text) == []


# Holidays are looked for only when their own words occur ("new" alone names none); a curly
# apostrophe joins words, so a text beyond ASCII is always matched.
@pytest.mark.parametrize("text, expected", [
    ("She fell on Good Friday and a new bruise appeared.", "Good Friday"),
    ("She fell on New Year’s Day and broke her hip.", "New Year’s Day"),
    ("He collapsed on New Years Day at home.", "New Years Day"),
])
def test_flags_holidays_whatever_other_holiday_words_occur(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text, expected", [
    ("Frau S., geb. 21.09.1944, Z.n. Hüft-TEP.", "21.09.1944"),
    ("Patiente née le 02/11/1937, AVC ischémique.", "02/11/1937"),
    ("Last admission Sep-2021 for hypoglycaemia.", "Sep-2021"),
    ("She fell last Tuesday the 14th and has hip pain.", "the 14th"),
])
def test_dates_in_other_labels_and_forms(text, expected):
    assert expected in RULE.texts(text)


def test_month_year_of_a_guideline_is_left_alone():
    assert RULE.texts("The 2021 guideline (Sep-2021 edition) changed this.") == []
