"""The pipelines' page-reading stages as one call, for commands that read pages outside a crawl.

`scrapy extract` goes through the very same decode and extract stages as a crawl, so what it
prints is what a crawl would write.
"""

from __future__ import annotations

from typing import Any

from blogarchive.items import FetchedPost, SkippedPage
from pipelines.decode import DecodePipeline
from pipelines.extract import ExtractPipeline
from pipelines.rows import comment_rows, post_row, skipped_row
from pipelines.stages import ExtractedPost

_DECODE, _EXTRACT = DecodePipeline(), ExtractPipeline()


def read_post(fetched: FetchedPost) -> ExtractedPost | SkippedPage:
    return _EXTRACT.process_item(_DECODE.process_item(fetched))


def as_record(result: ExtractedPost | SkippedPage) -> dict[str, Any]:
    """The post row with its comment rows under `comments`, or the skip as an `error`."""
    if isinstance(result, SkippedPage):
        row = skipped_row(result)
        return {"url": row["url"], "error": row["reason"], "detail": row["detail"], "status": row["status"]}
    return {**post_row(result), "comments": comment_rows(result)}
