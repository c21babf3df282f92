"""`scrapy crawl` with an exit status a scheduler can trust.

Scrapy's own command exits 0 whenever the engine stopped, even when a spider was
closed because the database went away. Cron and systemd only see the exit status,
so a run that did not finish must exit non-zero with a one-line reason on stderr:

- 2, ``crawl aborted: <reason>``: the run stopped early (lock held, database down...);
- 2 too, before anything is fetched, for a bad ``-a edition=`` or ``-a film=``
  (scraper/crawl_selection.py);
- 3, ``crawl failed its health check: <what dropped>``: the run went to the end but
  found far fewer films, or far emptier fields, than the recent runs (see db/runs.py),
  so nothing was tombstoned and the run is recorded as failed;
- 4, ``crawl incomplete: <pages that raised>``: the run went to the end, but parsing
  some pages raised an error (a parser bug, a page it cannot read), so what those pages
  held was not read and nothing was tombstoned; the run is recorded as incomplete.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, ClassVar

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from archive.revisit_policy import REVISIT_DAYS_SETTING, RevisitPolicy, RevisitPolicyError
from db.session import database_url
from scraper.crawl_context import DATABASE_URL_SETTING, PERSIST_SETTING
from scraper.crawl_selection import SelectionError, merge_repeated_arguments, selection_for
from scraper.frontier import DISTRIBUTED_SCHEDULER, database_refusal, redis_url
from scraper.pipelines import ALARM_STAT, RUN_STATUS_STAT
from scraper.server_faults import TOO_MANY_FAILURES

# Reasons Scrapy itself uses for a run that ended normally.
FINISHED_REASONS = {"finished"}
EXIT_ABORTED = 2
EXIT_HEALTH_CHECK = 3
EXIT_INCOMPLETE = 4
EXIT_TOO_MANY_FAILURES = 5
OVERRIDE_HINT = "if the site changed on purpose, re-run with -s MIRROR_HEALTH_CHECK=0"


class Command(ScrapyCrawlCommand):
    # The one command that writes the mirror (scraper/crawl_context.py): at command
    # priority, so `-s MIRROR_PERSIST=0` still makes a dry crawl.
    default_settings: ClassVar[dict[str, Any]] = {
        **ScrapyCrawlCommand.default_settings,
        PERSIST_SETTING: True,
    }

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # `-a film=1 -a film=2` means both films; Scrapy's own parsing keeps the last.
        opts.spargs = merge_repeated_arguments(opts.spargs)
        super().process_options(args, opts)
        assert self.settings is not None
        if redis_url(self.settings) is not None:
            # One of N workers on a shared Redis frontier (scraper/distributed.py).
            self.settings.set("SCHEDULER", DISTRIBUTED_SCHEDULER, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. `scrapy crawl miff`")
        assert self.crawler_process
        assert self.settings is not None
        try:
            RevisitPolicy.from_days(self.settings.get(REVISIT_DAYS_SETTING))
        except RevisitPolicyError as exc:
            print(f"crawl aborted: {exc}", file=sys.stderr)  # before anything is fetched
            self.exitcode = EXIT_ABORTED
            return
        if redis_url(self.settings) is not None:
            refusal = database_refusal(database_url(self.settings.get(DATABASE_URL_SETTING)))
            if refusal is not None:
                print(f"crawl aborted: {refusal}", file=sys.stderr)  # no database touched
                self.exitcode = EXIT_ABORTED
                return
        crawler = self._create_crawler(args[0])
        try:
            selection_for(crawler.spidercls, opts.spargs)
        except SelectionError as exc:
            print(f"crawl aborted: {exc}", file=sys.stderr)  # before anything is fetched
            self.exitcode = EXIT_ABORTED
            return
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats
        reason = stats.get_value("finish_reason") if stats else None
        if reason not in FINISHED_REASONS:
            message = (stats.get_value("mirror/abort_message") if stats else None) or reason
            print(f"crawl aborted: {message}", file=sys.stderr)
            self.exitcode = EXIT_TOO_MANY_FAILURES if reason == TOO_MANY_FAILURES else EXIT_ABORTED
        elif stats is not None and stats.get_value(RUN_STATUS_STAT) == "failed":
            alarm = stats.get_value(ALARM_STAT)
            print(f"crawl failed its health check: {alarm} ({OVERRIDE_HINT})", file=sys.stderr)
            self.exitcode = EXIT_HEALTH_CHECK
        elif stats is not None and stats.get_value(RUN_STATUS_STAT) == "incomplete":
            print(f"crawl incomplete: {stats.get_value(ALARM_STAT)}", file=sys.stderr)
            self.exitcode = EXIT_INCOMPLETE
