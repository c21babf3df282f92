"""The shared Redis frontier of a distributed crawl (``MIRROR_REDIS_URL``), with leases.

scrapy-redis gives the workers one request queue and one dupefilter in Redis; on its own
a request is gone from Redis the moment a worker pops it, so a worker killed with SIGKILL
loses every request it had in flight. Here a pop moves the request, atomically (a Lua
script), into a *leased* sorted set scored by the lease's expiry; the worker renews its
leases while it lives and acknowledges (removes) a request only once its page's items
and page record are committed by the store. Any worker puts expired leases back in the
queue, so what a killed worker held is crawled again by the others: the store upserts
by natural key, so a page crawled twice writes no duplicate row.

Every key of one distributed run starts with :attr:`Frontier.prefix`
(``mirror:<festival>:<database digest>`` unless ``MIRROR_REDIS_PREFIX`` names another):

``queue``      sorted set: encoded requests by priority (scrapy-redis's PriorityQueue)
``dupefilter`` set: fingerprints of every request scheduled (scrapy-redis)
``leased``     sorted set: lease token -> expiry (Redis server time, seconds)
``lease:data`` / ``lease:score`` hashes: token -> encoded request / queue score
``workers``    sorted set: worker id -> expiry of its membership (renewed by heartbeat)
``founder``    the worker that created the run (it seeds the frontier and records the run)
``run_id``     the crawl_runs id every worker writes under
``seeded``     set once the founder's start requests are all in the queue
``activity``   server time of the last pop or acknowledgement
``part:<id>``  one worker's accounting (JSON), ``seen``/``revisited``/``not_checked``/
               ``present`` the union of record ids (see scraper/run_share.py)

All times are the Redis server's (``TIME``), so the workers' clocks need not agree.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from redis import Redis
from scrapy.settings import BaseSettings
from sqlalchemy.engine import make_url

REDIS_URL_SETTING = "MIRROR_REDIS_URL"
PREFIX_SETTING = "MIRROR_REDIS_PREFIX"
LEASE_SETTING = "MIRROR_LEASE_SECONDS"
IDLE_EXIT_SETTING = "MIRROR_IDLE_EXIT_SECONDS"
DEFAULT_LEASE_SECONDS = 60.0
DEFAULT_IDLE_EXIT_SECONDS = 30.0
DISTRIBUTED_SCHEDULER = "scraper.distributed.LeasedScheduler"
LEASE_META_KEY = "mirror_lease"  # the lease token of a request popped from the frontier

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

# KEYS: queue leased lease:data lease:score lease:seq activity; ARGV: lease seconds, how
# many; returns token, request, token, request... (empty when the queue is)
_POP = (
    _NOW
    + """
local popped = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
if #popped == 0 then return {} end
local leased = {}
for i = 1, #popped, 2 do
  redis.call('ZREM', KEYS[1], popped[i])
  local token = tostring(redis.call('INCR', KEYS[5]))
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), token)
  redis.call('HSET', KEYS[3], token, popped[i])
  redis.call('HSET', KEYS[4], token, popped[i + 1])
  leased[#leased + 1] = token
  leased[#leased + 1] = popped[i]
end
redis.call('SET', KEYS[6], tostring(now))
return leased
"""
)

# KEYS: dupefilter queue; ARGV: fingerprint, request, score. 1: queued, 0: seen before.
# One script, so that a worker killed between the two writes cannot leave a request marked
# seen that is in no queue: every worker would drop it as a duplicate, and its page would
# never be fetched (a film went missing so after a SIGKILL).
_PUSH_UNSEEN = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], tonumber(ARGV[3]), ARGV[2])
return 1
"""

# KEYS: leased lease:data lease:score activity; ARGV: tokens
_ACK = (
    _NOW
    + """
for _, token in ipairs(ARGV) do
  redis.call('ZREM', KEYS[1], token)
  redis.call('HDEL', KEYS[2], token)
  redis.call('HDEL', KEYS[3], token)
end
redis.call('SET', KEYS[4], tostring(now))
return #ARGV
"""
)

# A lease back in the queue with its request's score, the lease gone; true when it still
# had its request. KEYS as in the two scripts below.
_PUT_BACK = """
local function put_back(token)
  local data = redis.call('HGET', KEYS[3], token)
  local score = redis.call('HGET', KEYS[4], token)
  if data then redis.call('ZADD', KEYS[1], tonumber(score) or 0, data) end
  redis.call('ZREM', KEYS[2], token)
  redis.call('HDEL', KEYS[3], token)
  redis.call('HDEL', KEYS[4], token)
  return data ~= false
end
"""

# KEYS: queue leased lease:data lease:score; returns how many expired leases went back
_REQUEUE_EXPIRED = (
    _NOW
    + _PUT_BACK
    + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, token in ipairs(expired) do put_back(token) end
return #expired
"""
)

# KEYS: queue leased lease:data lease:score; ARGV: tokens; returns how many went back
_RELEASE = (
    _PUT_BACK
    + """
local released = 0
for _, token in ipairs(ARGV) do
  if put_back(token) then released = released + 1 end
end
return released
"""
)

# KEYS: leased workers; ARGV: lease seconds, worker id, tokens...
_RENEW = (
    _NOW
    + """
local expiry = now + tonumber(ARGV[1])
redis.call('ZADD', KEYS[2], expiry, ARGV[2])
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i]) end
return #ARGV - 2
"""
)

# KEYS: workers founder activity; ARGV: lease seconds, worker id. 1: this worker founds the run
_JOIN = (
    _NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local founded = redis.call('SETNX', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('SET', KEYS[3], tostring(now))
return founded
"""
)

