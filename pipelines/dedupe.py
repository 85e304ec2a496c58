"""Stage 3: one row per post, within a crawl and across runs into the same dataset.

The spider already requests each URL once; this catches the same post reached under two URLs
(http/https, `index.html`) and posts already written by an earlier or interrupted run of the
same crawl (`JOBDIR` resume). Rule: the first copy written wins.
"""

from __future__ import annotations

import logging
from typing import Any

import pyarrow.dataset as ds
from scrapy.exceptions import DropItem

from pipelines.dataset_dir import dataset_dir
from pipelines.stages import ExtractedPost

logger = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        posts = dataset_dir(self.crawler) / "posts"
        if posts.is_dir():
            table = ds.dataset(posts, format="parquet").to_table(columns=["post_id"])
            self.seen.update(table.column("post_id").to_pylist())
            logger.info("Dataset already holds %d posts; they will not be written again", len(self.seen))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ExtractedPost):
            return item
        if item.post_id in self.seen:
            self.crawler.stats.inc_value("posts/duplicate")
            raise DropItem(f"post {item.record.url} already in the dataset")
        self.seen.add(item.post_id)
        return item
