"""`scrapy crawl typepad -a url=BLOG_HOME`: every post of a TypePad or Movable Type blog.

No single listing of such a blog is complete (category pages hold the latest N, feeds the last
ten, some posts are in no listing at all), so the spider reads every place posts are listed and
walks each post's prev/next links; Scrapy's duplicate filter makes sure each post is fetched
once. It only navigates: each post page, with its extra comment pages, goes to the pipelines as
bytes.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urldefrag

import scrapy
from scrapy import signals
from scrapy.http import Response
from twisted.python.failure import Failure

from blogarchive.items import FetchedPage, FetchedPost, SkippedPage
from blogarchive.sample import SAMPLE_BLOG_PATH, SAMPLE_SITE_DIR
from blogarchive.static_site import StaticSite
from spiders.discovery import page_links
from spiders.responses import fetched_page, problem_with, skipped
from spiders.urls import BlogScope, PageKind, comment_page_base, comment_page_number, year_month

_MONTH = re.compile(r"^\d{4}-\d{2}$")
# Guessed entry points: MT/TypePad defaults that most blogs have but need not link.
_GUESSED_PATHS = ("archives.html", "atom.xml")


class TypePadSpider(scrapy.Spider):
    name = "typepad"

    def __init__(
        self, url: str | None = None, since: str | None = None, until: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        for label, month in (("since", since), ("until", until)):
            if month is not None and not _MONTH.match(month):
                raise ValueError(f"-a {label}={month!r}: expected YYYY-MM, e.g. 2010-06")
        self.home_url = url
        self.since, self.until = since, until
        # Recorded in every part file's metadata and in the dataset card.
        self.arguments = {k: v for k, v in (("url", url), ("since", since), ("until", until)) if v}
        self.sample_site: StaticSite | None = None
        self.dataset_name = "typepad-sample" if url is None else None
        self.scope: BlogScope | None = BlogScope.from_home(url) if url else None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> TypePadSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.scope is None:
            # The bundled sample is served on 127.0.0.1 by this process: no one to be polite to.
            crawler.settings.set("DOWNLOAD_DELAY", 0, priority="spider")
            crawler.settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
        crawler.signals.connect(spider._stop_sample_site, signal=signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.scope is None:
            # No url: serve the bundled sample blog on 127.0.0.1 and crawl that, offline.
            self.sample_site = StaticSite(SAMPLE_SITE_DIR).start()
            self.home_url = self.sample_site.url(SAMPLE_BLOG_PATH)
            self.scope = BlogScope.from_home(self.home_url)
            self.logger.info("No -a url given: crawling the bundled sample blog at %s", self.home_url)
        yield scrapy.Request(self.scope.home, callback=self.parse_listing, errback=self.request_failed)
        for path in _GUESSED_PATHS:
            yield scrapy.Request(
                self.scope.absolute(path),
                callback=self.parse_listing,
                errback=self.request_failed,
                meta={"guess": True},
            )

    # Listings: home and its pager, archives.html, months, categories, feeds.

    def parse_listing(self, response: Response) -> Iterator[Any]:
        problem = problem_with(response, expect_html=False)
        if problem and response.meta.get("guess"):
            self.crawler.stats.inc_value(f"discovery/guess_missing/{problem[0]}")
            return
        if problem:
            yield skipped(response, *problem)
            return
        yield from self.follow_links(response)

    # Posts, and the comment pages that travel with them.

    def parse_post(self, response: Response) -> Iterator[Any]:
        problem = problem_with(response)
        if problem:
            yield skipped(response, *problem)
            return
        yield from self.follow_links(response)
        yield from self.continue_post(response, [fetched_page(response)])

    def parse_comment_page(self, response: Response) -> Iterator[Any]:
        pages: list[FetchedPage] = response.meta["pages"]
        problem = problem_with(response)
        if problem:
            yield self.incomplete_post(pages, response.url, *problem)
            return
        yield from self.continue_post(response, [*pages, fetched_page(response)])

    def continue_post(self, response: Response, pages: list[FetchedPage]) -> Iterator[Any]:
        """Fetch the next comment page this one links to, or hand the finished post over."""
        next_page = self.next_comment_page(response, pages[0].url)
        if next_page is None:
            yield FetchedPost(url=pages[0].url, pages=pages)
            return
        yield scrapy.Request(
            next_page,
            callback=self.parse_comment_page,
            errback=self.comment_page_failed,
            meta={"pages": pages},
        )

    def next_comment_page(self, response: Response, post_url: str) -> str | None:
        """The lowest-numbered comment page of this post beyond the current one."""
        base, current = comment_page_base(post_url), comment_page_number(response.url)
        candidates = {}
        for link in page_links(response):
            link = urldefrag(link)[0]
            if self.scope.classify(link) is PageKind.COMMENT_PAGE and comment_page_base(link) == base:
                number = comment_page_number(link)
                if number > current:
                    candidates.setdefault(number, link)
        return candidates[min(candidates)] if candidates else None

    def comment_page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        yield self.incomplete_post(request.meta["pages"], request.url, "comment_page_failed", failure.getErrorMessage())

    def incomplete_post(self, pages: list[FetchedPage], url: str, reason: str, detail: str) -> FetchedPost:
        """Keep the comments we have; record the page we could not get."""
        self.crawler.stats.inc_value(f"comment_pages_missing/{reason}")
        self.logger.warning("Comment page %s of %s missing (%s: %s)", url, pages[0].url, reason, detail)
        return FetchedPost(url=pages[0].url, pages=pages, comment_pages_missing=[url])

    # Discovery shared by every page kind.

    def follow_links(self, response: Response) -> Iterator[scrapy.Request]:
        for link in page_links(response):
            link = urldefrag(link)[0]
            kind = self.scope.classify(link)
            if kind not in (PageKind.POST, PageKind.LISTING, PageKind.FEED) or not self.in_period(link):
                continue
            callback = self.parse_post if kind is PageKind.POST else self.parse_listing
            yield scrapy.Request(link, callback=callback, errback=self.request_failed)

    def in_period(self, url: str) -> bool:
        month = year_month(url, self.scope)
        if month is None:
            return True
        return (self.since is None or month >= self.since) and (self.until is None or month <= self.until)

    def request_failed(self, failure: Failure) -> Iterator[SkippedPage]:
        """Connection refused, DNS failure, timeout after retries: counted, never silent."""
        yield SkippedPage(
            url=failure.request.url,
            reason=f"download_error/{type(failure.value).__name__}",
            detail=failure.getErrorMessage(),
        )

    def _stop_sample_site(self) -> None:
        if self.sample_site is not None:
            self.sample_site.stop()
