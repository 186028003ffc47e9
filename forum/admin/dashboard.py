"""The admin overview: what waits for a decision, and whether the forum is alive.

An admin opening the admin pages first wants to know what needs them (applicants waiting for
the registry review, posts waiting for a moderator, registry extracts gone stale) and how the
forum is used (members joining, threads and posts written, colleagues taking part). Each figure
is read through an index or a counter kept with the data, so the page costs the same on a
million posts: recent posts are counted by their id range (see forum.search.services.Period).
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func, select

from forum.auth.models import AccountState, Role, User
from forum.discussion.models import Category, Post, Thread
from forum.extensions import db
from forum.moderation.models import Appeal, AppealStatus, Report, ReportStatus
from forum.privacy.models import PrivacyHold
from forum.registry import overview
from forum.search.services import first_post_id_written_at_or_after
from forum.timeutil import utcnow

PERIODS = (7, 30)  # days: "this week" and "this month" in the activity table


@dataclass
class Activity:
    """What was written in the last `days` days."""

    days: int
    threads: int
    posts: int
    authors: int  # members who wrote at least one post
    joined: int  # members verified in that time


@dataclass
class Dashboard:
    pending_review: int
    oldest_waiting_since: datetime | None
    pending_email: int
    open_reports: int
    reported_posts: int
    open_holds: int
    open_appeals: int
    stale_extracts: list
    members_by_state: dict[str, int]
    staff: dict[str, int]
    threads_total: int
    posts_total: int
    activity: list[Activity] = field(default_factory=list)

    @property
    def verified_members(self) -> int:
        return self.members_by_state.get(AccountState.VERIFIED, 0)

    @property
    def waiting_for_moderators(self) -> int:
        return self.reported_posts + self.open_holds + self.open_appeals


def admin_dashboard(config, now: datetime | None = None) -> Dashboard:
    """Every figure of the overview (about twenty small queries, none growing with the data).
    Reads only."""
    now = now or utcnow()
    by_state = dict(db.session.execute(select(User.state, func.count()).group_by(User.state)).all())
    staff = dict(db.session.execute(
        select(User.role, func.count()).where(User.role != Role.MEMBER,
                                              User.state == AccountState.VERIFIED)
        .group_by(User.role)).all())
    oldest = db.session.scalar(select(func.min(User.submitted_at))
                               .where(User.state == AccountState.PENDING_REVIEW))
    open_reports, reported_posts = db.session.execute(
        select(func.count(), func.count(Report.post_id.distinct()))
        .where(Report.status == ReportStatus.OPEN)).one()
    threads_total, posts_total = db.session.execute(
        select(func.coalesce(func.sum(Category.thread_count), 0),
               func.coalesce(func.sum(Category.post_count), 0))).one()
    return Dashboard(
        pending_review=by_state.get(AccountState.PENDING_REVIEW, 0),
        oldest_waiting_since=oldest,
        pending_email=by_state.get(AccountState.PENDING_EMAIL, 0),
        open_reports=open_reports,
        reported_posts=reported_posts,
        open_holds=db.session.scalar(select(func.count()).select_from(PrivacyHold)
                                     .where(PrivacyHold.decided_at.is_(None))),
        open_appeals=db.session.scalar(select(func.count()).select_from(Appeal)
                                       .where(Appeal.status == AppealStatus.OPEN)),
        stale_extracts=[status for status in overview.extract_statuses(config, now) if status.stale],
        members_by_state=by_state,
        staff=staff,
        threads_total=threads_total,
        posts_total=posts_total,
        activity=activity(now),
    )


def activity(now: datetime, periods=PERIODS) -> list[Activity]:
    """Threads, posts, distinct authors and newly verified members of each of the last `periods`
    days. Posts and authors are read in one pass over the range of post ids written in the
    longest period (the primary key, not every post's time), each shorter period counted
    within it; deleted, held and removed posts count as written."""
    starts = {days: now - timedelta(days=days) for days in periods}
    longest = max(periods)
    first_id = first_post_id_written_at_or_after(starts[longest])
    posts = {days: (0, 0) for days in periods}
    if first_id is not None:
        columns = []
        for days in periods:
            recent = Post.created_at >= starts[days]
            columns += [func.count(case((recent, 1))), func.count(case((recent, Post.author_id)).distinct())]
        row = db.session.execute(select(*columns).where(Post.id >= first_id,
                                                        Post.created_at >= starts[longest])).one()
        posts = {days: (row[2 * i], row[2 * i + 1]) for i, days in enumerate(periods)}
    return [Activity(days=days, threads=_count(Thread, Thread.created_at >= starts[days]),
                     posts=posts[days][0], authors=posts[days][1],
                     joined=_count(User, User.verified_at >= starts[days]))
            for days in periods]


def _count(model, condition) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(condition))
