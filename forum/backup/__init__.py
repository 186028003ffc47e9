"""Whole-database backups: the SQLite online backup API, pg_dump/pg_restore on PostgreSQL."""
