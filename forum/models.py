"""Imports every feature's models so Alembic and create_all see the whole schema."""
from forum.audit.models import AuditEntry  # noqa: F401
from forum.auth.models import User, UserSession  # noqa: F401
from forum.discussion.models import (Category, Post, PostCitation, PostRevision,  # noqa: F401
                                     StandingDisclosure, Thread, ThreadRead)
from forum.notifications.models import Notification, NotificationPreference  # noqa: F401
from forum.registry.models import RegistryImport, RegistryRecord, VerificationCheck  # noqa: F401
from forum.search import models as search_models  # noqa: F401  (the post_search DDL listeners)
from forum.privacy.models import PrivacyHold  # noqa: F401
from forum.moderation.models import Appeal, ModerationEvent, ModerationNote, Report  # noqa: F401
