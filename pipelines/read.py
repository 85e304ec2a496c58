"""Stage 1: all captures of a post in, the post with its comments (or the reason why not) out.

The reading itself is `extraction.reader.read_post`, the one function every source and
`scrapy extract` go through; this component only counts and logs what it reports.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.utils.defer import maybe_deferred_to_future

from blogarchive.items import PostCaptures, SkippedPage
from blogarchive.reading_pool import ReadingPool
from extraction.limits import TimeBudget
from extraction.reader import read_post
from extraction.records import ReadPost

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class ReadPostPipeline:
    """Reads each post in place, or in `EXTRACT_WORKERS` processes (answers in the crawl's order)."""

    def __init__(self, stats: StatsCollector, budget: TimeBudget | None, workers: int = 0) -> None:
        self.stats = stats
        self.budget = budget
        self.pool = ReadingPool(workers, budget) if workers > 0 else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReadPostPipeline:
        assert crawler.stats is not None
        settings = crawler.settings
        return cls(
            crawler.stats, TimeBudget.of(settings.getfloat("EXTRACT_TIME_BUDGET")), settings.getint("EXTRACT_WORKERS")
        )

    async def process_item(self, item: PostCaptures | SkippedPage) -> ReadPost | SkippedPage:
        if isinstance(item, SkippedPage):
            return item
        if self.pool is None:
            return self.counted(read_post(item, self.budget))
        return self.counted(await maybe_deferred_to_future(self.pool.read(item)))

    def open_spider(self) -> None:
        if self.pool is not None:
            self.pool.start()  # before the writer (a later pipeline) takes the dataset lock

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def counted(self, result: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        self.stats.inc_value("progress/posts_read")  # against progress/posts_expected, when a source knows it
        if isinstance(result, ReadPost):
            self.count(result)
        return result

    def count(self, post: ReadPost) -> None:
        if post.captures_read > 1:
            self.stats.inc_value("captures/compared", post.captures_read)
        for page in post.missing:
            self.stats.inc_value(f"comment_pages_missing/{page.reason}")
            logger.warning(
                "Comment page %s of %s missing (%s: %s)", page.url, post.record.url, page.reason, page.detail
            )
        for log in [post.record.repairs, *(c.repairs for c in post.record.comments)]:
            if log.fields:
                self.stats.inc_value("repair/rows")
                for name in dict.fromkeys(log.fields):
                    self.stats.inc_value(f"repair/fields/{name}")
