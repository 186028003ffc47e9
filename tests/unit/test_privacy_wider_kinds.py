"""Other kinds' wider forms (recall10): birth dates with a foreign month after a foreign birth label,
member and enrollee numbers, towns people come from or go home to, plots and stands, the handle a
person posts under, a plate after its vehicle. Each form has look-alikes that stay clean."""
import pytest

from forum.privacy.rules import addresses, dates, devices, profile_links, record_numbers


@pytest.mark.parametrize("text, expected", [
    ("Patient née le 14 février 1937, anticoagulée.", "14 février 1937"),
    ("Paciente nacido el 2 de enero de 1944, EPOC.", "2 de enero de 1944"),
    ("paziente nato il 5 maggio 1950 con BPCO", "5 maggio 1950"),
    ("Patiënt geboren op 30 augustus 1941.", "30 augustus 1941"),
    ("nascida em 8 de julho de 1949, hipertensa", "8 de julho de 1949"),
])
def test_flags_a_birth_date_with_a_foreign_month(text, expected):
    assert dates.RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "La réunion du 3 mars 2024 est annulée.",  # a meeting, not a birth
    "El congreso del 22 de mayo de 2025 en Madrid.",
])
def test_leaves_a_foreign_date_without_a_birth_label_alone(text):
    assert dates.RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Her HMO enrollee NHIA/KAN/0091822 is not valid.", "enrollee NHIA/KAN/0091822"),
    ("Bupa member 88120934 wants the scan sooner.", "member 88120934"),
])
def test_flags_a_member_number(text, expected):
    assert record_numbers.RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "She was member 3 of the resus team.",
    "I am a member of the 2019 committee.",
    "subscriber 2023 survey results are out",
])
def test_leaves_short_member_numbers_alone(text):
    assert record_numbers.RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("He's originally from Warri, and the family want him home.", "Warri"),
    ("She is a native of Kottayam; scrub typhus?", "Kottayam"),
    ("They took her back home to Tamale after the diagnosis.", "Tamale"),
    ("She's from Mullingar and won't travel to Dublin.", "Mullingar"),
    ("he lives out at Bourke, 8 h from a cath lab", "Bourke"),
    ("Ambulance to Plot 14, Karen Estate for chest pain.", "Plot 14, Karen Estate"),
])
def test_flags_where_a_person_comes_from_or_goes_home_to(text, expected):
    assert addresses.RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "See Plot 3, Figure 2 for the KM curve.",
    "native to South America, the plant is toxic",  # a continent
    "home in ICU is not possible",  # a place of care
    "he is from the Department of Health",
    "He's from Cardiology, the new registrar.",  # a department
])
def test_leaves_places_that_are_no_home_alone(text):
    assert addresses.RULE.texts(text) == []


def test_flags_a_handle_a_person_posts_under():
    assert profile_links.RULE.texts("She tweets as @katie_runs_4 about her chemo.") == ["@katie_runs_4"]
    assert profile_links.RULE.texts("He follows @NHSEngland on twitter.") == []


@pytest.mark.parametrize("text, expected", [
    ("the bus KJA 123 AA hit a pedestrian", "KJA 123 AA"),
    ("his taxi ABC-1234 was parked outside", "ABC-1234"),
])
def test_flags_a_plate_after_its_vehicle(text, expected):
    assert devices.RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", ["the car ECG 12 lead", "bus 42 to the hospital", "van HIV 1 2"])
def test_leaves_vehicle_look_alikes_alone(text):
    assert devices.RULE.texts(text) == []
