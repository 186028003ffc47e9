"""The admin Registry pages: extract freshness and imports, record lookup, extract upload
(all or nothing, audited, refusals beside the file field) and the re-check of pending applications."""
import io
import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.audit.models import AuditEntry
from forum.auth.models import AccountState
from forum.registry.base import Outcome
from forum.registry.models import RegistryImport, RegistryRecord, VerificationCheck
from forum.timeutil import utcnow
from tests import factories
from tests.conftest import login
from tests.registry_fixtures import gmc_csv, nmc_csv, nppes_text, physician_row, valid_npi

ACTIVE = "Registered with a licence to practise"


def record_count(db, registry=None):
    db.session.rollback()
    query = select(func.count()).select_from(RegistryRecord)
    if registry:
        query = query.where(RegistryRecord.registry_code == registry)
    return db.session.scalar(query)


def imports(db):
    db.session.rollback()
    return db.session.scalars(select(RegistryImport).order_by(RegistryImport.id)).all()


def audit(db, action):
    db.session.rollback()
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def upload(client, content: bytes | str, filename="register.csv", registry="gmc", **fields):
    if isinstance(content, str):
        content = content.encode("utf-8")
    data = {"registry": registry, "encoding": "utf-8", "column_map": "", "notes": "", **fields,
            "file": (io.BytesIO(content), filename)}
    return client.post("/admin/registry/import", data=data, content_type="multipart/form-data")


def field_error(page: str, field: str) -> str:
    """The text of the error list beside `field` (empty when there is none)."""
    start = page.find(f'id="{field}-error"')
    return "" if start < 0 else page[start:page.find("</ul>", start)]


# The overview


def test_the_admin_nav_links_the_registry_page(admin_client):
    page = admin_client.get("/admin/applications").get_data(as_text=True)
    assert 'href="/admin/registry"' in page


def test_overview_with_nothing_imported_says_so(admin_client):
    response = admin_client.get("/admin/registry")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("No extract</span>") == 3
    assert "No extract has been imported yet" in page
    assert "not configured (<code>FORUM_NPI_API_URL</code> unset)" in page


def test_overview_counts_records_and_lists_imports_with_who_started_them(admin_client, runner, tmp_path, db, admin):
    path = tmp_path / "gmc.csv"
    path.write_text(gmc_csv([("1234567", "JONES", "JANE", ACTIVE), ("7654321", "SMITH", "SAM", ACTIVE),
                             ("123", "BAD", "ROW", ACTIVE)]))
    assert runner.invoke(args=["registry", "import", "csv", "--registry", "gmc", str(path)]).exit_code == 0
    uploaded = upload(admin_client, gmc_csv([("2345678", "GREY", "ANN", ACTIVE)]), notes="From the March list")
    assert uploaded.status_code == 200
    page = admin_client.get("/admin/registry").get_data(as_text=True)
    row = page[page.index("UK General Medical Council"):]
    assert "<td data-label=\"Records stored\">3</td>" in row[:400]
    assert "Current (refresh within 31 days)" in row[:800]
    recent = page[page.index("Recent imports"):]
    assert recent.index("register.csv") < recent.index("gmc.csv")  # newest first
    assert f'<a href="/admin/members/{admin.id}">Ada Admin</a> (web)' in recent
    assert "command line" in recent
    assert "From the March list" in recent
    assert "2 new, 0 updated, 0 unchanged; invalid 1" in recent


def test_an_import_that_never_finished_is_shown_as_such(admin_client, db):
    db.session.add(RegistryImport(registry_code="npi", source_name="npidata_pfile_20240101-20240131.csv",
                                  started_at=utcnow(), rows_read=200_000, rows_kept=3000))
    db.session.commit()
    page = admin_client.get("/admin/registry").get_data(as_text=True)
    assert "Did not finish</span> (still running, or stopped part-way" in page
    assert "200,000" in page


