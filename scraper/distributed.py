"""The Scrapy side of a distributed crawl (``MIRROR_REDIS_URL``): scheduler, seeding,
heartbeat and idle exit. The Redis keys and scripts are in scraper/frontier.py, the
combined run accounting in scraper/run_share.py.

- :class:`LeasedScheduler` (``SCHEDULER``, set by ``scrapy crawl`` when the URL is given):
  scrapy-redis's scheduler with its shared dupefilter and priority queue, but popping
  leases a request instead of removing it, and marking a request seen and queueing it
  in one step. A retry or redirect of a leased request is
  queued first, then the old lease acknowledged.
- :class:`SeedOnce` (spider middleware): only the run's founder sends the spider's start
  requests; a worker that joins later takes its work from the frontier (unless the run
  is not seeded yet: then the shared dupefilter makes a second seeding harmless).
- :class:`DistributedWorker` (extension): notes each request whose processing is over
  (its items are in the store's batch, its follow-up requests in Redis) so the store
  acknowledges it after its next commit; renews the worker's leases; requeues expired
  leases; and keeps the worker alive while the run is not idle: it closes once the queue
  and the leases are empty and nothing moved for ``MIRROR_IDLE_EXIT_SECONDS``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, signals
from scrapy.core.scheduler import Scheduler as ScrapyScheduler
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from scraper.crawl_context import CrawlContext
from scraper.frontier import LEASE_META_KEY, Frontier

logger = logging.getLogger(__name__)

# How often an idle worker looks at the shared queue for work the others queued.
POLL_SECONDS = 0.5
# Requests a worker leases per round trip to Redis. Each is still its own lease, renewed
# while the worker lives and taken up by the others if it dies; a few at a time halve
# the round trips of a page (one pop each was a fifth of a worker's reactor thread).
LEASE_BATCH = 8


def _frontier_of(crawler: Crawler) -> Frontier:
    frontier = CrawlContext.of(crawler).frontier
    if frontier is None:
        # No message: Scrapy would log it as a warning in every crawl on its own.
        raise NotConfigured
    return frontier


class LeasedScheduler(Scheduler):  # type: ignore[misc,unused-ignore]  # scrapy-redis is untyped
    """scrapy-redis's scheduler on the run's keys, leasing what it hands out."""

    def __init__(self, crawler: Crawler, frontier: Frontier) -> None:
        dupefilter = RFPDupeFilter(frontier.server, frontier.key("dupefilter"))
        super().__init__(
            server=frontier.server,
            persist=True,  # the run's last worker deletes its keys, not each one that leaves
            queue_key=frontier.key("queue"),
            dupefilter=dupefilter,
        )
        self.frontier = frontier
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        frontier = CrawlContext.of(crawler).frontier
        if frontier is None:
            # The run was refused (SQLite, Redis down, lock held): it closes before
            # fetching anything, with Scrapy's own scheduler meanwhile.
            return ScrapyScheduler.from_crawler(crawler)
        return cls(crawler, frontier)

    def open(self, spider: Any) -> None:
        self.spider = spider
        # Used for its (de)serialisation of requests: pushes and pops are the frontier's.
        self.queue = PriorityQueue(server=self.server, spider=spider, key=self.queue_key)

    def close(self, reason: str) -> None:
        # The frontier outlives this worker; what it leased but never started goes back.
        unstarted = len(self.frontier.waiting)
        try:
            self.frontier.release_waiting()
        except Exception as exc:  # Redis gone: the leases expire instead
            logger.warning("could not return %d leased requests: %s", unstarted, exc)

    def enqueue_request(self, request: Request) -> bool:
        # A retry or a redirect carries its original's lease: queue it, then let go of it.
        token = request.meta.pop(LEASE_META_KEY, None)
        try:
            # Encoded up front, duplicates too: the script that marks it seen queues it in
            # the same step (a separate check first would cost a round trip per request).
            data, score = self.queue._encode_request(request), -request.priority
            if request.dont_filter:
                self.frontier.push(data, score)
            elif not self.frontier.push_unless_seen(
                self.df.request_fingerprint(request), data, score
            ):
                self.df.log(request, self.spider)
                return False
            if self.stats:
                self.stats.inc_value("scheduler/enqueued/redis")
            return True
        finally:
            if token is not None:
                self.frontier.ack([token])

    def next_request(self) -> Request | None:
        leased = self.frontier.next_leased(LEASE_BATCH)
        if leased is None:
            return None
        token, data = leased
        request: Request = self.queue._decode_request(data)
        request.meta[LEASE_META_KEY] = token
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return bool(self.frontier.waiting) or self.frontier.queued() > 0

    def __len__(self) -> int:
        return len(self.frontier.waiting) + self.frontier.queued()


class SeedOnce:
    """Only the run's founder seeds the frontier with the spider's start requests."""

    def __init__(self, frontier: Frontier) -> None:
        self.frontier = frontier

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnce:
        return cls(_frontier_of(crawler))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if not self.frontier.founder and self.frontier.seeded():
            logger.info("joining the distributed run %s: not seeding it", self.frontier.prefix)
            return
        # A joiner that finds the run not seeded yet (its founder still starting, or
        # killed before it could) seeds it too: the shared dupefilter drops the requests
        # already queued, so the start page is fetched once all the same.
        async for request_or_item in start:
            yield request_or_item
        # Each start request was queued before the next one was asked for.
        self.frontier.mark_seeded()


class DistributedWorker:
    """Heartbeat, acknowledgement bookkeeping and idle exit of one worker."""

    def __init__(self, crawler: Crawler, frontier: Frontier) -> None:
        self.crawler = crawler
        self.frontier = frontier
        self._heartbeat: LoopingCall | None = None
        self._poll: LoopingCall | None = None
        self._stray: set[str] = set()  # held leases no request of this worker had last beat

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedWorker:
        extension = cls(crawler, _frontier_of(crawler))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self._watch_finished_requests()
        self._heartbeat = LoopingCall(self._beat)
        interval = max(0.5, self.frontier.lease_seconds / 3)
        self._heartbeat.start(interval, now=True).addErrback(self._beat_failed)
        self._poll = LoopingCall(self._look_for_work)
        self._poll.start(POLL_SECONDS, now=False).addErrback(self._beat_failed)

    def _watch_finished_requests(self) -> None:
        """Learn when the scraper is done with a request: Scrapy has no signal for it.

        The scraper's slot calls ``finish_response`` once a response (or failure) went
        through its callback and every item it yielded through the item pipelines, and
        every request it yielded was scheduled (into Redis), which is exactly when its
        lease may be acknowledged after the store's next commit.
        """
        engine = self.crawler.engine
        slot = engine.scraper.slot if engine is not None else None
        if slot is None:
            raise RuntimeError("the scraper has no slot at spider_opened")
        finish = slot.finish_response
        frontier = self.frontier

        def finish_response(result: Response | Failure, request: Request) -> None:
            finish(result, request)
            token = request.meta.get(LEASE_META_KEY)
            if token is not None:
                frontier.done.append(token)  # not a saved alias: take_done() swaps it

        slot.finish_response = finish_response  # type: ignore[method-assign]

    def _beat(self) -> None:
        self._release_strays()
        self.frontier.renew()
        requeued = self.frontier.requeue_expired()
        if requeued:
            logger.warning("%d expired leases (a worker died?) put back in the queue", requeued)

    def _release_strays(self) -> None:
        """Acknowledge leases whose request this worker dropped on the way.

        A redirect or retry carries its original's lease to the scheduler, which lets go of
        it once the new request is queued; but a request refused before it reaches the
        scheduler (an offsite redirect: the offsite middleware raises IgnoreRequest in a
        request_scheduled handler, and no signal tells) would keep its lease renewed
        forever, and the run would never be idle. A lease held by no request in the
        engine, and by none waiting for the store's commit, at two heartbeats in a row
        is such a one: its request was dealt with, by being dropped.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is None:
            return
        frontier = self.frontier
        live = {request.meta.get(LEASE_META_KEY) for request in slot.inprogress}
        live.update(token for token, _ in frontier.waiting)  # leased, not handed out yet
        live.update(frontier.done)
        live.update(frontier.committing)
        stray = frontier.held - live
        confirmed = sorted(stray & self._stray)
        self._stray = stray - self._stray
        if confirmed:
            logger.info("%d dropped requests let go of their leases", len(confirmed))
            frontier.ack(confirmed)

    def _look_for_work(self) -> None:
        """Ask the engine for its next requests when the shared queue has some.

        An engine whose own work ran out asks its scheduler again only every 5 s (its
        slot's heartbeat): meanwhile the other workers may have queued plenty. Scrapy
        offers no public call for it, hence the slot's ``nextcall``.
        """
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        if slot is not None and slot.closing is None and self.frontier.queued():
            slot.nextcall.schedule()

    def _beat_failed(self, failure: Failure) -> None:
        logger.error("distributed heartbeat stopped: %s", failure.value)

    def spider_idle(self, spider: Any) -> None:
        idle = self.frontier.idle_for()
        if idle is not None and idle >= self.frontier.idle_exit_seconds:
            logger.info("the distributed run has been idle for %.1f s: this worker ends", idle)
            return
        raise DontCloseSpider

    def spider_closed(self, spider: Any, reason: str) -> None:
        for loop in (self._heartbeat, self._poll):
            if loop is not None and loop.running:
                loop.stop()
