"""The page for a form sent after its session ended (idle expiry, logout in another tab, a
password change elsewhere).

Redirecting to the login page would throw away what the member typed: a case write-up can
be an hour's work. Nothing of it is stored (there is no account to store it for, and it was
not screened), so the page shows it back, read-only, beside a login form that returns to
the page the form came from.

Only to a form sent from the forum's own pages: a cross-site POST arrives without the session
cookie (SameSite) and would otherwise let another site put words of its choosing on a forum page.
"""
import re

from flask import render_template, request

from forum.auth.forms import LoginForm
from forum.security.safe_redirect import safe_next

# Never shown back: secrets and machinery, whatever the form.
_HIDDEN = re.compile(r"password|code|csrf_token|submission_key|^action$|token", re.IGNORECASE)
_LABELS = {"title": "Title", "body": "Post", "reason": "Reason", "explanation": "Explanation",
           "message": "Message", "value": "Citation", "note": "Note", "presentation": "Presentation",
           "question": "Question for colleagues"}
# A composer's fields (title, body, 20 citations and 10 relationships with their notes, the
# case template) fit well within these.
MAX_FIELDS_SHOWN = 80
MAX_CHARACTERS_SHOWN = 60_000
_ROW = re.compile(r"(?:(?P<group>[a-z_]+)-)?(?P<index>\d+)-(?P<name>[a-z_]+)$")


def _label(name: str) -> str:
    """'citations-1-note' -> 'Citations 2: note'; 'body' -> 'Post'."""
    tail = name.rsplit("-", 1)[-1]
    row = _ROW.search(name)
    if row:
        group = (row["group"] or "row").replace("_", " ").capitalize()
        return f"{group} {int(row['index']) + 1}: {_LABELS.get(row['name'], row['name']).lower()}"
    return _LABELS.get(tail, tail.replace("_", " ").capitalize())


def _from_our_pages() -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and origin.rstrip("/") == request.host_url.rstrip("/")


def sent_text(token_checked: bool = False) -> list[tuple[str, str]]:
    """(label, text) for the text fields the request carried, in form order, as much as a
    composer can hold (a request needs no login to be answered this page, so what it costs is
    bounded); nothing for a request another site sent. `token_checked`: the request already
    passed the CSRF check (a signed-in form), which no other site's request can."""
    if not token_checked and not _from_our_pages():
        return []
    texts, size = [], 0
    for name, value in request.form.items(multi=True):
        if not value.strip() or _HIDDEN.search(name):
            continue
        if len(texts) == MAX_FIELDS_SHOWN or size + len(value) > MAX_CHARACTERS_SHOWN:
            break
        texts.append((_label(name), value))
        size += len(value)
    return texts


def render_session_ended(texts):
    """401: log in again (back to this form's page when it has one) and copy `texts` back."""
    rule = request.url_rule
    back = request.path if rule is not None and "GET" in (rule.methods or ()) else None
    return render_template("auth/session_ended.html", form=LoginForm(formdata=None),
                           texts=texts, next=safe_next(back)), 401
