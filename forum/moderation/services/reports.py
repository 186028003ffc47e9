"""Members report posts; moderators dismiss reports. A patient-privacy report hides the post at
once, from members and search, until a moderator decides."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.audit.services import record
from forum.discussion.models import Post, PostStatus
from forum.discussion.services import counters
from forum.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.models import Report, ReportReason, ReportStatus
from forum.moderation.services.common import (clean_reason, notify_author, notify_reporters,
                                              post_label, require_post_moderator, require_seen_status)
from forum.moderation.services.quotes import refresh_quotes
from forum.search.services import index_post, remove_post
from forum.security.permissions import is_member
from forum.timeutil import utcnow

EXPLANATION_MAX = 1000


def open_reports_of(post: Post) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.post_id == post.id,
                                                        Report.status == ReportStatus.OPEN)
                                   .order_by(Report.created_at, Report.id)))


def open_report_by(reporter, post: Post) -> Report | None:
    return db.session.scalar(select(Report).where(Report.post_id == post.id,
                                                  Report.reporter_id == reporter.id,
                                                  Report.status == ReportStatus.OPEN))


def create_report(reporter, post: Post, reason: str, explanation: str = "") -> Report:
    """Report `post` for one of ReportReason; "other" needs an explanation.

    A privacy report hides a visible post at once (status "hidden", out of the search index,
    and its quotes in other posts replaced by a note) and tells its author, without saying who
    reported. Raises NotAllowed (not a member, own post), Conflict (an open report by this
    member on this post already exists, 409), InvalidState (post deleted, or out of sight
    already) or ValidationFailed (field "reason" or "explanation"). Audit: report.create (the reason category, never the explanation).
    Flushes, never commits.
    """
    if not is_member(reporter):
        raise NotAllowed("Only verified members can report posts.")
    counters.lock_post(post)
    if reporter.id == post.author_id:
        raise NotAllowed("You cannot report your own post. Edit or delete it instead.")
    if reason not in ReportReason.ALL:
        raise ValidationFailed("Choose the reason from the list.", field="reason")
    explanation = _clean_explanation(explanation, required=reason == ReportReason.OTHER)
    if open_report_by(reporter, post) is not None:
        raise Conflict("You have already reported this post; moderators will review it. You can "
                       "report it again once they have decided.")
    if post.status == PostStatus.HIDDEN and not post.is_deleted:
        raise InvalidState("Another member has already reported this post for patient privacy: "
                           "it is hidden until a moderator decides.")
    if post.is_deleted or post.status != PostStatus.VISIBLE:
        raise InvalidState("This post is not shown to members, so it cannot be reported.")
    report = Report(post_id=post.id, reporter_id=reporter.id, reason=reason,
                    explanation=explanation, status=ReportStatus.OPEN, created_at=utcnow())
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError as exc:  # a second open report sent at the same moment
        raise Conflict("You have already reported this post; moderators will review it.") from exc
    hid = reason == ReportReason.PRIVACY
    details = {"report_id": report.id, "reason": reason, "hid_post": hid}
    if hid:
        before = counters.before_change(post)
        post.status = PostStatus.HIDDEN
        db.session.flush()
        counters.after_change(post, before)
        remove_post(post)
        details["quoting_post_ids"] = refresh_quotes(post)
        notify_author(post.author, "hidden", post=post, category=ReportReason.PRIVACY,
                      reason="A member reported that it may identify a patient. It stays hidden "
                             "until a moderator decides.")
    record(reporter, "report.create", "post", post.id, target_label=post_label(post),
           details=details)
    return report


def dismiss_reports(actor, post: Post, reason: str, *, seen_status: str | None = None) -> list[Report]:
    """Dismiss every open report on `post`; a post hidden by a privacy report is shown again
    (and indexed). Reporters and the author are told. Raises NotAllowed, InvalidState (no open
    reports, or the post is not in the `seen_status` the moderator's page showed: 409) or
    ValidationFailed. Audit: reports.dismiss. Flushes, never commits."""
    counters.lock_post(post)
    require_post_moderator(actor, post)
    require_seen_status(post, seen_status)
    reports = open_reports_of(post)
    if not reports:
        raise InvalidState("There are no open reports on this post: they were already decided.")
    reason = clean_reason(reason)
    before = counters.before_change(post)  # while the reports are open (they may hide its thread)
    close_reports(actor, reports, ReportStatus.DISMISSED, "dismissed")
    shown_again = post.status == PostStatus.HIDDEN
    quoting = []
    if shown_again:
        post.status = PostStatus.VISIBLE
        db.session.flush()
        counters.after_change(post, before)
        index_post(post)
        quoting = refresh_quotes(post)
    notify_reporters(reports, outcome_post=post)
    notify_author(post.author, "dismissed", post=post, reason=reason)
    record(actor, "reports.dismiss", "post", post.id, target_label=post_label(post), reason=reason,
           details={"report_ids": [r.id for r in reports], "shown_again": shown_again,
                    "quoting_post_ids": quoting})
    return reports


def close_reports(actor, reports, status: str, outcome: str):
    """Mark `reports` decided (dismissed, or upheld with the action taken). Flushes."""
    now = utcnow()
    for report in reports:
        report.status = status
        report.outcome = outcome
        report.resolved_at = now
        report.resolved_by_id = actor.id
    db.session.flush()


def uphold_open_reports(actor, post: Post, outcome: str) -> list[Report]:
    """Close the post's open reports as upheld (removed, purged, redacted) and tell the
    reporters. Returns them (their ids go in the caller's audit entry)."""
    reports = open_reports_of(post)
    if reports:
        close_reports(actor, reports, ReportStatus.UPHELD, outcome)
        notify_reporters(reports, outcome_post=post)
    return reports


def false_privacy_counts(reporter_ids) -> dict[int, int]:
    """{reporter id: how many of their privacy reports moderators dismissed}, one query."""
    ids = sorted({i for i in reporter_ids if i is not None})
    if not ids:
        return {}
    rows = db.session.execute(
        select(Report.reporter_id, func.count()).where(
            Report.reporter_id.in_(ids), Report.reason == ReportReason.PRIVACY,
            Report.status == ReportStatus.DISMISSED).group_by(Report.reporter_id))
    return {reporter_id: count for reporter_id, count in rows}


def _clean_explanation(value, required: bool) -> str:
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationFailed("Explain what is wrong with this post: “Other” needs an explanation.",
                               field="explanation")
    if len(text) > EXPLANATION_MAX:
        raise ValidationFailed(f"The explanation is {len(text)} characters long; the limit is "
                               f"{EXPLANATION_MAX}.", field="explanation")
    return text
