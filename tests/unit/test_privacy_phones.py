"""Phones rule: phone and fax numbers; PMIDs, times, BP and lab values left alone."""
import pytest

from forum.privacy.rules.phones import RULE


@pytest.mark.parametrize("text, expected", [
    ("her number is (555) 201-3344.", "(555) 201-3344"),
    ("Call his cell at 555.867.5309 if you have a bed.", "555.867.5309"),
    ("The son's number is +44 20 7946 0958.", "+44 20 7946 0958"),
    ("Please fax the records to 020 7946 0123.", "020 7946 0123"),
    ("Text her at 5552014477 if the result is back.", "5552014477"),
    ("call the son on 555 414 2222", "555 414 2222"),
    ("reach her on 07700 900 123 after work", "07700 900 123"),
    ("Main line 555-123-4567 ext. 22", "555-123-4567"),
    ("She can be reached at +1 617 555 0199.", "+1 617 555 0199"),
])
def test_flags_phone_and_fax_numbers(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "PMID 12345678 and NCT04280705.",
    "BP 140/90, HR 110, K 3.2, INR 2.5.",
    "Paged at 0300, at 0430 the MAP was 70, 14:30 rounds.",
    "Lancet 2020;396:1345-52 and NEJM 2019;380:1234-1245.",
    "Call 911 is still the advice in our leaflets.",
    "Vancomycin 15-20 mg/kg q8-12h, AUC 400-600.",
    "No vital signs between 0000 and 0500 for stable patients.",
    "The phone triage line gets dozens of calls every day.",
    "Platelets 150000 to 25000 in five days.",
])
def test_leaves_clinical_numbers_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text", [
    "Call the poison centre on 1-800-222-1222.",
    "The national helpline is (888) 555-0199, open all night.",
    "Batch number 1234567 of the vaccine was recalled.",
    "Model number 5076-52 lead; lot number 88812345.",
])
def test_leaves_toll_free_and_product_numbers_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Her number 555-867-5309, the 800 line was busy.", "555-867-5309"),
    ("Son's number 98765 43210 (India).", "98765 43210"),
])
def test_a_personal_number_near_a_toll_free_one_still_counts(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "NHS 111 or the switchboard on 0300 200 3300.",
    "The firmware build number is 4.2.1.7 on both pumps.",
    "Freephone 0800 123 4567 for the smoking service.",
])
def test_leaves_service_numbers_and_build_numbers_alone(text):
    assert RULE.texts(text) == []


def test_a_mobile_number_still_counts():
    assert "07700 900 123" in RULE.texts("her mobile 07700 900 123")


@pytest.mark.parametrize("text, expected", [
    ("The nephew on 0805 221 9043 wants an update daily.", "0805 221 9043"),
    ("Her daughter's line is 0809-774-3120 if the ward needs her.", "0809-774-3120"),
])
def test_flags_nigerian_mobiles_that_start_like_uk_freephone(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "Lifeline in South Africa is 0800 012 322 for anyone in crisis.",
    "The NZ Poisons line 0800 764 766 answered within a minute.",
    "Beyond Blue 1300 224 636 is on every discharge letter here.",
    "Free call 1800 022 222 (healthdirect) for after-hours advice.",
])
def test_leaves_ten_digit_freephone_services_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Tel. (02) 9382 1111 is the daughter's landline.", "(02) 9382 1111"),
    ("Her son's number is (080) 2345 6789.", "(080) 2345 6789"),
    ("Ring the house on (01) 234 5678 after six.", "(01) 234 5678"),
])
def test_flags_a_number_with_its_trunk_code_in_brackets(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "Dose (0.5) 2 mg then 1 mg.",
    "HR (0) 120 130 on the strip",
    "Freephone (0800) 123 4567 for the helpline.",  # a service's number
])
def test_leaves_brackets_that_hold_no_trunk_code_alone(text):
    assert RULE.texts(text) == []
