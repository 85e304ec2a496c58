"""Stage 4: every post (with its comments) and every skip into the dataset folder's Parquet parts.

The writing itself is `dataset_folder.writer` (segments committed crash-safely, explicit
schema); this component opens the folder (lock, recovery), turns items into rows and closes the
folder at the end. The card is written afterwards by `blogarchive.extensions.DatasetCard`.

The `pages` table: a post's pages go into the segment with the post; the pages KEEP_PAGES
announces that feed no post (listings, feeds, robots.txt) wait here and go into the next
segment committed, and before any commit the WARC file being written is committed
(`blogarchive/signals.py`), so no row points into an incomplete file. A page of a post that
was dropped or skipped gets its row (no post) at the end of the run.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from blogarchive import signals as kept_signals
from blogarchive.crawl import crawl_info
from blogarchive.dataset_dir import dataset_dir, folder_job
from blogarchive.items import KeptPage, SkippedPage
from blogarchive.outcome import outcome_of
from blogarchive.signals import segment_committed
from dataset_folder.crawlinfo import CrawlInfo
from dataset_folder.parts import lock, recover, unlock
from dataset_folder.rows import comment_rows, kept_page_row, page_rows, post_row, skipped_row
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
        self.signals = signals  # `pages_committing` before each commit, `segment_committed` after
        self.job, self.alive = job  # a distributed job's workers share the folder
        self.info = info
        self.stats = stats
        self.row_group_size = row_group_size
        self.commit_seconds = commit_seconds
        self.commit_posts = commit_posts
        self.writer: DatasetWriter | None = None
        self.unclaimed: dict[str, KeptPage] = {}  # kept pages without a row yet, by record id
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParquetDatasetPipeline:
        settings = crawler.settings
        assert crawler.stats is not None
        pipeline = cls(
            dataset_dir(crawler),
            crawl_info(crawler),
            crawler.stats,
            settings.getint("PARQUET_ROW_GROUP_SIZE"),
            settings.getfloat("PARQUET_COMMIT_SECONDS"),
            settings.getint("PARQUET_COMMIT_POSTS"),
            getattr(crawler, "signals", None),
            folder_job(crawler),
        )
        if pipeline.signals is not None:  # None: a crawler built without an engine
            pipeline.signals.connect(pipeline.page_kept, signal=kept_signals.page_kept)
        return pipeline

    def page_kept(self, kept: KeptPage) -> None:
        self.unclaimed[kept.record_id] = kept

    def before_commit(self) -> None:
        """Rows for the kept pages no post will claim (all of them at the end), then the WARC committed."""
        assert self.writer is not None
        waiting = [k for k in self.unclaimed.values() if self.closing or not k.feeds_post]
        self.writer.add_pages([kept_page_row(kept) for kept in waiting])
        for kept in waiting:
            del self.unclaimed[kept.record_id]
        if self.signals is not None:
            self.signals.send_catch_log(kept_signals.pages_committing)

    def open_spider(self) -> None:
        lock(self.folder, self.job)
        recover(
            self.folder, self.job, self.alive
        )  # usually done already by DedupePipeline, which must read a whole folder
        self.writer = DatasetWriter(self.folder, self.info, self.row_group_size, self.commit_seconds, self.commit_posts)
        self.writer.before_commit = self.before_commit
        self.stats.set_value("dataset/dir", str(self.folder))
        self.stats.set_value("dataset/run_id", self.info.run_id)  # feeds of this crawl name the same run
        logger.info("Writing dataset to %s (run %s)", self.folder, self.info.run_id)

    def process_item(self, item: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        writer, stats = self.writer, self.stats
        assert writer is not None
        committed = writer.committed
        if isinstance(item, ReadPost):
            writer.add_post(post_row(item), comment_rows(item), page_rows(item, self.claim))
            stats.inc_value("dataset/posts")
            stats.inc_value("dataset/comments", len(item.record.comments))
        else:
            writer.add_skipped(skipped_row(item))
        if writer.committed > committed:
            stats.inc_value("dataset/parts_committed")
            self.committed()
        return item

    def claim(self, kept: KeptPage) -> bool:
        """A kept page gets one row: one already written (as a listing) is not written again."""
        return self.unclaimed.pop(kept.record_id, None) is not None

    def committed(self) -> None:
        if self.signals is not None:
            self.signals.send_catch_log(segment_committed)

    def close_spider(self) -> None:
        if self.writer is None:
            return
        self.closing = True
        # The finish reason comes later: not part of it. The folder by its name only: a copy of the
        # run elsewhere (`scrapy reextract` into another folder) writes the same bytes.
        outcome = outcome_of({**self.stats.get_stats(), "dataset/dir": self.folder.name})
        try:
            if self.writer.close(f"{outcome.code} {outcome.summary}"):
                self.stats.inc_value("dataset/parts_committed")
                self.committed()
        finally:
            unlock(self.writer.folder)
