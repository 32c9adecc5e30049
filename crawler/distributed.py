"""Distributed crawling: crawler processes share one Redis request queue (issue 7).

Switched on by configuration alone: with ``PANTAU_REDIS_URL`` set,
``crawler/settings.py`` installs scrapy-redis' dupe filter and priority queue with the
scheduler below; the spiders and pipelines are the same as in a single process. Start
``pantau crawl`` on as many processes or machines as you like, all with the same
``PANTAU_REDIS_URL`` and a PostgreSQL ``PANTAU_DATABASE_URL``; they share one queue and
one dupe filter per outlet.

scrapy-redis 0.9.1 runs on Scrapy 2.19 as it is (only deprecation warnings). Its
scheduler pops a request off Redis and forgets it, though, so a crawler killed mid-crawl
loses every request it had popped but not finished (already in the dupe filter, never in
the store), and a Redis hiccup drops the requests being scheduled. ``RedisScheduler``
keeps scrapy-redis' keys, queue encoding and dupe filter, and adds what a crawl of
several processes needs:

* **acknowledged pops** -- a request moves atomically from the queue into this worker's
  in-flight hash and leaves it only once Scrapy has finished with it (downloaded,
  parsed, its items through the pipelines, its follow-up requests queued). Workers
  refresh a heartbeat key; the in-flight requests of a worker whose heartbeat expired
  are put back in the queue by the next worker that looks (at start, and whenever it is
  idle).
* **atomic dupe check and push** (one Lua script), so a kill between the two loses
  nothing.
* **retries while Redis is unreachable** for up to ``PANTAU_REDIS_RETRY_SECONDS`` (the
  crawl pauses: the queue is its state); past that the spider closes with reason
  ``redis_unavailable`` and an error in the log.
* **one crawl, many workers** -- a worker with nothing to do stays open while another
  live worker still has requests in flight (they may find more), and the last one to
  finish clears the dupe filter, so the next crawl fetches feeds and listings again.

Like any scrapy-redis worker, a process takes up to ``CONCURRENT_REQUESTS`` requests off
the queue at once; with one outlet per spider, keep it near
``CONCURRENT_REQUESTS_PER_DOMAIN`` so one worker does not hoard what the others could
fetch.

Queue entries are pickles (scrapy-redis' format); ``loads`` below only unpickles the few
types a request of ours can carry, so a tampered queue cannot run code.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import socket
import time
import uuid
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# -- queue serializer (SCHEDULER_SERIALIZER = "crawler.distributed") ------------------

_ALLOWED_GLOBALS = {
    ("crawler.extract", "Article"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("crawler.distributed", "_zone"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "bytearray"),
}


class _RequestUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(
                f"refusing {module}.{name} from the request queue"
            )
        return super().find_class(module, name)


def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


class _RequestPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        # ZoneInfo pickles through getattr(), which the unpickler must not allow
        if isinstance(obj, ZoneInfo):
            return _zone, (obj.key,)
        return NotImplemented


def dumps(obj: Any) -> bytes:
    """Encode a request dict for the Redis queue."""
    buf = io.BytesIO()
    _RequestPickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def loads(data: bytes) -> Any:
    """Decode a queue entry; ``pickle.UnpicklingError`` unless it is request data."""
    return _RequestUnpickler(io.BytesIO(data)).load()


# -- Lua scripts (atomic on the Redis server) ------------------------------------------

# KEYS: dupefilter, queue. ARGV: fingerprint ('' = dont_filter), score, request
_ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""
# KEYS: queue, in-flight hash, heartbeat. ARGV: heartbeat ttl (ms)
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local id = redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], id, r[2] .. '|' .. r[1])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[1])
return {id, r[1]}
"""
# KEYS: in-flight hash of another worker, its heartbeat, queue
_REQUEUE = """
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local e = redis.call('HGETALL', KEYS[1])
local n = 0
for i = 2, #e, 2 do
  local p = string.find(e[i], '|', 1, true)
  redis.call('ZADD', KEYS[3], string.sub(e[i], 1, p - 1), string.sub(e[i], p + 1))
  n = n + 1
end
redis.call('DEL', KEYS[1])
return n
"""


class RedisUnavailable(RuntimeError):
    """Redis stayed unreachable longer than PANTAU_REDIS_RETRY_SECONDS."""


