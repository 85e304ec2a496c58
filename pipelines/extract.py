"""Stage 2: split article from comments; a page that holds no post becomes a SkippedPage."""

from __future__ import annotations

from typing import Any

from blogarchive.items import SkippedPage
from extraction import NotAPost, extract_post
from extraction.ids import post_id_for
from pipelines.stages import DecodedPost, ExtractedPost


class ExtractPipeline:
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, DecodedPost):
            return item
        result = extract_post(item.pages)
        first = item.fetched.first
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