# KEYS: workers; ARGV: worker id. How many live workers remain once this one has left.
_LEAVE = (
    _NOW
    + """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
"""
)

# KEYS: queue leased lease:data lease:score seeded activity workers; ARGV: lease seconds
# -1: not idle (queue or leases not empty, not seeded yet, or a worker missed heartbeats);
# else seconds since the last activity. A worker that missed two heartbeats (renewed every
# third of a lease) may be dead: waiting for its membership to expire lets the last worker
# to leave see that it is the last, and record the run.
_IDLE = (
    _REQUEUE_EXPIRED.replace("return #expired", "")
    + """
if redis.call('EXISTS', KEYS[5]) == 0 then return '-1' end
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('ZCARD', KEYS[2]) > 0 then return '-1' end
redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', now)
if redis.call('ZCOUNT', KEYS[7], '-inf', now + tonumber(ARGV[1]) / 3) > 0 then return '-1' end
local last = tonumber(redis.call('GET', KEYS[6]) or now)
return tostring(now - last)
"""
)


class FrontierError(Exception):
    """The Redis frontier cannot be used (unreachable, or a bad URL)."""


def redis_url(settings: BaseSettings) -> str | None:
    """``MIRROR_REDIS_URL`` from ``-s``, else the environment; None: not distributed."""
    return settings.get(REDIS_URL_SETTING) or os.environ.get(REDIS_URL_SETTING) or None


def is_distributed(settings: BaseSettings) -> bool:
    """Whether this crawl is a worker of a distributed run: only `scrapy crawl` (which
    then sets the scheduler) becomes one, so `mirror reparse` or the demo, run where
    ``MIRROR_REDIS_URL`` is set, still crawl on their own."""
    return redis_url(settings) is not None and settings.get("SCHEDULER") == DISTRIBUTED_SCHEDULER


def database_refusal(database_url: str) -> str | None:
    """Why a distributed crawl cannot use this mirror (None: it can): every worker must
    reach it and write it at once, which only PostgreSQL allows."""
    try:
        url = make_url(database_url)
    except Exception:
        return None  # a malformed URL: the store says what is wrong with it
    if url.get_backend_name() == "postgresql":
        return None
    printable = url.render_as_string(hide_password=True)
    return (
        f"a distributed crawl ({REDIS_URL_SETTING}) needs a PostgreSQL mirror that every "
        f"worker can reach, not {printable}"
    )


def default_prefix(festival: str, database_url: str) -> str:
    """One crawl's keys: the festival and a digest of the database (password left out), so
    crawls of other festivals or into other mirrors never share a frontier."""
    printable = make_url(database_url).render_as_string(hide_password=True)
    digest = hashlib.sha1(printable.encode()).hexdigest()[:12]
    return f"mirror:{festival}:{digest}"


def new_worker_id() -> str:
    """Unique across machines and restarts; safe in a file name (WARC prefix)."""
    host = "".join(c if c.isalnum() or c in "-_" else "-" for c in socket.gethostname())
    return f"{host[:30]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def _setting_float(settings: BaseSettings, name: str, default: float) -> float:
    value = settings.get(name)
    if value in (None, ""):
        value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


