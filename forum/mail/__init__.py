"""Outgoing mail: SMTP when configured, else .eml files in the instance outbox."""
