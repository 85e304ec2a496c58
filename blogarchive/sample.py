"""The bundled sample blog: what `scrapy crawl typepad` (or `blog`) crawls when given no url.

It is served by this process on 127.0.0.1, on whatever port is free, but crawled under its own
stable address, `http://exemple.typepad.fr/mon_blog/`: `SampleSiteProxy` routes the requests for
that host to the local server as an HTTP proxy would. So its rows carry the same URLs on every
run, the HTTP cache replays it, and a JOBDIR resume finds the same requests, exactly as on a
live blog. Nothing leaves the machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "sites" / "typepad-fr-sample"
SAMPLE_HOST = "exemple.typepad.fr"
SAMPLE_HOME = f"http://{SAMPLE_HOST}/mon_blog/"


class SampleSiteProxy:
    """Sends the sample blog's requests to the server the spider started (`spider.sample_site`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SampleSiteProxy:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site = getattr(self.crawler.spider, "sample_site", None)
        if site is not None and urlsplit(request.url).hostname == SAMPLE_HOST:
            request.meta["proxy"] = f"http://127.0.0.1:{site.port}"
