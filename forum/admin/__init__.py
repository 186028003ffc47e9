"""Admin work: the verification queue, decisions, roles and re-verification."""
