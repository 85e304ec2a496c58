"""`scrapy extract PATH_OR_URL... [--url URL]`: run the extraction on pages, print JSON lines.

One JSON object per input on stdout, in input order: the post's fields under the Parquet column
names plus a `comments` list, or an object with an `error` field when the input is not a post.
Local files are read directly; http(s) URLs are fetched through Scrapy with the project's
settings (User-Agent, robots.txt), and nothing is written: no dataset, no card. Both go through
`extraction.reader.read_post`, the reader every crawl uses, so what it prints is what a crawl
writes.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser, Namespace
from collections.abc import AsyncIterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.exceptions import UsageError
from w3lib.url import is_url

from blogarchive.items import Capture, PostCaptures, RawPage, SkippedPage
from blogarchive.outcome import FAILED, OK, SKIPPED_PAGES
from dataset_folder.rows import comment_rows, post_row, skipped_row
from extraction.limits import TimeBudget
from extraction.platforms import load_modules
from extraction.reader import read_post
from extraction.records import ReadPost
from spiders.pages import raw_page


class Command(ScrapyCommand):
    requires_project = True
    # Local files need no engine: a crawler process (reactor, spider loader) is made only for URLs.
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {
        "LOG_LEVEL": "WARNING",
        "ITEM_PIPELINES": {},
        "AUTOTHROTTLE_ENABLED": False,
    }

    def syntax(self) -> str:
        return "[options] PATH_OR_URL [PATH_OR_URL ...]"

    def short_desc(self) -> str:
        return "Extract the post and its comments from pages; print one JSON object per input"

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="original URL of the page (only with a single local file)")
        parser.add_argument(
            "--sidecar",
            action="store_true",
            help="read each file's original url (and headers) from NAME.json beside NAME.html, when present",
        )

    def run(self, args: list[str], opts: Namespace) -> None:
        load_modules(self.settings.getlist("PLATFORM_MODULES"))
        if not args:
            raise UsageError("give at least one file or URL")
        if opts.url and (len(args) != 1 or is_url(args[0])):
            raise UsageError("--url applies to a single local file")
        fetched = self.fetch_urls([a for a in args if is_url(a)])
        budget = TimeBudget.of(self.settings.getfloat("EXTRACT_TIME_BUDGET"))
        unread, not_posts = [], 0
        for arg in args:
            result = fetched[arg] if is_url(arg) else read_file(Path(arg), opts.url, opts.sidecar)
            record = result if isinstance(result, dict) else as_record(read_post(result, budget))
            sys.stdout.write(json.dumps({"input": arg, **record}, ensure_ascii=False, default=_json_default) + "\n")
            if isinstance(result, dict):
                unread.append(f"{arg}: {record['detail']}")
            elif "error" in record:
                not_posts += 1
        sys.stdout.flush()
        self.exitcode = self.exit_status(unread, not_posts)

    def exit_status(self, unread: list[str], not_posts: int) -> int:
        """As `scrapy crawl`: 1 when an input could not be read at all, 3 when some read as no post."""
        for line in unread:
            print(f"error: {line}", file=sys.stderr)
        if unread:
            return FAILED
        return SKIPPED_PAGES if not_posts else OK

    def fetch_urls(self, urls: list[str]) -> dict[str, PostCaptures | dict]:
        """Download every URL in one Scrapy run; failures become error records. The run has no
        item pipelines and no dataset extensions: the project's settings would otherwise write a
        dataset folder (command-line priority, so they win over settings.py)."""
        if not urls:
            return {}
        for name in ("ITEM_PIPELINES", "EXTENSIONS"):
            self.settings.set(name, {}, priority="cmdline")
        results: dict[str, PostCaptures | dict] = {}

        class FetchSpider(scrapy.Spider):
            name = "extract-fetch"
            custom_settings: ClassVar[dict[str, Any]] = {"HTTPERROR_ALLOW_ALL": True}

            async def start(self) -> AsyncIterator[scrapy.Request]:
                for url in urls:
                    yield scrapy.Request(url, dont_filter=True, cb_kwargs={"arg": url}, errback=self.failed)

            def parse(self, response: scrapy.http.Response, arg: str) -> None:
                results[arg] = PostCaptures(url=response.url, captures=[Capture([raw_page(response)])])

            def failed(self, failure: Any) -> None:
                arg = failure.request.cb_kwargs["arg"]
                results[arg] = {"url": arg, "error": "download_error", "detail": failure.getErrorMessage()}

        process = AsyncCrawlerProcess(self.settings)
        process.crawl(FetchSpider)
        process.start()
        for url in urls:
            results.setdefault(url, {"url": url, "error": "download_error", "detail": "no response"})
        return results


def read_file(path: Path, url: str | None, sidecar: bool) -> PostCaptures | dict:
    """A local file as a fetched page: its bytes, and the URL and headers it was served with."""
    if path.is_dir():
        detail = f"{path} is a folder: give the pages in it, e.g. {path / '*.html'}"
        return {"url": None, "error": "unreadable", "detail": detail}
    if not path.is_file():
        return {"url": None, "error": "unreadable", "detail": f"no such file: {path}"}
    headers: dict[str, str] = {}
    side = path.with_suffix(".json")
    if sidecar and side.is_file():
        meta = json.loads(side.read_text("utf-8"))
        url = url or meta.get("url")
        headers = meta.get("headers") or {}
    page = RawPage(
        url=url or path.resolve().as_uri(),
        status=200,
        headers=headers,
        body=path.read_bytes(),
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, timezone.utc),
        source_kind="file",
        source_file=str(path),
    )
    return PostCaptures(url=page.url, captures=[Capture([page])])


def as_record(result: ReadPost | SkippedPage) -> dict[str, Any]:
    """The post row with its comment rows under `comments`, or the skip as an `error`."""
    if isinstance(result, SkippedPage):
        row = skipped_row(result)
        return {"url": row["url"], "error": row["reason"], "detail": row["detail"], "status": row["status"]}
    return {**post_row(result), "comments": comment_rows(result)}


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
