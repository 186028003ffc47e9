"""Nicknames rule: names people use for a patient; "known as" for conditions and drugs left alone."""
import pytest

from forum.privacy.rules.nicknames import RULE


@pytest.mark.parametrize("text, expected", [
    ('a frequent flyer the nurses call "Captain Crunch" who', '"Captain Crunch"'),
    ("The patient we call Sparky is back again.", "Sparky"),
    ("Our dialysis patient, known to the staff as the Mayor, missed two sessions.", "the Mayor"),
    ('He goes by "Tiny" and has Marfan features.', '"Tiny"'),
    ("She is nicknamed Duchess on the ward.", "Duchess"),
    ("The gentleman everyone calls Big Lou is back.", "Big Lou"),
    ("He calls himself The Professor.", "The Professor"),
    ("the staff have dubbed her 'the Professor'", "'the Professor'"),
    ("he's known around the unit as Dutch", "Dutch"),
    ("He is called Boomer by everyone on the ward.", "Boomer"),
    ("The ward all know him as Sarge.", "Sarge"),
])
def test_flags_nicknames(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "The condition also known as Takotsubo cardiomyopathy recurs in 5% a year.",
    "SGLT2 inhibitors, also known as gliflozins, cause euglycemic DKA.",
    "We call them flozins on the ward.",
    "He is known to have CAD and is known to cardiology.",
    "Otherwise known as the 'July effect', changeover is a risk.",
    "I'll call him back tomorrow with the results.",
    "We call Rapid Response when the MEWS is above 5.",
    "Semaglutide, aka Ozempic, is in short supply.",
    "A phenomenon dubbed the weekend effect.",
])
def test_leaves_clinical_known_as_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("'Big Mike' is back in the ED for the fourth time.", "'Big Mike'"),
    ("Our frequent flyer, 'Captain Jack', is back with DKA.", "'Captain Jack'"),
    ("He answers to 'Bubba' and gets agitated otherwise.", "'Bubba'"),
    ("The nurses nicknamed her Grandma Rose.", "Grandma Rose"),
    ("Everyone on the ward knows him as Dutch.", "Dutch"),
])
def test_flags_quoted_names_and_more_nickname_verbs(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "The 'Surviving Sepsis' bundle is back in fashion.",
    "I said 'Hello' to him and he did not answer.",
    "We all know him as a kind man.",
    "The 'Big Three' trials, as Dr. Lee called them.",
])
def test_leaves_quoted_titles_and_plain_phrases_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("He prefers to be called Bunny by the nurses.", "Bunny"),
    ("insists on being called 'the Major' on rounds", "'the Major'"),
])
def test_flags_the_name_a_patient_asks_to_be_called(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text, expected", [
    ("The care home staff call her 'Birdie' - 90s, on 5 antihypertensives.", "'Birdie'"),
    ("His granddaughter calls him 'Opa Henk' and sits with him daily.", "'Opa Henk'"),
    ("Our 88M ('Sparky' as the porters call him) pulled out his cannula.", "'Sparky'"),
    ("The boys on the unit call him Jonesy - 40M with an AKI.", "Jonesy"),
    ("Known to the staff at the night shelter as 'Bear', 50M, frostbite.", "'Bear'"),
])
def test_nicknames_any_caller_gives(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Please call her GP tomorrow about the warfarin.",
    "We'll call him back with the results.",
    "Can you call her Mum to come in?",
])
def test_calling_someone_is_not_a_nickname(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Hi all, Auntie Grace (my patient, 78) has new weakness.", "Auntie Grace"),
    ("Grandpa Jack, as the whole ward calls him, refuses warfarin.", "Grandpa Jack"),
    ("Chukwuemeka (Emeka) came back febrile.", "Emeka"),
    ("Patient Rajesh Kumar Yadav (Raju), 40M, paraquat ingestion.", "Raju"),
    ("bed 22: Dorothy (Dot) Pemberton, delirium", "Dot"),
    ("Pt 'Big Mike' - 140 kg trucker - OSA.", "'Big Mike'"),
])
def test_flags_family_titles_short_forms_and_quoted_names_after_pt(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "Sarah Chen (Cardiology) agreed with the plan.",  # a department in brackets
    "Paracetamol (Panadol) 1 g qds.",  # a brand in brackets
    "Grandma Moses syndrome is not a thing.",  # a family title before an eponym noun
    "her auntie grace is the carer",  # no capitalised title
])
def test_leaves_brackets_and_family_words_that_are_no_nickname_alone(text):
    assert RULE.texts(text) == []
