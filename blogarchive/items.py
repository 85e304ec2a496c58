"""The one contract between sources and everything after them.

Every source (live site, Wayback Machine, WARC file, and the export files that come next) yields
`PostCaptures`: all captures of one post, each an unordered bag of raw pages (the permalink page
and whatever comment pages the source could get, bytes and headers untouched). Pages that are no
post at all (a listing that answered 404, a damaged archive file) are a `SkippedPage`. Nothing
here reads a page: `extraction.reader.read_post` does, the same way for every source.

No Scrapy import: extraction, commands and tests use these types outside a crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Request meta key: the response is a page of a post (permalink or comment page), so the post's
# row, not a listing row, records it in the `pages` table (pipelines/parquet.py).
FEEDS_POST = "feeds_post"
KEPT_PAGE = "kept_page"  # request meta key: the KeptPage of the response, set by KEEP_PAGES


@dataclass(frozen=True)
class KeptPage:
    """Where KEEP_PAGES wrote one response, and what a `pages` row says about it."""

    record_id: str  # WARC-Record-ID of the response record
    warc_file: str  # relative to the dataset folder
    warc_offset: int
    url: str  # the page's own (original) URL
    status: int
    fetched_at: datetime  # aware UTC, whole milliseconds: what the rows and the WARC both say
    payload_digest: str  # sha1:BASE32 of the body
    charset_header: str | None
    source_kind: str
    feeds_post: bool  # FEEDS_POST was set on its request


@dataclass
class RawPage:
    """One HTTP response as it arrived, with where its bytes came from."""

    url: str  # the page's own (original) URL, never an archive's snapshot URL
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    truncated: bool = False  # the transport says bytes are missing (data loss, WARC-Truncated)
    source_kind: str = "live"  # a value of schemas.enums.SOURCE_KINDS
    archive_timestamp: str | None = None
    archive_url: str | None = None  # the snapshot URL the bytes were read from (Wayback)
    source_file: str | None = None
    source_offset: int | None = None
    record_id: str | None = None  # the WARC-Record-ID of the record read (warc source)
    kept: KeptPage | None = None  # where KEEP_PAGES wrote it (live, wayback)

    @property
    def timestamp(self) -> str:
        """When these bytes were captured (YYYYMMDDhhmmss): archive time, else fetch time."""
        return self.archive_timestamp or f"{self.fetched_at:%Y%m%d%H%M%S}"

    def __repr__(self) -> str:  # logs show which page, not its bytes
        return f"RawPage({self.url!r}, status={self.status}, {len(self.body)} bytes)"


@dataclass
class MissingPage:
    """A comment page the source tried to get and could not: kept on the post, counted."""

    url: str
    reason: str  # a skip reason code (http_404, download_error/…, not_captured)
    detail: str = ""


@dataclass
class Capture:
    """One state of a post: its permalink page and the comment pages read with it.

    `pages` may come in any order; the reader numbers them from their URLs. `missing` lists the
    comment pages the source asked for and did not get; pages it never asked for but that the
    numbering shows are absent are found by the reader.
    """

    pages: list[RawPage]
    missing: list[MissingPage] = field(default_factory=list)

    @property
    def timestamp(self) -> str:
        return self.pages[0].timestamp


@dataclass
class PostCaptures:
    """Every capture a source has of one post (one for a live site, several for archives)."""

    url: str
    captures: list[Capture]
    unreadable: list[SkippedPage] = field(default_factory=list)  # captures the source could not even get


@dataclass
class SkippedPage:
    """A page that yielded no post, and why: counted in the stats and kept in the dataset.

    `reason` is a code declared in `schemas.enums.SKIP_REASONS`, so counts group cleanly;
    `detail` is the human sentence for the log.
    """

    url: str
    reason: str
    detail: str = ""
    status: int | None = None
    fetched_at: datetime | None = None
    source_kind: str = "live"
