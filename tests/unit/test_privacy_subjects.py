"""Names found from what a post says happens to the person (recall10): a known given name with what
a patient does or has done to them, after words of their care, beside an age in lower case; any
name before a verb only a person takes; a handover row; a lower-case name after an explicit name
label; names written with letters beyond Latin-1. Each form has look-alikes that stay clean."""
import pytest

from forum.privacy import screen
from forum.privacy.rules.names import RULE as NAMES


@pytest.mark.parametrize("text, expected", [
    # a known given name and what a patient does or has done to them
    ("Gareth keeps pulling out his cannula overnight.", "Gareth"),
    ("Yusuf was admitted again with DKA, pH 7.1.", "Yusuf"),
    ("Morag's potassium is 6.9 after the trimethoprim.", "Morag"),
    ("Chinedu came in at 2am with a priapism.", "Chinedu"),
    ("Agnieszka's sats dropped to 84% overnight.", "Agnieszka"),
    ("Lachlan in the side room is spiking again.", "Lachlan"),
    ("Winifred from the nursing home has a new pressure sore.", "Winifred"),
    ("Kofi is 12 and his asthma is getting worse.", "Kofi"),
    ("Niamh (the lady with the PE) is asking to go home.", "Niamh"),
    # words of their care before the name
    ("Update on Imogen: the CT was clear.", "Imogen"),
    ("Following up Rohan from Tuesday, cultures grew MRSA.", "Rohan"),
    ("We sent Phoebe home on oral co-amoxiclav.", "Phoebe"),
    ("I spoke with the family of Rashid about the DNACPR.", "Rashid"),
    # "oma" ends a tumour's name and some Igbo given names
    ("Chioma's mum says the rash came back.", "Chioma"),
    # a known given name in lower case beside an age
    ("ok so priya is 9 and has had 3 UTIs", "priya"),
    ("our 6yo hamish has been wheezing all night", "hamish"),
    # a handover row: bed, name, age
    ("bed 7 - Ngaire - 84F - delirium", "Ngaire"),
    ("bay 2 is oisin, 19M, overdose", "oisin"),
    # a lower-case name after an explicit label
    ("pt name - kerry-ann mcbride, 33", "kerry-ann mcbride"),
    ("patient name - themba ndlovu, referred for TB", "themba ndlovu"),
    # any capitalised name before a verb only a person takes (given names that are words too)
    ("Gift was admitted with severe malaria.", "Gift"),
    ("Neonates: Joy-Marie was born at 31 weeks by section.", "Joy-Marie"),
    ("Sunday Adeyemi came in with a sickle crisis.", "Adeyemi"),
    # letters beyond Latin-1
    ("Ştefan Popescu, 44, new onset seizures.", "Ştefan Popescu"),
    ("Review Bartłomiej Wójcik, 58, in bay 3.", "Bartłomiej Wójcik"),
])
def test_flags_a_name_from_what_happens_to_the_patient(text, expected):
    assert expected in NAMES.texts(text)


@pytest.mark.parametrize("text", [
    "Royal Prince Alfred's liver unit took the referral.",  # an institution
    "Sarah's renal team did the biopsy.",  # a colleague's service
    "Thanks to Gareth for presenting the case.",  # a colleague credited
    "Our SHO Priya keeps asking brilliant questions on rounds.",  # a trainee's grade
    "Frank haematuria with clots, on apixaban.",  # a given name that is a word, no verb
    "Dawn phenomenon or Somogyi? Fasting glucose 14.",
    "We sent Sarah the slides after the meeting.",  # "sent" without a patient's object
    "iris is 4 mm, reactive",  # a lower-case word with a measure
    "ruby laser in the derm clinic",
    "the name - Ozempic - is everywhere",  # a bare label is anyone's
    "patient name: unknown, brought in by police",
    "bed 4 - male - 80 - chest pain",  # no name in the row
    "Just back from a locum in Alice Springs.",  # a place after "in"
    "Meetings at Mary Seacole House moved to Tuesday.",
    "Mum was admitted last night, so I'm off today.",  # a relative, not a name
    "Twin 1 was born at 30 weeks.",
    "Our Registrar was admitted to the fellowship.",  # a clinician's title
])
def test_leaves_look_alikes_alone(text):
    assert NAMES.texts(text) == []


def test_a_lone_given_name_after_an_adverb_is_still_not_a_surname():
    """"Later, Maria" is no "Smith, John": only the verb after her makes Maria a patient."""
    assert NAMES.texts("Later, Maria was extubated.") == ["Maria"]
    assert NAMES.texts("Later, Maria reviewed the chart.") == []


