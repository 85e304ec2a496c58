"""What kind of page a URL is, and which post it belongs to: one rule for every source.

Blog platforms publish pages whose addresses say what they hold (`/2010/06/slug.html` is a
Movable Type post, `/2010/06/slug/comments/page/2/` its second comment page), so the kind of a
page is read from its URL before it is fetched. The shapes are data, one `UrlShapes` per
platform profile (`extraction/platforms/`); this module only applies them, the same way for a
live crawl (scoped to one blog), a Wayback index and a WARC file (any blog, any prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from urllib.parse import SplitResult, urldefrag, urljoin, urlsplit, urlunsplit


class PageKind(Enum):
    POST = "post"
    COMMENT_PAGE = "comment_page"
    LISTING = "listing"
    FEED = "feed"
    OTHER = "other"


# A page's own part of its address: `slug.html`, `slug/index.html`, `slug/`, `index.php?p=1` all
# name the post `slug` (or `?p=1`); its comment pages name it the same way.
_STEM_END = re.compile(r"(?:/index\.(?:html?|php)|\.html?|/)$|^index\.php(?=\?)|(?<=/)index\.php(?=\?)")
# Pages, not assets: no extension (`archives`, Skyrock's `/2320485189`, Blogger's `search?…`
# pager), HTML, PHP, `.asp` (Blogger blogs published by FTP to their owners' servers), or a feed.
_HTML_LIKE = re.compile(r"(?:(?:^|/)[^/.]*|\.html?|\.xml|\.rdf|\.rss|\.php|\.aspx?)$")
_YEAR_MONTH = re.compile(r"(?:^|/)(\d{4})/(\d{2})(?=/|$)")


def post_stem(relative: str) -> str:
    """`2010/06/slug.html` -> `2010/06/slug`: what a post and its comment pages share."""
    path, _, query = relative.partition("?")
    stem = _STEM_END.sub("", path)
    return f"{stem}?{query}" if query else stem


@dataclass(frozen=True)
class UrlShapes:
    """A platform's URL shapes: regexes matched whole against the address below the blog's home
    (`path` or `path?query`). A comment-page shape has two named groups: `post`, the post's own
    part of the address, and `n`, the page number. First match wins, kinds in the order below."""

    post: tuple[str, ...]
    listing: tuple[str, ...]
    comment_page: tuple[str, ...] = ()
    feed: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()  # never pages of the blog: assets, pop-ups, uploads (searched)
    entry_points: tuple[str, ...] = ()  # listings worth asking for even when nothing links them
    # When `n` is an offset, not a page number (Canalblog's `-p50-0.html` is page 2): the step.
    comment_offset_step: int = 0

    @cached_property
    def _kinds(self) -> tuple[tuple[PageKind, re.Pattern[str]], ...]:
        order = (
            (PageKind.COMMENT_PAGE, self.comment_page),
            (PageKind.POST, self.post),
            (PageKind.FEED, self.feed),
            (PageKind.LISTING, self.listing),
        )
        return tuple((kind, re.compile(p)) for kind, patterns in order for p in patterns)

    @cached_property
    def _skip(self) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in self.skip)) if self.skip else None

    def skips(self, path: str) -> bool:
        """True for an address that is never a page of a blog (an asset, a pop-up, an upload)."""
        return bool(self._skip and self._skip.search(path))

    def kind(self, relative: str) -> PageKind | None:
        """Kind of the page at `relative` (below the home), None for what is never fetched."""
        path, _, query = relative.partition("?")
        if self.skips(path) or not _HTML_LIKE.search(path):
            return None
        for kind, pattern in self._kinds:
            if pattern.fullmatch(relative):
                return kind
        return None if query else PageKind.OTHER

    def comment_page_match(self, relative: str) -> re.Match[str] | None:
        return next((m for k, p in self._kinds if k is PageKind.COMMENT_PAGE and (m := p.fullmatch(relative))), None)

    def post_part(self, relative: str) -> str:
        """The post's own part of a post or comment-page address (see `post_stem`); a post shape
        with a `post` group names it by that part (Skyrock's `<id>-<Slug>.html` is post `<id>`)."""
        match = self.comment_page_match(relative) or self._named_post_match(relative)
        return post_stem(match["post"] if match else relative)

    def _named_post_match(self, relative: str) -> re.Match[str] | None:
        for kind, pattern in self._kinds:
            if kind is PageKind.POST and "post" in pattern.groupindex and (match := pattern.fullmatch(relative)):
                return match
        return None

    def page_number(self, relative: str) -> int:
        """1 for the post's own page, N for its comment page N."""
        match = self.comment_page_match(relative)
        if match is None:
            return 1
        step = self.comment_offset_step
        return int(match["n"]) // step + 1 if step else int(match["n"])

    def with_page_number(self, relative: str, number: int) -> str | None:
        """The address of comment page `number`, in the shape `relative` (a comment page) uses."""
        match = self.comment_page_match(relative)
        if match is None:
            return None
        value = (number - 1) * self.comment_offset_step if self.comment_offset_step else number
        return relative[: match.start("n")] + str(value) + relative[match.end("n") :]


@dataclass(frozen=True)
class Located:
    """A URL read against a platform's shapes: its kind, and the post it belongs to."""

    url: str
    kind: PageKind
    post_key: str  # host (no port, no scheme) + path up to the post's own part
    page_number: int
    prefix: str  # the part of the URL before the address the shapes matched


def address_key(url: str) -> str:
    """One spelling per page address, for grouping an archive's captures: no fragment, no
    default port, http and https alike (archives hold both for one page)."""
    parts = urlsplit(urldefrag(url)[0])
    host = parts.netloc.lower().removesuffix(":80").removesuffix(":443")
    return urlunsplit(("http", host, parts.path or "/", parts.query, ""))


def parts_of(url: str, base: str | None = None) -> SplitResult | None:
    """`urlsplit` of a link as a page wrote it (joined to `base`), or None for one Python cannot
    parse (`http://[` raises "Invalid IPv6 URL"): a page's bad link must not cost its post."""
    try:
        return urlsplit(urljoin(base, url) if base else url)
    except ValueError:
        return None


def _split(url: str) -> tuple[str, str, str] | None:
    """(scheme://netloc, path, query) of an http(s) URL without its fragment."""
    parts = urlsplit(urldefrag(url)[0])
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}", parts.path or "/", parts.query


