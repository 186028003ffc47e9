"""Medical-registry verification: identifier checks, extract imports, lookups and evidence."""
