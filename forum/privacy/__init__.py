"""Privacy screen: find patient identifiers in post text before it is published.

Public API: screen(text) -> list[Finding], screen_texts({field: text}) and screen_post(title,
body) -> list[Finding], Finding (kind, start, end, text, reason, field; .as_dict()) and KINDS,
the kinds a finding can have.
"""
from forum.privacy.findings import Finding
from forum.privacy.registry import KINDS
from forum.privacy.services import screen, screen_post, screen_texts

__all__ = ["Finding", "KINDS", "screen", "screen_post", "screen_texts"]
