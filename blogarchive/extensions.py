"""Crawl-wide jobs tied to the crawl's life, each on the signal where it belongs.

- `JobdirGuard`: a JOBDIR left by a run that died is discarded before Scrapy reads it.
- `DatasetCard`: the dataset card is rewritten once the Parquet pipeline has closed the folder.
- `StatsFile`: `-s STATS_FILE=stats.json` writes the crawl's final stats as JSON.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

from blogarchive.jobdir import JobdirMark

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class JobdirGuard:
    """Marks the JOBDIR open while the crawl runs (see `blogarchive/jobdir.py`).

    Built with the other extensions, before the engine builds its scheduler, so a JOBDIR that
    a killed run left behind is reset before Scrapy reads its request state.
    """

    def __init__(self, crawler: Crawler, mark: JobdirMark) -> None:
        self.crawler = crawler
        self.mark = mark
        self.was_reset = mark.open()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobdirGuard:
        jobdir = job_dir(crawler.settings)
        if not jobdir:
            raise NotConfigured  # no JOBDIR: nothing to guard (no args: no warning in the log)
        extension = cls(crawler, JobdirMark(Path(jobdir)))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        if self.was_reset and self.crawler.stats is not None:
            self.crawler.stats.set_value("jobdir/reset_after_unclean_stop", 1)

    def spider_closed(self) -> None:
        self.mark.close()  # the scheduler has saved its state by now


class DatasetCard:
    """Rewrites the dataset folder's README.md and chart after the crawl has committed its parts."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatasetCard:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self) -> None:
        stats = self.crawler.stats
        folder = stats.get_value("dataset/dir") if stats is not None else None
        if not folder:
            return  # no dataset was opened (a command with no pipelines, a crawl that failed to start)
        from dataset_folder.card import write_card  # matplotlib and pyarrow.dataset: only when needed
        from dataset_folder.summary import runs

        run_id = stats.get_value("dataset/run_id")
        try:
            latest = next((run.info for run in runs(Path(folder)) if run.info.run_id == run_id), None)
            write_card(Path(folder), latest)
        except Exception:  # the data is committed; a card that fails must not fail the crawl
            logger.exception("Could not write the dataset card of %s", folder)
            stats.inc_value("dataset/card_failed")


class StatsFile:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        path = crawler.settings.get("STATS_FILE")
        if not path:
            raise NotConfigured  # no STATS_FILE asked for
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = {key: _jsonable(value) for key, value in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = reason
        self.path.write_text(json.dumps(stats, indent=1, sort_keys=True), encoding="utf-8")


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
