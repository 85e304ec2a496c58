"""Every link a page offers, as absolute URLs: the raw material of discovery.

Deciding which links to follow is `urls.BlogScope.classify`'s job; this module only reads them.
HTML pages give `a`, `area` and `link` targets (so `link[rel=prev|next]` chains are walked);
feeds give Atom `link/@href` and RSS `link`/`guid` text.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

from scrapy.http import Response, TextResponse
from scrapy.selector import Selector

_HTML_LINKS = "//a/@href | //area/@href | //link/@href"
_FEED_LINKS = "//link/@href | //link/text() | //guid/text()"


def is_feed(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return "xml" in content_type and "html" not in content_type


def page_links(response: Response, base: str | None = None) -> Iterator[str]:
    """Absolute URLs of every link on the page, in document order, fragments kept.

    `base` resolves relative links of an archived page against its original URL, not the
    snapshot URL it was fetched from.
    """
    if not isinstance(response, TextResponse):
        return
    if is_feed(response):
        selector = Selector(response=response, type="xml")
        selector.remove_namespaces()
        hrefs = selector.xpath(_FEED_LINKS).getall()
    else:
        hrefs = response.xpath(_HTML_LINKS).getall()
    for href in hrefs:
        href = href.strip()
        if href and not href.startswith(("javascript:", "mailto:", "#")):
            yield urljoin(base, href) if base else response.urljoin(href)
