"""A Scrapy response as the raw page every source hands over, and the links it offers.

Links are read from the same decoding the reader uses (`extraction.decode`), never through
Scrapy's own charset rules, so a page is read under one charset whatever reads it. HTML pages
give `a`, `area` and `link` targets (so `link[rel=prev|next]` chains are walked); feeds give Atom
`link/@href` and RSS `link`/`guid` text. Which links to follow is the spider's choice.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import Response
from twisted.python.failure import Failure

from blogarchive.items import KEPT_PAGE, RawPage
from blogarchive.scope import Refused
from extraction.decode import decode_page, header_value

# Compiled once; plain strings, not lxml's "smart" ones that each keep a reference to their element.
_HTML_LINKS = etree.XPath("//a/@href | //area/@href | //link/@href", smart_strings=False)
# parsel's HTML parser without the id index (no link lookup uses it), fed bytes directly: a fifth
# less time a page than through a Selector (0.69 against 0.87 ms). One per thread: an lxml parser
# must not be used by two threads at once, and links are read on a thread of their own
# (spiders/link_thread.py) as well as on the reactor thread.
_PARSERS = threading.local()
_FEED_LINKS = etree.XPath("//link/@href | //link/text() | //guid/text()", smart_strings=False)


def raw_page(response: Response, source_kind: str = "live") -> RawPage:
    """The response's bytes and headers, frozen for the reader; with KEEP_PAGES, where they were
    kept, and the fetch time the WARC record says."""
    headers = {key.decode("latin-1"): b", ".join(values).decode("latin-1") for key, values in response.headers.items()}
    kept = response.meta.get(KEPT_PAGE) if response.request is not None else None
    return RawPage(
        url=response.url,
        status=response.status,
        headers=headers,
        body=response.body,
        fetched_at=kept.fetched_at if kept is not None else datetime.now(timezone.utc),
        truncated="dataloss" in response.flags,
        source_kind=source_kind,
        kept=kept,
    )


def is_feed(page: RawPage) -> bool:
    content_type = (header_value(page.headers, "Content-Type") or "").lower()
    return "xml" in content_type and "html" not in content_type


def page_links(page: RawPage) -> Iterator[str]:
    """Absolute URLs (resolved against the page's own, original URL) of every link on the page,
    in document order, fragments kept."""
    return (absolute_link(page.url, href) for href in page_hrefs(page))


def page_hrefs(page: RawPage) -> Iterator[str]:
    """Every link of the page as written (stripped; no javascript:, mailto: or #fragment-only)."""
    if not page.body.strip():
        return
    text = decode_page(page.url, page.body, page.headers).text
    if is_feed(page):
        selector = Selector(text=text, type="xml")
        selector.remove_namespaces()
        hrefs = _FEED_LINKS(selector.root)
    else:
        hrefs = _html_hrefs(text)
    for found in hrefs:
        href = found.strip()
        if href and not href.startswith(_NOT_PAGES):
            yield href


_NOT_PAGES = ("javascript:", "mailto:", "#")


def _html_parser() -> etree.HTMLParser:
    parser = getattr(_PARSERS, "html", None)
    if parser is None:
        parser = _PARSERS.html = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True, collect_ids=False)
    return parser


def _html_hrefs(text: str) -> list[str]:
    """`_HTML_LINKS` of the page, parsed as parsel parses it (NUL characters dropped)."""
    body = (text.replace("\x00", "") if "\x00" in text else text).encode("utf-8", "surrogatepass")
    try:
        root = etree.fromstring(body, parser=_html_parser())
    except etree.LxmlError:  # nothing libxml2 can make a document of (a page of only a comment)
        return []
    return [] if root is None else _HTML_LINKS(root)


_ORIGIN = re.compile(r"https?://[^/?#]*", re.IGNORECASE)


_ABSOLUTE = ("http://", "https://", "HTTP://", "HTTPS://")


class JoinBases:
    """`join_base` for the links of one page: its scheme and origin read once, not once a link."""

    __slots__ = ("origin", "page_url", "scheme")

    def __init__(self, page_url: str) -> None:
        origin = _ORIGIN.match(page_url)
        self.page_url = page_url
        self.origin = origin[0] if origin is not None else None
        self.scheme = page_url.split(":", 1)[0] + "://"

    def of(self, href: str) -> str:
        if self.origin is None or href.startswith("//"):
            return self.page_url
        if href.startswith(_ABSOLUTE):
            return self.scheme
        return self.origin if href.startswith("/") else self.page_url


def join_base(page_url: str, href: str) -> str:
    """The part of `page_url` that `urljoin(page_url, href)` depends on: an absolute link depends
    only on the page's scheme, a root-relative one ("/archives/...") on its scheme and host, any
    other on the whole URL. Every page of a blog repeats the same sidebar, pager and archive links
    (a hundred a page), so what is joined or placed once under this base holds for every page."""
    return JoinBases(page_url).of(href)


def absolute_link(page_url: str, href: str, base: str | None = None) -> str:
    """`urljoin(page_url, href)`, remembered where the page's own path does not matter (joining
    links was a fifth of a crawl's CPU); `base`, the link's `join_base` when already known."""
    base = join_base(page_url, href) if base is None else base
    return urljoin(page_url, href) if base == page_url else _joined(base, href)


@lru_cache(maxsize=16384)
def _joined(base: str, href: str) -> str:
    return urljoin(base, href)


def failure_reason(failure: Failure) -> str:
    """The skip reason of a request that got no response: refused by a guard, cut, or failed."""
    if isinstance(failure.value, Refused):
        return failure.value.reason
    # Scrapy cancels a download for one reason: its size passed DOWNLOAD_MAXSIZE, announced by
    # Content-Length (the message says so) or counted while streaming (an empty message).
    if isinstance(failure.value, DownloadCancelledError):
        return "too_large"
    return f"download_error/{type(failure.value).__name__}"
