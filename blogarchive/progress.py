"""Progress in research units: posts and comments written, pages fetched and pending, skips,
pauses, and (where the total is known) percent and time left.

Every `PROGRESS_INTERVAL_SECONDS` a line goes to the log (or, when stderr is a terminal, one
line redrawn in place), and the same figures go to `crawl-status.json` in the dataset folder,
rewritten atomically, so a script or a second terminal can watch a crawl (Browsertrix's
`crawlStatus` is the model); each worker of a distributed job writes `crawl-status-<worker>.json`.
The Wayback and WARC sources know how many posts they will read
once they have listed them (`progress/posts_expected`); a live blog does not, so no percent.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from blogarchive.outcome import outcome_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

STATUS_NAME = "crawl-status.json"


def status_name(worker: str | None = None) -> str:
    """`crawl-status.json`; each worker of a distributed job writes its own, beside the others'."""
    return STATUS_NAME if not worker else STATUS_NAME.replace(".json", f"-{worker}.json")


def status_of(stats: Mapping[str, Any], elapsed: float, in_flight: int = 0) -> dict[str, Any]:
    """The figures a person follows, from the crawl stats."""
    read = int(stats.get("progress/posts_read", 0))
    expected = stats.get("progress/posts_expected")
    status: dict[str, Any] = {
        "posts": int(stats.get("dataset/posts", 0)),
        "comments": int(stats.get("dataset/comments", 0)),
        "posts_read": read,
        "pages_fetched": int(stats.get("response_received_count", 0)),
        "pages_pending": max(0, int(stats.get("scheduler/enqueued", 0)) - int(stats.get("scheduler/dequeued", 0)))
        + in_flight,
        "skipped": {
            k.removeprefix("skipped/"): v
            for k, v in sorted(stats.items())
            if k.startswith("skipped/") and k != "skipped/total"
        },
        "elapsed_seconds": round(elapsed, 1),
        "posts_expected": expected,
        "percent": None,
        "eta_seconds": None,
        "paused_for_seconds": None,
    }
    if expected:
        status["percent"] = round(min(100.0, 100.0 * read / expected), 1)
        if read:
            status["eta_seconds"] = round(max(0.0, elapsed / read * (expected - read)), 1)
    pause_left = float(stats.get("pause/until", 0)) - time.time()
    if pause_left > 0:
        status["paused_for_seconds"] = round(pause_left, 1)
        status["pause_reason"] = stats.get("pause/reason")
    return status


def _skips(stats: Mapping[str, Any]) -> dict[str, int]:
    return {
        k.removeprefix("skipped/"): v
        for k, v in sorted(stats.items())
        if k.startswith("skipped/") and k != "skipped/total"
    }


def progress_line(status: Mapping[str, Any]) -> str:
    parts = [
        f"{status['posts']} posts, {status['comments']} comments written",
        f"{status['pages_fetched']} pages fetched, {status['pages_pending']} pending",
    ]
    if status["skipped"]:
        reasons = ", ".join(f"{name} {count}" for name, count in status["skipped"].items())
        parts.append(f"{sum(status['skipped'].values())} skipped ({reasons})")
    if status["percent"] is not None:
        eta = status["eta_seconds"]
        left = f", about {_duration(eta)} left" if eta is not None else ""
        parts.append(f"{status['percent']:.0f} % of {status['posts_expected']} posts{left}")
    if status["paused_for_seconds"]:
        parts.append(f"paused {status['paused_for_seconds']:.0f} s more ({status.get('pause_reason')})")
    return " · ".join(parts)


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


class Progress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: Any = None
        self.live = sys.stderr.isatty()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL_SECONDS")
        if interval <= 0:
            raise NotConfigured
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        from twisted.internet.task import LoopingCall

        self.started = time.monotonic()
        self.loop = LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def status(self) -> dict[str, Any]:
        assert self.crawler.stats is not None
        engine = self.crawler.engine
        in_flight = len(getattr(getattr(engine, "downloader", None), "active", ()) or ())
        return status_of(self.crawler.stats.get_stats(), time.monotonic() - self.started, in_flight)

    def tick(self) -> None:
        status = self.status()
        line = progress_line(status)
        if self.live:
            sys.stderr.write(f"\r\x1b[2K{line}")
            sys.stderr.flush()
        else:
            logger.info("Progress: %s", line)
        self.write({"state": "running", **status})

    def spider_closed(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live:
            sys.stderr.write("\n")
        assert self.crawler.stats is not None
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        outcome = outcome_of(stats)
        self.write({"state": "finished", "finish_reason": reason, "exit_code": outcome.code,
                    "summary": outcome.summary, **self.status()})  # fmt: skip

    def write(self, status: dict[str, Any]) -> None:
        folder = self.crawler.stats.get_value("dataset/dir") if self.crawler.stats is not None else None
        if not folder or not Path(folder).is_dir():
            return
        status["updated_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        path = Path(folder) / status_name(self.crawler.stats.get_value("job/worker"))
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(json.dumps(status, indent=1, ensure_ascii=False), encoding="utf-8")
        temp.replace(path)
