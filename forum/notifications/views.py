"""Notification pages: the list, mark read (one or all), follow a notification, email opt-in."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from forum.auth.tokens import TokenInvalid
from forum.database import id_arg
from forum.discussion.queries import withheld_titles
from forum.discussion.services import category_watching
from forum.extensions import csrf, db
from forum.notifications import services
from forum.notifications.cli import send_digests_command
from forum.notifications.forms import MarkReadForm, NotificationSettingsForm
from forum.notifications.models import NotificationKind
from forum.search.services import can_see_post
from forum.security.permissions import PUBLIC, access, is_member

bp = Blueprint("notifications", __name__, url_prefix="/notifications", cli_group="notifications")
bp.cli.add_command(send_digests_command)


@bp.record_once
def _notification_context(state):
    state.app.jinja_env.globals["unread_notification_count"] = _unread_count_once


def _unread_count_once():
    """For the nav: one COUNT per request, and only on pages that show the nav to a member."""
    if "unread_notifications" not in g:
        g.unread_notifications = services.unread_count(current_user) if is_member(current_user) else 0
    return g.unread_notifications


@bp.route("")
def list_notifications():
    before = request.args.get("before", type=id_arg)
    notifications, next_before = services.list_notifications(current_user, before_id=before)
    return render_template("notifications/list_notifications.html", notifications=notifications,
                           withheld=withheld_titles(current_user, [n.thread for n in notifications]),
                           next_before=next_before, is_first_page=not before, form=MarkReadForm(),
                           # The newest shown: one arriving later stays unread on "Mark all read"
                           # (from a later page, which the newest were not on, all are marked).
                           up_to=notifications[0].id if notifications and not before else None)


@bp.route("/<int:notification_id>")
def open_notification(notification_id):
    """Follow a notification (from the list or an email): it is read once opened."""
    notification = services.mark_read(current_user, notification_id)
    db.session.commit()
    return redirect(_target_url(notification))


def _target_url(notification):
    """A moderation notice opens the member's notices page, which says what was done and why
    (the thread never does); any other notification opens the post itself while the reader
    may see it, else its thread."""
    if notification.kind == NotificationKind.MODERATION:
        return url_for("moderation.show_my_moderation")
    post = notification.post
    if post is not None and can_see_post(current_user, post):
        return url_for("discussion.show_post", post_id=post.id)
    return url_for("discussion.show_thread", thread_id=notification.thread_id)


@bp.route("/<int:notification_id>/read", methods=["POST"])
def mark_notification_read(notification_id):
    if MarkReadForm().validate_on_submit():
        services.mark_read(current_user, notification_id)
        db.session.commit()
    return redirect(url_for("notifications.list_notifications"))


@bp.route("/read-all", methods=["POST"])
def mark_all_notifications_read():
    if MarkReadForm().validate_on_submit():
        up_to = request.form.get("up_to", type=id_arg)
        count = services.mark_all_read(current_user, up_to)
        newer = services.unread_after(current_user, up_to)
        db.session.commit()
        flash("All notifications are marked read." if count and not newer
              else "Nothing was unread." if not newer
              else f"The notifications you were shown are marked read; {newer} more arrived since, "
                   "still unread.", "success")
    return redirect(url_for("notifications.list_notifications"))


@bp.route("/settings", methods=["GET", "POST"])
def edit_settings():
    if request.method == "POST":
        form = NotificationSettingsForm()  # an unticked box is simply absent from the form
    else:
        form = NotificationSettingsForm(email_enabled=services.email_enabled(current_user),
                                        digest_enabled=services.digest_enabled(current_user))
    if form.validate_on_submit():
        services.set_mail_preferences(current_user, notifications=form.email_enabled.data,
                                      digest=form.digest_enabled.data)
        db.session.commit()
        flash(_saved_message(form.email_enabled.data, form.digest_enabled.data), "success")
        return redirect(url_for("notifications.edit_settings"))
    return render_template("notifications/edit_settings.html", form=form, kinds=NotificationKind,
                           watched=category_watching.watched_categories(current_user)), \
        400 if form.errors else 200


SAVED_MESSAGES = {
    (True, True): "Email notifications and the weekly summary are on: they carry thread titles and "
                  "links, never post text.",
    (True, False): "Email notifications are on: they carry the thread title and a link, never post text.",
    (False, True): "The weekly summary is on: it carries thread titles and links, never post text.",
    (False, False): "Email notifications and the weekly summary are off.",
}


def _saved_message(notifications, digest):
    return SAVED_MESSAGES[bool(notifications), bool(digest)]


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@access(PUBLIC)
@csrf.exempt
def unsubscribe(token):
    """The link in notification mails: GET asks, POST turns email notifications off. No login
    and no form token: the signed link is the authority, and all it can do is stop mail. Mail
    providers send the POST themselves for their unsubscribe button (RFC 8058)."""
    if request.method == "GET":
        return render_template("notifications/unsubscribe.html", token=token, done=False)
    try:
        services.unsubscribe(token)
    except TokenInvalid as exc:
        db.session.rollback()
        return render_template("notifications/unsubscribe.html", token=token, done=False,
                               error=exc.args[0]), 400
    db.session.commit()
    return render_template("notifications/unsubscribe.html", token=token, done=True)
