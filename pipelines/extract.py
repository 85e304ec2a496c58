"""Stage 2: split article from comments; a page that holds no post becomes a SkippedPage."""

from __future__ import annotations

import logging
from typing import Any

from blogarchive.items import SkippedPage
from extraction import NotAPost, extract_post
from extraction.ids import post_id_for
from pipelines.stages import DecodedPost, ExtractedPost

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, DecodedPost):
            return item
        first = item.fetched.first
        try:
            result = extract_post(item.pages)
        except Exception as error:  # a bug on one odd page must not lose it silently or stop the crawl
            logger.exception("Extraction failed on %s", first.url)
            result = NotAPost("extraction_error", f"{type(error).__name__}: {error}")
        if isinstance(result, NotAPost):
            return SkippedPage(
                url=first.url,
                reason=result.reason,
                detail=result.detail,
                status=first.status,
                fetched_at=first.fetched_at,
                source_kind=first.source_kind,
            )
        return ExtractedPost(item.fetched, item.pages, result, post_id_for(result.url))
