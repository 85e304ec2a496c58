"""Stage 2: one row per post (and per skipped page), within a crawl and across runs.

The spider already requests each URL once; this catches the same post reached under two URLs
(http/https, `index.html`) and posts already written by an earlier, interrupted or killed run
into the same dataset folder. The dataset is the source of truth about what is done: after a
crash the JOBDIR is reset (`blogarchive/jobdir.py`) and pages are fetched again, and the posts
the folder already holds are dropped here. The rule is `schemas.policy.DEDUPE_RULE`. The
workers of a distributed job (`-s REDIS_URL`) share the folder: there the rule holds job-wide
through claims in Redis (`distributed/claims.py`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from blogarchive.dataset_dir import dataset_dir, folder_job
from blogarchive.items import SkippedPage
from dataset_folder.parts import recover
from dataset_folder.summary import column
from extraction.records import ReadPost
from schemas import POSTS, SKIPPED

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from distributed.claims import Claims

logger = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(
        self,
        folder: Path,
        stats: StatsCollector,
        claims: Claims | None = None,
        job: tuple[str | None, Callable[[str], bool] | None] = (None, None),
    ) -> None:
        self.folder = folder
        self.stats = stats
        self.claims = claims  # a distributed job's: who writes which post
        self.job, self.alive = job
        self.stored: set[str] = set()  # post_ids committed by earlier runs
        self.seen: set[str] = set()  # post_ids that went on to the writer in this run
        self.skipped: set[str] = set()  # skipped.url, earlier runs and this one

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        assert crawler.stats is not None
        from distributed.job import job_of

        folder, job = dataset_dir(crawler), job_of(crawler)
        if job is None:
            return cls(folder, crawler.stats)
        from distributed.claims import Claims

        return cls(folder, crawler.stats, Claims(job, folder), folder_job(crawler))

    def open_spider(self) -> None:
        recover(
            self.folder, self.job, self.alive
        )  # before reading: parts of a cut commit hold posts the folder does not
        self.stored = set(column(self.folder, POSTS.name, POSTS.primary_key).to_pylist())
        self.skipped = set(column(self.folder, SKIPPED.name, SKIPPED.primary_key).to_pylist())
        if self.stored:
            logger.info("Dataset already holds %d posts; they will not be written again", len(self.stored))

    def process_item(self, item: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        stats = self.stats
        if isinstance(item, ReadPost):
            if item.post_id in self.stored:
                stats.inc_value("posts/already_in_dataset")
                raise DropItem(f"post {item.record.url} already in the dataset", log_level="DEBUG")
            if item.post_id in self.seen:
                stats.inc_value("posts/duplicate")
                raise DropItem(f"post {item.record.url} already written in this crawl")
            self.seen.add(item.post_id)
            if self.claims is not None and not self.claims.claim(POSTS.name, POSTS.primary_key, item.post_id):
                stats.inc_value("posts/written_by_another_worker")
                raise DropItem(f"post {item.record.url} written by another worker of the job", log_level="DEBUG")
        else:
            if item.url in self.skipped:
                stats.inc_value("dedupe/skipped_already_recorded")
                raise DropItem(f"skipped page {item.url} already recorded", log_level="DEBUG")
            self.skipped.add(item.url)
            if self.claims is not None and not self.claims.claim(SKIPPED.name, SKIPPED.primary_key, item.url):
                stats.inc_value("dedupe/skipped_recorded_by_another_worker")
                raise DropItem(f"skipped page {item.url} recorded by another worker", log_level="DEBUG")
        return item
