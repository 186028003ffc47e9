"""The append-only, hash-chained record of every moderation and admin action."""
