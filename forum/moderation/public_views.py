"""Member-facing moderation pages: report a post, appeal a removal, and the member's own
moderation notices (what moderators did about their posts and account, and the outcome of the
reports they filed)."""
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from forum.discussion.queries import withheld_titles
from forum.errors import DomainError, NotAllowed
from forum.extensions import db, limiter
from forum.moderation import queries
from forum.moderation.blueprint import bp
from forum.moderation.forms import AppealForm, ReportForm
from forum.moderation.models import ReportReason
from forum.moderation.services import appeals, reports
from forum.moderation.view_helpers import show_error
from forum.search.services import can_see_post
from forum.security.permissions import MEMBER, access, can_appeal


def _member_key():
    return f"report:{current_user.id}"


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@access(MEMBER)
@limiter.limit(lambda: current_app.config["REPORT_LIMIT"], methods=["POST"], key_func=_member_key)
def report_post(post_id):
    """The author never learns who reported; a privacy report hides the post at once. A post
    the member cannot see (held, hidden, removed, in a thread out of sight) is a 404."""
    post = queries.get_post_or_404(post_id)
    if not can_see_post(current_user, post) and post.author_id != current_user.id:
        abort(404)
    if post.author_id == current_user.id:
        raise NotAllowed("You cannot report your own post. Edit or delete it instead.")
    form = ReportForm()
    status = 200
    if form.validate_on_submit():
        try:
            reports.create_report(current_user, post, form.reason.data, form.explanation.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            status = exc.status
        else:
            db.session.commit()
            flash("Thank you: the moderators will review this post. You will be told the outcome; "
                  "its author is never told who reported it."
                  + (" Until then it is hidden." if form.reason.data == ReportReason.PRIVACY else ""),
                  "success")
            if post.is_visible:
                return redirect(url_for("discussion.show_post", post_id=post.id))
            return redirect(url_for("discussion.show_thread", thread_id=post.thread_id))
    elif form.is_submitted():
        status = 400
    return render_template("moderation/report.html", post=post, form=form,
                           privacy=ReportReason.PRIVACY), status


@bp.route("/posts/<int:post_id>/appeal", methods=["GET", "POST"])
@access(MEMBER)
def appeal_post(post_id):
    post = queries.get_post_or_404(post_id)
    if post.author_id != current_user.id:
        raise NotAllowed("Only the author of a removed post can appeal its removal.")
    existing = appeals.appeal_of(post)
    form = AppealForm()
    status = 200
    if existing is None and can_appeal(current_user, post) and form.validate_on_submit():
        try:
            appeals.file_appeal(current_user, post, form.message.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            status = exc.status
        else:
            db.session.commit()
            flash("Your appeal is sent. A moderator other than the one who removed the post will "
                  "decide, and you will be told.", "success")
            return redirect(url_for("moderation.show_my_moderation"))
    elif form.is_submitted():
        status = 409 if existing is not None or not can_appeal(current_user, post) else 400
    return render_template("moderation/appeal.html", post=post, form=form, existing=existing), status


@bp.route("/account/moderation")
@access(MEMBER)
def show_my_moderation():
    """What moderators did about the member's posts and account, their appeals, and the
    outcome of the reports they filed (never who reported them)."""
    appeals, filed = queries.appeals_by(current_user), queries.reports_by(current_user)
    return render_template("moderation/my_moderation.html",
                           history=queries.member_history([current_user.id]).get(current_user.id, []),
                           appeals=appeals, reports=filed,
                           withheld=withheld_titles(current_user, [item.post.thread for item in (*appeals, *filed)]))