def _host(origin: str) -> str:
    return (urlsplit(origin).hostname or "").lower()


def locate(url: str, shapes: UrlShapes, prefix: str | None = None) -> Located | None:
    """The URL's kind and post, below `prefix` (a blog's home path), or below any prefix.

    Without a prefix (an archive holding many blogs), every `/`-boundary of the path is tried
    as the blog's home and the first that makes the URL a post or comment page wins.
    """
    split = _split(url)
    if split is None:
        return None
    origin, path, query = split
    if shapes.skips(path):  # the whole path: an asset folder may sit above a dated path
        return None
    homes = [prefix] if prefix is not None else [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]
    for home in homes:
        if not (path.startswith(home) or path + "/" == home):
            continue
        relative = path[len(home) :] + (f"?{query}" if query else "")
        kind = shapes.kind(relative)
        if prefix is None and kind not in (PageKind.POST, PageKind.COMMENT_PAGE):
            continue
        if kind is None:
            return None
        key = f"{_host(origin)}{home}{shapes.post_part(relative)}"
        return Located(f"{origin}{path}" + (f"?{query}" if query else ""), kind, key, shapes.page_number(relative),
                       f"{origin}{home}")  # fmt: skip
    return None


@dataclass(frozen=True)
class BlogScope:
    """The part of the web that is this blog: one host (with port), one path prefix, and the
    URL shapes of its platform."""

    scheme: str
    netloc: str
    prefix: str  # always ends with "/"
    shapes: UrlShapes

    @classmethod
    def from_home(cls, home_url: str, shapes: UrlShapes) -> BlogScope:
        parts = urlsplit(home_url)
        path = parts.path or "/"
        if not path.endswith("/"):
            path = path.rsplit("/", 1)[0] + "/"
        return cls(parts.scheme, parts.netloc.lower(), path, shapes)

    @property
    def home(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.prefix}"

    def absolute(self, relative: str) -> str:
        return urljoin(self.home, relative)

    def inside(self, url: str) -> bool:
        parts = urlsplit(url)
        return (
            parts.scheme in ("http", "https")
            and parts.netloc.lower() == self.netloc
            and (parts.path.startswith(self.prefix) or parts.path + "/" == self.prefix)
        )

    def locate(self, url: str) -> Located | None:
        return locate(url, self.shapes, self.prefix) if self.inside(url) else None

    def classify(self, url: str) -> PageKind | None:
        """Kind of page behind `url`, or None for anything the crawl must not fetch."""
        located = self.locate(url)
        return located.kind if located else None

    def year_month(self, url: str) -> str | None:
        """`YYYY-MM` read from a dated URL path, for `since`/`until` filtering."""
        if not self.inside(url):
            return None
        match = _YEAR_MONTH.search(urlsplit(url).path[len(self.prefix) - 1 :])
        return f"{match[1]}-{match[2]}" if match else None


def comment_page_url(located: Located, shapes: UrlShapes, number: int) -> str | None:
    """The URL of page `number` of the same post's comments, from one of its comment pages."""
    if located.kind is not PageKind.COMMENT_PAGE:
        return None
    relative = located.url[len(located.prefix) :]
    other = shapes.with_page_number(relative, number)
    return located.prefix + other if other is not None else None