def test_a_post_with_a_patients_given_name_and_care_is_held():
    """Through the whole screen: the finding names the kind and the words."""
    findings = screen("Update on Imogen: the CT was clear, home tomorrow.")
    assert [(f.kind, f.text) for f in findings] == [("name", "Imogen")]


@pytest.mark.parametrize("text, expected", [
    # a two-word name after a capitalised "Patient" or "Pt", known given name or not
    ("Patient Rosie Hartley, aged 34, came in with DKA.", "Rosie Hartley"),
    ("Pt Rosie Hartley", "Rosie Hartley"),
    ("Pt Rosie-May Hartley, 19F, recurrent syncope.", "Rosie-May Hartley"),
    # a lower-case name and an age after "pt"
    ("pt jose dela cruz, 55, leptospirosis after the typhoon", "jose dela cruz"),
    # a name in apposition before a possessive relation, or after "husband is", "her twin,"
    ("Summer collapsed; Hope, her sister, called 999.", "Hope"),
    ("Spoke to Jess, the patient's partner, this morning.", "Jess"),
    ("Husband is Thabo, a taxi driver.", "Thabo"),
    ("Her twin, Lauren, had the same presentation.", "Lauren"),
    # any name before "presented with"; a known given name "was seen in clinic", "presented 2 weeks"
    ("Summer presented with chest pain.", "Summer"),
    ("Kiara presented with a cough for 3 weeks.", "Kiara"),
    ("Destiny presented to ED with a stab wound.", "Destiny"),
    ("John was seen in clinic last week with ascites.", "John"),
    ("Bianca presented 2 weeks post-partum with breathlessness.", "Bianca"),
    ("Chukwuemeka (Emeka) came back febrile.", "Chukwuemeka"),
    # a known given name after a word of seeing; a name after a religious title
    ("Seen Lindiwe and her mother in the clinic on Friday.", "Lindiwe"),
    ("I reviewed Fr. Dermot Keane in the hospice today.", "Fr. Dermot Keane"),
    ("Pastor Adeyemi has a new DVT.", "Pastor Adeyemi"),
    # a short form in brackets between a given name and a surname
    ("bed 22: Dorothy (Dot) Pemberton, delirium", "Dorothy (Dot) Pemberton"),
])
def test_flags_names_by_label_apposition_and_what_happens_to_them(text, expected):
    assert set(NAMES.texts(text)) == {expected}  # several forms may find the same name
    start = text.index(expected)
    names = [(f.start, f.end) for f in screen(text) if f.kind == "name"]
    assert names == [(start, start + len(expected))]


@pytest.mark.parametrize("text", [
    "Patient Blood Management is our trust's programme.",  # a title, not a name
    "Patient Activation Measure scores improved.",
    "Patient Satisfaction Survey results are out.",
    "pt with copd, 55, from the hills",  # lower-case words that are no name
    "Sadly, her husband died last year.",  # an adverb in apposition
    "In Glasgow, her sister looks after her.",  # a place before the relation
    "Children presented with a rash after the camp.",  # a group
    "Cases presented with fever and arthralgia.",
    "Kawasaki disease is rare here. Kawasaki presented with fever in both.",  # an eponym named with its noun
    "Saw John Snow's map at the museum.",  # a colleague's work after a word of seeing
    "Saw Sarah's talk on sepsis.",
    "Rev Dr Martin Luther King Jr spoke about health care.",
    "I mean the Chelsea Critical Care Physical Assessment tool.",
    "Sarah (Cardiology) Review of the week.",  # a department in brackets is no short form
    "Migraine presented with aura in 30% of the cohort.",  # a disease said of a group
    "Lyme presented with a classic erythema migrans in most of our series.",
    # a disease named by its eponym alone, with no group word in the sentence
    "Kawasaki presented with fever for 5 days and a strawberry tongue.",
    "Wilson presented with tremor and a low caeruloplasmin.",
    "Behcet presented with oral and genital ulcers.",
])
def test_leaves_titles_groups_and_colleagues_work_alone(text):
    assert NAMES.texts(text) == []


def test_a_patient_with_an_eponyms_surname_is_still_found_by_title_or_given_name():
    assert [f.text for f in screen("Mr Wilson presented with tremor.")] == ["Mr Wilson"]
    assert [f.text for f in screen("Ada Weber presented with chest pain.")] == ["Ada Weber"]
