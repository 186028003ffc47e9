"""Names rule, forms found from context (privacy16): a name beside a bed or a unit, the sender or
subject of a quoted message, "little"/"wee" + name, a surname in capitals and a comma at a cell or
quotation start, an age then a name and a verb, a name label opening a quotation; and eponyms
written without their noun, comparisons with the famous, stand-in names, which stay clean."""
import pytest

from forum.privacy import screen
from forum.privacy.rules.names import RULE


@pytest.mark.parametrize("text, expected", [
    # beside a bed, a bay, a room or a unit
    ("Handover: Tamsin Colquhoun, bed 9, ?cholangitis, on pip-taz.", "Tamsin Colquhoun"),
    ("Could someone review Nakamura in bay 2? Sats 88%.", "Nakamura"),
    ("Bed 11 | FAIRCLOUGH, Ottilie | 88F | delirium", "FAIRCLOUGH, Ottilie"),
    ("Bay 4: Ottilie Fairclough, post-op day 1.", "Ottilie Fairclough"),
    ("His wife sat all night with Hemi in ICU.", "Hemi"),
    # the sender or the subject of a quoted message
    ("Her son texted: 'Radek here, dad fell again, can someone ring me'.", "Radek"),
    ("Voicemail: 'Hello, this is Mereana, I'm calling about my father'.", "Mereana"),
    ("The husband wrote 'Ottilie hasn't eaten since Sunday'.", "Ottilie"),
    ("Dad's message: 'Kobus still vomiting after the syrup'.", "Kobus"),
    # little / wee + name
    ("The nurses say little Tane cried all through the cannula.", "Tane"),
    ("Reviewed wee Callum's inhaler technique today.", "Callum"),
    # an age, then a name and a verb
    ("6yo Manaia has had four chest infections this winter.", "Manaia"),
    ("A 70-year-old Bartholomew presented with haematuria.", "Bartholomew"),
    # a name label opening a quotation
    ("Sticker reads 'Name: OKONJO Adanna  Ward: 5B'.", "OKONJO Adanna"),
    # a relative's name before a closing quote
    ("She keeps asking for 'my son Dmitri' at night.", "Dmitri"),
    # in apposition to a person, or with a relative of theirs
    ("Quick update on Tarquin, the gentleman with the empyema: drain out.", "Tarquin"),
    ("Worried about Solveig, our 31-year-old with HELLP.", "Solveig"),
    ("Ingeborg's husband says she hasn't slept for days.", "Ingeborg"),
    # a side room; a label before a surname in capitals
    ("Asked to review Dragomir in side room 4, spiked to 39.", "Dragomir"),
    ("Specimen label: VASQUEZ, Milagros F 66.", "VASQUEZ, Milagros"),
    # a quoted message's subject with a verb of a person
    ("Practice nurse note: 'Odalys declined the flu jab again'.", "Odalys"),
    ("The warden emailed: 'Percival has stopped taking his tablets'.", "Percival"),
])
def test_names_found_from_context(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    # eponyms written without their noun
    "Teaching point: an Austin Flint is mid-diastolic; a Graham Steell is early diastolic.",
    "Graham Steell vs Austin Flint murmur: which did you hear?",
    "Austin Flint and Graham Steell murmurs both occur in valve disease.",
    "The Graham Steell murmur is soft; a loud Graham Steell suggests severe PH.",
    "positive Kernig and Brudzinski, neck stiffness, photophobia",
    "Austin Flint in severe AR, Graham Steell in mitral stenosis.",
    "Graham Steell or Austin Flint? The echo settled it.",
    "Charles Bonnet hallucinations in an 84F with macular degeneration.",
    # comparisons and stand-in names
    "Like Stephen Hawking, a few ALS patients live for decades.",
    "Unlike Lou Gehrig, he has bulbar onset.",
    "For the case let's call him John Doe, 50M, found down.",
    "Say the patient is Joe Bloggs: how would you consent him?",
    # clinicians by title
    "Nurse practitioner Tamsin Colquhoun runs our HF clinic.",
    "Paramedic Rhys Prothero gave TXA en route.",
    # handover words, diseases and drugs beside a bed or after an age
    "Bed 3: Chest pain, trop pending.",
    "Bay 2 - Cellulitis Lower Limb, IV fluclox day 2.",
    "Sepsis in ICU is our biggest killer.",
    "45M Pneumonia has been treated with amoxicillin.",
    # quoted words that are no one's name
    "The nurse wrote 'Pain is worse at night'.",
    "Mum says 'Everything hurts' and she won't eat.",
    "The note says 'Patient refused bloods'.",
    "She gave a little Lasix and the crackles settled.",
    "Ward 5: 'CXR, Troponin and ECG all normal'.",
    "Imaging: MRI, Ultrasound and CT were unremarkable.",
    "The Graham Steell faded after sildenafil.",
    "The Peter MacCallum runs a CAR-T programme.",
    # places, times and adverbs in apposition
    "In Dunedin, the man was retrieved by helicopter.",
    "Unfortunately, the patient deteriorated overnight.",
    "Meanwhile, the lady's INR rose to 6.",
    "Dr Okafor's wife is also a GP.",
])
def test_look_alikes_stay_clean(text):
    assert [f for f in screen(text) if f.kind == "name"] == []


@pytest.mark.parametrize("text, expected", [
    # a patient whose surname is an eponym's, or whose name sits beside an eponym, is still named
    ("Margaret Steell, 71, has severe mitral stenosis.", "Margaret Steell"),
    ("Had Graham Pettifer in clinic with AR and an Austin Flint murmur.", "Graham Pettifer"),
    ("Our patient Harriet Coombs has rheumatic carditis.", "Harriet Coombs"),
])
def test_patients_beside_eponyms_are_still_named(text, expected):
    assert expected in RULE.texts(text)
