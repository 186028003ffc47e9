"""Addresses rule: street addresses, units, PO boxes and ZIP codes in address context only."""
import pytest

from forum.privacy.rules.addresses import RULE


@pytest.mark.parametrize("text, expected", [
    ("She lives at 14 Oak Lane, two miles away.", "14 Oak Lane"),
    ("his address is in Springfield, IL 62704 but", "Springfield, IL 62704"),
    ("He lives on Elm Street next to the plant.", "Elm Street"),
    ("Three kids from the same ZIP code 02139.", "ZIP code 02139"),
    ("Social work found her in Apt 4B alone.", "Apt 4B"),
    ("Mail goes to PO Box 1123.", "PO Box 1123"),
    ("My patient lives at 301 W 5th Street, Apt 12.", "301 W 5th Street"),
    ("221B Baker Street", "221B Baker Street"),
    ("postcode M1 1AE", "postcode M1 1AE"),
    ("Massachusetts 02139", "Massachusetts 02139"),
    ("in the 02139 area", "the 02139 area"),
    ("Flat 2, 15 Kings Road", "15 Kings Road"),
])
def test_flags_addresses_and_zip_codes(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Our EHR forces a ZIP code field on every referral.",
    "Platelets fell from 150000 to 25000; CD4 count 12000.",
    "I discussed with Dr. Patel from cardiology.",
    "John Snow's map of the Broad Street pump.",
    "CPT 99214 and troponin 12345 ng/L.",
    "Bay Area hospitals adopted the protocol.",
    "Post-op day 2, the post code blue debrief was helpful.",
])
def test_leaves_numbers_and_lone_zip_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("He lives in Smalltown, Ohio, population 800, and works at the gas station.", "Smalltown, Ohio"),
    ("She is from Waco, TX and farms cattle.", "Waco, TX"),
    ("He moved to Rapid City, South Dakota last year.", "Rapid City, South Dakota"),
    ("She grew up in Flint, Michigan near the plant.", "Flint, Michigan"),
])
def test_flags_the_town_someone_lives_in(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "Referral from John Smith, MD for a second opinion.",
    "Dr. Lee from Rochester, Minnesota called about the trial.",
    "A cohort from Olmsted County, Minnesota showed the same.",
    "He lives alone, Ohio winters are hard on his COPD.",
    "She trained in Boston, Massachusetts before joining us.",
])
def test_leaves_other_places_alone(text):
    assert RULE.texts(text) == []


def test_a_unit_number_followed_by_a_count_is_no_flat():
    assert RULE.texts("Apt 1 of the 4 regimens failed.") == []
    assert RULE.texts("She lives in Apt 4B of the tower.") == ["Apt 4B"]


