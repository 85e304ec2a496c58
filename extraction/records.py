"""What extraction returns: one post with its comments, or the reason a page is not a post."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from blogarchive.items import MissingPage, RawPage
from extraction.decode import DecodedPage
from extraction.repair import RepairLog


@dataclass
class CommentRecord:
    position: int  # 1-based order on the post, across comment pages
    text: str
    author: str | None = None
    author_url: str | None = None
    published: datetime | None = None  # wall-clock time the page prints, no time zone
    published_raw: str | None = None
    platform_comment_id: str | None = None  # TypePad XID or MT numeric id, from `id="comment-…"`
    page_url: str | None = None  # the comment page it was read from
    reply_to: CommentRecord | None = field(default=None, repr=False)  # the comment this one answers
    language: str = "und"  # ISO 639-1 or "und" (extraction/language.py), set by the reader
    spam_reasons: list[str] = field(default_factory=list)  # schemas.enums.SPAM_REASONS values
    repairs: RepairLog = field(default_factory=RepairLog)  # filled by the repair stage
    # What the crawl's repeated-body count compares (extraction.spam.body_key), set with the labels
    # so that a reading worker, not the crawl, hashes it: "" too short to count, None not set yet.
    body_key: str | None = field(default=None, repr=False, compare=False)


@dataclass
class PostRecord:
    url: str  # canonical URL of the post
    title: str | None
    text: str
    platform: str  # the platform value (schemas.enums.PLATFORMS) of the profile that read the page
    profile: str  # the profile (template family) that read it: `Profile.name`, or "generic"
    author: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    published_month: str | None = None  # YYYY-MM: from `published`, else from the URL's /YYYY/MM/
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comment_count_announced: int | None = None
    comments: list[CommentRecord] = field(default_factory=list)
    # The blog's name as the page declares it (og:site_name, the banner's link home); no column:
    # the reader compares it with the title (extraction/quality.py).
    site_name: str | None = None
    language: str = "und"  # ISO 639-1 or "und" (extraction/language.py), set by the reader
    repairs: RepairLog = field(default_factory=RepairLog)  # filled by the repair stage


@dataclass
class NotAPost:
    """A page that holds no post we can read. `reason` is a short code for the stats."""

    reason: str  # not_a_post | unsupported_platform | unparseable
    detail: str


@dataclass
class ReadPage:
    """A page of the chosen capture as read: its bytes and provenance, and how they decoded."""

    raw: RawPage
    decoded: DecodedPage
    number: int  # 1 for the permalink page, N for comment page N


@dataclass
class ReadPost:
    """What the reader makes of all captures of one post: the post with its comments, the pages
    they came from, and what is known to be missing."""

    post_id: str
    record: PostRecord
    pages: list[ReadPage]  # the chosen capture's pages, in page order
    missing: list[MissingPage] = field(default_factory=list)  # its comment pages not read
    other_captures: list[str] = field(default_factory=list)  # timestamps of the captures not chosen
    warnings: list[str] = field(default_factory=list)  # values of schemas.enums.WARNINGS
    captures_read: int = 1

    @property
    def first(self) -> ReadPage:
        return self.pages[0]
