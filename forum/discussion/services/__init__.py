"""Discussion services: plain functions verb_noun(actor, target, ...) that check the rules,
change state, write audit entries where due and flush; the caller commits once.

composing: validate and render a draft (no writes); posting: threads and replies;
editing: edits with revisions, author deletion; reading: unread markers; counters: reply
counts, category counters and last activity of what members see; categories: admin
management; profiles: the member's standing disclosure and institution.
"""
