"""Held-out phrasing: sentences written apart from the corpus and never used to tune the rules,
so that the screen is not judged only on text it was shaped by."""
import pytest

from forum.privacy import screen

IDENTIFYING = [
    ("Mrs Fitzgerald-Hughes (bed 3) has new confusion after the anaesthetic.", {"name", "room"}),
    ("Seen Mx. Adebayo today for follow-up of the lupus nephritis.", {"name"}),
    ("I admitted Mr. Delgado last night with a brisk upper GI bleed.", {"name"}),
    ("Patient: A.K., 63, with new AF and a CHA2DS2-VASc of 2.", {"name"}),
    ("her partner, Alex, is the main carer and wants to take her home", {"name"}),
    ("The lady in side room 4 keeps pulling out her cannula.", {"room"}),
    ("bay 6 needs a repeat lactate at midnight", {"room"}),
    ("MRN# 55120934 if you want to see the imaging", {"record_number"}),
    ("Acct no. 7765-112-09 keeps getting rejected by billing.", {"record_number"}),
    ("Her insurance ID: QHX992018374.", {"record_number"}),
    ("We discharged her on 9/12/2023 to a rehab facility.", {"date"}),
    ("He was diagnosed on 18 October 2022 and started FOLFIRINOX.", {"date"}),
    ("DOB: 1 Feb 1970. Presents with chest pain.", {"date"}),
    ("Date of birth 1958-07-23, new diagnosis of myeloma.", {"date"}),
    ("a 104 yo with a hip fracture and no cognitive impairment", {"age"}),
    ("He celebrated his 93rd birthday on the ward.", {"age"}),
    ("The 97-year-old in my clinic still swims daily.", {"age"}),
    ("Main line (555) 123-4567 ext. 22 for the family.", {"phone"}),
    ("Mobile: 07700 900 461, please only text.", {"phone"}),
    ("her email is k.lindqvist@protonmail.com if she does not answer", {"email"}),
    ("Contact: tom.h (at) mailbox (dot) org", {"email"}),
    ("He lives at 1600 Pennsylvania Avenue, believe it or not.", {"address"}),
    ("Her flat is at 9 Rowan Close and the lift is broken.", {"address"}),
    ("zip 60614 has the highest asthma rate in the city", {"address"}),
    ("Springfield, Oregon 97477 has no nephrologist.", {"address"}),
    ("Social Security #: 078-05-1120 was on the scanned form.", {"ssn"}),
    ("Here's the dermoscopy: https://imgbb.com/abc123", {"image_link"}),
    ("Clinical photo <https://i.redd.it/x7y8z9.png> from the family.", {"image_link"}),
    ("the staff have dubbed her 'the Professor'", {"nickname"}),
    ("Patient goes by the name Bubba and hates hospitals.", {"nickname"}),
    ("The regulars call him 'Doc' because he was a medic.", {"nickname"}),
    ("his daughter Ngozi is a pharmacist and manages his pill box", {"name"}),
    ("pt Kowalski again: third fall this month", {"name"}),
    ("T.W. is a 58 yo with a pancreatic mass.", {"name"}),
    ("Call Mrs. Oyelaran back about the biopsy.", {"name"}),
]

CLEAN = [
    "Dr. Ravi Shankar ran the code and did a great job.",
    "Per Dr Chen, start heparin without a bolus.",
    "Mallory-Weiss tear after vomiting; Cushing's triad absent.",
    "Kernig and Brudzinski signs were negative. Glasgow-Blatchford score of 6.",
    "The SPRINT MIND substudy (JAMA 2019;321:553-561) looked at dementia outcomes.",
    "Ward rounds at 0800, MDT at 1300, family meeting at 16:00.",
    "His ECOG was 1, T-score -2.7 at the femoral neck, FEV1/FVC 0.62.",
    "RR 18, SpO2 96% RA, trop 0.04 -> 0.09 -> 0.32, CA-125 of 880, AST/ALT 240/310.",
    "She was admitted with a K of 2.9, a Mg of 1.1 and a BP of 210/120.",
    "He was admitted with 2/4 pulses in the left foot.",
    "Phone consults take up 1/3 of my day.",
    "Women aged 50-74 should be screened every two years.",
    "PMCID: PMC7012345 has the supplementary tables.",
    "On March 1st, the new sepsis bundle went live in our ED.",
    "Patient Flow Coordinator role is being advertised.",
    "IV fluids at 125 mL/h, then reassess in 4 h.",
    "The RECOVERY trial enrolled 6,425 patients; 2,104 received dexamethasone.",
    "Apixaban 2.5 mg bid if two of: age 80 or over, weight 60 kg or under, creatinine 1.5 or over.",
    "Our lab reference range for sodium is 135-145 mmol/L; ALP 44-147 IU/L.",
    "The number to call for the stroke team is on the badge card.",
    "I called the pharmacy about the 1 g q8h dosing.",
    "QTc 480 ms on the 12-lead; started on 5 mg of bisoprolol.",
    "Her father had Lou Gehrig's disease and her mother had Huntington's chorea.",
    "Henoch-Schonlein purpura in a child; Kawasaki disease ruled out.",
    "Ramsay Hunt syndrome vs herpes zoster oticus: same thing, different names.",
    "Virchow's triad still frames how I think about VTE risk.",
    "Todd's paralysis after a seizure can mimic a stroke for up to 48 hours.",
    "The Ottawa ankle rules reduced X-rays by a third in the original study.",
    "A 2022 Cochrane review (CD013577) found low-certainty evidence.",
    "Ferritin 1,200, transferrin saturation 45%, HFE C282Y homozygous.",
    "Tacrolimus trough 8-10 ng/mL for the first 3 months, then 5-8.",
    "Anyone at the conference in Chicago on 14 June? The hyponatraemia session was packed.",
    "The clinic moved to room-based booking; rooms 1-4 are for procedures.",
    "My mentor, Prof. Adeyemi, taught me to always look at the JVP.",
    "CHADS-VASc of 4 in a woman of 75; started apixaban 5 mg twice daily.",
]


@pytest.mark.parametrize("text, kinds", IDENTIFYING)
def test_held_out_identifiers_are_flagged(text, kinds):
    found = {finding.kind for finding in screen(text)}
    assert kinds <= found, (found, [(f.kind, f.text) for f in screen(text)])


@pytest.mark.parametrize("text", CLEAN)
def test_held_out_clinical_text_is_left_alone(text):
    assert [(f.kind, f.text) for f in screen(text)] == []
