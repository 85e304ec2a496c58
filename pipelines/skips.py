"""Stage 4: every page that yielded nothing is counted by reason and logged, never lost."""

from __future__ import annotations

import logging
from typing import Any

from blogarchive.items import SkippedPage

logger = logging.getLogger(__name__)


class SkipCountPipeline:
    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SkipCountPipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, SkippedPage):
            self.stats.inc_value("skipped/total")
            self.stats.inc_value(f"skipped/{item.reason}")
            logger.warning("Skipped %s: %s (%s)", item.url, item.reason, item.detail)
        return item
