"""In-app and opt-in email notifications of replies, mentions and quotes."""
