"""The pipelines' page-reading stages as one call, for commands that read pages outside a crawl.

`scrapy extract` goes through the very same decode and extract stages as a crawl, so what it
prints is what a crawl would write.
"""

from __future__ import annotations

from typing import Any

from blogarchive.items import FetchedPost, SkippedPage
from pipelines.decode import DecodePipeline
from pipelines.extract import ExtractPipeline
from pipelines.repair import RepairPipeline
from pipelines.rows import comment_rows, post_row, skipped_row
from pipelines.stages import ExtractedPost

_STAGES = (DecodePipeline(), ExtractPipeline(), RepairPipeline())


def read_post(fetched: FetchedPost) -> ExtractedPost | SkippedPage:
    item: object = fetched
    for stage in _STAGES:
        item = stage.process_item(item)
    return item  # type: ignore[return-value]


def as_record(result: ExtractedPost | SkippedPage) -> dict[str, Any]:
    """The post row with its comment rows under `comments`, or the skip as an `error`."""
    if isinstance(result, SkippedPage):
        row = skipped_row(result)
        return {"url": row["url"], "error": row["reason"], "detail": row["detail"], "status": row["status"]}
    return {**post_row(result), "comments": comment_rows(result)}
