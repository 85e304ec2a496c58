"""Scope on every request, redirects and refreshes included.

The spiders follow only links inside the blog, but Scrapy's redirect and meta-refresh
middlewares make new requests of their own: a 301, a 302 or a `<meta http-equiv=refresh>` could
take a crawl to another host, another port, or an address such as 169.254.169.254 (cloud
metadata), and store what it found there as a post. This middleware refuses any redirected
request that leaves the spider's scope (`spider.scope.inside`), before anything connects; the
refusal reaches the request's errback, and the spider records the page as skipped
(`redirect_out_of_scope`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class OutOfScopeRedirect(IgnoreRequest):
    """A redirect or refresh that would leave the blog."""


class ScopeGuard:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeGuard:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        scope = getattr(self.crawler.spider, "scope", None)
        followed = request.meta.get("redirect_urls")
        if scope is None or not followed or scope.inside(request.url):
            return
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("scope/redirects_refused")
        raise OutOfScopeRedirect(f"redirect from {followed[0]} to {request.url}, outside {scope.home}")
