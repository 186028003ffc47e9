"""Vehicle, device and network identifiers: labelled plates, VINs, serials and IMEIs, and IPv4
addresses; lab values, versions, section numbers and anatomy left alone."""
import pytest

from forum.privacy.rules.devices import RULE


@pytest.mark.parametrize("text, expected", [
    ("His license plate 7ABC123 was noted by police.", "license plate 7ABC123"),
    ("licence plate: AB12 CDE", "licence plate: AB12 CDE"),
    ("the number plate AB12 CDE was on the report", "number plate AB12 CDE"),
    ("VIN 1HGCM82633A004352 from the crash report", "VIN 1HGCM82633A004352"),
    ("Pacemaker serial number PJN123456H.", "serial number PJN123456H"),
    ("ICD S/N 12345678 interrogated", "S/N 12345678"),
    ("SN: 4455-7788", "SN: 4455-7788"),
    ("device serial #A1B2C3D4", "device serial #A1B2C3D4"),
    ("her phone's IMEI 356938035643809", "IMEI 356938035643809"),
    ("IP 192.168.10.45 from the patient portal log.", "192.168.10.45"),
    ("logged in from 8.8.8.8.", "8.8.8.8"),
])
def test_flags_device_and_network_identifiers(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "Salter-Harris II through the growth plate 2 mm displaced",
    "agar plate 3 colonies after 48 h",
    "Plate count 150 x 10^9/L",
    "serial troponins 123 456 789 ng/L",
    "serial ECGs 3 hours apart",
    "serial measurements of 120, 130 and 140",
    "sn 12 was low",  # not the capitalised label
    "lot number 12345 of the vaccine",
    "K 3.2, Na 134, creatinine 1.2.",
    "dated 12.03.2024",
    "Table 1.2.3.4 of the guideline; see section 2.1.3.4 and version 1.2.3.4",
    "an octet past 255: 300.1.1.1",
    "serial number is ABC",
])
def test_leaves_clinical_numbers_alone(text):
    assert RULE.texts(text) == []


def test_flags_mac_addresses_but_not_a_list_of_times():
    assert RULE.texts("MAC address 00:1B:44:11:3A:B7 on the pump") == ["00:1B:44:11:3A:B7"]
    assert RULE.texts("Obs at 03:00, 04:00, 05:00, 06:00, 07:00 and 08:00.") == []


@pytest.mark.parametrize("text, expected", [
    ("the van, reg AB12 CDE, hit him at 40 mph", "reg AB12 CDE"),
    ("registration KX19ABV on the police form", "registration KX19ABV"),
    ("plate # 8XYZ442 on the crash report", "plate # 8XYZ442"),
])
def test_flags_plates_after_a_registration_label(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", ["reg 12 mg of the drug", "registration 2024 opens soon"])
def test_leaves_registration_words_without_a_plate_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("CGM transmitter ID 4HK7QZ keeps dropping out", "transmitter ID 4HK7QZ"),
    ("LVAD controller serial HMX-0041187 alarmed", "serial HMX-0041187"),
    ("Ohio plate HFK-2291 on the car in the bay", "plate HFK-2291"),
    ("the crash involved BD71 KLM on the M62", "BD71 KLM"),
    ("Scooter TN 09 BC 5561 skidded.", "TN 09 BC 5561"),
    ("Pillion on MH12AB1234, no helmet", "MH12AB1234"),
    ("His taxi SKF 1234 A is in the car park.", "SKF 1234 A"),
    ("SBA 1234 G was towed", "SBA 1234 G"),
])
def test_flags_transmitters_lettered_serials_and_plates(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "the transmitter lasts 90 days", "growth plate 2 fracture", "blood agar plate 24 h",
    "CD34 POS cells", "HLA-B27 NEG", "Salter-Harris II through the distal plate, 12yo",
    "SBA 1234 A without a vehicle word",
])
def test_leaves_plate_and_transmitter_look_alikes_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Spinal cord stimulator SCS-4471902 keeps cutting out.", "SCS-4471902"),
    ("LVAD controller HM3-0041775 alarmed overnight.", "HM3-0041775"),
])
def test_device_code_after_its_noun(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", ["Dexcom G7 sensor with a MiniMed 780G pump.",
                                  "Micra AV2 leadless pacemaker implanted 2023."])
def test_device_models_stay_clean(text):
    assert RULE.texts(text) == []
