"""Hostile input on every route: forged and oversized ids, NUL characters, markup, very long
and odd values in every path argument, query parameter and form field. Whatever arrives, the
answer is a page with a status below 500 (the test app propagates exceptions, so a crash fails
here too), on SQLite and on PostgreSQL."""
import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from forum.database import MAX_ID, as_id
from forum.discussion.models import Post
from forum.extensions import db
from forum.web import NUL_MESSAGE
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login

HOSTILE = ["'; DROP TABLE user;--", "<script>alert(1)</script>", "a\x00b", "A" * 3000, "-1",
           "99999999999999999999999", "9223372036854775808", "１２３", "%ff%fe", "\u202e☃"]
PARAMETERS = ["page", "before", "after", "q", "category", "category_id", "author", "clinical",
              "next", "status", "kind", "quote", "post", "actor", "target", "since", "until",
              "action", "reason", "token", "code", "email", "days"]
FORM_FIELDS = ["body", "title", "note", "explanation", "privacy_explanation", "password",
               "submission_key", "choice", "full_name", "institution", "role"]
SKIPPED = {"static", "auth.logout", "auth.end_session", "auth.end_other_sessions"}
OVERSIZED_IDS = (MAX_ID + 1, 2**63, 10**30)


@pytest.fixture
def people(db):
    people = {"member": factories.make_user(full_name="Mem Ber"),
              "admin": factories.make_user(full_name="Ada Admin", role="admin")}
    db.session.commit()
    return people


def _is_id(converter) -> bool:
    return isinstance(converter, IntegerConverter)


def _urls(rule, sample_id):
    """The rule with sample values, then with each argument made hostile or oversized."""
    base = {name: sample_id if _is_id(rule._converters[name]) else "sample" for name in rule.arguments}
    variants = [base]
    for name in rule.arguments:
        values = OVERSIZED_IDS if _is_id(rule._converters[name]) else HOSTILE
        variants.extend(dict(base, **{name: value}) for value in values)
    for values in variants:
        yield rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("who", ["member", "admin"])
def test_no_route_fails_on_hostile_input(app, people, who):
    thread = df.start_thread(people["member"], title="Sodium on sertraline", body="Opening post.")
    db.session.commit()
    client = app.test_client()
    assert login(client, people[who]).status_code == 302
    failures, answered = [], 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        for url in _urls(rule, thread.id):
            for method in sorted(rule.methods & {"GET", "POST"}):
                for value in HOSTILE:
                    fields = {name: value for name in PARAMETERS}
                    if method == "GET":
                        response = client.get(url, query_string=fields)
                    else:
                        response = client.post(url, data=dict(fields, **{f: value for f in FORM_FIELDS}))
                    answered += 1
                    if response.status_code >= 500:
                        failures.append((method, url[:80], repr(value)[:30], response.status_code))
                    if response.status_code == 302 and "/login" in response.headers["Location"]:
                        assert login(client, people[who]).status_code == 302  # a form logged us out
    assert answered > 2000
    assert failures == []


def test_a_nul_character_anywhere_is_refused_with_a_message(app, people):
    client = app.test_client()
    assert login(client, people["member"]).status_code == 302
    thread = df.start_thread(people["member"], body="Opening post.")
    db.session.commit()
    posts = db.session.scalar(select(func.count()).select_from(Post))
    for response in (client.get("/search", query_string={"q": "sodium\x00"}),
                     client.get("/members/ab%00cd"),
                     df.post_reply(client, thread.id, body="Agreed\x00.")):
        assert response.status_code == 400
        assert NUL_MESSAGE.split(" (")[0] in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Post)) == posts


def test_oversized_ids_are_not_found_or_ignored(app, people):
    client = app.test_client()
    assert login(client, people["admin"]).status_code == 302
    huge = "99999999999999999999999"
    assert client.get(f"/t/{huge}").status_code == 404
    assert client.get(f"/posts/{2**31}").status_code == 404
    assert client.get("/notifications", query_string={"before": huge}).status_code == 200
    assert client.get("/threads/new", query_string={"category": huge}).status_code == 200
    assert client.get("/search", query_string={"q": "sodium", "author": huge}).status_code == 200


@pytest.mark.parametrize("value, expected", [
    ("42", 42), (" 7 ", 7), (42, 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None),
    ("-3", None), ("１２３", None), ("1e3", None), ("", None), (None, None), (True, None),
    (2**63, None), ("12abc", None),
])
def test_as_id_accepts_only_what_an_id_column_holds(value, expected):
    assert as_id(value) == expected
