"""What a spider hands to the pipelines: the fetched bytes of one post, untouched.

Spiders only navigate; everything that reads a page happens in the pipelines, so every source
(live site, Wayback Machine, WARC file) yields these same two shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class FetchedPage:
    """One HTTP response as it arrived: the post page itself or one of its comment pages."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    truncated: bool = False
    # Provenance of the bytes: where they were read from, beyond the URL.
    source_kind: str = "live"  # live | wayback | warc | export
    archive_timestamp: str | None = None
    archive_url: str | None = None  # the snapshot URL the bytes were read from (Wayback)
    source_file: str | None = None
    source_offset: int | None = None

    def __repr__(self) -> str:  # logs show which page, not its bytes
        return f"FetchedPage({self.url!r}, status={self.status}, {len(self.body)} bytes)"


@dataclass
class FetchedPost:
    """A post permalink page and its extra comment pages, in page order."""

    url: str
    pages: list[FetchedPage]
    comment_pages_missing: list[str] = field(default_factory=list)

    @property
    def first(self) -> FetchedPage:
        return self.pages[0]


@dataclass
class FetchedCaptures:
    """Several archived captures of one post: the pipelines keep the one with the most comments.

    A later capture usually carries more comments, but not always (a blog closed to comments, a
    capture cut short); the choice needs the extraction, so it is made in pipelines/captures.py.
    """

    url: str
    captures: list[FetchedPost]
    skipped: list[SkippedPage] = field(default_factory=list)  # captures that could not be read


@dataclass
class SkippedPage:
    """A page that yielded no post, and why: counted in the stats and kept in the dataset.

    `reason` is a short code (`http_404`, `truncated`, `not_a_post`, ...) so counts group cleanly;
    `detail` is the human sentence for the log.
    """

    url: str
    reason: str
    detail: str = ""
    status: int | None = None
    fetched_at: datetime | None = None
    source_kind: str = "live"
