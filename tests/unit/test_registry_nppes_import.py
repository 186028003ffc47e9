"""The streaming NPPES importer on the real 330-column layout: what it keeps, re-imports, masks."""
import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from forum.audit.models import AuditEntry
from forum.registry.models import RegistryImport, RegistryRecord
from forum.registry.nppes_import import import_nppes
from forum.registry.record_writer import ImportFailed
from tests.registry_fixtures import (
    NPPES_COLUMNS, SAMPLE, nppes_columns, nppes_text, physician_row, quoted_line, sample_rows, write_nppes,
)

KEPT = {"1234567893", "1987654328", "1000000004", "1666666668", "1333333338", "1444444446", "1555555550", "1777777776"}


def stored(db, npi):
    return db.session.scalar(select(RegistryRecord).where(RegistryRecord.registry_code == "npi",
                                                          RegistryRecord.identifier == npi))


def count(db):
    return db.session.scalar(select(func.count()).select_from(RegistryRecord))


def test_fixture_header_is_the_real_layout():
    assert len(NPPES_COLUMNS) == 330 and len(set(NPPES_COLUMNS)) == 330
    assert NPPES_COLUMNS[:5] == ["NPI", "Entity Type Code", "Replacement NPI", "Employer Identification Number (EIN)",
                                 "Provider Organization Name (Legal Business Name)"]
    assert NPPES_COLUMNS.index("NPI Deactivation Date") == 39
    assert NPPES_COLUMNS.index("Healthcare Provider Taxonomy Code_1") == 47
    assert NPPES_COLUMNS[-1] == "Certification Date"
    # every column of the shipped sample exists in the full layout
    assert set(sample_rows()[0]) <= set(NPPES_COLUMNS)


@pytest.fixture
def full_sample(tmp_path):
    return write_nppes(tmp_path / "npidata_pfile_20240101-20240131.csv", sample_rows())


def test_sample_keeps_physicians_residents_and_deactivated_rows(db, full_sample):
    summary = import_nppes(full_sample)
    assert (summary.rows_read, summary.rows_kept, summary.inserted) == (11, 8, 8)
    assert dict(summary.skipped) == {"not_physician": 2, "organisation": 1}
    assert set(db.session.scalars(select(RegistryRecord.identifier))) == KEPT
    log = db.session.scalar(select(RegistryImport))
    assert (log.registry_code, log.rows_read, log.rows_kept) == ("npi", 11, 8)
    assert log.finished_at is not None and log.summary["inserted"] == 8
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_type == "registry_import")) \
        == "registry.import"


def test_stored_fields(db, full_sample):
    import_nppes(full_sample)
    oneil = stored(db, "1987654328")
    assert (oneil.family_name, oneil.given_name, oneil.credential) == ("O'NEIL-BAPTISTE", "RAFAEL", "DO")
    assert oneil.details["name_suffix"] == "JR." and oneil.details["entity_type"] == "1"
    assert oneil.taxonomies == [
        {"code": "207Q00000X", "license": "DO-0000042", "state": "NY", "primary": True},
        {"code": "207QA0505X", "license": "DO-0000042", "state": "NY", "primary": False}]
    vanterpool = stored(db, "1000000004")
    assert (vanterpool.other_family_name, vanterpool.other_given_name) == ("CHEN", "MEI")
    assert vanterpool.details["other_last_name_type"] == "1"
    assert vanterpool.details["enumeration_date"] == "2012-07-19"
    dela_cruz = stored(db, "1666666668")
    assert (dela_cruz.deactivated_on, dela_cruz.reactivated_on) == (date(2019, 6, 1), date(2019, 7, 15))
    assert dela_cruz.status == "active"
    bare = stored(db, "1333333338")
    assert (bare.deactivated_on, bare.status, bare.family_name, bare.taxonomies) == (
        date(2021, 3, 31), "deactivated", "", [])


def test_sample_as_shipped_imports_the_same_rows(db):
    summary = import_nppes(SAMPLE)
    assert (summary.rows_read, summary.rows_kept) == (11, 8)
    assert set(db.session.scalars(select(RegistryRecord.identifier))) == KEPT


