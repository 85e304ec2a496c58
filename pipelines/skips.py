"""Stage 3: every page that yielded nothing is counted by reason and logged, never lost."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from blogarchive.items import SkippedPage
from extraction.records import ReadPost

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class SkipCountPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipCountPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: ReadPost | SkippedPage) -> ReadPost | SkippedPage:
        if isinstance(item, SkippedPage):
            self.stats.inc_value("skipped/total")
            self.stats.inc_value(f"skipped/{item.reason}")
            logger.warning("Skipped %s: %s (%s)", item.url, item.reason, item.detail)
        return item
