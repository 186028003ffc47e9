"""The audit log page (filters, keyset pages) for moderators, its CSV export for admins only,
and the hash chain: verify passes over moderation entries, then fails at a tampered one."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import text

from forum.audit.models import AuditEntry
from forum.audit.services import record, verify_chain
from forum.extensions import db
from forum.moderation.audit_log import CSV_COLUMNS, CSV_HEADER, PAGE_SIZE
from forum.moderation.models import ReportReason
from forum.moderation.services import posts
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reporter": factories.make_user(full_name="Rita Reporter"),
              "moderator": factories.make_user(full_name="Mo Derator", email="mo@example.org", role="moderator"),
              "admin": factories.make_user(full_name="Ada Admin", role="admin")}
    db.session.commit()
    return people


@pytest.fixture
def activity(people):
    """A report, a removal and a restore: three entries about one post."""
    thread = df.start_thread(people["author"], body="Opening post.")
    post = df.add_reply(people["author"], thread, body="A reply.")
    db.session.commit()
    mf.report(people["reporter"], post, ReportReason.HARASSMENT)
    posts.remove_post(people["moderator"], post, ReportReason.HARASSMENT, "Bullying.")
    db.session.commit()
    posts.restore_post(people["admin"], post, "On reflection, robust but fair.")
    db.session.commit()
    return post


def rows_of(page):
    return page.count('<td data-label="Action">')


def test_moderators_read_the_log_newest_first(clients, activity):
    page = clients("moderator").get("/moderation/audit").get_data(as_text=True)
    assert (page.index("<code>post.restore</code>") < page.index("<code>post.remove</code>")
            < page.index("<code>report.create</code>"))
    assert "Bullying." in page and "On reflection" in page


def test_members_cannot_read_the_log(clients):
    assert clients("reporter").get("/moderation/audit").status_code == 403
    assert clients("reporter").get("/moderation/audit.csv").status_code == 403


def test_filters(people, clients, activity):
    client = clients("moderator")
    page = client.get("/moderation/audit?action=post.remove").get_data(as_text=True)
    assert rows_of(page) == 1 and "Bullying." in page
    page = client.get(f"/moderation/audit?actor={people['moderator'].id}").get_data(as_text=True)
    assert rows_of(page) == 1
    page = client.get("/moderation/audit?actor=Ada").get_data(as_text=True)
    assert rows_of(page) == 1 and "<code>post.restore</code>" in page
    page = client.get(f"/moderation/audit?target=post:{activity.id}").get_data(as_text=True)
    assert rows_of(page) == 3
    page = client.get(f"/moderation/audit?target=user:{activity.id}").get_data(as_text=True)
    assert rows_of(page) == 0
    today = utcnow().date()
    page = client.get(f"/moderation/audit?since={today}&until={today}").get_data(as_text=True)
    assert rows_of(page) == 3
    page = client.get(f"/moderation/audit?until={today - timedelta(days=1)}").get_data(as_text=True)
    assert rows_of(page) == 0
    bad = client.get("/moderation/audit?since=not-a-date")
    assert bad.status_code == 400 and rows_of(bad.get_data(as_text=True)) == 3


@pytest.mark.parametrize("query", ["until=9999-12-31", "since=9999-12-31", "since=0001-01-01",
                                   "since=0001-01-01&until=9999-12-31"])
def test_the_widest_dates_are_valid_filters(clients, activity, query):
    for url in (f"/moderation/audit?{query}", f"/moderation/audit.csv?{query}"):
        response = clients("admin").get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        expected = 0 if query.startswith("since=9999") else 3
        assert (rows_of(body) if "csv" not in url else body.count("\n") - 1) == expected, url


def test_a_start_after_the_end_is_refused_beside_the_end_date(clients, activity):
    today = utcnow().date()
    query = f"since={today}&until={today - timedelta(days=1)}"
    page = clients("admin").get(f"/moderation/audit?{query}")
    assert page.status_code == 400 and "The end date is before the start date." in page.get_data(as_text=True)
    export = clients("admin").get(f"/moderation/audit.csv?{query}")
    assert export.status_code == 400 and export.mimetype == "text/html"
    assert "The end date is before the start date." in export.get_data(as_text=True)
    assert clients("admin").get("/moderation/audit.csv?since=not-a-date").status_code == 400


def test_the_csv_escapes_cells_a_spreadsheet_would_run(people, clients):
    """OWASP CSV injection: = + - @ tab and carriage return at the start of a cell."""
    reasons = ['=HYPERLINK("http://evil.example/x","Click")', "+1+2", "-2+3", "@SUM(A1)",
               "\tpadded", "\rreturn", "plain 'quoted' = fine"]
    for reason in reasons:
        record(people["admin"], "test.csv", "user", "-1", target_label="@label", reason=reason)
    db.session.commit()
    response = clients("admin").get("/moderation/audit.csv?action=test.csv")
    assert "escaped column" in response.headers["X-Curbside-CSV-Escaping"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert [row["reason"] for row in rows] == ["'" + r for r in reasons[:-1]] + [reasons[-1]]
    assert [row["escaped"] for row in rows] == ["target_id target_label reason"] * 6 + ["target_id target_label"]
    entries = mf.audit("test.csv")
    for row, entry in zip(rows, entries):  # the chain can be checked from the file
        unescaped = {name: row[name][1:] if name in row["escaped"].split() else row[name]
                     for name in CSV_COLUMNS}
        assert unescaped["reason"] == entry.reason and unescaped["target_id"] == entry.target_id
        assert unescaped["entry_hash"] == entry.entry_hash


def test_keyset_pages(people, clients):
    for n in range(PAGE_SIZE + 5):
        record(people["admin"], "test.entry", "thing", n, reason=f"entry {n}")
    db.session.commit()
    client = clients("moderator")
    first = client.get("/moderation/audit").get_data(as_text=True)
    assert rows_of(first) == PAGE_SIZE and "entry 54" in first and "Newer" not in first
    older = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(older).get_data(as_text=True)
    assert rows_of(second) == 5 and "entry 0<" in second and 'rel="next"' not in second
    newer = second.split('rel="prev" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "entry 54" in client.get(newer).get_data(as_text=True)


def test_admins_export_the_log_as_csv(people, clients, activity):
    assert clients("moderator").get("/moderation/audit.csv").status_code == 403
    response = clients("admin").get("/moderation/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == CSV_HEADER == CSV_COLUMNS + ("escaped",)
    entries = mf.audit()
    assert len(rows) == len(entries) + 1
    for row, entry in zip(rows[1:], entries):  # oldest first, every field, the hashes included
        values = dict(zip(CSV_HEADER, row))
        assert int(values["id"]) == entry.id and values["action"] == entry.action
        assert values["prev_hash"] == entry.prev_hash and values["entry_hash"] == entry.entry_hash
        assert values["reason"] == entry.reason and values["target_id"] == entry.target_id
        assert values["escaped"] == ""
    filtered = clients("admin").get("/moderation/audit.csv?action=post.remove").get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(filtered)))) == 2
    assert 'href="/moderation/audit.csv' in clients("admin").get("/moderation/audit").get_data(as_text=True)
    assert "audit.csv" not in clients("moderator").get("/moderation/audit").get_data(as_text=True)


def test_the_chain_verifies_then_fails_at_a_tampered_entry(people, activity, runner):
    ok, bad, count = verify_chain()
    assert ok and bad is None and count == 3
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    removal = mf.audit("post.remove")[0]
    db.session.commit()
    db.session.execute(text("UPDATE audit_entry SET reason = 'Nothing to see.' WHERE id = :id"),
                       {"id": removal.id})
    db.session.commit()
    db.session.expire_all()
    assert verify_chain()[:2] == (False, removal.id)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"broken at entry {removal.id}" in result.output
    assert db.session.get(AuditEntry, removal.id).reason == "Nothing to see."
