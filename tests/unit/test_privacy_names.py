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


@pytest.mark.parametrize("text, expected", [
    # Labelled name fields pasted from an EHR header, in any case and order.
    ("Patient Name: QUIGLEY, BARTHOLOMEW\nWBC 14.2", "QUIGLEY, BARTHOLOMEW"),
    ("PATIENT NAME: MARY SMITH\nNa 118", "MARY SMITH"),
    ("Patient: SMITH, MARY A   Sex: F", "SMITH, MARY A"),
    ("Name: QUIGLEY BARTHOLOMEW J\nCreatinine 412", "QUIGLEY BARTHOLOMEW J"),
    ("Patient: Kowalczyk, Zbigniew", "Kowalczyk, Zbigniew"),
    ("| Name | Higgins, Edna |", "Higgins, Edna"),
    # A capitalised honorific, and a surname and comma before a given name.
    ("MR SMITH was admitted overnight with a GI bleed.", "MR SMITH"),
    ("Smith, John presented with chest pain.", "Smith, John"),
    # Relatives without a possessive: in apposition, or a known given name.
    ("Discussed with the daughter, Keisha, who is the HCP.", "Keisha"),
    ("Spoke to wife (Linda) at bedside about DNR.", "Linda"),
    ("husband Gerald is POA and wants everything done", "Gerald"),
    ("Daughter Aisha called asking about the biopsy.", "Aisha"),
    ("Baby Quigley was born at 28 weeks.", "Baby Quigley"),
    ("Baby boy Garcia, 32 weeks, on CPAP.", "Baby boy Garcia"),
    # Names in apposition to an age, with or without a known given name.
    ("Sarah, 34, G2P1, presented at 38 weeks.", "Sarah"),
    ("Little Aiden, 4, ingested amlodipine.", "Little Aiden"),
    ("Tyrone Washington, 23, GSW to the chest.", "Tyrone Washington"),
    ("Zbigniew Kowalczyk, 67M, with dysphagia.", "Zbigniew Kowalczyk"),
    ("Nkechi Okonkwo-Adeyemi is a 40-year-old with lupus.", "Nkechi Okonkwo-Adeyemi"),
    ("Quigley B, 58M, post-op day 2.", "Quigley B"),
    ("72M (J.S.) with new AF.", "J.S."),
    # An age or consent after the name outweighs thanks before it.
    ("Thanks to Maria Gonzalez, 45F, for consenting.", "Maria Gonzalez"),
    ("Thanks to Maria Gonzalez for consenting to share her scans.", "Maria Gonzalez"),
    # Honorifics of other languages; a name someone prefers to be called.
    ("Herr Müller was admitted with a STEMI.", "Herr Müller"),
    ("Señora Gómez was seen in clinic.", "Señora Gómez"),
    ("The patient, who prefers to be called Sam, is 16.", "Sam"),
    # A possessive is a patient's when the noun is their visit, not a clinician's clinic.
    ("Mrs Smith's clinic appointment was moved.", "Mrs Smith"),
])
def test_flags_fields_relatives_and_names_beside_an_age(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    # Eponyms and titles that start with a given name or with "Patient".
    "Ann Arbor stage IIB DLBCL, IPI 3.",
    "Tommy John surgery on the elbow.",
    "Patient Controlled Analgesia via pump.",
    "Patient Discharge Checklist attached.",
    # Surgeons called Mr/Mrs/Ms (UK), with the role after the name; authors.
    "Mr Hughes, the consultant surgeon, operated.",
    "Mr. Kumar (colorectal surgeon) agreed to take her to theatre.",
    "Referred to Mr Patel's clinic for a hernia repair.",
    "Prof. Singh and Mrs. Hart, our matron, led the audit.",
    "Mr. Smith et al. reported a similar series.",
    # Colleagues and authors named in a professional context.
    "Agree with Sarah Chen above, start heparin.",
    "Thanks to Maria Gonzalez and the ICU team.",
    "Grand rounds by Kevin Patel next week.",
    "Posted on behalf of Laura Smith.",
    "Case by Ahmed Hassan (EM resident).",
    "PGY-3 Daniel Park presented the case.",
    "Eric Topol's review on AI in cardiology.",
    "Steven Nissen's trial changed practice.",
    # Near misses of the new forms.
    "Patient: elderly, frail, on twelve medicines.",
    "Trial name: RECOVERY",
    "Severe MR AND TR on the echo.",
    "ECHO: MODERATE MR WITH FLAIL LEAFLET",
    "Sadly, John died before the scan.",
    "Later, Maria reviewed the chart.",
    "In Boston, a 45-year-old man presented.",
    "Lancet, 395, 1054-62.",
    "Discussed with the daughter, who is the HCP.",
    "Her mother (Graves disease) is on carbimazole.",
    "Sister Agnes on the ward sent the sample.",
    "Started baby aspirin 81 mg; Baby Friendly Initiative leaflet given.",
])
def test_leaves_eponyms_colleagues_and_near_misses_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("pt is keisha brown, 19, with DKA again", "keisha brown"),
    ("the referral said mrs okonkwo, ?PE", "mrs okonkwo"),
    ("mother is mr. Haddad's next of kin", "mr. Haddad"),
    ("Her eldest daughter Temitope flew in from Lagos.", "Temitope"),
    ("His younger brother Oisin is a possible donor.", "Oisin"),
    ("Patient Wojciech Nowak declined the biopsy.", "Wojciech Nowak"),
    ("Pt Adeyemi wants to go home before the weekend.", "Adeyemi"),
    ("The triage note read 'Mr Farouk, chest pain'.", "Mr Farouk"),
    ("Patient is Priya, she is 29 and 8 weeks pregnant.", "Priya"),
    ("A man (surname Achterberg) with recurrent gout.", "Achterberg"),
    ("| Bay | Name | Plan |\n|---|---|---|\n| 2 | K. Osei | CT |\n", "K. Osei"),
    ("Sign-out: 'Siobhan Kelly, 44, ?PE, CTPA booked'", "Siobhan Kelly"),
    ("Seen Mr K Adeyemi on the ward round.", "Mr K Adeyemi"),
    ("DISCHARGE\nName: Johannes de Vries\nWard: 7", "Johannes de Vries"),
])
def test_flags_names_written_outside_the_usual_forms(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Patient Reported Outcome Measures were collected at 6 weeks.",
    "Patient Discharge Summary template attached.",
    "Severe ms relapse on natalizumab, now on ocrelizumab.",
    "mild mr and tr on the echo, nothing else.",
    "QRS of 120 ms. Then it narrowed after bicarbonate.",
    "Queen Alexandra Portsmouth takes our vascular transfers.",
    "Marcus Gunn jaw-winking in a 3-month-old: ptosis workup?",
    "| Drug | Dose |\n|---|---|\n| Apixaban | 5 mg |\n",
    "the patient is stable and her name is not needed here",
])
def test_leaves_title_phrases_units_and_institutions_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    # The highlight covers the whole name: particles and a third name word.
    ("FYI it's Gráinne Ní Mhaolagáin from Thursday's list.", "Gráinne Ní Mhaolagáin"),
    ("The patient (Lim Chee Keong) is on ticagrelor.", "Lim Chee Keong"),
    ("The ward clerk wrote 'Siti Nurhaliza binti Osman declined the NG'.", "Siti Nurhaliza binti Osman"),
    ("Mr Faisal bin Abdullah, 58, with a STEMI", "Mr Faisal bin Abdullah"),
    ("Mrs. Johanna van der Westhuizen was admitted.", "Mrs. Johanna van der Westhuizen"),
    # Report and board style: a surname in capitals, a comma, a given name.
    ("Header reads 'Patient: OKONKWO, Esther' on the scan.", "OKONKWO, Esther"),
    ("Whiteboard says 'MCALLISTER, Fergus' in bay 3.", "MCALLISTER, Fergus"),
    # Lower case, after a word that makes a person of them.
    ("saw poor mr pemberton in clinic again", "mr pemberton"),
    ("the lad (callum whitaker, apprentice) cut his palm", "callum whitaker"),
    ("Her name's Thandiwe Mokoena and she keeps missing clinic.", "Thandiwe Mokoena"),
    # A given name and an initial; a patient who is a doctor, given an age.
    ("Subject: 'Fwd: Harriet K. - seizure plan'", "Harriet K."),
    ("She is a retired surgeon (Dr. Imogen Pryce, 79) with new GCA symptoms.", "Imogen Pryce"),
])
def test_flags_whole_names_board_names_and_weakly_cued_names(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Patient A (54F) and Patient B (61M) shared a bay.",
    "Ross River virus or dengue fever in a returned traveller?",
    "Murray Valley encephalitis is notifiable.",
    "Chris Hani Baragwanath Academic Hospital runs a huge trauma service.",
    "Dr Aoife Nic Giolla Phádraig presented the audit.",
    "Thanks to Priya M. for the slides.",
    "Dr. Sarah Chen, 12 years in practice, disagrees.",
    "registrar Tom Hale, 29, covered nights",
    "ECG, Maria? No - CXR first.",
    "severe mr with ms and moderate tr",
    "with mr grade 3 on echo",
])
def test_leaves_placeholders_places_institutions_and_colleagues_alone(text):
    assert RULE.texts(text) == []
