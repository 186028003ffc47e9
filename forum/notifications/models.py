"""Notifications (ids only, never post text) and each member's email preference."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.timeutil import utcnow


class NotificationKind:
    REPLY = "reply"
    MENTION = "mention"
    QUOTE = "quote"
    MODERATION = "moderation"
    WATCHED = "watched"
    NEW_THREAD = "new_thread"
    HELPFUL = "helpful"
    ANSWER = "answer"
    ALL = (REPLY, MENTION, QUOTE, MODERATION, WATCHED, NEW_THREAD, HELPFUL, ANSWER)
    LABELS = {
        NEW_THREAD: "started a thread in a category you watch:",
        REPLY: "replied in your thread",
        WATCHED: "replied in a thread you watch",
        MENTION: "mentioned you in",
        QUOTE: "quoted you in",
        MODERATION: "sent you a moderation notice about",
        HELPFUL: "marked your post helpful in",
        ANSWER: "marked your reply as the answer to",
    }
    # What the settings page lists: when each kind arrives, and whether it may be emailed.
    SETTINGS = (
        (REPLY, "Someone replies in a thread you started", True),
        (WATCHED, "Someone replies in a thread you watch", True),
        (NEW_THREAD, "Someone starts a thread in a category you watch", True),
        (MENTION, "Someone mentions you with your @handle", True),
        (QUOTE, "Someone quotes one of your posts", True),
        (HELPFUL, "Colleagues mark one of your posts helpful (one notification per post, "
                  "naming the latest and counting the others)", False),
        (ANSWER, "Your reply is marked as the answer to a clinical case", True),
        (MODERATION, "A moderator acts on your post or account", True),
    )


class Notification(db.Model):
    """Something happened that concerns `user`. Holds only ids: the thread title and the post
    are read at display time, so purging a post's text leaves nothing behind here."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_id_id", "user_id", "id"),
        Index("ix_notification_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Empty only for a moderation notice about the account itself (a warning naming no post).
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"),
                                                  index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped["User"] = relationship("User", foreign_keys=[user_id])  # noqa: F821
    actor: Mapped["User"] = relationship("User", foreign_keys=[actor_id])  # noqa: F821
    thread: Mapped["Thread"] = relationship("Thread")  # noqa: F821
    post: Mapped["Post"] = relationship("Post")  # noqa: F821

    @property
    def is_unread(self):
        return self.read_at is None

    @property
    def label(self):
        return NotificationKind.LABELS.get(self.kind, self.kind)


class NotificationPreference(db.Model):
    """A member's notification settings; no row means the defaults (no mail at all)."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    email_enabled: Mapped[bool] = mapped_column(default=False)
    # The weekly summary of new threads (forum.notifications.digest), and when it was last sent.
    digest_enabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_digest_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