@pytest.mark.parametrize("text, expected", [
    ("lives at 55 Elm st with her daughter", "55 Elm st"),
    ("Lives in SW1A 1AA, near the palace.", "SW1A 1AA"),
    ("He lives in LS1 4DY.", "LS1 4DY"),
    ("221B Baker Street, London NW1 6XE", "NW1 6XE"),
    ("Lives in M5V 2T6 (Toronto).", "M5V 2T6"),
    ("PIN code 560001, Bengaluru.", "PIN code 560001"),
    ("Cambridge MA 02139", "Cambridge MA 02139"),
    ("Lives in Lancaster County, PA; Amish; MSUD.", "Lancaster County, PA"),
    ("GPS coordinates 40.7128, -74.0060 where she was found", "40.7128, -74.0060"),
])
def test_flags_postcodes_coordinates_and_lower_case_streets(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "CD4 3MG? No: CD4 count 350, T2N1M0, G2 P1 at 38 weeks.",
    "Regression coefficients 0.1234, -0.0567 and 1.2345.",
    "The door PIN code 1234 is on the board.",
    "We gave 2 doses st and 1 prn.",
    "I practise in Lancaster County, PA and see a lot of MSUD.",
    "Platelets 150000 and CD4 12000 on day 3.",
])
def test_leaves_clinical_codes_statistics_and_a_clinicians_county_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Lives on a farm outside Dubbo NSW 2830, 2 h from us.", "Dubbo NSW 2830"),
    ("A trucker from Moose Jaw SK with chest pain.", "Moose Jaw SK"),
    ("She lives in Ballina, Co. Mayo with her sister.", "Ballina, Co. Mayo"),
    ("Address on the form: 23, Shastri Nagar, Jodhpur 342003.", "Jodhpur 342003"),
    ("They live at 17 Via Garibaldi, second floor.", "17 Via Garibaldi"),
    ("lives at flat 3a, 27 portland road with her son", "flat 3a, 27 portland road"),
    ("home is 41 w. Lake st, no heating", "41 w. Lake st"),
])
def test_flags_addresses_and_towns_outside_the_us(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "We follow the NSW 2023 sepsis pathway.",
    "SA 2020 rules changed the criteria.",
    "He is on call from ON call rota.",
])
def test_leaves_years_and_abbreviations_that_look_like_regions_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("The Eircode on the letter is H91 E2K3 - same house as the index case.", "H91 E2K3"),
    ("Address: D6W 4FX1, Dublin.", "D6W 4FX1"),
    ("Demographics: M, Tamworth 2340. Snake bite, no envenomation?", "Tamworth 2340"),
    ("She is from Mount Isa 4825 and flies down for dialysis.", "Mount Isa 4825"),
    ("he lives at 22 mill lane with his wife", "22 mill lane"),
])
def test_flags_eircodes_australian_towns_with_postcodes_and_lower_case_streets(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "T12 vertebral fracture on CT, and C56 DATA in the table",
    "She moved to Perth 2019 for work and started on 2 tabs st.",
    "Pt arrived at 1730 via EMS with chest pain.",
    "Ward 2840 beds? No - the unit has 2840 admissions a year.",
])
def test_leaves_vertebrae_years_and_times_alone(text):
    assert RULE.texts(text) == []


# "State 12345" is scanned for only when all the words of a state's name occur ("New" alone
# names none); units only when "Suite" or "Flat" occurs; the state after a comma from its letter.
@pytest.mark.parametrize("text, expected", [
    ("Mail goes to West Virginia 25301 now", "West Virginia 25301"),
    ("He moved to New York 10001 last year", "New York 10001"),
    ("He lives near Springfield, Ohio 45501.", "Springfield, Ohio 45501"),
    ("Office at Suite 400, no patients", "Suite 400"),
])
def test_flags_states_zip_codes_and_units_found_from_cheap_checks(text, expected):
    assert expected in RULE.texts(text)


