"""Services behind the admin Registry pages, without HTTP: extract freshness, lookup, upload import."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.audit.models import AuditEntry
from forum.auth.models import AccountState, Role
from forum.errors import NotAllowed, TooLarge, ValidationFailed
from forum.registry import overview, services, uploads
from forum.registry.models import RegistryImport, RegistryRecord
from forum.timeutil import utcnow
from tests import factories
from tests.registry_fixtures import gmc_csv

ACTIVE = "Registered with a licence to practise"
CONFIG = {"REGISTRY_STALE_DAYS_NPI": 14, "REGISTRY_STALE_DAYS_GMC": 31, "REGISTRY_STALE_DAYS_NMC": 92}
MB = 1024 * 1024


def add_import(db, registry, finished_days_ago, rows_kept=1, source="x.csv"):
    now = utcnow()
    db.session.add(RegistryImport(
        registry_code=registry, source_name=source, started_at=now - timedelta(days=finished_days_ago or 0),
        finished_at=None if finished_days_ago is None else now - timedelta(days=finished_days_ago),
        rows_read=rows_kept, rows_kept=rows_kept))
    db.session.flush()


def by_registry(statuses):
    return {status.registry: status for status in statuses}


def test_freshness_comes_from_the_newest_finished_import_that_kept_rows(db):
    db.session.add(RegistryRecord(registry_code="npi", council="", identifier="1234567893"))
    add_import(db, "npi", 20)
    add_import(db, "npi", 3, rows_kept=0)  # every row refused: refreshed nothing
    add_import(db, "npi", None)            # never finished
    add_import(db, "gmc", 40)              # an import, but no record stored now
    statuses = by_registry(overview.extract_statuses(CONFIG))
    assert (statuses["npi"].records, statuses["npi"].age_days, statuses["npi"].stale) == (1, 20, True)
    assert (statuses["gmc"].records, statuses["gmc"].age_days, statuses["gmc"].stale) == (0, 40, True)
    assert (statuses["nmc"].records, statuses["nmc"].refreshed_at, statuses["nmc"].stale) == (0, None, False)
    assert not by_registry(overview.extract_statuses({**CONFIG, "REGISTRY_STALE_DAYS_NPI": 21}))["npi"].stale


def test_records_without_a_logged_import_date_from_their_own_import(db):
    db.session.add(RegistryRecord(registry_code="nmc", council="MH", identifier="1",
                                  imported_at=utcnow() - timedelta(days=100)))
    db.session.flush()
    status = by_registry(overview.extract_statuses(CONFIG))["nmc"]
    assert (status.age_days, status.stale) == (100, True)


def test_recent_imports_come_newest_first_with_who_started_them(db):
    admin = factories.make_user(role=Role.ADMIN)
    add_import(db, "gmc", 2, source="old.csv")
    db.session.add(RegistryImport(registry_code="gmc", source_name="new.csv", origin="web", started_by=admin))
    db.session.flush()
    newest, oldest = overview.recent_imports()
    assert (newest.source_name, newest.started_by.id, oldest.source_name, oldest.started_by) == \
        ("new.csv", admin.id, "old.csv", None)


@pytest.mark.parametrize("registry, identifier, council, field", [
    ("xyz", "1", "", "registry"),
    ("npi", "1234567890", "", "identifier"),
    ("gmc", "12345", "", "identifier"),
    ("nmc", "", "", "identifier"),
    ("nmc", "12345", "Atlantis", "council"),
])
def test_lookup_refusals_name_their_field(db, registry, identifier, council, field):
    with pytest.raises(ValidationFailed) as caught:
        overview.lookup_record(registry, identifier, council)
    assert caught.value.field == field


def test_lookup_normalises_and_finds_the_claims_in_the_same_council(db):
    db.session.add(RegistryRecord(registry_code="nmc", council="MH", identifier="MH/2001/123", family_name="RAO"))
    here = factories.make_user(registry="nmc", identifier="MH/2001/123", jurisdiction="IN-MH")
    factories.make_user(registry="nmc", identifier="MH/2001/123", jurisdiction="IN-DL")
    found = overview.lookup_record("nmc", " mh/2001/123 ", "in-mh")
    assert (found.identifier, found.council) == ("MH/2001/123", "MH")
    assert [record["family_name"] for record in found.records] == ["RAO"]
    assert found.claims == [here]
    assert ("Family name", "RAO") in found.record_rows[0]
    assert len(overview.lookup_record("nmc", "MH/2001/123").claims) == 2  # any council


def test_column_maps_are_read_per_line_or_semicolon():
    assert uploads.parse_column_map("gmc_ref = GMC Number\r\n\nsurname=Last; status=Status") == \
        {"gmc_ref": "GMC Number", "surname": "Last", "status": "Status"}
    with pytest.raises(ValidationFailed) as caught:
        uploads.parse_column_map("gmc_ref")
    assert caught.value.field == "column_map"


def test_the_logged_name_is_the_files_own_without_folders():
    assert uploads.upload_name("C:\\Users\\ana\\gmc list.csv") == "gmc list.csv"
    assert uploads.upload_name("../../etc/passwd.csv") == "passwd.csv"
    assert uploads.upload_name("") == "upload.csv"


def test_a_file_over_the_cap_is_too_large():
    with pytest.raises(TooLarge) as caught:
        uploads.check_upload(io.BytesIO(b"x" * (MB + 1)), "a.csv", MB)
    assert (caught.value.status, caught.value.field) == (413, "file")


def import_gmc(db, actor, content: bytes, **kwargs):
    return uploads.import_upload(actor, "gmc", io.BytesIO(content), "gmc.csv", max_bytes=MB, **kwargs)


def test_only_admins_import(db):
    member = factories.make_user()
    with pytest.raises(NotAllowed):
        import_gmc(db, member, gmc_csv([("1234567", "JONES", "JANE", ACTIVE)]).encode())


def test_an_upload_import_is_audited_as_the_admin_and_commits_nothing_itself(db):
    admin = factories.make_user(role=Role.ADMIN)
    summary = import_gmc(db, admin, gmc_csv([("1234567", "JONES", "JANE", ACTIVE)]).encode(), notes="  Q1  ")
    assert (summary.rows_kept, summary.inserted) == (1, 1)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "registry.import"))
    assert (entry.actor_id, entry.reason, entry.target_label) == (admin.id, "Q1", "gmc.csv")
    db.session.rollback()  # the caller's transaction: nothing was committed
    assert db.session.scalar(select(func.count()).select_from(RegistryRecord)) == 0


def test_a_refusal_after_full_batches_leaves_nothing_once_rolled_back(db):
    admin = factories.make_user(role=Role.ADMIN)
    db.session.commit()
    content = gmc_csv([(f"{1000000 + i}", "N", "G", ACTIVE) for i in range(2500)]).encode() + b"1,\xff,x,y\n"
    with pytest.raises(uploads.ImportRefused) as caught:
        import_gmc(db, admin, content)
    assert caught.value.field == "file" and "Line 2502" in caught.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(RegistryRecord)) == 0
    assert db.session.scalar(select(func.count()).select_from(RegistryImport)) == 0
    log = uploads.record_failed_import(admin, "gmc", "gmc.csv", caught.value.message, "retry later")
    assert log.finished_at is None and log.notes.endswith("retry later")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "registry.import_failed"))
    assert (entry.actor_id, entry.target_id, entry.details["problem"]) == (admin.id, str(log.id), caught.value.message)


def test_form_choices_the_service_does_not_know_are_refused(db):
    admin = factories.make_user(role=Role.ADMIN)
    with pytest.raises(ValidationFailed) as caught:
        import_gmc(db, admin, b"x", encoding="utf-16")
    assert caught.value.field == "encoding"
    with pytest.raises(ValidationFailed) as caught:
        import_gmc(db, admin, b"x", column_map="licence=Licence")
    assert caught.value.field == "column_map" and "Unknown column(s): licence" in caught.value.message


def test_recheck_by_an_actor_is_for_admins_and_audited_as_them(db):
    factories.make_user(state=AccountState.PENDING_REVIEW)
    with pytest.raises(NotAllowed):
        services.recheck_pending("admin", actor=factories.make_user())
    admin = factories.make_user(role=Role.ADMIN)
    [(user, check)] = services.recheck_pending("admin", actor=admin)
    assert check.triggered_by == "admin"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.recheck"))
    assert (entry.actor_id, entry.target_id) == (admin.id, str(user.id))
