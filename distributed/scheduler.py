"""scrapy-redis's scheduler and dupefilter, as a job worker's: leased pops, a small prefetch, an
idle timeout over the whole job, the project's request fingerprints, no deprecated calls.

What is kept from scrapy-redis: the priority queue (a sorted set of pickled `Request.to_dict()`)
and the fingerprint set. What is changed, and why:
- `next_request` leases (`leases.py`) instead of popping, and takes nothing while this worker
  already has `REDIS_PREFETCH` requests in flight: Scrapy's engine would otherwise pull up to
  CONCURRENT_REQUESTS requests into its download slots, and the first worker drains the queue.
- fingerprints are `crawler.request_fingerprinter`'s (REQUEST_FINGERPRINTER_CLASS), not
  scrapy-redis's own hash; the queue and fingerprints persist (a worker that ends cleanly must
  not wipe them for the others: scrapy-redis's `SCHEDULER_PERSIST=False` would).
- the worker closes once the *job's* frontier (queue plus live workers' leases) has been empty for
  `REDIS_IDLE_SECONDS` (or scrapy-redis's `MAX_IDLE_TIME_BEFORE_CLOSE`), not its own view.
- no `spider.log()`, no `spider=` to the stats (both deprecated in Scrapy >= 2.14/2.18).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from blogarchive.signals import segment_committed
from distributed.job import Job, job_of
from distributed.leases import LeaseBook

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DEFAULT_IDLE_SECONDS = 30.0


class JobDupeFilter(RFPDupeFilter):
    """The job's fingerprint set, filled with the crawl's own request fingerprints."""

    def __init__(self, job: Job, fingerprinter: Any) -> None:
        super().__init__(job.server, job.key("dupefilter"))
        self.fingerprinter = fingerprinter
        # Fingerprints this worker has already added: in the job's set for good, so asking Redis
        # again is a round trip for nothing (a blog's sidebar links repeat on every page).
        self.added: set[str] = set()

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def request_seen(self, request: Request) -> bool:
        fingerprint = self.request_fingerprint(request)
        if fingerprint in self.added:
            return True
        self.added.add(fingerprint)
        return self.server.sadd(self.key, fingerprint) == 0

    def close(self, reason: str = "") -> None:
        """Kept: the other workers of the job still need it."""


def idle_seconds(crawler: Crawler) -> float:
    settings = crawler.settings
    for name in ("REDIS_IDLE_SECONDS", "MAX_IDLE_TIME_BEFORE_CLOSE"):
        if settings.get(name) not in (None, ""):
            return settings.getfloat(name)
    return DEFAULT_IDLE_SECONDS


class JobScheduler(Scheduler):
    def __init__(self, crawler: Crawler, job: Job) -> None:
        super().__init__(job.server, persist=True, dupefilter=JobDupeFilter(job, crawler.request_fingerprinter))
        self.crawler = crawler
        self.job = job
        self.book = LeaseBook(job)
        self.stats = crawler.stats
        self.prefetch = max(1, crawler.settings.getint("REDIS_PREFETCH", 2))
        self.idle_seconds = idle_seconds(crawler)
        self.empty_since: float | None = None
        self.ticking: task.LoopingCall | None = None
        self.beating = threading.Event()  # set: the heartbeat thread stops
        self.beater: threading.Thread | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.segment_committed, signal=segment_committed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobScheduler:
        job = job_of(crawler)
        assert job is not None, "JobScheduler is only set when REDIS_URL is (distributed/addon.py)"
        return cls(crawler, job)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        key = self.job.queue_key.replace("%", "%%")  # scrapy-redis formats the key with the spider name
        self.queue = PriorityQueue(server=self.server, spider=spider, key=key, serializer=picklecompat)
        self.job.beat()
        reclaimed = self.book.reclaim_dead()
        logger.info("Worker %s of job %s: %d requests queued, %d reclaimed from dead workers",
                    self.job.worker, self.job.name, len(self.queue), reclaimed)  # fmt: skip
        self.stats.set_value("job/name", self.job.name)
        self.stats.set_value("job/worker", self.job.worker)
        # The heartbeat beats in a thread of its own: a reactor busy for a few seconds (start-up,
        # a slow page) is not a dead worker. The rest of the tick needs the engine: reactor.
        self.beater = threading.Thread(target=self.beat_until_closed, name="job-heartbeat", daemon=True)
        self.beater.start()
        self.ticking = task.LoopingCall(self.tick)
        self.ticking.start(self.job.lease_seconds / 3, now=False)

    def beat_until_closed(self) -> None:
        while not self.beating.wait(self.job.lease_seconds / 3):
            try:
                alive = self.job.beat()
            except Exception:  # Redis away for a moment: the next beat tries again
                logger.exception("Worker %s: heartbeat failed", self.job.worker)
                continue
            if not alive:
                logger.error("Worker %s: heartbeat had expired; its leases may be fetched again", self.job.worker)
                self.stats.inc_value("job/heartbeat_lost")

    def close(self, reason: str) -> None:
        self.beating.set()
        if self.beater is not None:
            self.beater.join(timeout=60)  # a beat under way would register this worker again after it left
        if self.ticking is not None and self.ticking.running:
            self.ticking.stop()
        self.book.settle(self.running())
        given_back = self.book.give_back()  # the pipelines have committed by now: normally none
        if given_back:
            logger.warning("%d leased requests go back to the job's queue", given_back)
            self.stats.inc_value("job/leases_given_back", given_back)
        self.job.leave()

    def running(self) -> set[Any]:
        """The requests the engine is downloading or scraping (its slot's own set, read, not copied)."""
        slot = getattr(self.crawler.engine, "_slot", None)
        running = getattr(slot, "inprogress", None)
        return running if running is not None else set()

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            self.stats.inc_value("job/duplicates_filtered")
            return False
        self.queue.push(request)
        self.stats.inc_value("scheduler/enqueued")
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        running = self.running()
        self.book.settle(running)  # the leases set says what is in flight, for the idle check of others
        if self.book.in_flight(running) >= self.prefetch:
            return None
        taken = self.book.take()
        if taken is None:
            return None
        entry, score = taken
        request = self.queue._decode_request(entry)
        self.book.hold(request, entry, score)
        self.empty_since = None
        self.stats.inc_value("scheduler/dequeued")
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    def tick(self) -> None:
        """Finished leases settled, dead workers' leases reclaimed."""
        try:
            self.book.settle(self.running())
            reclaimed = self.book.reclaim_dead()
        except Exception:  # Redis away for a moment: a LoopingCall that raised would never tick again
            logger.exception("Worker %s: could not settle or reclaim leases; trying again", self.job.worker)
            return
        if reclaimed:
            logger.warning("Reclaimed %d requests leased by workers that died", reclaimed)
            self.stats.inc_value("job/requests_reclaimed", reclaimed)

    def segment_committed(self) -> None:
        self.book.settle(self.running())
        self.stats.inc_value("job/leases_released", self.book.release())

    def spider_idle(self) -> None:
        """Stay open while the job may still hand out work; close after the idle timeout."""
        self.tick()
        if not self.book.frontier_empty():
            self.empty_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.empty_since is None:
            self.empty_since = now
        if now - self.empty_since < self.idle_seconds:
            raise DontCloseSpider
        logger.info("The job's frontier has been empty for %.0f s: worker %s stops", self.idle_seconds, self.job.worker)
