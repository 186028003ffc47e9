"""User accounts and their server-side login sessions."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.timeutil import utcnow


class AccountState:
    PENDING_EMAIL = "pending_email"
    PENDING_REVIEW = "pending_review"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    ALL = (PENDING_EMAIL, PENDING_REVIEW, VERIFIED, REJECTED, SUSPENDED, REVOKED)

    LABELS = {
        PENDING_EMAIL: "Waiting for email confirmation",
        PENDING_REVIEW: "Waiting for registry review",
        VERIFIED: "Verified",
        REJECTED: "Rejected",
        SUSPENDED: "Suspended",
        REVOKED: "Verification revoked",
    }


class Role:
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"
    ALL = (MEMBER, MODERATOR, ADMIN)
    LABELS = {MEMBER: "Member", MODERATOR: "Moderator", ADMIN: "Admin"}

    @classmethod
    def label(cls, role):
        return cls.LABELS.get(role, role)


class User(db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    handle: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(20), default=AccountState.PENDING_EMAIL, index=True)
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    registry_code: Mapped[str] = mapped_column(String(10))
    registry_identifier: Mapped[str] = mapped_column(String(64), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(64))
    specialty: Mapped[str] = mapped_column(String(10))
    institution: Mapped[str | None] = mapped_column(String(200))
    coi_statement: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    email_confirmed_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    state_reason: Mapped[str | None] = mapped_column(Text)
    suspended_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]

    sessions: Mapped[list["UserSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Flask-Login: the cookie carries the server-side session token, never the user id.
    session_token = None

    def get_id(self):
        return self.session_token

    @property
    def is_authenticated(self):
        return True

    @property
    def is_active(self):
        return self.state != AccountState.REVOKED

    @property
    def is_anonymous(self):
        return False

    def is_suspended_at(self, moment: datetime) -> bool:
        return self.state == AccountState.SUSPENDED and (
            self.suspended_until is None or self.suspended_until > moment
        )

    def end_suspension(self) -> None:
        """Verified again: the suspension's end date and reason go (its record stays in the
        moderation history)."""
        self.state = AccountState.VERIFIED
        self.suspended_until = None
        self.state_reason = None

    @property
    def state_label(self):
        return AccountState.LABELS.get(self.state, self.state)

    @property
    def role_label(self):
        return Role.label(self.role)

    def __repr__(self):
        return f"<User {self.id} {self.email} {self.state}/{self.role}>"


class UserSession(db.Model):
    """One row per login; deleting it ends that login everywhere the cookie was copied."""

    __tablename__ = "user_session"
    __table_args__ = (Index("ix_user_session_user_id_last_seen", "user_id", "last_seen_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship(back_populates="sessions")


class TwoFactorCredential(db.Model):
    """A TOTP seed, sealed (forum.auth.two_factor.seed_of opens it); `confirmed_at` is set once
    the member proved their app produces codes."""

    __tablename__ = "two_factor_credential"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    sealed_secret: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_used_step: Mapped[int] = mapped_column(default=0)


class RecoveryCode(db.Model):
    """A single-use recovery code, stored as a SHA-256 hash (each code carries 40 random bits)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class SecurityEvent(db.Model):
    """The per-account security log: logins, failures, 2FA and password changes, ended sessions."""

    __tablename__ = "security_event"
    __table_args__ = (Index("ix_security_event_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
