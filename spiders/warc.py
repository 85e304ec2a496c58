"""`scrapy crawl warc -a path=FILE_OR_DIR_OR_GLOB [-a url=BLOG_HOME]`: posts kept in web archives.

For blogs that are gone, the pages survive only in WARC/ARC files (ArchiveTeam, Heritrix, wget,
Webrecorder). The spider reads those files, offline, and hands each post page with its comment
pages to the same pipelines a live crawl feeds, so an archived post and a live one give the same
rows; only the provenance columns say where the bytes came from. It makes no request at all:
every item comes out of `start()`.

Which records are read: the latest readable capture of each URL shaped like a post permalink
(inside the blog given by `-a url`, else in any blog), and the comment pages of those posts,
wherever they sit in the files. Everything else is counted under `warc/` in the stats.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from blogarchive.items import FetchedPage, FetchedPost, SkippedPage
from spiders.responses import problem_with
from spiders.urls import BlogScope, PageKind, comment_page_number, permalink_kind, with_comment_page_number
from spiders.warc_records import (
    ArchiveIndex,
    ArchiveProblem,
    Capture,
    PostCaptures,
    RevisitUnresolved,
    archive_files,
    group_posts,
    index_archives,
    read_page,
)

_READ = (PageKind.POST, PageKind.COMMENT_PAGE)


def archive_name(path: str) -> str:
    """`crawls/mon_blog-2011.warc.gz` -> `mon_blog-2011`; a glob like `crawls/*.warc.gz` -> `crawls`."""
    parts = [re.sub(r"(?:\.w?arc)?(?:\.gz)?$", "", part) for part in Path(path).parts]
    names = [re.sub(r"[^A-Za-z0-9._-]+", "_", part).strip("_.") for part in parts if not re.search(r"[*?\[]", part)]
    return next((name for name in reversed(names) if name), "archive")


class WarcSpider(scrapy.Spider):
    name = "warc"
    custom_settings: ClassVar[dict[str, Any]] = {
        # Offline: the pages come from files, so there is no robots.txt to ask and no server to spare.
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
    }

    def __init__(self, path: str | None = None, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = path
        self.scope: BlogScope | None = BlogScope.from_home(url) if url else None
        # Recorded in every part file's metadata and in the dataset card.
        self.arguments = {k: v for k, v in (("path", path), ("url", url)) if v}
        # Without a blog to name the dataset after, name it after the archive(s) read.
        self.dataset_name = None if url else f"warc-{archive_name(path or '')}"

    def page_kind(self, url: str) -> PageKind | None:
        """POST or COMMENT_PAGE for the records worth reading, None for the rest."""
        kind = self.scope.classify(url) if self.scope else permalink_kind(url)
        return kind if kind in _READ else None

    async def start(self) -> AsyncIterator[Any]:
        files = archive_files(self.path) if self.path else []
        if not files:
            yield self.problem(ArchiveProblem(self.path or "(no -a path)", "warc_missing", self.nothing_to_read()))
            return
        self.logger.info("Indexing %d archive file(s) under %s", len(files), self.path)
        index = index_archives(files, self.page_kind)
        for problem in index.problems:
            yield self.problem(problem)
        posts, orphans = group_posts(index.chosen(), self.page_kind)
        for name, count in index.counts.items():
            self.crawler.stats.set_value(f"warc/{name}", count)
        self.logger.info("%d post(s) to read, %d record(s) ignored", len(posts), index.counts["records_ignored"])
        for orphan in orphans:
            yield self.skip(orphan, "comment_page_without_post", "its post is in none of the files read")
        for group in posts:
            for item in self.post(group, index):  # async generators cannot `yield from`
                yield item

    def nothing_to_read(self) -> str:
        if not self.path:
            return "no -a path=FILE_OR_DIR_OR_GLOB given: nothing to read"
        return f"-a path={self.path}: no such file, no WARC/ARC file under it, nothing matches"

    # One post: its page, then its comment pages in order, up to the first one missing.

    def post(self, group: PostCaptures, index: ArchiveIndex) -> Iterator[FetchedPost | SkippedPage]:
        first = self.read(group.post, index)
        if isinstance(first, SkippedPage):
            self.crawler.stats.inc_value("warc/comment_pages_unused", len(group.comment_pages))
            yield first
            return
        pages, missing = [first], []
        for capture in group.comment_pages:
            number, expected = comment_page_number(capture.url), len(pages) + 1
            if number < expected:  # `comments/page/1/` repeats the post page itself
                continue
            page = self.read(capture, index) if number == expected else None
            if not isinstance(page, FetchedPage):
                missing_url = capture.url if number == expected else with_comment_page_number(capture.url, expected)
                missing.append(self.comment_page_missing(missing_url, group.post.url, page))
                break  # later pages would number their comments wrongly
            pages.append(page)
        self.crawler.stats.inc_value("warc/comment_pages_unused", len(group.comment_pages) - (len(pages) - 1))
        self.crawler.stats.inc_value("warc/posts")
        yield FetchedPost(url=first.url, pages=pages, comment_pages_missing=missing)

    def read(self, capture: Capture, index: ArchiveIndex) -> FetchedPage | SkippedPage:
        """The page, or why it cannot be a post page: the same reason codes as a live crawl."""
        try:
            page = read_page(capture, index)
        except RevisitUnresolved as error:
            return self.skip(capture, "revisit_unresolved", str(error))
        except Exception as error:  # a damaged record must cost one page, not the run
            return self.skip(capture, "warc_unreadable", f"{capture.file} byte {capture.offset}: {error!r}")
        flags = ["dataloss"] if page.truncated else []  # WARC-Truncated: the crawler cut the body short
        response = Response(page.url, status=page.status, headers=page.headers, body=page.body, flags=flags)
        problem = problem_with(response)
        if problem:
            return self.skip(capture, *problem, status=page.status)
        return page

    def comment_page_missing(self, url: str, post_url: str, skip: SkippedPage | None) -> str:
        reason = skip.reason if skip else "not_in_archive"
        self.crawler.stats.inc_value(f"comment_pages_missing/{reason}")
        self.logger.warning("Comment page %s of %s missing (%s)", url, post_url, reason)
        return url

    # Skips: counted by the pipelines, kept in the `skipped` table.

    def skip(self, capture: Capture, reason: str, detail: str, status: int | None = None) -> SkippedPage:
        return SkippedPage(
            url=capture.url,
            reason=reason,
            detail=detail,
            status=status if status is not None else capture.status,
            fetched_at=capture.date,
            source_kind="warc",
        )

    def problem(self, problem: ArchiveProblem) -> SkippedPage:
        self.logger.error("%s", problem.detail)
        return SkippedPage(url=problem.file, reason=problem.reason, detail=problem.detail, source_kind="warc")
