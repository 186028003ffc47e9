"""GMC and NMC CSV imports: validation by line, column maps, upserts."""
import io

import pytest
from sqlalchemy import func, select

from forum.registry.csv_import import import_registry_csv
from forum.registry.models import RegistryImport, RegistryRecord
from forum.registry.record_writer import ImportFailed
from forum.registry.statuses import GMC_ACTIVE, GMC_SUSPENDED
from tests.registry_fixtures import gmc_csv, nmc_csv


def records(db, registry):
    return {(r.council, r.identifier): r for r in db.session.scalars(
        select(RegistryRecord).where(RegistryRecord.registry_code == registry))}


def write(tmp_path, text, name="register.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_gmc_rows_are_validated_and_bad_ones_reported_by_line(db, tmp_path):
    path = write(tmp_path, gmc_csv([
        ("C1234567", "Quillfeather", "Amelia Jane", "registered with a license to practice"),
        ("123", "Short", "Number", GMC_ACTIVE),
        ("2345678", "", "No Surname", GMC_ACTIVE),
        ("3456789", "Brown", "Alan", "Retired"),
        ("1234567", "Quillfeather", "Amelia", GMC_SUSPENDED),
        ("4567890", "Grey", "Ann", GMC_SUSPENDED),
    ]))
    summary = import_registry_csv("gmc", path)
    assert (summary.rows_read, summary.rows_kept, summary.inserted) == (6, 2, 2)
    assert [line for line, _ in summary.bad_rows] == [3, 4, 5, 6]
    problems = " | ".join(problem for _, problem in summary.bad_rows)
    assert "7 digits" in problems and "surname is empty" in problems and "'Retired'" in problems
    assert "repeats line 2" in problems
    stored = records(db, "gmc")
    assert stored[("", "1234567")].status == GMC_ACTIVE  # canonical wording, first row kept
    assert stored[("", "1234567")].given_name == "Amelia Jane"
    log = db.session.scalar(select(RegistryImport))
    assert (log.registry_code, log.rows_read, log.rows_kept, log.summary["skipped"]) == ("gmc", 6, 2, {"invalid": 4})


def test_gmc_column_map_and_header_spelling(db, tmp_path):
    text = gmc_csv([("7654321", "Okafor", "Chidi", GMC_ACTIVE)],
                   header=("GMC Number", "Surname", "Given Names", "Status"))
    summary = import_registry_csv("gmc", write(tmp_path, "\ufeff" + text), column_map={"gmc_ref": "GMC Number"})
    assert summary.rows_kept == 1 and ("", "7654321") in records(db, "gmc")


@pytest.mark.parametrize("column_map, message", [
    (None, "Missing column(s) gmc_ref"),
    ({"gmc_number": "GMC Number"}, "Unknown column(s) in the column map: gmc_number"),
])
def test_gmc_missing_columns_fail_the_whole_file(db, tmp_path, column_map, message):
    text = gmc_csv([("7654321", "Okafor", "Chidi", GMC_ACTIVE)], header=("GMC Number", "surname", "given_names", "status"))
    with pytest.raises(ImportFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_registry_csv("gmc", write(tmp_path, text), column_map=column_map)


def test_gmc_reimport_updates_changed_rows_only(db, tmp_path):
    import_registry_csv("gmc", write(tmp_path, gmc_csv([("1234567", "Quillfeather", "Amelia", GMC_ACTIVE),
                                                        ("2345678", "Okafor", "Chidi", GMC_ACTIVE)])))
    summary = import_registry_csv("gmc", write(tmp_path, gmc_csv([
        ("1234567", "Quillfeather", "Amelia", GMC_SUSPENDED), ("2345678", "Okafor", "Chidi", GMC_ACTIVE)]), "2.csv"))
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 1)
    db.session.expire_all()
    assert records(db, "gmc")[("", "1234567")].status == GMC_SUSPENDED
    assert db.session.scalar(select(func.count()).select_from(RegistryRecord)) == 2


def test_nmc_rows_by_council_code_or_name(db, tmp_path):
    path = write(tmp_path, nmc_csv([
        ("MH", "2001/12345", "2001", "Ravi", "", "Sharma", "Mohan Sharma", "MBBS", "no"),
        ("Maharashtra Medical Council", "12345", "2003", "Asha", "", "Patil", "", "MBBS", ""),
        ("IN-DL", "2001/12345", "1999", "Suresh", "K", "Iyer", "", "m.b.b.s.", "Yes"),
        ("Atlantis", "1", "2000", "A", "", "B", "", "MBBS", "no"),
        ("MH", "bad#no", "2000", "A", "", "B", "", "MBBS", "no"),
        ("MH", "77", "20xx", "A", "", "B", "", "MBBS", "no"),
        ("MH", "78", "2000", "", "", "", "", "MBBS", "no"),
        ("MH", "79", "2000", "A", "", "B", "", "MBBS", "perhaps"),
    ]))
    summary = import_registry_csv("nmc", path)
    assert summary.rows_kept == 3
    assert [line for line, _ in summary.bad_rows] == [5, 6, 7, 8, 9]
    problems = " | ".join(problem for _, problem in summary.bad_rows)
    for phrase in ("'Atlantis'", "registration_no 'bad#no'", "year '20xx'", "both empty", "'perhaps'"):
        assert phrase in problems
    stored = records(db, "nmc")
    assert set(stored) == {("MH", "2001/12345"), ("MH", "12345"), ("DL", "2001/12345")}
    ravi = stored[("MH", "2001/12345")]
    assert ravi.details == {"qualification": "MBBS", "removed": False, "year": 2001, "father_name": "Mohan Sharma"}
    assert stored[("DL", "2001/12345")].status == "removed" and stored[("DL", "2001/12345")].details["removed"] is True


def test_nmc_optional_columns_may_be_absent(db):
    text = nmc_csv([("KA", "KMC-1", "Lakshmi", "Rao", "MBBS")],
                   header=("council", "registration_no", "first_name", "last_name", "qualification"))
    summary = import_registry_csv("nmc", io.StringIO(text))
    assert summary.rows_kept == 1 and records(db, "nmc")[("KA", "KMC-1")].status == "registered"


def test_unknown_registry_and_empty_file(db, tmp_path):
    with pytest.raises(ImportFailed, match="gmc and nmc"):
        import_registry_csv("npi", write(tmp_path, "x\n"))
    with pytest.raises(ImportFailed, match="empty"):
        import_registry_csv("gmc", write(tmp_path, ""))


def test_identifiers_and_years_with_digits_that_are_not_ascii_are_bad_rows(db):
    text = nmc_csv([("MH", "２００１/１", "2001", "Asha", "", "Rao", "", "MBBS", "no"),
                    ("MH", "2001/2", "2⁰01", "Ravi", "", "Rao", "", "MBBS", "no"),
                    ("MH", "2001/3", "२००१", "Uma", "", "Rao", "", "MBBS", "no")])
    summary = import_registry_csv("nmc", io.StringIO(text))
    assert summary.rows_kept == 1 and [line for line, _ in summary.bad_rows] == [3, 4]
    assert set(records(db, "nmc")) == {("MH", "2001/1")}  # full-width digits stored in ASCII
    gmc = gmc_csv([("123456²", "Brown", "Alan", GMC_ACTIVE)])
    assert import_registry_csv("gmc", io.StringIO(gmc)).bad_rows[0][0] == 2
