"""The screen as a whole: Finding offsets, merging of overlaps, screen_post fields, JSON form,
clinical text left alone, and sound findings on hostile input."""
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.privacy import KINDS, Finding, screen, screen_post, screen_texts
from forum.privacy.highlight import field_label, screen_report
from forum.privacy.rules.base import matches_from
from tests.hostile_inputs import PRIVACY_SCREEN_INPUTS

CLINICAL = (
    "A 67-year-old man with HFrEF (EF 25%) presented with dyspnea. BP 140/90, HR 110, RR 22, "
    "SpO2 94% on room air, T 38.4. K 3.2, Mg 1.6, Hb 7.9 g/dL, INR 2.5, plt 88, Cr 1.8. Started "
    "furosemide 40 mg IV bid; metformin 500 mg bid held; ceftriaxone 1 g q8h? no, 2 g q24h. "
    "Per RECOVERY, SPRINT and EMPA-REG (PMID 12345678; DOI 10.1056/NEJMoa2007764) and Smith et "
    "al. 2019, we added empagliflozin. I discussed with Dr. Patel; Dr. Osler described this. "
    "2/6 systolic murmur at the LUSB, strength 4/5, GCS 15/15. ICD-10 I50.22, E11.9, I21.4. "
    "At 0300 he desaturated; at 14:30 he was better. Bell's palsy, Parkinson's disease, Graves' "
    "disease, Crohn's and Wilson's disease are not relevant. Bed rest, bedside echo, head of bed "
    "30 degrees. Guidelines updated in March 2024; ESC 2023. A woman in her 60s, an 89-year-old."
)


def _check_offsets(text, findings):
    for finding in findings:
        assert text[finding.start:finding.end] == finding.text
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    for before, after in zip(findings, findings[1:]):
        assert before.end <= after.start, "merged findings never overlap"


def test_dense_clinical_text_has_no_findings():
    assert screen(CLINICAL) == []


def test_empty_text_has_no_findings():
    assert screen("") == []
    assert screen_post("", "") == []


def test_offsets_point_at_the_flagged_text():
    text = ("Mr. Jones was admitted on 3/14/2024 to room 412, MRN 00123456. DOB 01/02/1931. "
            "Call (555) 201-3344 or jsmith@gmail.com; photo https://i.imgur.com/abc.jpg")
    findings = screen(text)
    _check_offsets(text, findings)
    assert {f.kind for f in findings} == {"name", "date", "room", "record_number", "phone", "email",
                                          "image_link"}


def test_offsets_survive_characters_that_change_length_when_lower_cased():
    text = "İİİ note: Mr. Jones in room 12, İstanbul trip."
    findings = screen(text)
    _check_offsets(text, findings)
    assert [f.text for f in findings] == ["Mr. Jones", "room 12"]


def test_overlapping_findings_are_merged_under_the_longest_kind():
    text = "Transferred in, NHS number 943 476 5919, with a PE."
    findings = screen(text)
    assert [(f.kind, f.text) for f in findings] == [("record_number", "NHS number 943 476 5919")]


def test_a_number_found_by_two_rules_is_reported_once():
    text = "pasted his SSN 123-45-6789 into the problem list"
    findings = screen(text)
    assert len(findings) == 1 and findings[0].kind == "ssn"
    _check_offsets(text, findings)


def test_findings_are_ordered_by_position():
    text = "DOB 01/02/1931. Mrs. Abernathy, bed 7, 555-201-3344."
    findings = screen(text)
    assert [f.kind for f in findings] == ["date", "name", "room", "phone"]


def test_each_finding_has_an_actionable_reason():
    findings = screen("DOB 01/02/1931, 92-year-old Mrs. Abernathy")
    reasons = {f.kind: f.reason for f in findings}
    assert "date of birth" in reasons["date"]
    assert "90 or older" in reasons["age"]
    assert all(reason.endswith(".") and ":" in reason for reason in reasons.values())


def test_screen_post_tells_title_from_body():
    title = "Mrs. Abernathy: edema"
    body = "Seen in room 12 today."
    findings = screen_post(title, body)
    assert [(f.field, f.kind, f.text) for f in findings] == [
        ("title", "name", "Mrs. Abernathy"), ("body", "room", "room 12")]
    assert title[findings[0].start:findings[0].end] == "Mrs. Abernathy"
    assert body[findings[1].start:findings[1].end] == "room 12"


def test_findings_are_json_serialisable():
    finding = screen("MRN 00482913")[0]
    assert isinstance(finding, Finding)
    data = json.loads(json.dumps(finding.as_dict()))
    assert data == {"kind": "record_number", "start": 0, "end": 12, "text": "MRN 00482913",
                    "reason": finding.reason, "field": "body"}


def test_every_kind_is_registered_once():
    assert sorted(KINDS) == sorted({"ssn", "record_number", "device_id", "email", "image_link",
                                    "profile_link", "phone", "address", "date", "age", "room",
                                    "nickname", "name"})
    assert len(KINDS) == len(set(KINDS))


