"""Moderation: reports, the moderation queue, moderator actions, appeals and the audit log page."""
