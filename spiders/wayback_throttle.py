"""Wayback politeness when the archive pushes back: pause everything, then retry, never drop.

Internet Archive staff ask clients to stop for at least a minute on a 429 (ignoring 429s gets the
IP firewalled for an hour, doubling on repeat), and edgi's client retries 5xx with exponential
backoff (notes/platforms.md §4.4). So on a 429 the whole crawl pauses for `Retry-After` seconds
(or WAYBACK_429_PAUSE when the header is absent; in a distributed job every worker pauses, through
Redis: distributed/budget.py), on a 5xx for WAYBACK_BACKOFF_BASE × 2^attempt,
and the request then goes back to the queue. A download that breaks (connection dropped or
refused, timeout, a body cut short of its Content-Length) is the archive struggling too, and is
retried the same way as a 5xx: otherwise the reader would fall back on an older capture with
fewer comments. After WAYBACK_MAX_RETRIES the answer is passed on (a 429's pause still applies),
and the spider records the page as skipped, or the capture as unread on the post row.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
from scrapy.http import Request, Response
from scrapy.utils.misc import load_object
from twisted.internet import error as network
from twisted.internet import task
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

logger = logging.getLogger(__name__)

_WATCH_SECONDS = 0.5  # how often a pause looks for a Ctrl-C

PUSHBACK_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
# A download that broke on the way, besides Scrapy's RETRY_EXCEPTIONS: worth another try once
# the archive has had a rest.
_ALSO_BROKEN = (network.TimeoutError, ResponseFailed, ResponseNeverReceived)
_UNREACHABLE = (DownloadConnectionRefusedError, CannotResolveHostError, network.ConnectionRefusedError,
                network.DNSLookupError)  # fmt: skip


def retry_after_seconds(response: Response) -> float | None:
    """The `Retry-After` header as seconds (delta or HTTP date), or None."""
    value = response.headers.get(b"Retry-After", b"").decode("latin-1").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _job_budget(crawler: Any) -> Any:
    from distributed.job import job_of

    job = job_of(crawler)
    if job is None:
        return None
    from distributed.budget import ArchiveBudget

    return ArchiveBudget(job)


class ArchiveBackoffMiddleware:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.pause_on_429 = settings.getfloat("WAYBACK_429_PAUSE")
        self.backoff_base = settings.getfloat("WAYBACK_BACKOFF_BASE")
        self.max_retries = settings.getint("WAYBACK_MAX_RETRIES")
        # Scrapy's own list (its wrapped download errors, dropped connections), so a new Scrapy's
        # errors are retried too; RetryMiddleware is off for the archive, this middleware retries.
        retried = [load_object(e) if isinstance(e, str) else e for e in settings.getlist("RETRY_EXCEPTIONS")]
        self.broken_downloads = (*retried, *_ALSO_BROKEN)
        self.paused_until = 0.0
        self.watch: task.LoopingCall | None = None
        self.shared = _job_budget(crawler)  # a distributed job's: the pause holds for every worker

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveBackoffMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if "dataloss" in response.flags:  # DOWNLOAD_FAIL_ON_DATALOSS is off: the body was cut short
            return self.retry(request, "cut_short", f"body cut short on {request.url}", None) or response
        if response.status not in PUSHBACK_STATUSES:
            return response
        told = retry_after_seconds(response)
        if response.status == 429:
            wait = told if told is not None else self.pause_on_429
            return self.retry(request, "429", f"HTTP 429 on {request.url}", wait) or response
        return self.retry(request, str(response.status), f"HTTP {response.status} on {request.url}", told) or response

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        """A download that broke midway is retried; an archive that cannot be reached at all
        (refused, no such host) is not: waiting minutes would not bring it back."""
        if not isinstance(exception, self.broken_downloads) or isinstance(exception, _UNREACHABLE):
            return None
        name = type(exception).__name__
        return self.retry(request, name, f"{name} on {request.url}", None)

    def retry(self, request: Request, what: str, reason: str, wait: float | None) -> Request | None:
        """The request again after a pause (`wait`, else the backoff); None once retries are spent.

        A 429's wait is kept even on the last try: the archive asked every client to hold off.
        """
        attempt = request.meta.get("archive_attempt", 0)
        stats = self.crawler.stats
        stats.inc_value(f"wayback/pushback/{what}")
        if attempt >= self.max_retries:
            if what == "429" and wait is not None:
                self.pause(wait, reason)
            stats.inc_value("wayback/pushback/gave_up")
            logger.error("Giving up on %s after %d retries (%s)", request.url, attempt, what)
            return None
        self.pause(wait if wait is not None else self.backoff_base * 2**attempt, reason)
        retry = request.replace(dont_filter=True)
        retry.meta["archive_attempt"] = attempt + 1
        return retry

    def pause(self, seconds: float, reason: str) -> None:
        """Stop feeding requests for `seconds`; overlapping pauses extend to the latest end."""
        until = time.monotonic() + seconds
        if until <= self.paused_until:
            return
        self.paused_until = until
        if self.shared is not None:
            self.shared.pause(seconds)
        logger.warning("Archive pushback (%s): pausing all requests for %.1f s", reason, seconds)
        self.crawler.stats.inc_value("wayback/pauses")
        # For the progress line and status file (blogarchive/progress.py): wall-clock end, and why.
        self.crawler.stats.set_value("pause/until", time.time() + seconds)
        self.crawler.stats.set_value("pause/reason", reason)
        # Every download slot (the index's, the snapshots') holds its requests until the pause
        # ends: what the scheduler hands over meanwhile waits in the slot. Pausing the engine too
        # would add up to its 5 s heartbeat to every pause, since unpausing does not wake it.
        for slot in self.crawler.engine.downloader.slots.values():
            slot.lastseen = max(slot.lastseen, until)
        if self.watch is None or not self.watch.running:
            self.watch = task.LoopingCall(self.watch_for_shutdown)
            self.watch.start(_WATCH_SECONDS, now=False)

    def watch_for_shutdown(self) -> None:
        """A Ctrl-C during a pause: hand the requests held in the slots back to the scheduler.

        A graceful stop waits for every request the downloader holds, and these would be held
        (then sent) until the pause ends: a minute or more. Handed back, they are in the JOBDIR
        queue for the next run, as if never taken, and the crawl stops at once.
        """
        engine = self.crawler.engine
        if time.monotonic() >= self.paused_until:
            self.stop_watching()
            return
        if engine.running:
            return
        handed_back = 0
        for slot in engine.downloader.slots.values():
            while slot.queue:
                request, waiting = slot.queue.popleft()
                waiting.callback(request.replace(dont_filter=True))  # the engine schedules a returned request
                handed_back += 1
        if handed_back:
            logger.info("Stopping during an archive pause: %d held requests handed back to the queue", handed_back)
            self.crawler.stats.inc_value("wayback/handed_back_on_stop", handed_back)
        self.stop_watching()

    def stop_watching(self) -> None:
        if self.watch is not None and self.watch.running:
            self.watch.stop()
