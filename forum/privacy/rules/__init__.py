"""One module per family of patient identifiers; each exposes RULE (see base.Rule)."""
