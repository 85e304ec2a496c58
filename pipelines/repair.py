"""Stage 3: repair mojibake field by field (ftfy, options in extraction/repair.py), counting it.

After the split, because one comment can be broken while the article is fine: each row records
which of its fields were repaired and which fixes ran, and the crawl stats count them.
"""

from __future__ import annotations

from typing import Any

from extraction.repair import RepairLog
from pipelines.stages import ExtractedPost


class RepairPipeline:
    def __init__(self, stats: Any = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> RepairPipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ExtractedPost):
            return item
        post = item.record
        post.repairs = log = RepairLog()
        post.title = log.repair("title", post.title)
        post.author = log.repair("author", post.author)
        post.text = log.repair("text", post.text) or ""
        post.categories = [log.repair("categories", c) or c for c in post.categories]
        post.tags = [log.repair("tags", t) or t for t in post.tags]
        self._count(log)
        for comment in post.comments:
            comment.repairs = log = RepairLog()
            comment.author = log.repair("author", comment.author)
            comment.text = log.repair("text", comment.text) or ""
            self._count(log)
        return item

    def _count(self, log: RepairLog) -> None:
        if self.stats is None or not log.fields:
            return
        self.stats.inc_value("repair/rows")
        for name in log.fields:
            self.stats.inc_value(f"repair/fields/{name}")