def test_reimport_is_idempotent(db, full_sample):
    import_nppes(full_sample)
    db.session.commit()
    again = import_nppes(full_sample)
    assert (again.rows_read, again.rows_kept, again.inserted, again.updated, again.unchanged) == (11, 8, 0, 0, 8)
    assert count(db) == 8
    assert db.session.scalar(select(func.count()).select_from(RegistryImport)) == 2


def test_changed_rows_are_updated(db, tmp_path, full_sample):
    import_nppes(full_sample)
    rows = sample_rows()
    rows[0].update({"Provider Last Name (Legal Name)": "QUILLFEATHER-STONE", "NPI Deactivation Date": "02/01/2025"})
    summary = import_nppes(write_nppes(tmp_path / "next.csv", rows))
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 7)
    db.session.expire_all()
    record = stored(db, "1234567893")
    assert (record.family_name, record.deactivated_on, record.status) == (
        "QUILLFEATHER-STONE", date(2025, 2, 1), "deactivated")
    assert count(db) == 8


@pytest.mark.parametrize("mask", ["$$$$$$$$$", "********", "_________"])
def test_masks_mean_no_value(db, tmp_path, mask):
    row = physician_row("1234567893", "QUILLFEATHER", "AMELIA", **{"Provider License Number_1": mask})
    import_nppes(write_nppes(tmp_path / "masked.csv", [row]))
    assert stored(db, "1234567893").taxonomies[0]["license"] == ""


def test_older_gender_header_is_accepted(db, tmp_path):
    path = write_nppes(tmp_path / "old.csv", sample_rows(), columns=nppes_columns("Provider Gender Code"))
    assert import_nppes(path).rows_kept == 8


def test_quotes_commas_and_line_breaks_inside_values(db, tmp_path):
    rows = [
        physician_row("1234567893", 'QUILL"FEATHER', "AMELIA", **{"Provider Credential Text": "MD, PHD"}),
        physician_row("1987654328", 'A","B', "RAFAEL"),  # a value that looks like a separator
        physician_row("1000000004", "VANTERPOOL", "MEI",
                      **{"Provider First Line Business Practice Location Address": "1 MAIN ST\nSUITE 20"}),
    ]
    summary = import_nppes(write_nppes(tmp_path / "odd.csv", rows))
    assert (summary.rows_read, summary.rows_kept, summary.bad_rows) == (3, 3, [])
    assert stored(db, "1234567893").family_name == 'QUILL"FEATHER'
    assert stored(db, "1234567893").credential == "MD, PHD"
    assert stored(db, "1987654328").family_name == 'A","B'
    assert stored(db, "1000000004").given_name == "MEI"


def test_prefilter_and_full_parse_agree(db, tmp_path):
    nurse_in_dc = physician_row("1111111112", "HOLLOWAY", "BRIDGET", taxonomy="363LF0000X", state="DC",
                                **{"Provider Business Practice Location Address Postal Code": "200010005",
                                   "Provider License Number_1": "207R00000X"})  # looks like a code, not in a code column
    reactivated_nurse = physician_row("1222222220", "REYES", "DAN", taxonomy="363A00000X", state="IL",
                                      **{"NPI Deactivation Date": "01/01/2020", "NPI Reactivation Date": "02/01/2020"})
    blank_without_date = {"NPI": "1333333338"}
    odd_entity = physician_row("1000000004", "VANTERPOOL", "MEI", **{"Entity Type Code": "3"})
    rows = [nurse_in_dc, reactivated_nurse, blank_without_date, odd_entity]
    fast = import_nppes(write_nppes(tmp_path / "fast.csv", rows))
    # the same rows with a quote inside a value take the csv path for every row
    for row in rows:
        row["Provider Organization Name (Legal Business Name)"] = 'SAY "HI"'
    slow = import_nppes(write_nppes(tmp_path / "slow.csv", rows))
    for summary in (fast, slow):
        assert dict(summary.skipped) == {"not_physician": 2, "no_entity_type": 1, "invalid": 1}
        assert "neither 1 nor 2" in summary.bad_rows[0][1]
    assert count(db) == 0


