"""The member's drafts page: every composer's saved draft in one list, to go on writing or to
discard. A draft is otherwise found only by opening the same composer again, and a reply begun
in one of many threads is easily lost track of (Discourse lists drafts in the user menu)."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.discussion import queries
from forum.discussion.blueprint import bp
from forum.discussion.services import saved_drafts
from forum.extensions import db

NOT_A_DRAFT = "That is not one of your drafts: nothing was discarded."


@bp.route("/drafts")
def list_drafts():
    return _render_drafts()


@bp.route("/drafts/discard", methods=["POST"])
def discard_draft():
    """Discard one draft (CSRF checked by the app); a draft already gone is no error."""
    place = request.form.get("place", "")
    if not saved_drafts.is_draft_place(place):
        flash(NOT_A_DRAFT, "error")
        return _render_drafts(400)
    saved_drafts.discard(current_user, place)
    db.session.commit()
    flash("Draft discarded.", "success")
    return redirect(url_for("discussion.list_drafts"))


def _render_drafts(status=200):
    entries = saved_drafts.drafts_of(current_user)
    withheld = queries.withheld_titles(current_user, [entry.thread for entry in entries])
    return render_template("discussion/drafts.html", entries=entries, withheld=withheld,
                           days=saved_drafts.DRAFT_DAYS), status
