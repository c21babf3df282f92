"""Scrapy settings for the festival mirror.

Defaults are polite for the real archive: robots.txt, AutoThrottle, an identifying
User-Agent and a small per-host limit. A spider pointed at a loopback replica turns
the throttling off itself (see FestivalSpider.update_settings).
"""

from __future__ import annotations

import os

from common.gc_tuning import enabled_by_environment

BOT_NAME = "festival-mirror"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
COMMANDS_MODULE = "scraper.commands"

USER_AGENT = (
    "festival-mirror/0.1 (+https://github.com/festival-mirror/festival-mirror; "
    "film archive research mirror)"
)
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 60
# Before retrying a 429 or 503, wait as long as its Retry-After asks, at most this many
# seconds; a 429 that names no time backs off 1 s, 2 s, 4 s... (scraper/server_faults.py).
MIRROR_RETRY_AFTER_MAX = 300.0
MIRROR_RETRY_BACKOFF_BASE = 1.0
# A run that meets this many failed requests in a row (5xx, 429, timeouts, resets...)
# aborts with exit status 5 and tombstones nothing; 0 never aborts.
MIRROR_MAX_CONSECUTIVE_FAILURES = 50
# A festival page is a few KB: a body (or an inflated gzip body) over 32 MiB is dropped
# with a warning and counted, not read into memory (Scrapy's default allows 1 GiB).
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# The archive is the source of record: keep going past single failures, but the
# MIRROR_* settings below decide when a run must abort. Each festival's own settings
# (MIFF_BASE_URL, ...) default in its spider (scraper/spiders/).
MIRROR_DATABASE_URL = os.environ.get("MIRROR_DATABASE_URL")
# MIRROR_PERSIST (scraper/crawl_context.py) is deliberately not set here: a project
# setting would outrank the commands' own defaults. Only `scrapy crawl` turns it on, so
# `scrapy parse`, `shell` and `check` never lock, record or write anything.
# WARC archiving (archive/): on exactly when set, e.g. `-s MIRROR_ARCHIVE_DIR=./warc`.
MIRROR_ARCHIVE_DIR = os.environ.get("MIRROR_ARCHIVE_DIR") or None
MIRROR_WARC_MAX_BYTES = 1_000_000_000
# With an archive: re-check a film page only once this many days have passed since its
# last check (archive/revisit_policy.py); 0 checks every page on every run.
MIRROR_REVISIT_DAYS = os.environ.get("MIRROR_REVISIT_DAYS") or 0
MIRROR_BATCH_SIZE = 200
# A distributed crawl: one of N workers sharing a Redis frontier (scraper/frontier.py);
# MIRROR_LEASE_SECONDS and MIRROR_IDLE_EXIT_SECONDS are read from -s or the environment.
MIRROR_REDIS_URL = os.environ.get("MIRROR_REDIS_URL") or None

MIRROR_DB_RETRY_SECONDS = 60.0
# Worker processes that parse film pages off the reactor thread (scraper/offload.py);
# 0 parses inline. A loopback replica sets 1 (scraper.festival_spider.LOOPBACK_SETTINGS):
# there the reactor thread is the bottleneck, against the real site the network is.
MIRROR_EXTRACT_WORKERS = 0
# Run the mirror store's writes in a child process (db/store_process.py), so their
# Python work does not hold the crawl process's GIL.
MIRROR_STORE_PROCESS = True
# At the end of a finished run, match its new and changed entries into works
# (deduplication, linkage/service.py); 0 leaves them for `mirror link`.
MIRROR_LINK = True

# The handler keeps the wire bytes of each head; the middleware (950: before
# HttpCompressionMiddleware inflates the body) writes request and response records.
DOWNLOAD_HANDLERS = {
    "http": "archive.wire.WireRecordingDownloadHandler",
    "https": "archive.wire.WireRecordingDownloadHandler",
}
# The fault middlewares (scraper/server_faults.py) take the places of Scrapy's retry,
# redirect and compression middlewares; the guard (900) sees every raw attempt.
DOWNLOADER_MIDDLEWARES = {
    "scraper.middlewares.WarcCaptureMiddleware": 950,
    "scraper.server_faults.ConsecutiveFailureGuard": 900,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scraper.server_faults.CountingRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "scraper.server_faults.CountingHttpCompressionMiddleware": 590,
    "scraper.server_faults.CharsetAccounting": 580,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.server_faults.BackoffRetryMiddleware": 550,
}
# Last on the spider's output: film pages not due again (MIRROR_REVISIT_DAYS) are not
# requested, only marked as seen.
SPIDER_MIDDLEWARES = {
    "scraper.middlewares.NotDueRecordPages": 5,
    "scraper.distributed.SeedOnce": 1,  # distributed crawls only: the founder seeds
}

# One crawl per (database, festival) at a time: a second run exits non-zero, fetching
# nothing (flock beside a SQLite file, an advisory lock on PostgreSQL).
EXTENSIONS = {
    "scraper.extensions.RunLock": 100,
    "scraper.distributed.DistributedWorker": 150,  # distributed crawls only (after RunLock)
    "scraper.collector.CollectorTuning": 200,
    "scraper.progress.CrawlProgress": 500,
}
# A progress line (films stored, rate, ETA) this often, in seconds (scraper/progress.py).
MIRROR_PROGRESS_INTERVAL = 60
# Collect cyclic garbage less often (mirror/gc_tuning.py): nearly half the crawl
# process's CPU went to CPython's collector with its default settings.
MIRROR_GC_TUNING = enabled_by_environment()
# The crawl's helper processes (extraction, store, WARC writer) run this many nice
# steps below the crawl's reactor, its critical path (scraper/priority.py); 0: level.
MIRROR_HELPER_NICE = 10

# Scrapy's in-memory stats, without a deprecation shim that ran on every stats call.
STATS_CLASS = "scraper.stats.MirrorStatsCollector"
ITEM_PIPELINES = {
    "scraper.validation.ValidationPipeline": 100,
    "scraper.pipelines.MirrorStorePipeline": 800,
}
SPIDER_CONTRACTS = {
    "scraper.contracts.PathContract": 10,
    "scraper.contracts.FilledContract": 20,
}
# Film and listing callbacks yield at most a handful of items each; Scrapy's default
# of 100 concurrent item workers per response only costs time here.
CONCURRENT_ITEMS = 1

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("MIRROR_LOG_LEVEL", "INFO")
# No "Crawled"/"Scraped" DEBUG record per page unless something shows DEBUG records.
LOG_FORMATTER = "scraper.logformatter.QuietLogFormatter"
# An unattended cron run needs no live console: Scrapy's telnet console and its
# remote-control HTTP server (on by default since 2.19: it runs code posted to it and
# leaves a job file with its token in the user's profile) stay off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
