"""Names rule: patient names, relatives' names and initials; physicians and eponyms left alone."""
import pytest

from forum.privacy.rules.names import RULE


@pytest.mark.parametrize("text, expected", [
    ("Mrs. Abernathy came back with edema.", "Mrs. Abernathy"),
    ("Saw Mr Okafor again today.", "Mr Okafor"),
    ("Ms. Delacroix-Vega, 34, has a nodule.", "Ms. Delacroix-Vega"),
    ("Mr. K. Haddad had pancreatitis.", "Mr. K. Haddad"),
    ("Mrs O'Sullivan's INR was 7.8.", "Mrs O'Sullivan"),
    ("Miss Tran had a long QTc.", "Miss Tran"),
    ("My patient John Whitfield, 61, has DKA.", "John Whitfield"),
    ("pt J. Moreno with new AF", "J. Moreno"),
    ("patient Svensson refuses the NG tube", "Svensson"),
    ("Our patient, named Teodoro, is a roofer.", "Teodoro"),
    ("Patient name: Harold Benning.", "Harold Benning"),
    ("Pt initials R.K., 52M, anterior STEMI", "R.K."),
    ("The patient (initials M.B.) developed DRESS.", "M.B."),
    ("J.S., a 72-year-old retired teacher", "J.S."),
    ("JS, 45M, no past history", "JS"),
    ("Her daughter Priya called twice.", "Priya"),
    ("The patient's son, Diego Ramirez, is the proxy.", "Diego Ramirez"),
    ("his brother Tomasz donated a kidney", "Tomasz"),
    ("Had Gregory Pellinger in yesterday with heart block.", "Gregory Pellinger"),
    ("Follow-up: José Hernández is now at 131.", "José Hernández"),
    # Surnames with lower-case particles, after an honorific.
    ("Mrs. de la Cruz was admitted with sepsis.", "Mrs. de la Cruz"),
    ("Mr. van der Berg, 67, on apixaban", "Mr. van der Berg"),
    ("Ms. al-Amin presented with a rash.", "Ms. al-Amin"),
    # A possessive after an honorific name is a person's, whatever noun follows.
    ("Advised on Mr. John Doe's treatment", "Mr. John Doe"),
    ("Mrs. Hart's syndrome worsened overnight.", "Mrs. Hart"),
    ("Mr. Hastings' treatment was changed.", "Mr. Hastings"),
    # A given name alone, tied to a patient by an age in apposition or by the word patient.
    ("Maria, a 45-year-old teacher, presented with fever.", "Maria"),
    ("Maria (45F) presented with a malar rash.", "Maria"),
    ("Ahmed is a 67 yo man with COPD.", "Ahmed"),
    ("Maria (my patient) has lupus nephritis.", "Maria"),
    ("Priya, our patient, declined the biopsy.", "Priya"),
    # The text calls the named person a patient: a clinician word before it does not clear it.
    ("Dear colleagues, Tom Baker (my patient) has ALS.", "Tom Baker"),
])
def test_flags_patient_names(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Dr. Osler described the signs of endocarditis.",
    "I discussed with Dr. Patel from nephrology.",
    "Dr. Maria Lopez from ID recommended six weeks of cefazolin.",
    "Prof. Kumar's lecture on hyponatraemia was excellent.",
    "As William Osler said, listen to your patient.",
    "Discussed with the consultant surgeon Mr Patel, who will operate.",
    "Our nurse manager, Ms. Clarke, rolled out the falls protocol.",
    "Smith et al. 2019 found a similar effect.",
    "Charles Bonnet syndrome in macular degeneration.",
    "Marcus Gunn pupil on the swinging flashlight test.",
    "Pierre Robin sequence in a newborn.",
    "Henry Ford Hospital had a nice paper on it.",
    "Bell's palsy, Parkinson's disease, Graves' disease, Crohn's, Wilson's disease.",
    "In the ED, a 45-year-old man with chest pain.",
    "Mr X, a hypothetical patient, has CKD stage 4.",
    "Patient Safety Week starts on Monday.",
    "The patient was examined. Family at bedside were updated.",
    "Sister Mary Joseph nodule on exam.",
    "We call the pharmacy and the patient goes home.",
    "The consultant surgeon Mr Patel's theatre list was cancelled.",
    "The de la Cruz criteria were not met; van der Waals forces aside.",
    # Given names that are months or days, and clinicians, before an age.
    "In June, a 45-year-old man presented with syncope.",
    "On Monday, a 45-year-old woman was admitted.",
    "Dr. Maria, a 45-year-old colleague, asked about vaccines.",
    "Addison disease in a 45-year-old; Graves, a 30-year-old's thyroid storm aside.",
    "Will you see my patient tomorrow?",
    "The patient (45F) presented with a malar rash.",
])
def test_leaves_physicians_eponyms_and_clinical_text_alone(text):
    assert RULE.texts(text) == []
