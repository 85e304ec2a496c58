"""The shapes an item takes between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass

from blogarchive.items import FetchedPost
from extraction import DecodedPage, PostRecord


@dataclass
class DecodedPost:
    fetched: FetchedPost
    pages: list[DecodedPage]


@dataclass
class ExtractedPost:
    fetched: FetchedPost
    pages: list[DecodedPage]
    record: PostRecord
    post_id: str
