"""The member directory: how a physician finds a colleague (and the handle to @mention them)
by name, handle or specialty. Only current members are listed: accounts that were verified and
are neither suspended nor revoked (profiles of former members stay reachable from their posts).
"""
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from forum.auth.models import AccountState, User
from forum.extensions import db

PER_PAGE = 50
MAX_WORDS = 6  # a name search with more words than a name has is a typo, not a search


@dataclass
class DirectoryPage:
    members: list[User] = field(default_factory=list)
    total: int = 0
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def find_members(text: str = "", specialty: str | None = None, page: int = 1) -> DirectoryPage:
    """Current members whose name or handle holds every word of `text` (any case, in any
    order: "lee ann" finds "Ann Lee"), of `specialty` when given, by name; page `page` of 50.
    Two queries: the count and the page."""
    conditions = [User.state == AccountState.VERIFIED, User.verified_at.is_not(None)]
    for word in (text or "").lower().lstrip("@").split()[:MAX_WORDS]:
        word = word.lstrip("@")
        if word:
            conditions.append(or_(func.lower(User.full_name).contains(word, autoescape=True),
                                  User.handle.contains(word, autoescape=True)))
    if specialty:
        conditions.append(User.specialty == specialty)
    total = db.session.scalar(select(func.count()).select_from(User).where(*conditions))
    result = DirectoryPage(total=total)
    result.page = max(1, min(page, result.pages))
    result.members = list(db.session.scalars(
        select(User).where(*conditions).order_by(func.lower(User.full_name), User.id)
        .offset((result.page - 1) * PER_PAGE).limit(PER_PAGE)))
    return result
