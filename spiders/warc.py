"""`scrapy crawl warc -a path=FILE_OR_DIR_OR_GLOB [-a url=BLOG_HOME] [-a platform=NAME]`.

For blogs that are gone, the pages survive only in WARC/ARC files (ArchiveTeam, Heritrix, wget,
Webrecorder). The spider reads those files, offline, and hands each post's captures (its
permalink page and comment pages, wherever they sit in the files) to the same pipelines a live
crawl feeds, so an archived post and a live one give the same rows; only the provenance columns
say where the bytes came from. It makes no request at all: every item comes out of `start()`.

Which records are read: URLs the platform's shapes call posts or comment pages (inside the blog
given by `-a url`, else in any blog); without `-a platform`, those of any platform. Of a post
captured several times, the most recent distinct captures are handed over (spiders/captures.py)
and the reader keeps the one with most comments.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy

from blogarchive.arguments import archive_path, blog_url, no_other, platform_name
from blogarchive.items import Capture, MissingPage, PostCaptures, RawPage, SkippedPage
from extraction.platforms import DEFAULT_PLATFORM, all_url_shapes, for_platform, load_modules
from extraction.urls import BlogScope, Located, PageKind, UrlShapes, locate
from spiders.captures import latest_distinct, nearest_in_time
from spiders.warc_records import (
    ArchiveIndex,
    ArchiveProblem,
    PayloadTooLarge,
    PostRecords,
    RevisitUnresolved,
    archive_files,
    group_posts,
    index_archives,
    read_page,
)
from spiders.warc_records import Capture as Record

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_READ = (PageKind.POST, PageKind.COMMENT_PAGE)


def archive_name(path: str) -> str:
    """`crawls/mon_blog-2011.warc.gz` -> `mon_blog-2011`; a glob like `crawls/*.warc.gz` -> `crawls`."""
    parts = [re.sub(r"(?:\.w?arc)?(?:\.gz)?$", "", part) for part in Path(path).parts]
    names = [re.sub(r"[^A-Za-z0-9._-]+", "_", part).strip("_.") for part in parts if not re.search(r"[*?\[]", part)]
    return next((name for name in reversed(names) if name), "archive")


# Sources that read files (WARC, export): no robots.txt to ask and no server to spare.
OFFLINE_SETTINGS: dict[str, Any] = {"ROBOTSTXT_OBEY": False, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0}


class WarcSpider(scrapy.Spider):
    name = "warc"
    keeps_pages = False  # it reads files: its input already holds the pages (KEEP_PAGES)
    custom_settings: ClassVar[dict[str, Any]] = OFFLINE_SETTINGS

    def __init__(
        self, path: str | None = None, url: str | None = None, platform: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        blog_url(url)  # the path is checked by `scrapy crawl`, and again in start() (counted, never fatal)
        platform_name(platform)
        self.path = path
        self.home_url = url
        self.platform = platform
        # Recorded in every part file's metadata and in the dataset card.
        self.arguments = {k: v for k, v in (("path", path), ("url", url), ("platform", platform)) if v}
        # Without a blog to name the dataset after, name it after the archive(s) read.
        self.dataset_name = None if url else f"warc-{archive_name(path or '')}"
        self.scope: BlogScope | None = None
        self.shapes: UrlShapes | None = None

    @staticmethod
    def check_arguments(
        path: str | None = None, url: str | None = None, platform: str | None = None, **unknown: str
    ) -> None:
        """BadArgument on a mistake, before anything starts (commands/crawl.py calls it)."""
        no_other(unknown, "path", "url", "platform")
        archive_path(path)
        blog_url(url)
        platform_name(platform)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WarcSpider:
        load_modules(crawler.settings.getlist("PLATFORM_MODULES"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.shapes = for_platform(spider.platform or DEFAULT_PLATFORM).urls
        spider.scope = BlogScope.from_home(spider.home_url, spider.shapes) if spider.home_url else None
        spider.captures_per_post = crawler.settings.getint("CAPTURES_PER_POST")
        # The live crawl's cap on a response holds for a payload inflated out of a record too.
        spider.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        return spider

    def locate(self, url: str) -> Located | None:
        """The post or comment page behind a record's URL, None for the records not worth reading.

        Without `-a platform`, every platform's shapes are tried, in registry order: an archive
        often holds blogs of several platforms, and a record is read by the first that calls it
        a post or a comment page (the reader then picks the profile from the page itself)."""
        if self.scope is not None and not self.scope.inside(url):
            return None
        prefix = self.scope.prefix if self.scope is not None else None
        for shapes in [self.shapes] if self.platform else all_url_shapes():
            located = locate(url, shapes, prefix)
            if located is not None and located.kind in _READ:
                return located
        return None

    async def start(self) -> AsyncIterator[Any]:
        files = archive_files(self.path) if self.path else []
        if not files:
            self.crawler.stats.set_value("source/unreachable", self.nothing_to_read())
            yield self.problem(ArchiveProblem(self.path or "(no -a path)", "warc_missing", self.nothing_to_read()))
            return
        self.logger.info("Indexing %d archive file(s) under %s", len(files), self.path)
        index = index_archives(files, self.locate)
        for problem in index.problems:
            yield self.problem(problem)
        posts, orphans = group_posts(index, self.locate)
        for name, count in index.counts.items():
            self.crawler.stats.set_value(f"warc/{name}", count)
        self.logger.info("%d post(s) to read, %d record(s) ignored", len(posts), index.counts["records_ignored"])
        self.crawler.stats.set_value("progress/posts_expected", len(posts))
        if not posts:
            records = index.counts["records"]
            self.crawler.stats.set_value(
                "source/empty", f"no post-shaped record among {records} in {len(files)} file(s)"
            )
        for orphan in orphans:
            yield self.skip(orphan, "comment_page_without_post", "its post is in none of the files read")
        for group in posts:
            yield self.post(group, index)

    def nothing_to_read(self) -> str:
        if not self.path:
            return "no -a path=FILE_OR_DIR_OR_GLOB given: nothing to read"
        return f"-a path={self.path}: no such file, no WARC/ARC file under it, nothing matches"

    # One post: its captures, each with the nearest capture of every comment page.

    def post(self, group: PostRecords, index: ArchiveIndex) -> PostCaptures:
        usable = [r for r in group.post if index.usable(r)]
        chosen = latest_distinct(usable, self.captures_per_post, moment=_date, digest=_digest)
        if not chosen:  # none readable: the latest says why
            chosen = [max(group.post, key=_date)]
        self.crawler.stats.inc_value("warc/older_captures", len(group.post) - len(chosen))
        item = PostCaptures(url=group.post[0].url, captures=[])
        for record in chosen:
            page = self.read(record, index)
            if isinstance(page, SkippedPage):
                item.unreadable.append(page)
                continue
            capture = Capture([page])
            for _number, records in sorted(group.comment_pages.items()):
                candidates = [r for r in records if index.usable(r)] or records
                comment_page = self.read(nearest_in_time(candidates, record.date, moment=_date), index)
                if isinstance(comment_page, SkippedPage):
                    capture.missing.append(MissingPage(comment_page.url, comment_page.reason, comment_page.detail))
                else:
                    capture.pages.append(comment_page)
            item.captures.append(capture)
        self.crawler.stats.inc_value("warc/posts")
        return item

    def read(self, record: Record, index: ArchiveIndex) -> RawPage | SkippedPage:
        """The record's page (judged by the reader), or why its bytes cannot even be had."""
        try:
            return read_page(record, index, self.max_size)
        except RevisitUnresolved as error:
            return self.skip(record, "revisit_unresolved", str(error))
        except PayloadTooLarge as error:
            return self.skip(record, "too_large", f"{record.file} byte {record.offset}: {error}")
        except Exception as error:  # a damaged record must cost one page, not the run
            return self.skip(record, "warc_unreadable", f"{record.file} byte {record.offset}: {error!r}")

    # Skips: counted by the pipelines, kept in the `skipped` table.

    def skip(self, record: Record, reason: str, detail: str, status: int | None = None) -> SkippedPage:
        return SkippedPage(
            url=record.url,
            reason=reason,
            detail=detail,
            status=status if status is not None else record.status,
            fetched_at=record.date,
            source_kind="warc",
        )

    def problem(self, problem: ArchiveProblem) -> SkippedPage:
        self.logger.warning("%s", problem.detail)  # recorded in `skipped`: a skip, not a lost page
        return SkippedPage(url=problem.file, reason=problem.reason, detail=problem.detail, source_kind="warc")


def _date(record: Record) -> datetime:
    return record.date


def _digest(record: Record) -> str | None:
    return record.digest
