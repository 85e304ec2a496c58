"""Scope on every request, redirects and refreshes included; and the requests never sent.

The spiders follow only links inside the blog, but Scrapy's redirect and meta-refresh
middlewares make new requests of their own: a 301, a 302 or a `<meta http-equiv=refresh>` could
take a crawl to another host, another port, or an address such as 169.254.169.254 (cloud
metadata), and store what it found there as a post. `ScopeGuard` refuses any redirected request
that leaves the spider's scope (`spider.scope.inside`), before anything connects, and any URL
longer than URLLENGTH_LIMIT (Scrapy's own length filter drops those silently).
`RedirectLoopGuard` stops a redirect or refresh that comes back to a URL of its own chain
(Scrapy's duplicate filter would drop the repeat silently, and the page with it). Each refusal
reaches the request's errback, so the spider records the page as skipped with the refusal's
reason (`redirect_out_of_scope`, `url_too_long`, `redirect_loop`) or continues the post without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urldefrag, urljoin

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_meta_refresh

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class Refused(IgnoreRequest):
    """A request the crawl will not send or follow; `reason` is its skip reason."""

    reason: ClassVar[str]


class OutOfScopeRedirect(Refused):
    """A redirect or refresh that would leave the blog."""

    reason = "redirect_out_of_scope"


class UrlTooLong(Refused):
    reason = "url_too_long"


class RedirectLoop(Refused):
    reason = "redirect_loop"


class ScopeGuard:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_length = crawler.settings.getint("URLLENGTH_LIMIT")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeGuard:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if self.max_length and len(request.url) > self.max_length:
            self.count("scope/urls_too_long")
            raise UrlTooLong(f"URL of {len(request.url)} characters (URLLENGTH_LIMIT {self.max_length})")
        scope = getattr(self.crawler.spider, "scope", None)
        followed = request.meta.get("redirect_urls")
        if scope is None or not followed or scope.inside(request.url):
            return
        self.count("scope/redirects_refused")
        raise OutOfScopeRedirect(f"redirect from {followed[0]} to {request.url}, outside {scope.home}")

    def count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


class RedirectLoopGuard:
    """Placed before the redirect middlewares see the response (DOWNLOADER_MIDDLEWARES 650)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        # The refreshes Scrapy's MetaRefreshMiddleware follows: a slow self-refresh is no loop.
        self.refresh_max_delay = (
            settings.getfloat("METAREFRESH_MAXDELAY") if settings.getbool("METAREFRESH_ENABLED") else 0.0
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopGuard:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("dont_redirect"):
            return response
        target = _redirect_target(response, self.refresh_max_delay)
        chain = {urldefrag(url)[0] for url in [*request.meta.get("redirect_urls", []), request.url]}
        if target is not None and urldefrag(target)[0] in chain:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("scope/redirect_loops")
            first = request.meta.get("redirect_urls", [request.url])[0]
            raise RedirectLoop(f"redirects from {first} come back to {target}")
        return response


def _redirect_target(response: Response, refresh_max_delay: float) -> str | None:
    """Where a 3xx, or a meta refresh the crawl would follow, sends the browser, if anywhere."""
    if 300 <= response.status < 400 and b"Location" in response.headers:
        return urljoin(response.url, response.headers[b"Location"].decode("latin-1"))
    if isinstance(response, HtmlResponse) and b"refresh" in response.body[:65536].lower():
        interval, url = get_meta_refresh(response)
        return url if interval is not None and interval < refresh_max_delay else None
    return None
