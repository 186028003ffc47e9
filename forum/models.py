"""Imports every feature's models so Alembic and create_all see the whole schema."""
from forum.audit.models import AuditEntry  # noqa: F401
from forum.auth.models import User, UserSession  # noqa: F401
from forum.registry.models import RegistryImport, RegistryRecord, VerificationCheck  # noqa: F401
