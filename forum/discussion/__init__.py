"""Peer case discussion: categories, threads, posts, citations, disclosures, profiles."""
