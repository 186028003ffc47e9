"""The member directory: colleagues found by name, handle or specialty; only current members."""
import re

import pytest

from forum.auth.models import AccountState
from forum.discussion import directory
from forum.extensions import db
from tests import factories

NEPHROLOGY, PEDIATRICS = "207RN0300X", "208000000X"


@pytest.fixture
def people(db):
    people = {
        "reader": factories.make_user(full_name="Rex Reader", handle="rex.reader"),
        "ann": factories.make_user(full_name="Ann Lee", handle="alee", specialty=NEPHROLOGY),
        "annabel": factories.make_user(full_name="Annabel Ortiz", handle="aortiz", specialty=PEDIATRICS),
        "percent": factories.make_user(full_name="Bo 100% Sure", handle="bo.sure", specialty=PEDIATRICS),
        "moderator": factories.make_user(full_name="Mo Derator", handle="mo.derator", role="moderator"),
        "suspended": factories.make_user(full_name="Ann Suspended", handle="ann.suspended",
                                         state=AccountState.SUSPENDED),
        "pending": factories.make_user(full_name="Ann Pending", handle="ann.pending",
                                       state=AccountState.PENDING_REVIEW),
    }
    db.session.commit()
    return people


def names(html):
    return re.findall(r'<td><a href="/members/[^"]+">([^<]+)</a>', html)


def find(client, **args):
    response = client.get("/members", query_string=args)
    return response.status_code, response.get_data(as_text=True)


def test_lists_current_members_by_name_with_their_credential(people, clients):
    status, html = find(clients("reader"))
    assert status == 200
    assert names(html) == ["Ann Lee", "Annabel Ortiz", "Bo 100% Sure", "Mo Derator", "Rex Reader"]
    assert "Ann Suspended" not in html and "Ann Pending" not in html
    assert "@alee" in html and "Nephrology" in html and ">Moderator</span>" in html
    assert "5 members" in html


@pytest.mark.parametrize("query, expected", [
    ("ann", ["Ann Lee", "Annabel Ortiz"]),
    ("ANN", ["Ann Lee", "Annabel Ortiz"]),
    ("lee ann", ["Ann Lee"]),
    ("@alee", ["Ann Lee"]),
    ("ortiz", ["Annabel Ortiz"]),
    ("100%", ["Bo 100% Sure"]),
    ("%", ["Bo 100% Sure"]),
    ("_", []),
    ("nobody", []),
])
def test_finds_by_every_word_of_a_name_or_handle(people, clients, query, expected):
    status, html = find(clients("reader"), q=query)
    assert status == 200 and names(html) == expected
    if not expected:
        assert "No member matches." in html


def test_filters_by_specialty(people, clients):
    status, html = find(clients("reader"), specialty=PEDIATRICS)
    assert status == 200 and names(html) == ["Annabel Ortiz", "Bo 100% Sure"]
    status, html = find(clients("reader"), q="ann", specialty=PEDIATRICS)
    assert names(html) == ["Annabel Ortiz"]


def test_bad_filters_are_refused_beside_their_field(people, clients):
    status, html = find(clients("reader"), specialty="not-a-code")
    assert status == 400 and 'id="specialty-error"' in html and "Not a valid choice" in html
    status, html = find(clients("reader"), q="x" * 81)
    assert status == 400 and 'id="q-error"' in html and "Use at most 80 characters." in html


def test_pages_of_fifty_and_out_of_range_pages_show_the_nearest(people, clients, monkeypatch):
    monkeypatch.setattr(directory, "PER_PAGE", 2)
    status, html = find(clients("reader"), page=2)
    assert status == 200 and names(html) == ["Bo 100% Sure", "Mo Derator"]
    assert "(page 2 of 3)" in html and 'rel="prev"' in html and 'rel="next"' in html
    assert names(find(clients("reader"), page=99)[1]) == ["Rex Reader"]
    assert names(find(clients("reader"), page="abc")[1]) == ["Ann Lee", "Annabel Ortiz"]
    assert names(find(clients("reader"), page=-3)[1]) == ["Ann Lee", "Annabel Ortiz"]


def test_the_directory_is_for_members_only(app, people):
    anonymous = app.test_client()
    response = anonymous.get("/members?q=ann")
    assert response.status_code == 302 and "Ann Lee" not in response.get_data(as_text=True)
