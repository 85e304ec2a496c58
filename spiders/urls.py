"""Which URLs belong to a blog, and what kind of page each one is.

TypePad and Movable Type publish static files whose paths say what they hold
(`/2010/06/slug.html` is a post, `/2010/06/` a month, `/page/2/` the paginated home), so the
kind of a page is read from its URL before it is fetched. Patterns follow
`notes/platforms.md` §2: MT defaults, TypePad's `/page/N/` and `/comments/page/N/` shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urldefrag, urljoin, urlsplit


class PageKind(Enum):
    POST = "post"
    COMMENT_PAGE = "comment_page"
    LISTING = "listing"
    FEED = "feed"
    OTHER = "other"


# Paths below the blog prefix. Order matters: the first match wins.
_KIND_PATTERNS: tuple[tuple[PageKind, re.Pattern[str]], ...] = (
    # TypePad: a post's extra comment pages, 50 comments each; ArchiveTeam also saw comment-page-N.
    (PageKind.COMMENT_PAGE, re.compile(r"^\d{4}/\d{2}/[^/]+/(?:comments/page/\d+|comment-page-\d+)/?$")),
    # MT/TypePad permalink `%y/%m/%f` (`slug.html`), also daily `%y/%m/%d/%f`.
    (PageKind.POST, re.compile(r"^\d{4}/\d{2}/(?:\d{2}/)?(?!index\.html?$)[^/]+\.html?$")),
    # MT4 alternative permalink `%y/%m/%-b/%i`.
    (PageKind.POST, re.compile(r"^\d{4}/\d{2}/(?!page/)[^/]+/index\.html?$")),
    (PageKind.FEED, re.compile(r"^(?:[^/]+/)?(?:atom\.xml|rss\.xml|index\.rdf|index\.xml)$")),
    # Home, its pager, the archive index, months (and their pager), years.
    (PageKind.LISTING, re.compile(r"^(?:index\.html?)?$")),
    (PageKind.LISTING, re.compile(r"^page/\d+/?$")),
    (PageKind.LISTING, re.compile(r"^archives\.html?$")),
    (PageKind.LISTING, re.compile(r"^\d{4}/(?:\d{2}/)?(?:index\.html?|page/\d+/?)?$")),
    # MT3-era date and category archives: archives/2010_06.html, archives/cat_name.html.
    (PageKind.LISTING, re.compile(r"^archives/[^/]+\.html?$")),
    # Category archives `/<slug>/`, their pager, MT `%-c/%i`, and `/category/<slug>/`.
    (PageKind.LISTING, re.compile(r"^(?:categor(?:y|ies)/)?[^/.][^/]*/(?:index\.html?|page/\d+/?)?$")),
)

# Never pages of the blog: TypePad assets and pop-ups, service URLs, uploads (typepad-grab).
_EXCLUDED_SEGMENTS = re.compile(r"(?:^|/)(?:\.a|\.shared|\.services|photos|images|files)(?:/|$)")
_HTML_LIKE_SUFFIX = re.compile(r"(?:/|\.html?|\.xml|\.rdf|/[^/.]+)$")
_YEAR_MONTH = re.compile(r"^(\d{4})/(\d{2})/")


@dataclass(frozen=True)
class BlogScope:
    """The part of the web that is this blog: one host (with port) and one path prefix."""

    scheme: str
    netloc: str
    prefix: str  # always ends with "/"

    @classmethod
    def from_home(cls, home_url: str) -> BlogScope:
        parts = urlsplit(home_url)
        path = parts.path or "/"
        if not path.endswith("/"):
            path = path.rsplit("/", 1)[0] + "/"
        return cls(parts.scheme, parts.netloc.lower(), path)

    @property
    def home(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.prefix}"

    def absolute(self, relative: str) -> str:
        return urljoin(self.home, relative)

    def relative_path(self, url: str) -> str | None:
        """The path below the prefix, or None when the URL is outside the blog."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != self.netloc:
            return None
        if not parts.path.startswith(self.prefix) and parts.path + "/" != self.prefix:
            return None
        return parts.path[len(self.prefix) :]

    def classify(self, url: str) -> PageKind | None:
        """Kind of page behind `url`, or None for anything the crawl must not fetch."""
        url, _fragment = urldefrag(url)
        rel = self.relative_path(url)
        if rel is None or urlsplit(url).query:  # ?cid= permalinks, searches, CGI
            return None
        if _EXCLUDED_SEGMENTS.search(rel) or not (rel == "" or _HTML_LIKE_SUFFIX.search(rel)):
            return None
        for kind, pattern in _KIND_PATTERNS:
            if pattern.match(rel):
                return kind
        return PageKind.OTHER


def year_month(url: str, scope: BlogScope) -> str | None:
    """`YYYY-MM` read from a dated URL path, for `since`/`until` filtering."""
    rel = scope.relative_path(url) or ""
    match = _YEAR_MONTH.match(rel)
    return f"{match[1]}-{match[2]}" if match else None


def comment_page_base(url: str) -> str:
    """The path all of a post's comment pages share: `/2010/06/slug.html` -> `/2010/06/slug/`."""
    path = urlsplit(urldefrag(url)[0]).path
    path = re.sub(r"/(?:comments/page/\d+|comment-page-\d+)/?$", "", path)
    return re.sub(r"(?:/index)?\.html?$", "", path).rstrip("/") + "/"


def comment_page_number(url: str) -> int:
    match = re.search(r"(?:comments/page/|comment-page-)(\d+)/?$", urlsplit(url).path)
    return int(match[1]) if match else 1


# The post and comment-page shapes of `_KIND_PATTERNS`, found anywhere in a path: a web archive
# read without `-a url` may hold many blogs, each under its own prefix.
_PERMALINK_PATTERNS: tuple[tuple[PageKind, re.Pattern[str]], ...] = (
    (PageKind.COMMENT_PAGE, re.compile(r"/\d{4}/\d{2}/[^/]+/(?:comments/page/\d+|comment-page-\d+)/?$")),
    (PageKind.POST, re.compile(r"/\d{4}/\d{2}/(?:\d{2}/)?(?!index\.html?$)[^/]+\.html?$")),
    # `%y/%m/%-b/%i`; a two-digit segment there is a daily archive, not a slug.
    (PageKind.POST, re.compile(r"/\d{4}/\d{2}/(?!page/|\d{2}/)[^/]+/index\.html?$")),
)


def permalink_kind(url: str) -> PageKind | None:
    """POST or COMMENT_PAGE when the URL has the shape of one in any blog, else None.

    For sources with no blog home to scope by: the path alone says whether a capture can be a
    post, so images, listings and assets are passed over without being read.
    """
    parts = urlsplit(urldefrag(url)[0])
    if parts.scheme not in ("http", "https") or parts.query or _EXCLUDED_SEGMENTS.search(parts.path):
        return None
    return next((kind for kind, pattern in _PERMALINK_PATTERNS if pattern.search(parts.path)), None)


def with_comment_page_number(url: str, number: int) -> str:
    """The URL of page `number` of the same post's comments, in the shape `url` uses."""
    return re.sub(r"(comments/page/|comment-page-)\d+(/?)$", rf"\g<1>{number}\g<2>", url)