# A town of residence with no state or postcode: after a residence word, a person (an age, a
# person or an occupation) and "from", "outskirts of", or a farm or village near it.
@pytest.mark.parametrize("text, expected", [
    ("12yo boy from Narrabri with a 3-day limp and fever.", "Narrabri"),
    ("Lives with her son on the outskirts of Oamaru, 79F, new AF.", "Oamaru"),
    ("Retired fisherman from Castletownbere, 71, haematuria.", "Castletownbere"),
    ("Their property just outside Longreach floods every wet season.", "Longreach"),
    ("She lives alone in Port Augusta and drives 3 h to dialysis.", "Port Augusta"),
    ("Truck driver, 52, from Kokstad, presented with a DVT.", "Kokstad"),
    ("he lives on rue Saint-Hubert above the bakery", "rue Saint-Hubert"),
    ("Lives near Tauranga, 4yo, swallowed a magnet.", "Tauranga"),
    ("He drives down from Ōhakune for each dialysis session.", "Ōhakune"),
    ("Their farm is 60 km north of Goondiwindi; 48M with Q fever.", "Goondiwindi"),
])
def test_flags_a_town_of_residence_without_state(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "Returned from Kampala 10 days ago, 30M, febrile.",  # travel, not home
    "45F from Kenya with cutaneous leishmaniasis.",  # a country names nobody
    "A 60M from Western Province with snakebite.",  # a province
    "Transferred from Baragwanath with a GSW, 23M.",  # a referral
    "Switched the 70M from Coumadin to apixaban.",  # a drug switch
    "Our colleague Dr Mensah from Kumasi shared the protocol.",  # a colleague's town
    "A 55F from Theatre with hypotension.",  # a place of care
    "The 80M was moved from Resus to Majors.",
    "A 50F from Galway visiting her daughter, with chest pain.",  # a visitor
    "We are 3 hours from Hobart by road, so we thrombolyse.",  # the clinician's own distance
])
def test_no_town_without_a_home(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    # where the patient works or studies
    ("He is a butcher in Ennis, worried about Q fever.", "Ennis"),
    ("Pt Jaspreet Kaur, 33, works as a nurse at Ludhiana Civil Hospital.", "Ludhiana Civil"),
    ("She works at the Amazon warehouse in Dunstable.", "Amazon"),
    ("He teaches maths at Coláiste Iognáid in Galway.", "Coláiste Iognáid"),
    ("Ayesha B., 24, a law student at UCT, new seizures.", "UCT"),
    # a town in a name-age row, and the only case in a town
    ("Mr Abdulrahman Musa, 60, Kano; diabetic foot.", "Kano"),
    ("We have the only case of Fabry disease in Tuam that I know of.", "Tuam"),
    # a home town after an age in apposition, or after who the patient lives with
    ("Bongani, 45, from Soweto, CD4 of 90.", "Soweto"),
    ("Mrs K.L., 61, from Ballinasloe, pancreatitis again.", "Ballinasloe"),
    ("Patient Hugh Maguire, 45, builder from Enniskillen.", "Enniskillen"),
    ("Kiara lives with Nana in Pukekohe.", "Pukekohe"),
    # a lower-case town in a post written in lower case
    ("the patient lives in lower moreton and refuses transfer", "lower moreton"),
    ("patient sarah o'brien, 40, from cork, fever after travel", "cork"),
])
def test_flags_workplaces_rows_and_towns_without_a_street(text, expected):
    findings = RULE.texts(text)
    assert findings == [expected]
    start = text.index(expected)
    assert text[start:start + len(expected)] == findings[0]


@pytest.mark.parametrize("text", [
    "Our medical student at UCD presented the case.",  # a trainee is a colleague
    "Dr Ito works at the Royal Free.",  # a named colleague's workplace
    "Dr Ito, our consultant, works at the Royal Free.",
    "Studies at Johns Hopkins showed benefit.",
    "Osler taught at Johns Hopkins.",
    "My mentor taught me to always look at the JVP.",
    "The engineer at Medtronic checked the lead.",  # a company's staff
    "Her son is a teacher in Year 6.",
    "a farmer in Kenya with brucellosis",  # a country names nobody
    "A driver in RTA with a flail chest.",  # an abbreviation after "in"
    "Mr Okafor, 60, Nigerian, with refractory hypertension.",  # a nationality in the row
    "Pt Ward, 45, Male, chest pain.",  # sex in the row
    "the only patient in ICU with candida auris",
    "The only case in the series that relapsed was treated in Phase 2.",  # a study's stage
    "she lives in sheltered housing and lives in fear of falling",  # lower-case circumstances
    "The patient lives in lower Moreton.",  # a post with capitals: lower case is no town
])
def test_leaves_colleagues_workplaces_and_circumstances_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Paraquat ingestion in Sitapur district, intubated.", "Sitapur"),
    ("Dengue cluster from barangay San Isidro this week.", "San Isidro"),
])
def test_flags_a_district_or_village_by_name(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "She was hiking in the Lake District when she fell.",  # a region's proper name
    "A district nurse visits twice a week.",
    "Kerala district health officers run the programme.",  # a state names nobody
])
def test_leaves_regions_and_district_staff_alone(text):
    assert RULE.texts(text) == []
