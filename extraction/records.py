"""What extraction returns: one post with its comments, or the reason a page is not a post."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

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
    repairs: RepairLog = field(default_factory=RepairLog)  # filled by the repair stage


@dataclass
class PostRecord:
    url: str  # canonical URL of the post
    title: str | None
    text: str
    platform: str  # name of the profile that read the page
    author: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    published_month: str | None = None  # YYYY-MM: from `published`, else from the URL's /YYYY/MM/
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comment_count_announced: int | None = None
    comments: list[CommentRecord] = field(default_factory=list)
    repairs: RepairLog = field(default_factory=RepairLog)  # filled by the repair stage


@dataclass
class NotAPost:
    """A page that holds no post we can read. `reason` is a short code for the stats."""

    reason: str  # not_a_post | unsupported_platform | unparseable
    detail: str
