"""`mirror replica ...`: serve the practice replica or print its ground truth."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mirror.replica.site_names import DEFAULT_SITE, SITES

if TYPE_CHECKING:  # building a site is imported by the commands: `--help` stays quick
    from mirror.replica.routes import AnySite
    from mirror.replica.site import ReplicaConfig

replica_app = typer.Typer(
    help="Deterministic local replicas of festival archives (MIFF, NZIFF), for practice crawls.",
    no_args_is_help=True,
)

SiteOpt = Annotated[
    str,
    typer.Option(
        "--site",
        help=f"Which festival archive to replicate: {', '.join(SITES)} (default {DEFAULT_SITE}).",
    ),
]

FilmsOpt = Annotated[
    int | None,
    typer.Option(
        "--films",
        min=0,
        help="Number of generated films (default 12000 for miff, 3500 for nziff; 0 extra "
        "when --records is given).",
    ),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the generated content.")]
RecordsOpt = Annotated[
    Path | None,
    typer.Option(
        "--records",
        exists=True,
        dir_okay=False,
        help="JSONL file of film records to put into the site, one JSON object a line: "
        "film_id, title, directors (list), year, countries (list), edition, section, "
        "synopsis, optional listing_line and lang (miff only).",
    ),
]
MutateOpt = Annotated[
    float,
    typer.Option(
        "--mutate",
        min=0.0,
        max=1.0,
        help="Fraction of film entries changed, as a later re-crawl would find them.",
    ),
]
MutateSeedOpt = Annotated[
    int, typer.Option("--mutate-seed", help="Seed choosing which entries --mutate changes.")
]


RemoveOpt = Annotated[
    float,
    typer.Option(
        "--remove",
        min=0.0,
        max=1.0,
        help="Fraction of film entries taken off the site (gone from listings and links, "
        "their pages 404), as a later re-crawl would find films withdrawn from the archive.",
    ),
]
RemoveSeedOpt = Annotated[
    int, typer.Option("--remove-seed", help="Seed choosing which entries --remove takes off.")
]


def _build(site: str, config: ReplicaConfig) -> AnySite:
    from mirror.replica.records import RecordsError
    from mirror.replica.sites import build_any_site

    try:
        return build_any_site(site, config)
    except (RecordsError, ValueError) as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(code=2) from error


@replica_app.command()
def serve(
    site: SiteOpt = DEFAULT_SITE,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port to listen on (0: any).")] = 8765,
    films: FilmsOpt = None,
    seed: SeedOpt = 0,
    records: RecordsOpt = None,
    faults: Annotated[
        str | None,
        typer.Option(
            "--faults",
            help=(
                "Server misbehaviour, kind=rate,...,seed=N, e.g. "
                "error=0.05,slow=0.02,truncate=0.02,encoding=0.01,seed=3. Kinds: error, slow, "
                "truncate, encoding, throttle (429/503 with Retry-After), reset, malformed; "
                "nul_etag (a NUL byte in the ETag header); and loop, huge, bomb, whose pages are "
                "never served."
            ),
        ),
    ] = None,
    mutate: MutateOpt = 0.0,
    mutate_seed: MutateSeedOpt = 0,
    remove: RemoveOpt = 0.0,
    remove_seed: RemoveSeedOpt = 0,
    verbose: Annotated[bool, typer.Option("--verbose", help="Log every request.")] = False,
    chunk_size: Annotated[
        int | None,
        typer.Option(
            "--chunk-size",
            min=1,
            help="Send bodies with Transfer-Encoding: chunked, N bytes a chunk.",
        ),
    ] = None,
) -> None:
    """Serve the replica over HTTP until interrupted (Ctrl-C)."""
    from mirror.replica.server import ReplicaServer
    from mirror.replica.site import ReplicaConfig

    built = _build(
        site, ReplicaConfig(films, seed, records, mutate, mutate_seed, faults, remove, remove_seed)
    )
    server = ReplicaServer(built, host=host, port=port, verbose=verbose, chunk_size=chunk_size)
    typer.echo(f"Replica of {len(built.films)} films at {server.url} (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


@replica_app.command()
def truth(
    site: SiteOpt = DEFAULT_SITE,
    films: FilmsOpt = None,
    seed: SeedOpt = 0,
    records: RecordsOpt = None,
    mutate: MutateOpt = 0.0,
    mutate_seed: MutateSeedOpt = 0,
    remove: RemoveOpt = 0.0,
    remove_seed: RemoveSeedOpt = 0,
) -> None:
    """Print every film entry of the site as JSONL in the `mirror export` format."""
    from mirror.replica.site import ReplicaConfig

    built = _build(
        site, ReplicaConfig(films, seed, records, mutate, mutate_seed, None, remove, remove_seed)
    )
    out = sys.stdout
    for record in built.truth_records():
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
