"""Accounts: registration, email confirmation, login sessions and password resets."""
