"""Stage 3: one row per post (and per skipped page), within a crawl and across runs.

The spider already requests each URL once; this catches the same post reached under two URLs
(http/https, `index.html`) and posts already written by an earlier, interrupted or killed run
into the same dataset folder. The dataset is the source of truth about what is done: after a
crash the JOBDIR is reset (`pipelines/jobdir.py`) and pages are fetched again, and the posts the
folder already holds are dropped here. Rule: the first copy committed wins (`DEDUPE_RULE`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.job import job_dir

from blogarchive.items import SkippedPage
from pipelines.dataset_dir import dataset_dir
from pipelines.jobdir import JobdirGuard
from pipelines.parts import recover
from pipelines.stages import ExtractedPost
from pipelines.summary import column
from schemas import POSTS, SKIPPED

logger = logging.getLogger(__name__)

DEDUPE_RULE = """\
A post is identified by `post_id` (a hash of its canonical URL's host and path, so http/https
and `index.html` variants agree) and is written once per dataset folder: **the first copy
committed wins**. A crawl resumed with the same `JOBDIR`, or run again into the same folder,
fetches pages again where it must but never writes a post the folder already holds; a later
copy is dropped whole, with its comments, even if the page has changed since (new comments are
not merged: crawl into a new folder to take a fresh snapshot). A page that yielded no post is
recorded once per folder in `skipped`, with the reason seen first. After a crash, only the
files a run had committed are kept (see *Loading*); the next run fetches the rest again.
"""


class DedupePipeline:
    def __init__(self, crawler: Any, guard: JobdirGuard | None = None, jobdir_reset: bool = False) -> None:
        self.crawler = crawler
        self.guard = guard
        self.jobdir_reset = jobdir_reset
        self.stored: set[str] = set()  # post_ids committed by earlier runs
        self.seen: set[str] = set()  # post_ids that went on to the writer in this run
        self.skipped: set[str] = set()  # skipped.url, earlier runs and this one

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        jobdir = job_dir(crawler.settings)
        guard = JobdirGuard(Path(jobdir)) if jobdir else None
        # Now, before Scrapy's scheduler is built and reads the JOBDIR's request state.
        pipeline = cls(crawler, guard, jobdir_reset=guard.open() if guard else False)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        folder = dataset_dir(self.crawler)
        recover(folder)  # before reading: parts of a cut commit hold posts the folder does not
        self.stored = set(column(folder, POSTS.name, POSTS.primary_key).to_pylist())
        self.skipped = set(column(folder, SKIPPED.name, SKIPPED.primary_key).to_pylist())
        if self.jobdir_reset:
            self.crawler.stats.set_value("jobdir/reset_after_unclean_stop", 1)
        if self.stored:
            logger.info("Dataset already holds %d posts; they will not be written again", len(self.stored))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ExtractedPost):
            if item.post_id in self.stored:
                self.crawler.stats.inc_value("posts/already_in_dataset")
                raise DropItem(f"post {item.record.url} already in the dataset", log_level="INFO")
            if item.post_id in self.seen:
                self.crawler.stats.inc_value("posts/duplicate")
                raise DropItem(f"post {item.record.url} already written in this crawl")
            self.seen.add(item.post_id)
        elif isinstance(item, SkippedPage):
            if item.url in self.skipped:
                self.crawler.stats.inc_value("dedupe/skipped_already_recorded")
                raise DropItem(f"skipped page {item.url} already recorded", log_level="INFO")
            self.skipped.add(item.url)
        return item

    def spider_closed(self) -> None:
        if self.guard is not None:
            self.guard.close()