def test_bad_rows_are_reported_by_line_and_the_import_goes_on(db, tmp_path):
    good = physician_row("1234567893", "QUILLFEATHER", "AMELIA")
    text = nppes_text([good, physician_row("12345", "SHORT", "NPI"),
                       physician_row("1987654328", "BAD", "DATE", **{"NPI Deactivation Date": "2021-03-31"})])
    text += quoted_line(["1000000004", "1"])  # too few columns
    path = tmp_path / "bad.csv"
    path.write_text(text)
    summary = import_nppes(path)
    assert summary.rows_kept == 1 and summary.skipped["invalid"] == 3
    assert [line for line, _ in summary.bad_rows] == [3, 4, 5]
    assert "not 10 digits" in summary.bad_rows[0][1]
    assert "MM/DD/YYYY" in summary.bad_rows[1][1]
    assert "expected 330 columns, found 2" in summary.bad_rows[2][1]


def test_an_npi_with_digits_that_are_not_ascii_is_a_bad_row(db, tmp_path):
    rows = [physician_row("1²34567893", "SUPERSCRIPT", "AMELIA"), physician_row("1987654328", "ONEIL", "RAFAEL")]
    summary = import_nppes(write_nppes(tmp_path / "odd.csv", rows))
    assert summary.rows_kept == 1 and [line for line, _ in summary.bad_rows] == [2]
    assert "not 10 digits" in summary.bad_rows[0][1]


def test_a_repeated_npi_is_stored_once(db, tmp_path):
    rows = [physician_row("1234567893", "OLD", "AMELIA"), physician_row("1234567893", "NEW", "AMELIA")]
    import_nppes(write_nppes(tmp_path / "twice.csv", rows))
    assert count(db) == 1 and stored(db, "1234567893").family_name == "NEW"


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ('"NPI","Provider First Name"\n"1234567893","A"\n', "missing column"),
])
def test_files_that_are_not_nppes_are_refused(db, tmp_path, text, message):
    path = tmp_path / "x.csv"
    path.write_text(text)
    with pytest.raises(ImportFailed, match=message):
        import_nppes(path)
    assert db.session.scalar(select(func.count()).select_from(RegistryImport)) == 0


def test_batches_call_the_checkpoint_and_progress_reports(db, full_sample):
    checkpoints, reports = [], []
    import_nppes(full_sample, batch_size=2, checkpoint=lambda: checkpoints.append(count(db)),
                 progress=lambda summary: reports.append(summary.rows_read))
    assert len(checkpoints) == 4 and checkpoints[-1] == 8  # 2 + 2 + 2 + 2
    assert reports[-1] == 11


def test_zip_as_downloaded_and_binary_streams(db, tmp_path):
    archive = tmp_path / "NPPES_Data_Dissemination_January_2024.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("npidata_pfile_20050523-20240107_fileheader.csv", quoted_line(NPPES_COLUMNS))
        zf.writestr("npidata_pfile_20050523-20240107.csv", nppes_text(sample_rows()))
        zf.writestr("othername_pfile_20050523-20240107.csv", '"NPI","Provider Other Organization Name"\n')
    summary = import_nppes(archive)
    assert summary.rows_kept == 8 and summary.source == "npidata_pfile_20050523-20240107.csv"
    stream = io.BytesIO(nppes_text(sample_rows()).encode())
    assert import_nppes(stream).unchanged == 8
    assert not stream.closed


def test_crlf_files_text_streams_and_blank_lines(db, tmp_path):
    text = nppes_text(sample_rows())
    path = tmp_path / "crlf.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode() + b"\r\n")
    summary = import_nppes(path)
    assert (summary.rows_read, summary.rows_kept, summary.bad_rows) == (11, 8, [])
    assert stored(db, "1234567893").given_name == "AMELIA"  # no stray carriage return
    again = import_nppes(io.StringIO(text.rstrip("\n")))  # last line without a newline
    assert (again.rows_read, again.unchanged) == (11, 8)


@pytest.mark.parametrize("order", ["reversed", "entity_first"])
def test_columns_are_found_by_name_in_any_order(db, tmp_path, order):
    columns = list(reversed(NPPES_COLUMNS)) if order == "reversed" else (
        ["Entity Type Code"] + [c for c in NPPES_COLUMNS if c != "Entity Type Code"])
    summary = import_nppes(write_nppes(tmp_path / "shuffled.csv", sample_rows(), columns=columns))
    assert (summary.rows_kept, dict(summary.skipped)) == (8, {"not_physician": 2, "organisation": 1})
    assert stored(db, "1987654328").taxonomies[1]["code"] == "207QA0505X"
