"""The `mirror` command: run the replica, crawl a demo, query the relational mirror."""

from __future__ import annotations

import typer

from mirror import dedup_cli, demo, query_cli, reparse_cli, report_cli, serve_cli
from mirror.replica.cli import replica_app

app = typer.Typer(
    help=(
        "Mirror film-festival archives into a web archive and a relational database.\n\n"
        "Crawls run with `scrapy crawl miff`; this command serves the practice replica, "
        "runs the demo and queries the mirror. Every command takes --db URL "
        "(default: $MIRROR_DATABASE_URL, else sqlite:///mirror.db)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(
    replica_app,
    name="replica",
    help="Deterministic practice replicas of the MIFF and NZIFF archives (--site).",
)
query_cli.register(app)
dedup_cli.register(app)
demo.register(app)
reparse_cli.register(app)
serve_cli.register(app)
report_cli.register(app)


if __name__ == "__main__":
    app()
