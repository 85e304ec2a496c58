"""`scrapy crawl wayback -a site=exemple.typepad.fr/mon_blog/ [-a from=2008 -a to=2012]`
(`-a sites_file=FILE`: every blog listed in FILE, one HOST/PATH/ a line).

For blogs that are gone: the Wayback Machine's index (CDX) lists every capture under the blog's
prefix, classified by the platform profile's URL shapes (`-a platform`, else the profile whose shapes make
the most of those addresses posts);
each post's most recent distinct captures are fetched raw (`id_`) with the nearest capture of
each of its comment pages, and the reader keeps the capture with the most comments. Archived
listings and each post's prev/next links find posts the index misses. Rates stay under what
the archive asks (CDX ≤ 0.4/s, snapshots ≤ 8/s by default), and a 429 or 5xx pauses everything
before a retry (spiders/wayback_throttle.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, NamedTuple
from urllib.parse import urldefrag, urljoin

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from blogarchive.arguments import BadArgument, archive_site, no_other, platform_name, wayback_moment
from blogarchive.items import FEEDS_POST, MissingPage, PostCaptures, RawPage, SkippedPage
from blogarchive.items import Capture as PostCapture
from blogarchive.settings import DOWNLOADER_MIDDLEWARES
from distributed.known import JobSet, known_set
from extraction.platforms import DEFAULT_PLATFORM, for_platform, hinted_by_host, load_modules, voted_by_urls
from extraction.readable import page_problem
from extraction.urls import BlogScope, PageKind, address_key
from spiders.captures import nearest_in_time
from spiders.pages import failure_reason, page_links, raw_page
from spiders.wayback_cdx import (
    Capture,
    archive_moment,
    captures_to_read,
    cdx_url,
    parse_cdx,
    parse_snapshot_url,
    snapshot_url,
)

CDX_SLOT, SNAPSHOT_SLOT = "wayback-cdx", "wayback-snapshots"


def download_slots(settings: Any) -> dict[str, dict[str, float]]:
    """Two download slots with fixed, jitter-free delays: the index and the snapshots.

    Defaults are the limits the Internet Archive asks for (edgi's client: 80 % of the hard
    limits): CDX 0.4 requests/s, one at a time; snapshots 8/s, two at a time. In a distributed
    job (`-s REDIS_URL`) the rates are the job's, shared by its workers through Redis
    (distributed/budget.py), so the slots add no delay of their own.
    """
    shared = bool(settings.get("REDIS_URL"))
    cdx_delay = 0.0 if shared else 1 / settings.getfloat("WAYBACK_CDX_RATE")
    snapshot_delay = 0.0 if shared else 1 / settings.getfloat("WAYBACK_SNAPSHOT_RATE")
    return {
        **settings.getdict("DOWNLOAD_SLOTS"),
        CDX_SLOT: {"concurrency": 1, "delay": cdx_delay, "jitter": 0},
        SNAPSHOT_SLOT: {"concurrency": 2, "delay": snapshot_delay, "jitter": 0},
    }


class Where(NamedTuple):
    """Which blog a request is for, and the profile that reads it: in every snapshot request's
    meta, so that any worker of a distributed job can take it."""

    site: str  # HOST/PATH/
    platform: str | None


def site_list(sites_file: str) -> list[str]:
    """The blogs listed in FILE (HOST/PATH/ a line; blank lines and `#` comments skipped), checked."""
    path = Path(sites_file)
    if not path.is_file():
        raise BadArgument(f"-a sites_file={sites_file!r}: no such file")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    sites = [archive_site(line) for line in lines if line and not line.startswith("#")]
    if not sites:
        raise BadArgument(f"-a sites_file={sites_file!r}: no blog in it (one HOST/PATH/ a line)")
    return list(dict.fromkeys(sites))


@dataclass
class Step:
    """One snapshot to fetch in a post's chain: a capture of the post, or one of its comment pages."""

    role: str  # "post" | "comment"
    capture: Capture
    visited: set[str] = field(default_factory=set)  # originals met through redirects (loop guard)


