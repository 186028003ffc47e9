"""Rooms rule: room, bed and bay numbers; "room air", "bed rest" and bed counts left alone."""
import pytest

from forum.privacy.rules.rooms import RULE


@pytest.mark.parametrize("text, expected", [
    ("Patient in room 412 has a potassium of 6.8.", "room 412"),
    ("Bed 7B on the step-down unit", "Bed 7B"),
    ("The woman in ED bay 3 has a lactate of 4.2.", "bay 3"),
    ("The man in rm 22 keeps asking for opioids.", "rm 22"),
    ("ICU bed 14 has a pH of 7.08.", "bed 14"),
    ("Room #12 has the febrile neutropenia.", "Room #12"),
    ("Moved to cubicle 9 for isolation.", "cubicle 9"),
    ("She is in room 101.", "room 101"),
])
def test_flags_room_and_bed_numbers(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "SpO2 94% on room air.",
    "Bed rest is no longer recommended.",
    "Bedside ultrasound showed B-lines.",
    "Keep the head of bed at 30 degrees.",
    "HOB 30 degrees for aspiration.",
    "Our ward has 3 beds for high-flow and 2 rooms for isolation.",
    "Insulin keeps at room temperature for 28 days.",
    "A 12-bed unit with 2 side rooms.",
    "He was in bed 2 days after the fall.",
])
def test_leaves_room_air_and_bed_rest_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text", [
    "Room 101 is where we hold M&M.",
    "Room 4 protocol for chest pain.",
    "Protocol: room 1 is for resuscitation.",
])
def test_leaves_rooms_described_as_places_for_staff_alone(text):
    assert RULE.texts(text) == []


def test_a_patient_in_a_room_still_counts():
    assert RULE.texts("Room 101, where he is, has no suction.") == ["Room 101"]


@pytest.mark.parametrize("text, expected", [
    ("MICU 12 needs a central line.", "MICU 12"),
    ("Resus 2 has a STEMI.", "Resus 2"),
    ("the patient in 412B keeps pulling his NG", "412B"),
    ("pt in 4W-12 is crashing", "4W-12"),
])
def test_flags_unit_beds_and_where_a_patient_is(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "We have 12 ICU beds; ICU 24 hours on average.",
    "The patient in 2019 had a similar course.",
    "Patient in 3 days was better.",
])
def test_leaves_unit_counts_and_years_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text", [
    "ICU: 62M post-CABG, vasoplegia.", "PICU: 3 admissions with RSV overnight.",
    "NICU: 27 weeker on CPAP.", "HDU: 71F with DKA.", "CCU: 2 STEMIs this morning",
])
def test_a_unit_label_and_colon_start_a_case_not_a_bed(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [("ICU bed 7 again", "bed 7"), ("now in ICU 12", "ICU 12"),
                                            ("Bed: 14", "Bed: 14")])
def test_unit_and_bed_numbers_still_count(text, expected):
    assert expected in RULE.texts(text)
