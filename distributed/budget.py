"""One politeness budget for every worker of a job: the Wayback rates and the 429 pause, in Redis.

The archive limits requests per IP, and download slots live inside one process: N workers on
one IP would ask N times the rate. So each Wayback request first takes its turn from Redis: a
key per slot (the index, the snapshots) holds the next free moment on Redis's own clock, and a
request is sent at its turn, the slot's interval (1 / WAYBACK_*_RATE) after the previous one,
whichever worker sent that. A 429 sets the job's pause key; a turn is never given inside a
pause, and a request whose turn came before a pause began takes a new turn after it.

Live blogs have the same problem on a smaller scale: a worker's DOWNLOAD_DELAY is its own, so N
workers would hit one blog N times as often. `SharedTurns` gives every request, archive or live,
a turn in a key per download slot: the archive's slots 1 / WAYBACK_*_RATE apart, a site's
DOWNLOAD_DELAY apart: one request per delay to a site whatever the number of workers
(DOWNLOAD_DELAY 0: no shared turn).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from distributed.job import job_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

    from distributed.job import Job

_NOW_MS = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
# KEYS: slot's next free moment, pause end; ARGV: interval (ms). Milliseconds to wait for the turn.
_TURN = (
    _NOW_MS
    + """
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local at = math.max(now, free, paused)
redis.call('SET', KEYS[1], at + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 3600000)
return at - now
"""
)
# KEYS: pause end; ARGV: pause (ms). The pause is extended, never shortened.
_PAUSE = (
    _NOW_MS
    + """
local ends = now + tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[1]) or '0') < ends then
  redis.call('SET', KEYS[1], ends, 'PX', tonumber(ARGV[1]) + 1000)
end
return ends
"""
)
# KEYS: pause end. Milliseconds of pause left (0: none).
_PAUSED = _NOW_MS + "return math.max(0, tonumber(redis.call('GET', KEYS[1]) or '0') - now)"


class ArchiveBudget:
    """The job's turns and pause for one archive (a helper: components hold one each)."""

    def __init__(self, job: Job, archive: str = "wayback") -> None:
        self.job = job
        self.archive = archive
        self.pause_key = job.key("budget", archive, "pause")
        self._turn = job.server.register_script(_TURN)
        self._pause = job.server.register_script(_PAUSE)
        self._paused = job.server.register_script(_PAUSED)

    def turn(self, slot: str, interval: float) -> float:
        """Seconds until this request's turn in `slot`; the turn is taken."""
        keys = [self.job.key("budget", self.archive, slot), self.pause_key]
        return int(self._turn(keys=keys, args=[max(1, round(interval * 1000))])) / 1000

    def pause(self, seconds: float) -> None:
        self._pause(keys=[self.pause_key], args=[max(1, round(seconds * 1000))])

    def paused_for(self) -> float:
        return int(self._paused(keys=[self.pause_key])) / 1000


class SharedTurns:
    """Downloader middleware: every request of a job waits for its job-wide turn in its slot.

    One rule for archives and live sites, only the interval differs: the Wayback slots' turns
    are 1 / WAYBACK_*_RATE apart (and void after a 429 pause elsewhere, which only the archive
    sets), a live site's turns DOWNLOAD_DELAY apart, or its DOWNLOAD_SLOTS `delay`. The slot is
    Scrapy's own (`download_slot` in meta, else the host), so job-wide turns and each worker's
    download slot count the same site; each worker still keeps its own delay and
    CONCURRENT_REQUESTS_PER_DOMAIN. A slot with no delay takes no turn.
    """

    def __init__(self, budget: ArchiveBudget, intervals: dict[str, float], default: float) -> None:
        self.budget = budget
        self.intervals = intervals  # download slot -> seconds between two requests, job-wide
        self.default = default  # any other slot: DOWNLOAD_DELAY

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedTurns:
        job = job_of(crawler)
        if job is None:
            raise NotConfigured  # a plain crawl: the download slots' own delays apply
        from spiders.wayback import CDX_SLOT, SNAPSHOT_SLOT

        settings = crawler.settings
        slots = settings.getdict("DOWNLOAD_SLOTS")
        intervals = {name: float(conf["delay"]) for name, conf in slots.items() if "delay" in conf}
        intervals.update({CDX_SLOT: 1 / settings.getfloat("WAYBACK_CDX_RATE"),
                          SNAPSHOT_SLOT: 1 / settings.getfloat("WAYBACK_SNAPSHOT_RATE")})  # fmt: skip
        return cls(ArchiveBudget(job), intervals, settings.getfloat("DOWNLOAD_DELAY"))

    async def process_request(self, request: Request) -> None:
        slot = request.meta.get("download_slot") or urlsplit(request.url).hostname or ""
        interval = self.intervals.get(slot, self.default)
        if interval <= 0:
            return
        wait = self.budget.turn(slot, interval)
        while wait > 0:
            await _sleep(wait)
            # A 429 elsewhere while this request waited: its turn is void, it takes one after the pause.
            wait = self.budget.turn(slot, interval) if self.budget.paused_for() else 0


async def _sleep(seconds: float) -> Any:
    from twisted.internet import reactor

    return await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
