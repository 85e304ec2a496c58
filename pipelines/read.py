"""Stage 1: all captures of a post in, the post with its comments (or the reason why not) out.

The reading itself is `extraction.reader.read_post`, the one function every source and
`scrapy extract` go through; this component only counts and logs what it reports.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from blogarchive.items import PostCaptures, SkippedPage
from extraction.limits import TimeBudget
from extraction.reader import read_post
from extraction.records import ReadPost

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class ReadPostPipeline:
    def __init__(self, stats: StatsCollector, budget: TimeBudget | None) -> None:
        self.stats = stats
        self.budget = budget

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReadPostPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, TimeBudget.of(crawler.settings.getfloat("EXTRACT_TIME_BUDGET")))

    def process_item(self, item: PostCaptures | SkippedPage) -> ReadPost | SkippedPage:
        if isinstance(item, SkippedPage):
            return item
        result = read_post(item, self.budget)
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
