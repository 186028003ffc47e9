"""The registry record as admins read it: no None, no raw JSON, dates in words."""
from forum.registry.presenters import record_rows


def test_empty_fields_are_left_out_and_values_are_readable():
    rows = dict(record_rows({
        "source": "extract", "registry": "npi", "council": "", "identifier": "1234567893",
        "family_name": "QUILLFEATHER", "given_name": "AMELIA", "middle_name": None,
        "deactivated_on": None, "reactivated_on": "2019-07-15",
        "taxonomies": [{"code": "207R00000X", "license": "MD000001", "state": "MA", "primary": True}],
        "details": {"city": "BOSTON", "fax": None}, "imported_at": "2026-11-25T13:30:04.123456",
    }))
    assert "Council" not in rows and "Middle name" not in rows and "Deactivated" not in rows
    assert rows["Registry"] == "US National Provider Identifier (NPPES)"
    assert rows["Taxonomies and licences"] == "207R00000X Internal Medicine (primary) · licence MD000001 MA"
    assert rows["Details"] == "city: BOSTON"
    assert rows["Reactivated"] == "15 Jul 2019"
    assert rows["Extract imported"] == "25 Nov 2026, 13:30 UTC"
    assert "None" not in " ".join(rows.values())


def test_no_snapshot_gives_no_rows():
    assert record_rows(None) == []