def test_a_stale_extract_is_flagged_with_its_age(admin_client, db, app):
    db.session.add(RegistryRecord(registry_code="npi", council="", identifier="1234567893", family_name="Q"))
    db.session.add(RegistryImport(registry_code="npi", source_name="old.csv", rows_read=1, rows_kept=1,
                                  started_at=utcnow() - timedelta(days=41), finished_at=utcnow() - timedelta(days=40)))
    db.session.commit()
    page = admin_client.get("/admin/registry").get_data(as_text=True)
    assert "(40 days ago)" in page
    assert "Stale</span> Older than 14 days" in page
    app.config["REGISTRY_STALE_DAYS_NPI"] = 60
    page = admin_client.get("/admin/registry").get_data(as_text=True)
    assert "Stale</span>" not in page and "Current (refresh within 60 days)" in page


@pytest.mark.parametrize("app_overrides", [{"NPI_API_URL": "https://npiregistry.example/api/"}])
def test_overview_says_when_the_npi_api_is_configured(admin_client):
    page = admin_client.get("/admin/registry").get_data(as_text=True)
    assert "Online NPI Registry API: configured" in page


# Lookup


def store(db, registry, identifier, council="", **values):
    db.session.add(RegistryRecord(registry_code=registry, council=council, identifier=identifier, **values))
    db.session.commit()


def test_lookup_shows_the_record_and_the_accounts_claiming_it(admin_client, db):
    store(db, "npi", "1234567893", family_name="QUILLFEATHER", given_name="AMELIA", status="active",
          taxonomies=[{"code": "207R00000X", "license": "L1", "state": "MA", "primary": True}])
    pending = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Amelia Quillfeather")
    verified = factories.make_user(full_name="Someone Else")
    factories.make_user(full_name="Other Number", identifier="1987654328")
    db.session.commit()
    response = admin_client.get("/admin/registry/lookup?registry=npi&identifier=1234-567-893")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<dt>Family name</dt><dd>QUILLFEATHER</dd>" in page
    assert "207R00000X Internal Medicine (primary)" in page
    assert f'href="/admin/members/{pending.id}">Amelia Quillfeather</a>' in page
    assert f'href="/admin/applications/{pending.id}">application</a>' in page
    assert f'href="/admin/members/{verified.id}">Someone Else</a>' in page
    assert "Other Number" not in page


def test_lookup_of_an_absent_record_says_so(admin_client):
    page = admin_client.get("/admin/registry/lookup?registry=gmc&identifier=C7654321").get_data(as_text=True)
    assert "No GMC record for 7654321 in the imported extracts." in page
    assert "No account claims it." in page


def test_a_bad_identifier_is_refused_beside_the_field(admin_client):
    response = admin_client.get("/admin/registry/lookup?registry=npi&identifier=1234567890")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "its check digit does not match" in field_error(page, "identifier")


def test_nmc_lookup_narrows_by_council_and_refuses_an_unknown_one(admin_client, db):
    store(db, "nmc", "12345", council="MH", family_name="RAO")
    store(db, "nmc", "12345", council="DL", family_name="SINGH")
    every = admin_client.get("/admin/registry/lookup?registry=nmc&identifier=12345").get_data(as_text=True)
    assert "RAO" in every and "SINGH" in every
    one = admin_client.get("/admin/registry/lookup?registry=nmc&identifier=12345&council=IN-mh").get_data(as_text=True)
    assert "RAO" in one and "SINGH" not in one
    response = admin_client.get("/admin/registry/lookup?registry=nmc&identifier=12345&council=ZZ")
    assert response.status_code == 400
    assert "is not a council code" in field_error(response.get_data(as_text=True), "council")


def test_the_lookup_form_alone_is_a_plain_page(admin_client):
    response = admin_client.get("/admin/registry/lookup")
    assert response.status_code == 200 and 'name="identifier"' in response.get_data(as_text=True)


# Upload


