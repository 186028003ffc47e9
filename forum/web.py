"""Request plumbing shared by every blueprint: login loading, headers, template helpers."""
from datetime import datetime

from flask import current_app, g, request
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix

from forum import urls
from forum.errors import ValidationFailed
from forum.extensions import login_manager
from forum.discussion.queries import shown_title
from forum.registry import jurisdictions, presenters, specialties
from forum.security import permissions


def init_app(app):
    """Before the blueprints: their rules take the converters registered here."""
    app.url_map.converters["int"] = urls.IdConverter
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)

    if app.config.get("PROXY_COUNT"):
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    app.before_request(refuse_nul_characters)
    app.after_request(_security_headers)
    app.jinja_env.globals.update(_template_globals(app))
    app.jinja_env.globals["url_for"] = urls.template_url_for
    app.jinja_env.filters["datetime"] = _format_datetime
    app.jinja_env.filters["date"] = _format_date
    app.jinja_env.filters["ago"] = _format_ago


NUL_MESSAGE = ("The request contains a NUL character (\\0), which no field here accepts. "
               "Remove it and try again.")


def refuse_nul_characters():
    """before_request: no text here may hold a NUL character. PostgreSQL refuses it in any
    string, so one in a search, a filter, a name or a path would otherwise fail deep in a query
    as a server error; refused up front it is a 400 with a message, for every route at once."""
    for text in _request_texts():
        if "\x00" in text:
            raise ValidationFailed(NUL_MESSAGE)


def _request_texts():
    yield request.path
    for source in (request.args, request.form):
        for name, values in source.lists():
            yield name
            yield from values


def _load_user(token):
    """Flask-Login hands us the session token from the cookie; the server row decides."""
    from forum.auth import sessions

    found = sessions.resume_session(token)
    if found is None:
        return None
    user_session, user = found
    g.user_session = user_session
    user.session_token = token
    return user


CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
))
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb", "xr-spatial-tracking",
))


def _security_headers(response):
    """Every response, pages and errors alike: no inline code may run, nothing may frame us."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if current_app.config.get("HSTS_ENABLED"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
        headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _template_globals(app):
    """Helpers every template may call. Globals, not a context processor: they never change
    per request, and a context processor would rebuild them on every render."""
    helpers = dict(permissions.template_predicates())
    helpers["site_name"] = app.config["SITE_NAME"]
    helpers["env_name"] = app.config["ENV_NAME"]
    helpers["registry_label"] = lambda code: jurisdictions.REGISTRY_LABELS.get(code, code)
    helpers["jurisdiction_label"] = jurisdictions.label
    helpers["specialty_label"] = specialties.label
    helpers["registry_record_rows"] = presenters.record_rows
    helpers["shown_thread_title"] = shown_title
    return helpers


def _format_datetime(value):
    """A moment as a <time> element: UTC text for readers without JavaScript, and a machine
    datetime (with its Z: the app keeps naive UTC) that static/js/local-times.js shows in the
    reader's own zone. Members in Delhi, London and Denver read one thread."""
    return _moment(value, "%d %b %Y, %H:%M UTC", "datetime")


def _format_date(value):
    """A day. A moment's day depends on where the reader is (23:30 UTC is the next day in
    Delhi), so it is localised like _format_datetime; a calendar date (a registry's date) is
    the same day everywhere and stays text."""
    return _moment(value, "%d %b %Y", "date")


def _format_ago(value):
    """Recent activity, as a list shows it: "5 minutes ago" in the browser (a date once it is a
    week old, and kept current while the page stays open); the UTC moment without JavaScript."""
    return _moment(value, "%d %b %Y, %H:%M UTC", "ago")


def _moment(value, utc_format, kind):
    if not value:
        return ""
    text = value.strftime(utc_format)
    if not isinstance(value, datetime):
        return text
    return Markup(f'<time datetime="{value.isoformat(timespec="milliseconds")}Z" '
                  f'data-local="{kind}">{text}</time>')
