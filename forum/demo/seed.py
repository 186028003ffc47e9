"""Builds the demo: an admin, a moderator, verified physicians, a pending applicant with
registry evidence, imported from the fictional NPPES sample shipped beside this file."""
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from forum.auth.models import AccountState, Role, User
from forum.discussion.demo import seed_discussion
from forum.extensions import db
from forum.registry import services as registry_services
from forum.security import passwords
from forum.timeutil import utcnow

SAMPLE = Path(__file__).with_name("nppes_sample.csv")


@dataclass(frozen=True)
class DemoAccount:
    full_name: str
    email: str
    password: str
    role: str
    state: str
    registry: str
    identifier: str
    jurisdiction: str
    specialty: str
    institution: str | None = None
    coi: str | None = None


ACCOUNTS = (
    DemoAccount("Demo Admin", "admin@demo.curbside.example.org", "demo-admin-lantern-orchard",
                Role.ADMIN, AccountState.VERIFIED, "other", "DEMO-ADMIN", "CA", "208D00000X",
                "Curbside demo"),
    DemoAccount("Amelia J. Quillfeather", "amelia@demo.curbside.example.org", "demo-moderator-copper-heron",
                Role.MODERATOR, AccountState.VERIFIED, "npi", "1234567893", "US-MA", "207R00000X",
                "Boston teaching hospital", "No relevant conflicts."),
    DemoAccount("Rafael O'Neil-Baptiste", "rafael@demo.curbside.example.org", "demo-member-basalt-meadow",
                Role.MEMBER, AccountState.VERIFIED, "npi", "1987654328", "US-NY", "207Q00000X",
                "Albany family practice", "Speaker fees from a vaccine manufacturer (2025)."),
    DemoAccount("Mei Lin Vanterpool", "mei@demo.curbside.example.org", "demo-member-willow-quartz",
                Role.MEMBER, AccountState.VERIFIED, "npi", "1000000004", "US-CA", "208000000X",
                "Oakland children's hospital"),
    DemoAccount("Josefina Dela Cruz", "josefina@demo.curbside.example.org", "demo-applicant-saffron-tide",
                Role.MEMBER, AccountState.PENDING_REVIEW, "npi", "1666666668", "US-TX", "2084P0800X",
                "Austin community mental health"),
)


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(User))


def seed_demo(echo=print):
    """Import the sample extract and create the demo accounts; the caller commits."""
    from forum.auth.services import make_handle
    from forum.registry.nppes_import import import_nppes

    import_nppes(SAMPLE)
    now = utcnow()
    created = []
    for spec in ACCOUNTS:
        user = User(
            email=spec.email, handle=make_handle(spec.full_name), full_name=spec.full_name,
            password_hash=passwords.hash_password(spec.password), state=spec.state, role=spec.role,
            registry_code=spec.registry, registry_identifier=spec.identifier, jurisdiction=spec.jurisdiction,
            specialty=spec.specialty, institution=spec.institution, coi_statement=spec.coi,
            email_confirmed_at=now, submitted_at=now,
            verified_at=now if spec.state == AccountState.VERIFIED else None,
        )
        db.session.add(user)
        db.session.flush()
        if spec.registry != "other":
            registry_services.run_checks(user, trigger="demo")
        created.append((spec, user))
    for hook in EXTRA_SEEDERS:
        hook({spec.email: user for spec, user in created})
    db.session.flush()
    return created


# Features that add demo content (categories, threads) register a callable here.
EXTRA_SEEDERS = [seed_discussion]
