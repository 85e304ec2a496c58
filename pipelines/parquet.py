"""Stage 4: every post (with its comments) and every skip into the dataset folder's Parquet parts.

The writing itself is `dataset_folder.writer` (segments committed crash-safely, explicit
schema); this component opens the folder (lock, recovery), turns items into rows and closes the
folder at the end. The card is written afterwards by `blogarchive.extensions.DatasetCard`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from blogarchive.crawl import crawl_info
from blogarchive.dataset_dir import dataset_dir, folder_job
from blogarchive.items import SkippedPage
from blogarchive.outcome import outcome_of
from blogarchive.signals import segment_committed
from dataset_folder.crawlinfo import CrawlInfo
from dataset_folder.parts import lock, recover, unlock
from dataset_folder.rows import comment_rows, post_row, skipped_row
from dataset_folder.writer import DatasetWriter
from extraction.records import ReadPost

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class ParquetDatasetPipeline:
    def __init__(
        self,
        folder: Path,
        info: CrawlInfo,
        stats: StatsCollector,
        row_group_size: int,
        commit_seconds: float,
        commit_posts: int,
        signals: SignalManager | None = None,
        job: tuple[str | None, Callable[[str], bool] | None] = (None, None),
    ) -> None:
        self.folder = folder
        self.signals = signals  # `segment_committed` goes out after each commit
        self.job, self.alive = job  # a distributed job's workers share the folder
        self.info = info
        self.stats = stats
        self.row_group_size = row_group_size
        self.commit_seconds = commit_seconds
        self.commit_posts = commit_posts
        self.writer: DatasetWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParquetDatasetPipeline:
        settings = crawler.settings
        assert crawler.stats is not None
        return cls(
            dataset_dir(crawler),
            crawl_info(crawler),
            crawler.stats,
            settings.getint("PARQUET_ROW_GROUP_SIZE"),
            settings.getfloat("PARQUET_COMMIT_SECONDS"),
            settings.getint("PARQUET_COMMIT_POSTS"),
            getattr(crawler, "signals", None),
            folder_job(crawler),
        )

    def open_spider(self) -> None:
        lock(self.folder, self.job)
        recover(
            self.folder, self.job, self.alive
        )  # usually done already by DedupePipeline, which must read a whole folder
        self.writer = DatasetWriter(self.folder, self.info, self.row_group_size, self.commit_seconds, self.commit_posts)
        self.stats.set_value("dataset/dir", str(self.folder))
        self.stats.set_value("dataset/run_id", self.info.run_id)  # feeds of this crawl name the same run
        logger.info("Writing dataset to %s (run %s)", self.folder, self.info.run_id)

    def process_item(self, item: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        writer, stats = self.writer, self.stats
        assert writer is not None
        committed = writer.committed
        if isinstance(item, ReadPost):
            writer.add_post(post_row(item), comment_rows(item))
            stats.inc_value("dataset/posts")
            stats.inc_value("dataset/comments", len(item.record.comments))
        else:
            writer.add_skipped(skipped_row(item))
        if writer.committed > committed:
            stats.inc_value("dataset/parts_committed")
            self.committed()
        return item

    def committed(self) -> None:
        if self.signals is not None:
            self.signals.send_catch_log(segment_committed)

    def close_spider(self) -> None:
        if self.writer is None:
            return
        outcome = outcome_of(self.stats.get_stats())  # the finish reason comes later: not part of it
        try:
            if self.writer.close(f"{outcome.code} {outcome.summary}"):
                self.stats.inc_value("dataset/parts_committed")
                self.committed()
        finally:
            unlock(self.writer.folder)