class WaybackSpider(scrapy.Spider):
    name = "wayback"
    snapshot_pages = True  # its pages are kept under the URL and time of the capture (KEEP_PAGES)
    custom_settings: ClassVar[dict[str, Any]] = {
        "ROBOTSTXT_OBEY": False,  # the archive's robots.txt is about the archive, not the blog
        "AUTOTHROTTLE_ENABLED": False,  # fixed rates (WAYBACK_*_RATE), the limits the archive asks for
        "RETRY_ENABLED": False,  # ArchiveBackoffMiddleware retries statuses and broken downloads, after a pause
        # A spider's DOWNLOADER_MIDDLEWARES replaces the project's: the project's guards (URL length,
        # redirects out of the blog and loops) and the job's shared turns are listed again.
        "DOWNLOADER_MIDDLEWARES": {
            **DOWNLOADER_MIDDLEWARES,
            "spiders.wayback_throttle.ArchiveBackoffMiddleware": 570,
        },
    }

    def __init__(
        self, site: str | None = None, platform: str | None = None, sites_file: str | None = None, **kwargs: Any
    ) -> None:
        since, until = kwargs.pop("from", None), kwargs.pop("to", None)
        super().__init__(**kwargs)
        first = self.check_arguments(
            site=site, platform=platform, sites_file=sites_file, **{"from": since, "to": until}
        )
        self.sites = site_list(sites_file) if sites_file else [first]
        self.site = self.sites[0]
        self.platform = platform
        self.since, self.until = since, until
        # Recorded in every part file's metadata and in the dataset card.
        given = (("site", site), ("sites_file", sites_file), ("from", since), ("to", until), ("platform", platform))
        self.arguments = {k: v for k, v in given if v}
        self.dataset_name = "wayback-" + self.site.strip("/").replace("/", "_")
        if sites_file:
            self.dataset_name = "wayback-" + Path(sites_file).stem.replace("/", "_")
        self._scopes: dict[Where, BlogScope] = {}
        self.captures: dict[str, list[Capture]] = defaultdict(list)
        self.known_posts: set[str] | JobSet = set()  # the job's, in a distributed job (from_crawler)
        self.platform_chosen: str | None = None  # the profile's name, once the index has said

    @staticmethod
    def check_arguments(
        site: str | None = None, platform: str | None = None, sites_file: str | None = None, **others: str | None
    ) -> str:
        """The (first) site as HOST/PATH/; BadArgument on a mistake, before anything starts."""
        since, until = others.pop("from", None), others.pop("to", None)
        no_other(others, "site", "sites_file", "from", "to", "platform")
        if sites_file:
            if site:
                raise BadArgument("-a site and -a sites_file: give one of them")
            return site_list(sites_file)[0]
        wayback_moment("from", since)
        wayback_moment("to", until)
        if since and until and since > until[: len(since)]:
            raise BadArgument(f"-a from={since} is after -a to={until}: nothing could be harvested")
        platform_name(platform)
        return archive_site(site)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> WaybackSpider:
        load_modules(crawler.settings.getlist("PLATFORM_MODULES"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.scope = BlogScope.from_home(
            "http://" + spider.site, for_platform(spider.platform or DEFAULT_PLATFORM).urls
        )
        settings = crawler.settings
        spider.base = settings.get("WAYBACK_BASE_URL")
        spider.redirect_window = timedelta(hours=settings.getfloat("WAYBACK_REDIRECT_WINDOW_HOURS"))
        spider.captures_per_post = settings.getint("CAPTURES_PER_POST")
        spider.known_posts = known_set(crawler, "wayback-posts")
        crawler.settings.set("DOWNLOAD_SLOTS", download_slots(settings), priority="spider")
        return spider

    # The index.

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for site in self.sites:
            yield self.cdx_request(site, None)

    def cdx_request(
        self, site: str, resume: str | None, gathered: dict[str, list[Capture]] | None = None
    ) -> scrapy.Request:
        settings = self.crawler.settings
        url = cdx_url(
            self.base,
            site,
            since=self.since,
            until=self.until,
            filters=settings.getlist("WAYBACK_CDX_FILTERS"),
            limit=settings.getint("WAYBACK_CDX_PAGE_SIZE"),
            resume=resume,
        )
        # The index pages read so far travel with the request for the next one: any worker of a
        # distributed job may read it.
        meta = {"download_slot": CDX_SLOT, "gathered": gathered or {}, "site": site}
        return scrapy.Request(url, callback=self.parse_cdx, errback=self.cdx_failed, meta=meta, dont_filter=True)

    def cdx_failed(self, failure: Failure) -> Iterator[SkippedPage]:
        """The archive's index did not answer at all: the run cannot harvest anything; say why."""
        reason, detail = f"download_error/{type(failure.value).__name__}", failure.getErrorMessage()
        self.crawler.stats.set_value("source/unreachable", f"the Wayback index at {self.base}: {detail}")
        yield SkippedPage(failure.request.url, reason, f"the archive index did not answer: {detail}",
                          source_kind="wayback")  # fmt: skip

    def parse_cdx(self, response: Response) -> Iterator[Any]:
        if response.status != 200:
            self.crawler.stats.set_value("source/unreachable", f"the Wayback index answered HTTP {response.status}")
            yield SkippedPage(
                response.url,
                f"cdx_http_{response.status}",
                "the archive index did not answer",
                response.status,
                source_kind="wayback",
            )
            return
        captures, resume = parse_cdx(response.text)
        self.crawler.stats.inc_value("wayback/cdx_pages")
        self.crawler.stats.inc_value("wayback/cdx_rows", len(captures))
        site = response.meta.get("site", self.site)
        gathered: dict[str, list[Capture]] = response.meta.get("gathered") or {}
        for capture in captures:
            gathered.setdefault(address_key(capture.original), []).append(capture)
        if resume:
            yield self.cdx_request(site, resume, gathered)
            return
        self.captures = defaultdict(list, gathered)
        yield from self.fetch_everything(site, self.captures)

    def choose_profile(self, site: str, captures: dict[str, list[Capture]]) -> Where:
        """Without `-a platform`, the index says: the profile whose URL shapes make the most
        captured addresses posts (the blog's host breaking a tie), else its host's platform."""
        if self.platform:
            return Where(site, self.platform)
        host = site.split("/", 1)[0]
        profile = (
            voted_by_urls(captures, self.scope_of(Where(site, None)).prefix, host)
            or hinted_by_host(host)
            or for_platform(DEFAULT_PLATFORM)
        )
        self.crawler.stats.set_value("platform/detected", profile.name)
        self.logger.info("Platform %s (%s profile) for %s, from the index", profile.platform, profile.name, site)
        if site == self.site:
            self.platform_chosen, self.scope = profile.name, self.scope_of(Where(site, profile.name))
        return Where(site, profile.name)

    def where_of(self, meta: dict[str, Any]) -> Where:
        """The blog a request is for, from its meta (a request of an older JOBDIR: the first site)."""
        return Where(meta.get("site", self.site), meta.get("platform", self.platform_chosen or self.platform))

    def scope_of(self, where: Where) -> BlogScope:
        if where not in self._scopes:
            profile = for_platform(where.platform or self.platform or DEFAULT_PLATFORM)
            self._scopes[where] = BlogScope.from_home("http://" + where.site, profile.urls)
        return self._scopes[where]

    def fetch_everything(self, site: str, captured: dict[str, list[Capture]]) -> Iterator[Any]:
        where = self.choose_profile(site, captured)
        scope = self.scope_of(where)
        comment_pages: dict[str, list[Capture]] = defaultdict(list)
        posts: dict[str, list[Capture]] = {}
        post_keys: dict[str, str] = {}
        listings: list[Capture] = []
        for key, captures in captured.items():
            located = scope.locate(key)
            kind = located.kind if located else None
            if located and kind is PageKind.POST:
                posts[key], post_keys[key] = captures, located.post_key
            elif located and kind is PageKind.COMMENT_PAGE:
                comment_pages[located.post_key].extend(captures)
            elif kind in (PageKind.LISTING, PageKind.FEED):
                readable = [c for c in captures if c.status == "200"]
                listings += [max(readable, key=lambda c: c.timestamp)] if readable else []
            else:
                self.crawler.stats.inc_value("wayback/captures_ignored", len(captures))
        self.known_posts.update(posts)
        for key, captures in sorted(posts.items()):
            yield from self.fetch_post(key, captures, comment_pages.get(post_keys[key], []), where)
        for listing in sorted(listings, key=lambda c: c.original):
            yield self.snapshot_request(listing, self.parse_listing, where, listing=listing)

    def fetch_post(
        self, key: str, captures: list[Capture], comment_pages: list[Capture], where: Where
    ) -> Iterator[Any]:
        for capture in captures:
            reason = _unreadable(capture)
            if reason:
                self.crawler.stats.inc_value(f"wayback/captures_skipped/{reason}")
        chosen = captures_to_read(captures, self.captures_per_post)
        if not chosen:
            latest = max(captures, key=lambda c: c.timestamp)
            yield SkippedPage(
                latest.original, _unreadable(latest) or "no_capture", f"no readable capture among {len(captures)}",
                int(latest.status) if latest.status.isdigit() else None, source_kind="wayback",
            )  # fmt: skip
            return
        self.crawler.stats.inc_value("progress/posts_expected")  # one PostCaptures to come
        plan = []
        for capture in chosen:
            plan.append(Step("post", capture))
            plan += [Step("comment", page) for page in self.nearest_comment_pages(comment_pages, capture, where)]
        yield self.step_request(key, plan, 0, [], [], where)

    def nearest_comment_pages(self, pages: list[Capture], capture: Capture, where: Where) -> list[Capture]:
        """For each comment page number, its readable capture closest in time to the post's capture."""
        by_number: dict[int, list[Capture]] = defaultdict(list)
        for page in pages:
            located = self.scope_of(where).locate(page.original)
            if page.status == "200" and located is not None:
                by_number[located.page_number].append(page)
        return [nearest_in_time(c, capture.moment, moment=_moment) for _, c in sorted(by_number.items())]

    # A post's chain: its captures and their comment pages, one snapshot after the other.

    def snapshot_request(self, capture: Capture, callback: Any, where: Where, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            snapshot_url(self.base, capture.timestamp, capture.original),
            callback=callback,
            errback=self.snapshot_failed,
            dont_filter=True,
            meta={
                "download_slot": SNAPSHOT_SLOT,
                "dont_redirect": True,
                "handle_httpstatus_all": True,
                FEEDS_POST: callback == self.parse_step,
                "site": where.site,
                "platform": where.platform,
                **meta,
            },
        )

    def step_request(
        self, key: str, plan: list[Step], index: int, done: list[PostCapture], skipped: list[SkippedPage], where: Where
    ) -> scrapy.Request:
        state = {"key": key, "plan": plan, "index": index, "done": done, "skipped": skipped, "current": None}
        return self.snapshot_request(plan[index].capture, self.parse_step, where, chain=state)

    def parse_step(self, response: Response) -> Iterator[Any]:
        where = self.where_of(response.meta)
        state = response.meta["chain"]
        step: Step = state["plan"][state["index"]]
        if 300 <= response.status < 400:
            followed = self.follow_redirect(response, state, step, where)
            if followed is not None:
                yield followed
                return
        else:
            page = self.archived_page(response, step.capture)
            problem = page_problem(page)
            if problem:  # the reader records it (a skip, or a missing comment page); counted here
                self.crawler.stats.inc_value(f"wayback/captures_skipped/{problem[0]}")
            if step.role == "post":
                state["current"] = PostCapture([page])
                state["done"].append(state["current"])
                if problem is None:
                    yield from self.discover(page, where)
            elif state.get("current") is not None:  # a comment page of the capture just read
                state["current"].pages.append(page)
        yield from self.next_step(state, where)

    def next_step(self, state: dict[str, Any], where: Where) -> Iterator[Any]:
        index = state["index"] + 1
        plan: list[Step] = state["plan"]
        if index < len(plan):
            state["index"] = index
            yield self.snapshot_request(plan[index].capture, self.parse_step, where, chain=state)
            return
        yield PostCaptures(url=state["key"], captures=state["done"], unreadable=state["skipped"])

    def record_problem(self, state: dict[str, Any], step: Step, url: str, reason: str, detail: str) -> None:
        if step.role == "comment" and state.get("current") is not None:
            state["current"].missing.append(MissingPage(step.capture.original, reason, detail))
        elif step.role == "post":
            state["current"] = None  # its comment pages are of no use without it
            state["skipped"].append(SkippedPage(state["key"], reason, f"{detail} ({url})", source_kind="wayback"))

    def follow_redirect(
        self, response: Response, state: dict[str, Any], step: Step, where: Where
    ) -> scrapy.Request | None:
        """An archived 3xx, replayed by the archive as a real 3xx to another snapshot.

        Followed when it stays in the blog, lands within WAYBACK_REDIRECT_WINDOW_HOURS of the
        capture, does not come back to a URL already seen on the way (a loop), and leads to a
        post the index does not already list (that one is read through its own captures).
        """
        location = response.headers.get(b"Location", b"").decode("latin-1")
        target = parse_snapshot_url(urljoin(response.url, location)) if location else None
        reason = None
        if target is None:
            reason = "redirect_unreadable"
        else:
            timestamp, original = target
            same_page = address_key(original) == address_key(step.capture.original)
            if address_key(original) in step.visited or (same_page and timestamp == step.capture.timestamp):
                reason = "redirect_loop"
            elif not same_page and abs(archive_moment(timestamp) - step.capture.moment) > self.redirect_window:
                reason = "redirect_out_of_window"
            elif self.scope_of(where).classify(original) is None:
                reason = "redirect_off_site"
            elif not same_page and address_key(original) in self.known_posts:
                reason = "redirect_to_indexed_post"  # read through its own captures already
        if reason:
            self.crawler.stats.inc_value(f"wayback/{reason}")
            self.record_problem(state, step, response.url, reason, f"redirect to {location or '?'}")
            return None
        self.crawler.stats.inc_value("wayback/redirects_followed")
        if step.role == "post":
            self.known_posts.add(address_key(original))
        moved = replace(step.capture, original=original, timestamp=timestamp, status="200")
        state["plan"][state["index"]] = Step(step.role, moved, step.visited | {address_key(step.capture.original)})
        return self.snapshot_request(moved, self.parse_step, where, chain=state)

    def archived_page(self, response: Response, capture: Capture) -> RawPage:
        """The response as the page it archives: original URL, capture time, snapshot URL."""
        timestamp, original = parse_snapshot_url(response.url) or (capture.timestamp, capture.original)
        page = raw_page(response, source_kind="wayback")
        page.url, page.archive_timestamp, page.archive_url = original, timestamp, response.url
        page.headers = {k: v for k, v in page.headers.items() if not k.lower().startswith(("memento", "link"))}
        return page

    # Discovery beyond the index: archived listings and each post's prev/next links.

    def parse_listing(self, response: Response) -> Iterator[Any]:
        page = self.archived_page(response, response.meta["listing"])
        if page_problem(page, expect_html=False):
            self.crawler.stats.inc_value("wayback/listings_unreadable")
            return
        yield from self.discover(page, self.where_of(response.meta))

    def discover(self, page: RawPage, where: Where) -> Iterator[scrapy.Request]:
        """Posts linked from an archived page that the index did not list: fetched at that time."""
        for link in page_links(page):
            key = address_key(link)
            if self.scope_of(where).classify(link) is not PageKind.POST or key in self.known_posts:
                continue
            self.known_posts.add(key)
            self.crawler.stats.inc_value("wayback/posts_found_by_links")
            self.crawler.stats.inc_value("progress/posts_expected")
            guess = Capture(urldefrag(link)[0], page.archive_timestamp or "", "200", "text/html", f"link:{key}", 0)
            yield self.step_request(key, [Step("post", guess)], 0, [], [], where)

    def snapshot_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"wayback/{reason}")
        state = request.meta.get("chain")
        if state is None:
            return
        self.record_problem(state, state["plan"][state["index"]], request.url, reason, failure.getErrorMessage())
        yield from self.next_step(state, self.where_of(request.meta))


def _unreadable(capture: Capture) -> str | None:
    if capture.status.startswith(("4", "5")):
        return f"http_{capture.status}"
    if capture.status == "200" and capture.mimetype and "html" not in capture.mimetype:
        return "not_html"
    return None


def _moment(capture: Capture) -> datetime:
    return capture.moment
