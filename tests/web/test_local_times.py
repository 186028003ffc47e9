"""Moments reach the browser as UTC text inside a <time> element carrying an exact UTC
datetime, which static/js/local-times.js shows in the reader's zone (the browser journey checks
that part); days of the calendar stay plain text."""
import re
from datetime import date, datetime

from tests import discussion_factories as df
from tests.conftest import login


def test_a_moment_is_utc_text_with_a_machine_datetime(app):
    moment = app.jinja_env.filters["datetime"](datetime(2026, 11, 25, 23, 30, 5, 123456))
    assert str(moment) == ('<time datetime="2026-11-25T23:30:05.123Z" data-local="datetime">'
                           '25 Nov 2026, 23:30 UTC</time>')


def test_a_moments_day_is_localised_too(app):
    day = app.jinja_env.filters["date"](datetime(2026, 11, 25, 23, 30))
    assert str(day) == '<time datetime="2026-11-25T23:30:00.000Z" data-local="date">25 Nov 2026</time>'


def test_recent_activity_is_marked_to_read_as_how_long_ago(app):
    ago = app.jinja_env.filters["ago"](datetime(2026, 11, 25, 8, 5))
    assert str(ago) == '<time datetime="2026-11-25T08:05:00.000Z" data-local="ago">25 Nov 2026, 08:05 UTC</time>'


def test_a_calendar_date_and_nothing_stay_text(app):
    assert app.jinja_env.filters["date"](date(2026, 11, 25)) == "25 Nov 2026"
    assert app.jinja_env.filters["datetime"](None) == ""
    assert app.jinja_env.filters["date"](None) == ""


def test_thread_page_and_list_carry_localisable_moments_and_the_script(client, member, db):
    category = df.make_category("Cardiology")
    thread = df.start_thread(member, category, title="Syncope work-up in athletes", body="Thoughts?")
    db.session.commit()
    login(client, member)
    for path in (f"/t/{thread.id}", f"/c/{category.id}"):
        page = client.get(path).get_data(as_text=True)
        moments = re.findall(r'<time datetime="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)" data-local="(\w+)">([^<]+)</time>',
                             page)
        assert moments, f"no localisable moment on {path}"
        if path.startswith("/c/"):
            assert any(kind == "ago" for _, kind, _ in moments), "the list's last activity is not relative"
        assert all(text.endswith("UTC") or kind == "date" for _, kind, text in moments)
        assert "<time datetime" not in re.sub(r'<time datetime="[^"]+Z" data-local="\w+">[^<]+</time>', "", page), \
            f"a <time> on {path} lacks its UTC datetime or nests another"
        assert '/static/js/local-times.js" defer></script>' in page
