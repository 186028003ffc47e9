"""`flask registry ...`: import extracts and re-check accounts against them."""
import click
from flask.cli import AppGroup

registry_cli = AppGroup("registry", help="Import registry extracts and re-check accounts.")
