"""Stage 1: bytes to text for every page of a post (charset claims kept for provenance)."""

from __future__ import annotations

from typing import Any

from blogarchive.items import FetchedPost
from extraction import decode_page
from pipelines.stages import DecodedPost


class DecodePipeline:
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPost):
            return item
        pages = [decode_page(page.url, page.body, page.headers) for page in item.pages]
        return DecodedPost(fetched=item, pages=pages)
