"""The clearly labelled demo data that `make run` seeds into an empty development database."""