def test_a_gmc_upload_is_imported_audited_and_summarised(admin_client, db, admin):
    response = upload(admin_client, gmc_csv([("C1234567", "JONES", "JANE", ACTIVE), ("12", "BAD", "ROW", ACTIVE)]),
                      notes="March list")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "GMC import of register.csv: 2 rows read" in page and "line 3: gmc_ref &#39;12&#39;" in page
    assert record_count(db, "gmc") == 1
    [log] = imports(db)
    assert (log.origin, log.started_by_id, log.notes, log.rows_kept) == ("web", admin.id, "March list", 1)
    [entry] = audit(db, "registry.import")
    assert (entry.actor_id, entry.target_id, entry.reason) == (admin.id, str(log.id), "March list")


def test_an_nmc_upload_with_a_column_map(admin_client, db):
    text = nmc_csv([("MH", "12345", "2001", "ASHA", "", "RAO", "", "MBBS", "no")],
                   header=("council", "Reg No", "year", "first_name", "middle_name", "last_name",
                           "father_name", "qualification", "removed"))
    refused = upload(admin_client, text, registry="nmc")
    assert refused.status_code == 400 and "Missing column(s) registration_no" in field_error(
        refused.get_data(as_text=True), "file")
    response = upload(admin_client, text, registry="nmc", column_map="registration_no=Reg No")
    assert response.status_code == 200, field_error(response.get_data(as_text=True), "file")
    assert record_count(db, "nmc") == 1


def test_a_column_map_line_without_an_equals_sign_is_refused_beside_it(admin_client, db):
    response = upload(admin_client, gmc_csv([("1234567", "JONES", "JANE", ACTIVE)]), column_map="gmc_ref GMC Number")
    assert response.status_code == 400
    assert "is not of the form column=Header Name" in field_error(response.get_data(as_text=True), "column_map")
    assert record_count(db) == 0


def test_a_weekly_nppes_file_is_imported(admin_client, db):
    text = nppes_text([physician_row("1234567893", "QUILLFEATHER", "AMELIA"),
                       physician_row(valid_npi(1), "NURSE", "PAT", taxonomy="363L00000X")])
    response = upload(admin_client, text, filename="npidata_pfile_20240101-20240107.csv", registry="npi")
    assert response.status_code == 200
    assert "skipped: not_physician 1" in response.get_data(as_text=True)
    assert record_count(db, "npi") == 1


