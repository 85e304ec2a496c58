"""Stage 4: every post (with its comments) and every skip into the dataset folder's Parquet parts.

The writing itself is `dataset_folder.writer` (segments committed crash-safely, explicit
schema); this component opens the folder (lock, recovery), turns items into rows and closes the
folder at the end. The card is written afterwards by `blogarchive.extensions.DatasetCard`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from blogarchive.crawl import crawl_info
from blogarchive.dataset_dir import dataset_dir
from blogarchive.items import SkippedPage
from dataset_folder.parts import lock, recover, unlock
from dataset_folder.rows import comment_rows, post_row, skipped_row
from dataset_folder.writer import DatasetWriter
from extraction.records import ReadPost

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ParquetDatasetPipeline:
    def __init__(self, crawler: Crawler, row_group_size: int, commit_seconds: float) -> None:
        self.crawler = crawler
        self.row_group_size = row_group_size
        self.commit_seconds = commit_seconds
        self.writer: DatasetWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParquetDatasetPipeline:
        settings = crawler.settings
        return cls(crawler, settings.getint("PARQUET_ROW_GROUP_SIZE"), settings.getfloat("PARQUET_COMMIT_SECONDS"))

    def open_spider(self) -> None:
        folder = dataset_dir(self.crawler)
        lock(folder)
        recover(folder)  # usually done already by DedupePipeline, which must read a whole folder
        info = crawl_info(self.crawler)
        self.writer = DatasetWriter(folder, info, self.row_group_size, self.commit_seconds)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("dataset/dir", str(folder))
        stats.set_value("dataset/run_id", info.run_id)  # feeds of this crawl name the same run
        logger.info("Writing dataset to %s (run %s)", folder, info.run_id)

    def process_item(self, item: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        writer, stats = self.writer, self.crawler.stats
        assert writer is not None and stats is not None
        committed = writer.committed
        if isinstance(item, ReadPost):
            writer.add_post(post_row(item), comment_rows(item))
            stats.inc_value("dataset/posts")
            stats.inc_value("dataset/comments", len(item.record.comments))
        else:
            writer.add_skipped(skipped_row(item))
        if writer.committed > committed:
            stats.inc_value("dataset/parts_committed")
        return item

    def close_spider(self) -> None:
        if self.writer is None:
            return
        try:
            if self.writer.close():
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value("dataset/parts_committed")
        finally:
            unlock(self.writer.folder)
