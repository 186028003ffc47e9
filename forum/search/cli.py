"""`flask search reindex`: rebuild the full-text index from the posts, in streamed batches.

The command hangs off the search blueprint's CLI group (`bp.cli`), named "search"."""
import time

import click

from forum.extensions import db
from forum.search import services


@click.command("reindex")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(1, 100_000),
              help="Posts read, indexed and committed at a time.")
def reindex_command(batch_size):
    """Empty the index and rebuild it from every visible post (after a restore, for a bench)."""
    started = time.monotonic()
    services.clear_index()
    db.session.commit()
    last_id, total = 0, 0
    while True:
        last_id, count = services.index_batch(after_id=last_id, limit=batch_size)
        db.session.commit()
        if not count:
            break
        total += count
        if total % (batch_size * 20) < batch_size:
            click.echo(f"  {total:,} posts indexed", err=True)
    services.optimize_index()
    db.session.commit()
    click.echo(f"Search index rebuilt: {total:,} posts in {time.monotonic() - started:.1f} s.")
