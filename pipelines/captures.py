"""Stage 1½: of several archived captures of a post, keep the one with the most comments.

Rule (documented in the dataset card): read every capture the spider fetched, keep the one with
the most comments, then the latest; the timestamps of the others go in `other_captures`. A
capture that cannot be read (not a post, truncated) never wins over one that can.
"""

from __future__ import annotations

from typing import Any

from blogarchive.items import FetchedCaptures, SkippedPage
from pipelines.decode import DecodePipeline
from pipelines.extract import ExtractPipeline
from pipelines.stages import ExtractedPost


class ChooseCapturePipeline:
    def __init__(self, stats: Any = None) -> None:
        self.stats = stats
        self.decode, self.extract = DecodePipeline(), ExtractPipeline()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ChooseCapturePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedCaptures):
            return item
        results = [self.extract.process_item(self.decode.process_item(c)) for c in item.captures]
        readable = [r for r in results if isinstance(r, ExtractedPost)]
        if not readable:
            unreadable = [r for r in results if isinstance(r, SkippedPage)] + item.skipped
            return unreadable[0] if unreadable else SkippedPage(item.url, "no_capture", "no capture could be read")
        best = max(readable, key=lambda r: (len(r.record.comments), r.fetched.first.archive_timestamp or ""))
        best.other_captures = sorted(
            page.archive_timestamp or ""
            for capture in item.captures
            for page in capture.pages[:1]
            if capture is not best.fetched
        )
        if self.stats is not None:
            self.stats.inc_value("wayback/captures_compared", len(item.captures))
        return best
