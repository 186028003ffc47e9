"""Lookups for admin views that 404 when the target does not exist."""
from flask import abort

from forum.auth.models import User
from forum.extensions import db


def get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user
