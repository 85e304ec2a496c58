"""The shapes an item takes between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    other_captures: list[str] = field(default_factory=list)  # archive timestamps not chosen
