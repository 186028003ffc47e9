"""Cross-cutting security pieces: passwords, sanitizer, access rules."""