@dataclass
class Frontier:
    """One worker's handle on the distributed run's keys in Redis."""

    server: Redis
    prefix: str
    worker_id: str
    lease_seconds: float
    idle_exit_seconds: float
    founder: bool = False
    # Tokens of this worker's leases: renewed by its heartbeat until acknowledged.
    held: set[str] = field(default_factory=set)
    # Requests fully processed (items handed to the store, follow-ups queued), to be
    # acknowledged once the store's next batch is committed.
    done: list[str] = field(default_factory=list)
    # Taken from ``done`` into a batch of the store's: acknowledged once it is committed.
    committing: set[str] = field(default_factory=set)
    # Leased in a batch but not handed to the engine yet: held all the same (renewed, and
    # taken up by the others should this worker die), and no stray (DistributedWorker).
    waiting: deque[tuple[str, bytes]] = field(default_factory=deque)
    scripts: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_settings(cls, settings: BaseSettings, festival: str, database_url: str) -> Frontier:
        url = redis_url(settings)
        if url is None:
            raise FrontierError(f"{REDIS_URL_SETTING} is not set")
        try:
            server = Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
            server.ping()
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise FrontierError(f"cannot reach the Redis frontier {url}: {first}") from exc
        return cls(
            server=server,
            prefix=settings.get(PREFIX_SETTING) or default_prefix(festival, database_url),
            worker_id=new_worker_id(),
            lease_seconds=max(1.0, _setting_float(settings, LEASE_SETTING, DEFAULT_LEASE_SECONDS)),
            idle_exit_seconds=max(
                0.0, _setting_float(settings, IDLE_EXIT_SETTING, DEFAULT_IDLE_EXIT_SECONDS)
            ),
        )

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        # One Script object per text: registering hashes the script every time.
        registered = self.scripts.get(script)
        if registered is None:
            registered = self.scripts[script] = self.server.register_script(script)
        return registered(keys=keys, args=args)

    # -- membership -------------------------------------------------------------------------

    def join(self) -> bool:
        """Join the run (founding it when none is under way); True for its founder."""
        keys = [self.key("workers"), self.key("founder"), self.key("activity")]
        self.founder = bool(self._run(_JOIN, keys, [self.lease_seconds, self.worker_id]))
        return self.founder

    def leave(self) -> int:
        """Leave the run; how many live workers remain (0: this one was the last)."""
        return int(self._run(_LEAVE, [self.key("workers")], [self.worker_id]))

    def publish_run_id(self, run_id: int) -> None:
        self.server.set(self.key("run_id"), run_id)

    def run_id(self) -> int | None:
        value = self.server.get(self.key("run_id"))
        return int(value) if value is not None else None

    def seeded(self) -> bool:
        return bool(self.server.exists(self.key("seeded")))

    def mark_seeded(self) -> None:
        self.server.set(self.key("seeded"), self.worker_id)

    def clear(self) -> None:
        """Delete every key of the run (its last worker, once the run is recorded)."""
        keys = list(self.server.scan_iter(match=f"{self.prefix}:*", count=500))
        if keys:
            self.server.delete(*keys)

    # -- the queue and its leases ------------------------------------------------------------

    def _lease_keys(self) -> list[str]:
        return [self.key("leased"), self.key("lease:data"), self.key("lease:score")]

    def push(self, data: bytes, score: float) -> None:
        self.server.zadd(self.key("queue"), {data: score})

    def push_unless_seen(self, fingerprint: str, data: bytes, score: float) -> bool:
        """Queue a request unless its fingerprint was seen; both writes or neither."""
        keys = [self.key("dupefilter"), self.key("queue")]
        return bool(self._run(_PUSH_UNSEEN, keys, [fingerprint, data, score]))

    def pop_many(self, count: int) -> list[tuple[str, bytes]]:
        """Lease the queue's first `count` requests in one round trip, in queue order."""
        keys = [self.key("queue"), *self._lease_keys(), self.key("lease:seq"), self.key("activity")]
        flat = self._run(_POP, keys, [self.lease_seconds, count]) or []
        leased = []
        for raw_token, data in zip(flat[::2], flat[1::2], strict=True):
            token = raw_token.decode() if isinstance(raw_token, bytes) else str(raw_token)
            self.held.add(token)
            leased.append((token, data))
        return leased

    def ack(self, tokens: list[str]) -> None:
        if tokens:
            self._run(_ACK, [*self._lease_keys(), self.key("activity")], list(tokens))
            self.held.difference_update(tokens)
            self.committing.difference_update(tokens)

    def next_leased(self, batch: int) -> tuple[str, bytes] | None:
        """This worker's next request: one leased with the last batch, or else the first of
        a new batch of up to `batch` leases; None when the queue is empty."""
        if not self.waiting:
            self.waiting.extend(self.pop_many(batch))
        return self.waiting.popleft() if self.waiting else None

    def release_waiting(self) -> int:
        """Put the requests leased but never handed out back in the queue at once (rather
        than when their leases expire); how many went back."""
        tokens = [token for token, _ in self.waiting]
        self.waiting.clear()
        if not tokens:
            return 0
        keys = [self.key("queue"), *self._lease_keys()]
        released = int(self._run(_RELEASE, keys, tokens))
        self.held.difference_update(tokens)
        return released

    def take_done(self) -> list[str]:
        done, self.done = self.done, []
        self.committing.update(done)
        return done

    def renew(self) -> None:
        """Push back the expiry of this worker's leases and membership (its heartbeat)."""
        keys = [self.key("leased"), self.key("workers")]
        self._run(_RENEW, keys, [self.lease_seconds, self.worker_id, *sorted(self.held)])

    def requeue_expired(self) -> int:
        return int(self._run(_REQUEUE_EXPIRED, [self.key("queue"), *self._lease_keys()], []))

    def queued(self) -> int:
        return int(self.server.zcard(self.key("queue")))

    def idle_for(self) -> float | None:
        """Seconds the whole run has been idle (queue and leases empty, seeded); None when
        it is not idle."""
        keys = [
            self.key("queue"),
            *self._lease_keys(),
            self.key("seeded"),
            self.key("activity"),
            self.key("workers"),
        ]
        value = float(self._run(_IDLE, keys, [self.lease_seconds]))
        return None if value < 0 else value
