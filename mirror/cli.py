"""The `mirror` command: run the replica, crawl a demo, query the relational mirror."""

from __future__ import annotations

import typer

# Every module below keeps its heavy imports (SQLAlchemy, Scrapy, linkage, numpy) inside
# its command functions, so that `mirror --help` answers at once (tests/test_cli_startup.py).
from mirror import (
    dedup_cli,
    demo,
    export_cli,
    query_cli,
    reparse_cli,
    report_cli,
    serve_cli,
    wacz_cli,
)
from mirror.app_options import main_options
from mirror.help_format import show_flags_as_flags
from mirror.replica.cli import replica_app

show_flags_as_flags()
app = typer.Typer(
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (README)
    pretty_exceptions_enable=False,
)
app.callback()(main_options)
app.add_typer(
    replica_app,
    name="replica",
    help="Deterministic practice replicas of the MIFF and NZIFF archives (--site).",
)
query_cli.register(app)
export_cli.register(app)
wacz_cli.register(app)
dedup_cli.register(app)
demo.register(app)
reparse_cli.register(app)
serve_cli.register(app)
report_cli.register(app)


if __name__ == "__main__":
    app(prog_name="mirror")  # `python -m mirror.cli` is `mirror` (usage, completion script)