@pytest.mark.parametrize("name", sorted(PRIVACY_SCREEN_INPUTS))
def test_hostile_post_length_input_gives_sound_findings(name):
    """Every finding on a post-length flood of one unit is a real stretch of it, no two overlap,
    and the screen stays within its input (bench/hostile_input.py times these inputs)."""
    text = PRIVACY_SCREEN_INPUTS[name]
    findings = screen(text)
    _check_offsets(text, findings)
    spans = sorted((finding.start, finding.end) for finding in findings)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(earlier[1] <= later[0] for earlier, later in zip(spans, spans[1:])), name

ALPHABET = st.sampled_from(list("abcJSMr. ,:/-@#()0123456789'\"\nİé") + [
    "Mr. ", "patient ", "room ", "MRN ", "DOB ", "born ", "92-year-old", "https://", "imgur.com/",
    ".jpg", " at ", " dot ", "555-", "Oak Lane", "we call him ", "known as ", "SSN ", "ZIP "])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_any_text_gives_consistent_findings(text):
    _check_offsets(text, screen(text))


def test_screen_texts_names_each_finding_after_its_text():
    texts = {"title": "Sodium question", "body": "Mrs. Jones is back.",
             "citations-2-note": "CT of Mr. Okafor", "disclosure-relationships-0-note": "Talks, 2024"}
    findings = screen_texts(texts)
    assert [(f.field, f.text) for f in findings] == [("body", "Mrs. Jones"),
                                                     ("citations-2-note", "Mr. Okafor")]
    assert all(texts[f.field][f.start:f.end] == f.text for f in findings)
    assert screen_texts({}) == []


@pytest.mark.parametrize("name, label", [
    ("title", "Title"), ("body", "Post"), ("citations-0-note", "Citation 1 note"),
    ("citations-11-note", "Citation 12 note"),
    ("disclosure-relationships-2-note", "Disclosure relationship 3 note"),
    ("something-else", "Something else"),
])
def test_each_screened_text_has_a_label_the_author_recognises(name, label):
    assert field_label(name) == label


def test_the_report_lists_texts_in_the_order_given():
    texts = {"title": "Mr. Okafor's sodium", "body": "Fine.", "citations-0-note": "Mrs. Jones"}
    report = screen_report(texts, screen_texts(texts))
    assert [text.label for text in report.texts] == ["Title", "Citation 1 note"]
    assert [item.number for item in report.findings] == [1, 2]
    assert report.findings[1].field_label == "Citation 1 note"


def test_matches_from_finds_what_finditer_finds_from_the_starts_given():
    pattern = re.compile(r"ab+|b")
    text = "xabbb b abb"
    # 2 and 3 lie inside the first match ("abbb"): finditer never tries them, nor may matches_from.
    found = [match.span() for match in matches_from(pattern, text, [8, 3, 1, 6, 2, 1])]
    assert found == [match.span() for match in pattern.finditer(text)] == [(1, 5), (6, 7), (8, 11)]


def _spans(text):
    return [(finding.kind, finding.text) for finding in screen(text)]


@pytest.mark.parametrize("text, expected", [
    ("Patient Rosie Hartley, aged 34, third DKA this year.", [("name", "Rosie Hartley")]),
    ("Pt Rosie-May Hartley, 19F, recurrent syncope.", [("name", "Rosie-May Hartley")]),
    ("John was seen in clinic last week.", [("name", "John")]),
    ("Summer presented with chest pain; Hope, her sister, called 999",
     [("name", "Summer"), ("name", "Hope")]),
    ("the patient lives in lower moreton", [("address", "lower moreton")]),
])
def test_the_phrasings_the_lead_found_missed_are_flagged_with_kind_and_span(text, expected):
    findings = screen(text)
    assert [(finding.kind, finding.text) for finding in findings] == expected
    for finding in findings:
        assert text[finding.start:finding.end] == finding.text


@pytest.mark.parametrize("text", [
    "GCS 9 on arrival (Glasgow coma scale E2V2M5), intubated.",
    "Ottawa ankle rules negative, so no X-ray.",
    "San Francisco syncope rule was negative.",
    "Classic May-Thurner anatomy on venography.",
    "Lyme disease serology was positive.",
    "West Nile virus IgM in the CSF.",
    "We follow the Mayo Clinic protocol for bridging.",
    "Sister Mary Joseph nodule on examination.",
    "Lady Windermere syndrome in an older woman.",
    "The Will Rogers phenomenon inflates stage-specific survival.",
    "The ISCHEMIA and RECOVERY trials changed practice.",
    "Switched from Eliquis to Xarelto; Ozempic is out of stock.",
    "Dr Smith's approach from the NEJM review makes sense.",
    "I mean the Chelsea Critical Care Physical Assessment tool.",
])
def test_clinical_phrasing_named_after_people_and_places_is_left_alone(text):
    assert _spans(text) == []
