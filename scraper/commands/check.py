"""`scrapy check` against a replica it serves itself, unless a base URL is given.

The contracts (scraper/contracts.py) fetch sample pages from the spider's base URL, the
public site by default: a contract run from a laptop or CI would then load the real
archive and depend on it. So for every festival spider checked whose base URL setting
(``MIFF_BASE_URL``, ``NZIFF_BASE_URL``) is set neither with ``-s`` nor in the
environment, this command serves the festival's practice replica (``mirror replica
serve --site FESTIVAL --films 100 --seed 0``, the site the docstrings' sample paths
exist on) on a free loopback port for the length of the check, and points the spider
at it. ``-s MIFF_BASE_URL=https://miff.com.au`` checks the real site.

The replica is started by its command, not imported: the scraper layer does not depend
on the command line's package (tests/test_layers.py). Nothing is written either way:
``MIRROR_PERSIST`` stays off (scraper/crawl_context.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack

from scrapy.commands.check import Command as ScrapyCheckCommand
from scrapy.exceptions import UsageError

from common.child_server import ChildServerError, child_servers, free_port

# The replica the contracts' sample paths (@path) are written against.
REPLICA_OPTIONS = ("--films", "100", "--seed", "0")
REPLICA_HOST = "127.0.0.1"


def replica_command(site: str, port: int) -> list[str]:
    """`mirror replica serve` for ``site`` on ``port``, with this interpreter."""
    return [
        sys.executable,
        *("-m", "mirror.cli", "replica", "serve", "--site", site),
        *("--host", REPLICA_HOST, "--port", str(port), *REPLICA_OPTIONS),
    ]


class Command(ScrapyCheckCommand):
    def long_desc(self) -> str:
        return (
            "Check spider contracts. A festival spider whose base URL setting "
            "(MIFF_BASE_URL, NZIFF_BASE_URL) is not given is checked against its "
            "practice replica, served on a free local port for the check; "
            "-s MIFF_BASE_URL=... checks another site."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if opts.list:
            super().run(args, opts)
            return
        with ExitStack() as replicas:
            try:
                self._serve_replicas(args, replicas)
            except ChildServerError as exc:
                print(f"check aborted: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
            super().run(args, opts)

    def _serve_replicas(self, args: list[str], replicas: ExitStack) -> None:
        """Point every festival spider checked without a base URL at a replica."""
        assert self.crawler_process is not None and self.settings is not None
        loader = self.crawler_process.spider_loader
        servers: list[tuple[list[str], str]] = []
        settings: dict[str, str] = {}
        for name in args or loader.list():
            try:
                spidercls = loader.load(name)
            except KeyError:
                known = ", ".join(sorted(loader.list()))
                raise UsageError(f"no spider named {name!r} (known: {known})") from None
            setting = getattr(spidercls, "base_url_setting", None)
            festival = getattr(spidercls, "festival", None)
            if not setting or not festival:
                continue  # not a festival spider: its own start URLs
            if self.settings.get(setting) or os.environ.get(setting) or setting in settings:
                continue  # the user chose the site (or a replica serves it already)
            port = free_port(REPLICA_HOST)
            url = f"http://{REPLICA_HOST}:{port}"
            print(
                f"checking {name} against its replica at {url} "
                f"(mirror replica serve --site {festival} {' '.join(REPLICA_OPTIONS)}); "
                f"-s {setting}=URL checks another site",
                file=sys.stderr,
            )
            servers.append((replica_command(festival, port), url))
            settings[setting] = url
        if not servers:
            return
        try:
            replicas.enter_context(child_servers(servers))
        except ChildServerError as exc:
            given = " / ".join(f"-s {name}=URL" for name in settings)
            raise ChildServerError(
                f"could not serve a replica ({exc}): give {given} to check a running site"
            ) from None
        # The crawlers the check creates copy these settings.
        self.settings.setdict(settings, priority="cmdline")
