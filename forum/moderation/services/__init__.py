"""Moderation services: plain functions verb_noun(actor, target, ...) that check the access
rules (forum.security.permissions), change state, write one audit entry per change, notify the
people concerned and flush; the caller commits once.

reports: members report posts, moderators dismiss reports; posts: approve, remove, restore,
redact, remove every post of an account; purge: destroy a post's text for good; threads: lock,
pin, move; members: warn, suspend, private notes; appeals: an author's one appeal and its
decision. common: reasons, labels and the notices sent to authors and reporters.
"""
