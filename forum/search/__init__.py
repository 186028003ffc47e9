"""Full-text search over thread titles and post bodies: one interface, SQLite FTS5 or PostgreSQL."""