class RedisScheduler(Scheduler):
    """scrapy-redis' scheduler with acknowledged pops, orphan recovery and retries.

    Settings: ``PANTAU_REDIS_WORKER_TTL`` (seconds a dead worker's requests wait before
    another takes them), ``PANTAU_REDIS_RETRY_SECONDS``, ``PANTAU_REDIS_IDLE_POLL`` (how
    often an idle worker looks for new requests), plus scrapy-redis' own
    (``REDIS_URL``, ``SCHEDULER_QUEUE_KEY``, ``SCHEDULER_DUPEFILTER_KEY``...). The queue
    class must be scrapy-redis' ``PriorityQueue``.
    """

    def __init__(self, server: Any, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        self.crawler: Crawler | None = None
        self.worker_ttl = 30.0
        self.retry_seconds = 60.0
        self.idle_poll = 0.5
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._handed: dict[bytes, Request] = {}
        self._down_since: float | None = None
        self._failed = False
        self._beat_loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        instance.worker_ttl = crawler.settings.getfloat("PANTAU_REDIS_WORKER_TTL", 30.0)
        instance.retry_seconds = crawler.settings.getfloat(
            "PANTAU_REDIS_RETRY_SECONDS", 60.0
        )
        instance.idle_poll = crawler.settings.getfloat("PANTAU_REDIS_IDLE_POLL", 0.5)
        crawler.signals.connect(instance.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(instance.item_error, signal=signals.item_error)
        return instance

    # -- lifecycle
    # --------------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        super().open(spider)
        if not isinstance(self.queue, PriorityQueue):
            raise ValueError(
                "RedisScheduler needs SCHEDULER_QUEUE_CLASS = "
                "'scrapy_redis.queue.PriorityQueue'"
            )
        assert self.crawler is not None
        if not hasattr(self.crawler.engine, "_slot"):
            # the one Scrapy internal this relies on; a test fails loudly if it moves
            raise RuntimeError(
                "Scrapy's engine has no _slot: update crawler/distributed.py"
            )
        base = self.queue.key.rsplit(":", 1)[0]
        self.inflight_pattern = f"{base}:inflight:*"
        self.inflight_key = f"{base}:inflight:{self.worker}"
        self.heartbeat_key = f"{base}:worker:{self.worker}"
        self._enqueue = self.server.register_script(_ENQUEUE)
        self._pop = self.server.register_script(_POP)
        self._requeue = self.server.register_script(_REQUEUE)
        self._beat()
        from twisted.internet import task

        self._beat_loop = task.LoopingCall(self._beat)
        self._beat_loop.start(max(self.worker_ttl / 3, 0.2), now=False)
        recovered = self._recover_orphans()
        spider.logger.info(
            "Redis worker %s: %d requests queued, %d recovered from dead workers",
            self.worker,
            len(self),
            recovered,
        )
        url = self.crawler.settings.get("PANTAU_DATABASE_URL", "")
        if url.startswith("sqlite"):
            logger.warning(
                "distributed crawl into SQLite (%s): use PostgreSQL when several "
                "crawler processes write at once",
                url,
            )

    def close(self, reason: str) -> None:
        if self._beat_loop is not None and self._beat_loop.running:
            self._beat_loop.stop()
        try:
            self._sweep()
            # in-flight requests left now (a shutdown mid-crawl) go back
            # to the queue at once
            self._call(self.server.delete, self.heartbeat_key)
            if reason == "finished" and self._crawl_finished():
                self._call(self.df.clear)
                self.spider.logger.info(
                    "crawl finished on every worker: dupe filter cleared"
                )
        except RedisUnavailable:
            logger.error("Redis unavailable while closing worker %s", self.worker)

    # -- queue -------------------------------------------------------------------
    # -----------

    def enqueue_request(self, request: Request) -> bool:
        fp = "" if request.dont_filter else self.df.request_fingerprint(request)
        data = self.queue._encode_request(request)
        try:
            added = self._call(
                self._enqueue,
                keys=[self.df.key, self.queue.key],
                args=[fp, -request.priority, data],
            )
        except RedisUnavailable as exc:
            self._fail(exc, request)
            return False
        if not added:
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        try:
            self._sweep()
            popped = self._call(
                self._pop,
                keys=[self.queue.key, self.inflight_key, self.heartbeat_key],
                args=[int(self.worker_ttl * 1000)],
            )
        except RedisUnavailable as exc:
            self._fail(exc)
            return None
        if not popped:
            return None
        request_id, data = popped
        try:
            request = self.queue._decode_request(data)
        except (
            pickle.UnpicklingError,
            ValueError,
            TypeError,
            EOFError,
            AttributeError,
        ):
            logger.error(
                "undecodable request in %s dropped", self.queue.key, exc_info=True
            )
            if self.stats:
                self.stats.inc_value("pantau/redis/undecodable")
            self._call(self.server.hdel, self.inflight_key, request_id)
            return None
        self._handed[request_id] = request
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        try:
            return self._call(self.server.zcard, self.queue.key) > 0
        except RedisUnavailable as exc:
            self._fail(exc)
            return False

    def __len__(self) -> int:
        return int(self._call(self.server.zcard, self.queue.key))

    # -- acknowledgement, heartbeat, recovery
    # ------------------------------------------------

    def _sweep(self) -> None:
        """Acknowledge handed-out requests that Scrapy has finished with."""
        if not self._handed:
            return
        assert self.crawler is not None
        assert self.crawler.engine is not None
        slot = self.crawler.engine._slot
        inprogress = slot.inprogress if slot is not None else set()
        done = [rid for rid, req in self._handed.items() if req not in inprogress]
        if done:
            self._call(self.server.hdel, self.inflight_key, *done)
            for rid in done:
                del self._handed[rid]

    def item_error(
        self, item: Any, response: Any, spider: Spider, failure: Any
    ) -> None:
        """An item the store could not take: leave its request in flight, so that it is
        crawled again when this worker is gone (its heartbeat stops), not lost."""
        from review.exceptions import StoreUnavailable

        request = getattr(response, "request", None)
        if request is not None and failure.check(StoreUnavailable):
            for rid, handed in list(self._handed.items()):
                if handed is request:
                    del self._handed[rid]
                    if self.stats:
                        self.stats.inc_value("pantau/redis/kept_for_retry")

    def _beat(self) -> None:
        try:
            self.server.set(self.heartbeat_key, "1", px=int(self.worker_ttl * 1000))
        except Exception:  # noqa: BLE001 - Redis down: the next call that needs it will retry
            logger.debug("heartbeat of %s failed", self.worker, exc_info=True)

    def _inflight_keys(self) -> list[bytes]:
        return list(
            self._call(lambda: list(self.server.scan_iter(self.inflight_pattern)))
        )

    def _recover_orphans(self) -> int:
        """Requeue the in-flight requests of workers whose heartbeat expired."""
        recovered = 0
        for key in self._inflight_keys():
            worker = key.decode().rsplit(":inflight:", 1)[1]
            if worker == self.worker:
                continue
            heartbeat = key.decode().replace(":inflight:", ":worker:")
            n = self._call(self._requeue, keys=[key, heartbeat, self.queue.key])
            if n > 0:
                recovered += n
                logger.warning("recovered %d requests of dead worker %s", n, worker)
                if self.stats:
                    self.stats.inc_value("pantau/redis/recovered", n)
        return recovered

    def _others_in_flight(self) -> int:
        keys = [k for k in self._inflight_keys() if k.decode() != self.inflight_key]
        return sum(int(self._call(self.server.hlen, k)) for k in keys)

    def _crawl_finished(self) -> bool:
        self._recover_orphans()
        return len(self) == 0 and self._others_in_flight() == 0 and not self._handed

    def spider_idle(self, spider: Spider) -> None:
        """Stay open while the shared crawl may still have work for this worker."""
        try:
            self._sweep()
            self._beat()
            if self._recover_orphans() or len(self) or self._others_in_flight():
                # look again soon rather than at the engine's 5 s
                # heartbeat: another worker
                # may be about to queue what it finds
                assert self.crawler is not None
                assert self.crawler.engine is not None
                slot = self.crawler.engine._slot
                if slot is not None:
                    slot.nextcall.schedule(self.idle_poll)
                raise DontCloseSpider
        except RedisUnavailable as exc:
            self._fail(exc)

    # -- Redis errors
    # -------------------------------------------------------------------------

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Call Redis, retrying connection errors for up to ``retry_seconds``."""
        import redis

        delay = 0.05
        while True:
            try:
                result = fn(*args, **kwargs)
            except (
                redis.ConnectionError,
                redis.TimeoutError,
                redis.BusyLoadingError,
            ) as exc:
                now = time.monotonic()
                if self._down_since is None:
                    self._down_since = now
                    logger.warning(
                        "Redis unreachable (%s); retrying for %.0fs",
                        exc,
                        self.retry_seconds,
                    )
                if now - self._down_since > self.retry_seconds:
                    raise RedisUnavailable(
                        f"Redis unreachable for {self.retry_seconds:.0f}s: {exc}"
                    ) from exc
                if self.stats:
                    self.stats.inc_value("pantau/redis/retries")
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
                continue
            if self._down_since is not None:
                logger.warning(
                    "Redis reachable again after %.1fs",
                    time.monotonic() - self._down_since,
                )
                self._down_since = None
            return result

    def _fail(self, exc: Exception, request: Request | None = None) -> None:
        if request is not None:
            logger.error("request not queued, Redis is down: %s", request.url)
            if self.stats:
                self.stats.inc_value("pantau/redis/lost_requests")
        if self._failed:
            return
        self._failed = True
        logger.error("%s; closing the spider", exc)
        if self.stats:
            self.stats.inc_value("pantau/redis/unavailable")
        assert self.crawler is not None
        assert self.crawler.engine is not None
        deferred_from_coro(
            self.crawler.engine.close_spider_async(reason="redis_unavailable")
        )
