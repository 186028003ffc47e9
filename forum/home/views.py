"""The root URL: visitors see what Curbside is, members go to the forum."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from forum.database import database_answers
from forum.discussion.queries import category_index
from forum.security.permissions import PUBLIC, access, is_member

bp = Blueprint("home", __name__)


@bp.route("/")
@access(PUBLIC)
def index():
    if current_user.is_authenticated and not is_member(current_user):
        return redirect(url_for("auth.status"))
    if current_user.is_authenticated:
        return render_template("discussion/index.html", rows=category_index())
    return render_template("home/welcome.html")


@bp.route("/healthz")
@access(PUBLIC)
def health():
    """Liveness, for a supervisor: the process serves. Answers without touching the session or
    the database, so a database outage does not get every worker restarted."""
    return {"status": "ok"}


@bp.route("/readyz")
@access(PUBLIC)
def ready():
    """Readiness, for a load balancer: 200 while the database answers a trivial query, 503
    while it does not (send traffic elsewhere). No session, no rate limit, no details."""
    if database_answers():
        return {"status": "ok"}
    return {"status": "database unavailable"}, 503