@pytest.mark.parametrize("filename, content, message", [
    ("register.xlsx", b"gmc_ref,surname\n", "Upload a .csv file"),
    ("NPPES_Data_Dissemination_Weekly.zip", b"PK\x03\x04rest", "Upload the .csv inside the zip"),
    ("register.csv", b"", "The file is empty"),
    ("register.csv", b"\n\n", "The file is empty"),
    ("register.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "not a text CSV file"),
    ("register.csv", b"name,number\nJONES,1\n", "Missing column(s) gmc_ref, surname, given_names, status"),
])
def test_files_that_are_not_extracts_are_refused_beside_the_file_field(admin_client, db, filename, content, message):
    response = upload(admin_client, content, filename=filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in field_error(page, "file")
    assert "Traceback" not in page
    assert record_count(db) == 0


def test_a_file_that_is_not_an_nppes_file_is_refused_as_one(admin_client, db):
    response = upload(admin_client, gmc_csv([("1234567", "JONES", "JANE", ACTIVE)]), registry="npi")
    assert response.status_code == 400
    assert "This is not an NPPES data file: missing column(s) NPI" in field_error(response.get_data(as_text=True), "file")
    assert record_count(db) == 0


def test_no_file_is_refused_beside_the_file_field(admin_client):
    response = admin_client.post("/admin/registry/import", data={"registry": "gmc", "encoding": "utf-8"},
                                 content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose the .csv file to import." in field_error(response.get_data(as_text=True), "file")


def test_a_refused_file_leaves_no_records_even_after_full_batches_and_is_logged_as_refused(admin_client, db, admin):
    """The CLI commits every 2,000 rows; the page imports all or nothing."""
    good = gmc_csv([(f"{1000000 + i}", f"NAME{i}", "GIVEN", ACTIVE) for i in range(4500)]).encode()
    response = upload(admin_client, good + "9999999,MÜLLER,ZOË,x\n".encode("cp1252"), notes="big list")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Line 4502 is not valid utf-8 text (byte 0xDC" in field_error(page, "file")
    assert "Windows / Excel (cp1252) under Encoding" in field_error(page, "file")
    assert record_count(db) == 0
    [log] = imports(db)
    assert log.finished_at is None and log.started_by_id == admin.id
    assert log.notes.startswith("Refused, nothing imported: Line 4502") and log.notes.endswith("big list")
    [entry] = audit(db, "registry.import_failed")
    assert entry.actor_id == admin.id and entry.details["registry"] == "gmc"
    assert audit(db, "registry.import") == []
    overview = admin_client.get("/admin/registry").get_data(as_text=True)
    assert "Did not finish</span>" in overview and "Refused, nothing imported" in overview


def test_the_same_file_imports_once_its_encoding_is_named(admin_client, db):
    content = gmc_csv([("1234567", "MÜLLER", "ZOË", ACTIVE)]).encode("cp1252")
    assert upload(admin_client, content).status_code == 400
    assert upload(admin_client, content, encoding="cp1252").status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(RegistryRecord.family_name)) == "MÜLLER"


@pytest.mark.parametrize("app_overrides", [{"REGISTRY_UPLOAD_MAX_MB": 1}])
def test_a_file_over_the_cap_is_refused_beside_the_file_field(admin_client, db):
    rows = gmc_csv([(f"{1000000 + i}", "NAME", "GIVEN", ACTIVE) for i in range(60_000)]).encode()
    assert len(rows) > 2 * 1024 * 1024
    response = upload(admin_client, rows)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "larger than 1 MB, the most this page takes" in field_error(page, "file")
    assert "from the command line" in page
    # Just over the cap, within the form's allowance: refused by the import's own check.
    just_over = rows[:1024 * 1024 + 100]
    response = upload(admin_client, just_over)
    assert response.status_code == 413
    assert "the page takes files up to 1 MB" in field_error(response.get_data(as_text=True), "file")
    assert record_count(db) == 0


def test_an_upload_above_the_app_limit_is_taken_on_the_upload_page_only(admin_client, app, db, admin):
    """Bodies over MAX_CONTENT_LENGTH (1 MB) stay refused everywhere but an admin's upload."""
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    rows = gmc_csv([(f"{1000000 + i}", "NAME", "GIVEN", ACTIVE) for i in range(40_000)]).encode()
    assert len(rows) > 1024 * 1024
    assert upload(admin_client, rows).status_code == 200
    assert record_count(db, "gmc") == 40_000
    elsewhere = admin_client.post(f"/admin/members/{admin.id}/role", data={"role-reason": "x" * (1024 * 1024 + 10)})
    assert elsewhere.status_code == 413 and "The request is too large" in elsewhere.get_data(as_text=True)


def test_file_contents_never_reach_the_log(admin_client, caplog):
    caplog.set_level(logging.DEBUG)
    upload(admin_client, gmc_csv([("1234567", "ZZSECRETNAME", "JANE", ACTIVE), ("12", "ZZOTHERNAME", "X", ACTIVE)]))
    upload(admin_client, b"gmc_ref,ZZHEADERNAME\n1,2\n")
    assert "ZZ" not in caplog.text


# Re-check


def checks_of(db, user):
    db.session.rollback()
    return db.session.scalars(select(VerificationCheck).where(VerificationCheck.user_id == user.id)).all()


def test_recheck_runs_once_and_its_result_survives_a_reload(admin_client, db, admin):
    """Post/Redirect/Get: the POST runs the checks and sends the admin to the Registry page,
    which shows the outcome; reloading that page shows it again and runs nothing."""
    store(db, "npi", "1234567893", family_name="QUILLFEATHER", given_name="AMELIA", status="active",
          taxonomies=[{"code": "207R00000X", "license": "L1", "state": "MA", "primary": True}])
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Amelia Quillfeather")
    factories.make_user(full_name="Gone Member", identifier="1987654328")
    db.session.commit()
    response = admin_client.post("/admin/registry/recheck")
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/registry#recheck-result"
    [check] = checks_of(db, applicant)
    assert check.triggered_by == "admin"
    [entry] = audit(db, "account.recheck")
    assert (entry.actor_id, entry.target_id) == (admin.id, str(applicant.id))
    for _reload in range(2):
        page = admin_client.get("/admin/registry").get_data(as_text=True)
        result = page[page.index('id="recheck-result"'):page.index('id="extracts"')]
        assert "Your last re-check" in result
        assert "Re-checked 1 application(s) awaiting review:" in result
        assert f"<li>{Outcome.LABELS[check.outcome]}: 1</li>" in result
        assert 'new result is on <a href="/admin/applications">Applications</a>' in result
        assert "1 verified member(s) whose registry record has lapsed: review them on " \
               '<a href="/admin/reverification">Re-verification</a>' in result
    assert len(checks_of(db, applicant)) == 1 and len(audit(db, "account.recheck")) == 1
    applications = admin_client.get("/admin/applications").get_data(as_text=True)
    assert f'href="/admin/applications/{applicant.id}">Amelia Quillfeather</a>' in applications
    assert f'<span class="tag outcome-{check.outcome}">' in applications


def test_recheck_with_nobody_waiting_says_so(admin_client, db):
    page = admin_client.post("/admin/registry/recheck", follow_redirects=True).get_data(as_text=True)
    assert "No application was awaiting review: nothing to re-check." in page
    assert "0 verified member(s) whose registry record has lapsed." in page
    assert not audit(db, "account.recheck")


def test_the_registry_page_shows_no_result_before_a_recheck(admin_client):
    assert "Your last re-check" not in admin_client.get("/admin/registry").get_data(as_text=True)


def test_recheck_without_a_csrf_token_runs_nothing(app, admin_client, db):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    response = admin_client.post("/admin/registry/recheck")
    assert response.status_code == 400 and "form expired" in response.get_data(as_text=True)
    assert not checks_of(db, applicant) and not audit(db, "account.recheck")
    assert "Your last re-check" not in admin_client.get("/admin/registry").get_data(as_text=True)


def test_recheck_is_for_admins_only(app, db):
    moderator = factories.make_user(role="moderator")
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    client = app.test_client()
    assert login(client, moderator).status_code == 302
    assert client.post("/admin/registry/recheck").status_code == 403
    assert not checks_of(db, applicant) and not audit(db, "account.recheck")


def test_recheck_needs_a_post(admin_client):
    assert admin_client.get("/admin/registry/recheck").status_code == 405


def imports_table(page: str) -> str:
    start = page.index('id="imports"')
    return page[start:page.index("</section>", start)]


def test_reverification_shows_the_registry_pages_imports_table(admin_client, db, admin):
    """One table of recent imports (one template, one query) on both pages: who started each,
    its summary and notes, the same on Re-verification as on Registry."""
    assert upload(admin_client, gmc_csv([("2345678", "GREY", "ANN", ACTIVE)]), notes="From the March list").status_code == 200
    registry = imports_table(admin_client.get("/admin/registry").get_data(as_text=True))
    page = admin_client.get("/admin/reverification").get_data(as_text=True)
    reverification = imports_table(page)
    assert registry[registry.index("<table"):] == reverification[reverification.index("<table"):]
    assert f'<a href="/admin/members/{admin.id}">Ada Admin</a> (web)' in reverification
    assert "From the March list" in reverification and "1 new, 0 updated, 0 unchanged" in reverification
    assert 'freshness is on the <a href="/admin/registry">Registry</a> page' in page


def test_reverification_with_nothing_imported_says_how_to_import(admin_client):
    page = imports_table(admin_client.get("/admin/reverification").get_data(as_text=True))
    assert "No extract has been imported yet." in page and 'href="/admin/registry/import">Import one</a>' in page
