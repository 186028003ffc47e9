"""`flask registry ...` commands: imports, lookup and recheck, committed once they finish."""
import zipfile

from sqlalchemy import func, select

from forum.audit.models import AuditEntry
from forum.auth.models import AccountState
from forum.registry.models import RegistryRecord, VerificationCheck
from tests import factories
from tests.registry_fixtures import gmc_csv, nmc_csv, nppes_text, physician_row, sample_rows, valid_npi, write_nppes


def import_sample(runner, tmp_path):
    path = write_nppes(tmp_path / "npidata_pfile_20240101-20240131.csv", sample_rows())
    return runner.invoke(args=["registry", "import", "nppes", str(path)])


def test_import_nppes_prints_a_summary_and_commits(runner, tmp_path, db):
    result = import_sample(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert "NPI import of npidata_pfile_20240101-20240131.csv: 11 rows read" in result.stdout
    assert "kept 8: 8 new, 0 updated, 0 unchanged" in result.stdout
    assert "skipped: not_physician 2, organisation 1" in result.stdout
    assert "11 rows read, 8 kept" in result.stderr  # progress goes to stderr
    db.session.rollback()  # nothing pending: the command committed
    assert db.session.scalar(select(func.count()).select_from(RegistryRecord)) == 8


def test_import_nppes_refuses_other_files(runner, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text('"A","B"\n"1","2"\n')
    result = runner.invoke(args=["registry", "import", "nppes", str(path)])
    assert result.exit_code == 1 and "not an NPPES data file" in result.output


def family_names(db):
    db.session.rollback()
    return db.session.scalars(select(RegistryRecord.family_name).order_by(RegistryRecord.identifier)).all()


def test_a_windows_export_is_refused_naming_the_line_then_imported_with_its_encoding(runner, tmp_path, db):
    path = tmp_path / "gmc.csv"
    path.write_bytes(gmc_csv([("7654321", "JONES", "JANE", "Registered with a licence to practise"),
                              ("1234567", "MÜLLER", "Zoë", "Registered with a licence to practise")]).encode("cp1252"))
    refused = runner.invoke(args=["registry", "import", "csv", "--registry", "gmc", str(path)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "Line 3 is not valid utf-8 text (byte 0xDC" in refused.output and "--encoding cp1252" in refused.output
    assert family_names(db) == []
    result = runner.invoke(args=["registry", "import", "csv", "--registry", "gmc", "--encoding", "cp1252", str(path)])
    assert result.exit_code == 0, result.output
    assert family_names(db) == ["MÜLLER", "JONES"]


def test_a_latin1_nppes_file_is_refused_then_imported_with_its_encoding(runner, tmp_path, db):
    path = tmp_path / "npidata_pfile_20240101-20240107.csv"
    path.write_bytes(nppes_text([physician_row("1234567893", "MÜLLER", "ZOË")]).encode("latin-1"))
    refused = runner.invoke(args=["registry", "import", "nppes", str(path)])
    assert refused.exit_code == 1 and "Line 2 is not valid utf-8 text" in refused.output
    assert family_names(db) == []
    result = runner.invoke(args=["registry", "import", "nppes", "--encoding", "latin-1", str(path)])
    assert result.exit_code == 0, result.output
    assert family_names(db) == ["MÜLLER"]


def test_rows_already_holding_replacement_characters_are_reported_not_stored(runner, tmp_path, db):
    gmc = tmp_path / "gmc.csv"
    gmc.write_text(gmc_csv([("1234567", "M\ufffdLLER", "Zo\ufffd", "Registered with a licence to practise"),
                            ("7654321", "JONES", "JANE", "Registered with a licence to practise")]), encoding="utf-8")
    result = runner.invoke(args=["registry", "import", "csv", "--registry", "gmc", str(gmc)])
    assert result.exit_code == 0 and "line 2" in result.output and "U+FFFD" in result.output
    nppes = write_nppes(tmp_path / "npidata_pfile_20240101-20240107.csv",
                        [physician_row("1234567893", "M\ufffdLLER", "ZOE")])
    result = runner.invoke(args=["registry", "import", "nppes", str(nppes)])
    assert result.exit_code == 0 and "U+FFFD" in result.output
    assert family_names(db) == ["JONES"]


def test_unknown_or_wide_encodings_and_binary_files_are_clean_errors(runner, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    for args, words in ((["nppes"], "Line 1 is not valid utf-8"),
                        (["nppes", "--encoding", "klingon"], "Unknown encoding 'klingon'"),
                        (["csv", "--registry", "gmc", "--encoding", "utf-16"], "save the file as UTF-8")):
        result = runner.invoke(args=["registry", "import", *args, str(path)])
        assert result.exit_code == 1 and words in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_import_csv_with_column_map_reports_bad_rows(runner, tmp_path, db):
    path = tmp_path / "gmc.csv"
    path.write_text(gmc_csv([("1234567", "Quillfeather", "Amelia", "Registered with a licence to practise"),
                             ("12", "Short", "Ref", "Suspended")],
                            header=("GMC Number", "surname", "given_names", "status")))
    result = runner.invoke(args=["registry", "import", "csv", "--registry", "gmc",
                                 "--column", "gmc_ref=GMC Number", str(path)])
    assert result.exit_code == 0, result.output
    assert "kept 1: 1 new" in result.stdout and "line 3: gmc_ref '12'" in result.stdout
    db.session.rollback()
    assert db.session.scalar(select(RegistryRecord.identifier).where(RegistryRecord.registry_code == "gmc")) == "1234567"


def test_import_csv_rejects_malformed_column_option(runner, tmp_path):
    path = tmp_path / "gmc.csv"
    path.write_text(gmc_csv([]))
    result = runner.invoke(args=["registry", "import", "csv", "--registry", "gmc", "--column", "gmc_ref", str(path)])
    assert result.exit_code == 2 and "column=Header Name" in result.output


def test_lookup_prints_the_stored_record(runner, tmp_path):
    import_sample(runner, tmp_path)
    result = runner.invoke(args=["registry", "lookup", "npi", "1987-654-328"])
    assert result.exit_code == 0
    assert "NPI 1987654328" in result.output and "family name: O'NEIL-BAPTISTE" in result.output
    assert "code=207Q00000X, license=DO-0000042, state=NY, primary=True" in result.output


def test_lookup_missing_and_invalid(runner, db):
    missing = runner.invoke(args=["registry", "lookup", "npi", "1999999992"])
    assert missing.exit_code == 1 and "No NPI record for 1999999992" in missing.output
    invalid = runner.invoke(args=["registry", "lookup", "npi", "1234567890"])
    assert invalid.exit_code == 1 and "check digit" in invalid.output


def test_lookup_with_a_superscript_digit_is_a_clean_error(runner, db):
    result = runner.invoke(args=["registry", "lookup", "npi", "1²34567893"])
    assert result.exit_code == 1 and "digits 0 to 9" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_lookup_nmc_by_council(runner, tmp_path):
    path = tmp_path / "nmc.csv"
    path.write_text(nmc_csv([("MH", "123", "2001", "Ravi", "", "Sharma", "", "MBBS", "no"),
                             ("DL", "123", "2002", "Suresh", "", "Iyer", "", "MBBS", "no")]))
    runner.invoke(args=["registry", "import", "csv", "--registry", "nmc", str(path)])
    both = runner.invoke(args=["registry", "lookup", "nmc", "123"])
    assert "NMC DL 123" in both.output and "NMC MH 123" in both.output
    one = runner.invoke(args=["registry", "lookup", "nmc", "123", "--council", "IN-MH"])
    assert "Sharma".upper() in one.output.upper() and "Iyer" not in one.output


def test_recheck_stores_new_checks_and_lists_lapsed_members(runner, tmp_path, db):
    import_sample(runner, tmp_path)
    pending = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Josefina Dela Cruz",
                                  identifier="1666666668", jurisdiction="US-TX")
    lapsed = factories.make_user(state=AccountState.VERIFIED, full_name="Old Timer", identifier="1333333338")
    factories.make_user(state=AccountState.VERIFIED, full_name="Amelia Quillfeather", identifier="1234567893")
    db.session.commit()
    result = runner.invoke(args=["registry", "recheck"])
    assert result.exit_code == 0, result.output
    assert "Re-checked 1 application(s)" in result.output
    assert f"@{pending.handle}: npi 1666666668 -> verified (strong)" in result.output
    assert "1 verified member(s) whose registry record has lapsed" in result.output
    assert f"@{lapsed.handle} (Old Timer): npi 1333333338 -> inactive" in result.output
    db.session.rollback()
    check = db.session.scalar(select(VerificationCheck).where(VerificationCheck.user_id == pending.id))
    assert (check.outcome, check.triggered_by) == ("verified", "recheck")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.recheck"))
    assert entry.target_id == str(pending.id) and entry.actor_id is None


def test_rows_holding_a_nul_character_are_bad_rows_on_every_database(runner, tmp_path, db):
    """PostgreSQL refuses NUL in text (the whole import failed with a traceback) and SQLite
    stored it invisibly: the row is reported by line and the others are imported."""
    gmc = tmp_path / "gmc.csv"
    gmc.write_text(gmc_csv([("1234567", "SMY\x00THE", "JANE", "Registered with a licence to practise"),
                            ("7654321", "JONES", "JANE", "Registered with a licence to practise")]), encoding="utf-8")
    result = runner.invoke(args=["registry", "import", "csv", "--registry", "gmc", str(gmc)])
    assert result.exit_code == 0, result.output
    assert "line 2: contains a NUL character" in result.output
    nppes = write_nppes(tmp_path / "npidata_pfile_20240101-20240107.csv",
                        [physician_row("1234567893", "QUILLFEATHER", "AME\x00LIA"),
                         physician_row(valid_npi(2), "ZED", "ZOE", **{"Provider Other Last Name": 'say "x"\x00'}),
                         physician_row(valid_npi(3), "ABLE", "ANN")])
    result = runner.invoke(args=["registry", "import", "nppes", str(nppes)])
    assert result.exit_code == 0, result.output
    assert "line 2: contains a NUL character" in result.output  # the fast path
    assert "line 3: contains a NUL character" in result.output  # a row csv reads
    assert family_names(db) == ["ABLE", "JONES"]


def test_a_damaged_zip_is_one_clean_error_naming_the_file(runner, tmp_path, db):
    good = tmp_path / "NPPES_Data_Dissemination_January_2024.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("npidata_pfile_20240101-20240131.csv",
                         nppes_text([physician_row(valid_npi(n), f"NAME{n}", "ANN") for n in range(1, 400)]))
    data = good.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    damaged = tmp_path / "damaged.zip"
    middle = len(data) // 2
    damaged.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 64]) + data[middle + 64:])
    for path in (truncated, damaged):
        result = runner.invoke(args=["registry", "import", "nppes", str(path)])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.output.startswith("Error: ") and "Traceback" not in result.output
        assert (f"{path.name} is not a readable zip archive" in result.output
                or "not readable as CSV" in result.output), result.output


def test_a_line_csv_cannot_read_stops_the_import_naming_it(runner, tmp_path, db):
    gmc = tmp_path / "gmc.csv"
    gmc.write_text("gmc_ref,surname,given_names,status\n"
                   "7654321,JONES,JANE,Registered with a licence to practise\n"
                   "1234567,SMY\rTHE,JANE,Registered with a licence to practise\n", encoding="utf-8", newline="")
    result = runner.invoke(args=["registry", "import", "csv", "--registry", "gmc", str(gmc)])
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "Error: gmc.csv, line 3: not readable as CSV (new-line character seen in unquoted field" in result.output
    nppes = tmp_path / "npidata_pfile_20240101-20240107.csv"
    text = nppes_text([physician_row(valid_npi(2), "ZED", "ZOE")])
    nppes.write_text(text + text.splitlines()[1].replace('"', "").replace("ZED", "Z\rED") + "\n", newline="")
    result = runner.invoke(args=["registry", "import", "nppes", str(nppes)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: Line 3: not readable as CSV" in result.output
