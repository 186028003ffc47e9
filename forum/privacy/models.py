"""PrivacyHold: a post whose author declared that the screen's findings identify no patient,
kept out of sight until a moderator approves or removes it."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.timeutil import utcnow


class HoldOrigin:
    """What the author was doing when the post was held: approval publishes a new thread or
    reply (counters, notifications); an edit makes the post visible again and notifies only
    those its text newly mentions or quotes."""

    THREAD = "thread"
    REPLY = "reply"
    EDIT = "edit"
    ALL = (THREAD, REPLY, EDIT)


class HoldOutcome:
    APPROVED = "approved"
    REMOVED = "removed"
    ALL = (APPROVED, REMOVED)


class PrivacyHold(db.Model):
    """One declaration and its decision. `findings` is a list of Finding.as_dict() for the text
    under review; `decided_at`, `decided_by_id`, `outcome` and `decision_reason` stay empty
    while the hold is open. At most one open hold per post (a partial unique index)."""

    __tablename__ = "privacy_hold"
    __table_args__ = (
        CheckConstraint("outcome IS NULL OR outcome IN ('approved', 'removed')", name="outcome"),
        CheckConstraint("origin IN ('thread', 'reply', 'edit')", name="origin"),
        Index("uq_privacy_hold_post_id_open", "post_id", unique=True,
              sqlite_where=text("decided_at IS NULL"), postgresql_where=text("decided_at IS NULL")),
        Index("ix_privacy_hold_post_id", "post_id"),
        # The queue: open holds oldest first.
        Index("ix_privacy_hold_decided_at_created_at", "decided_at", "created_at"),
        Index("ix_privacy_hold_author_id_created_at", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    origin: Mapped[str] = mapped_column(String(10))
    findings: Mapped[list] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    outcome: Mapped[str | None] = mapped_column(String(10))
    decision_reason: Mapped[str] = mapped_column(String(500), default="")
    # An opening post's held edit that retitles the thread: the title it proposes, given to the
    # thread on approval. Until then the thread keeps the title members were already shown.
    pending_title: Mapped[str | None] = mapped_column(Text)

    post: Mapped["Post"] = relationship("Post")  # noqa: F821
    author: Mapped["User"] = relationship("User", foreign_keys=[author_id])  # noqa: F821
    decided_by: Mapped["User"] = relationship("User", foreign_keys=[decided_by_id])  # noqa: F821

    @property
    def is_open(self) -> bool:
        return self.decided_at is None

    @property
    def finding_kinds(self) -> list[str]:
        """The kinds found, in order, without repeats (what audit entries may name)."""
        return list(dict.fromkeys(f.get("kind", "") for f in self.findings or []))

    def __repr__(self):
        return f"<PrivacyHold {self.id} post={self.post_id} {self.outcome or 'open'}>"
