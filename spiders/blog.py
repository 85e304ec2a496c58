"""`scrapy crawl blog -a url=BLOG_HOME [-a platform=NAME]`: every post of a live blog
(`-a urls_file=FILE`: of every blog whose home is a line of FILE).

No single listing of a blog is complete (category pages hold the latest N, feeds the last ten,
some posts are in no listing at all), so the spider reads every place posts are listed and
walks each post's prev/next links; Scrapy's duplicate filter makes sure each URL is fetched once.
Which addresses are posts, comment pages and listings is the platform profile's knowledge
(`extraction/platforms/`): the platform is read from the home page (its generator and markup)
unless `-a platform` names it. The spider only navigates: each post page, with the comment
pages it links to, goes to the pipelines as one `PostCaptures`. Every request carries its blog's
home and platform in its meta, so any worker of a distributed job (`-s REDIS_URL`) can take it.

`scrapy crawl typepad` is the same spider under the name round-1 users know.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from twisted.python.failure import Failure

from blogarchive.arguments import BadArgument, blog_url, no_other, period, platform_name
from blogarchive.items import FEEDS_POST, Capture, MissingPage, PostCaptures, RawPage, SkippedPage
from blogarchive.sample import SAMPLE_HOME, SAMPLE_SITE_DIR
from blogarchive.static_site import StaticSite
from extraction import detect_page_profile
from extraction.platforms import DEFAULT_PLATFORM, for_platform, hinted_by_host, load_modules, voted_by_urls
from extraction.profile import Profile
from extraction.readable import page_problem
from extraction.urls import BlogScope, Located, PageKind
from spiders.link_thread import LinkThread
from spiders.pages import JoinBases, absolute_link, failure_reason, page_hrefs, page_links, raw_page

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# A pager page: `page/3/`, Canalblog's `p20-0.html`, Blogspirit's `index-2.html`, WordPress `?paged=2`.
_PAGER = re.compile(r"(?:/page/\d+/?|/p\d+-0\.html|/index-\d+\.html|[?&]paged=\d+)$")
# Blogs began in the late 1990s; a month archive outside 1995–2029 or past month 12 is a trap.
_PLAUSIBLE_MONTH = re.compile(r"^(?:199[5-9]|20[0-2]\d)-(?:0[1-9]|1[0-2])$")
_PLACED = 4096  # links placed and remembered (BlogSpider.placed_in): a few pages' worth of distinct links
_UNPLACED = object()


class Blog(NamedTuple):
    """One blog of the crawl as a callback sees it: its home, the profile that reads it, its bounds."""

    home: str
    profile: Profile
    scope: BlogScope


def blog_homes(urls_file: str) -> list[str]:
    """The blog homes listed in FILE, one per line (blank lines and `#` comments skipped), checked."""
    path = Path(urls_file)
    if not path.is_file():
        raise BadArgument(f"-a urls_file={urls_file!r}: no such file")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    homes = [line for line in lines if line and not line.startswith("#")]
    if not homes:
        raise BadArgument(f"-a urls_file={urls_file!r}: no blog address in it (one http(s) address a line)")
    for number, home in enumerate(homes, 1):
        blog_url(home, f"urls_file line {number}")
    return list(dict.fromkeys(homes))


class BlogSpider(scrapy.Spider):
    name = "blog"

    def __init__(
        self,
        url: str | None = None,
        since: str | None = None,
        until: str | None = None,
        platform: str | None = None,
        urls_file: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.check_arguments(url=url, since=since, until=until, platform=platform, urls_file=urls_file)
        self.is_sample = url is None and urls_file is None  # the bundled sample blog, under its stable address
        self.homes = blog_homes(urls_file) if urls_file else [url or SAMPLE_HOME]
        self.home_url = self.homes[0]
        self.since, self.until = since, until
        self.platform = platform
        # Recorded in every part file's metadata and in the dataset card.
        given = (("url", url), ("urls_file", urls_file), ("since", since), ("until", until), ("platform", platform))
        self.arguments = {k: v for k, v in given if v}
        self.sample_site: StaticSite | None = None
        self.dataset_name = f"{self.name}-sample" if self.is_sample else None
        if urls_file:
            self.dataset_name = f"{self.name}-" + re.sub(r"[^A-Za-z0-9._-]+", "_", Path(urls_file).stem)
        # Until the home page says which platform this is (parse_home): the forced one, or TypePad's.
        self.profile: Profile = for_platform(platform or DEFAULT_PLATFORM)
        self.scope = BlogScope.from_home(self.home_url, self.profile.urls)
        # Every URL follow_links has asked for: a page links to the same posts and listings as
        # its neighbours (sidebars, pagers), ~30 repeats a page that Scrapy's duplicate filter
        # would drop one by one, each through the spider middlewares and the scheduler's signals.
        # Not kept in JOBDIR: a resumed crawl leaves the repeats to the duplicate filter.
        self.asked: set[str] = set()
        self.placed: dict[tuple[str, str], dict[tuple[str, str], Located | None]] = {}  # by blog (placed_in)
        self._blogs: dict[tuple[str, str], Blog] = {}
        self.link_thread = LinkThread()

    @staticmethod
    def check_arguments(
        url: str | None = None, since: str | None = None, until: str | None = None, platform: str | None = None,
        urls_file: str | None = None, **unknown: str,
    ) -> None:  # fmt: skip
        """Raise BadArgument on a mistake, before anything starts (commands/crawl.py calls it)."""
        no_other(unknown, "url", "urls_file", "since", "until", "platform")
        if url and urls_file:
            raise BadArgument("-a url and -a urls_file: give one of them")
        blog_url(url)
        if urls_file:
            blog_homes(urls_file)
        period(since, until)
        platform_name(platform)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BlogSpider:
        load_modules(crawler.settings.getlist("PLATFORM_MODULES"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.is_sample:
            # The bundled sample is served on 127.0.0.1 by this process: no one to be polite to.
            crawler.settings.set("DOWNLOAD_DELAY", 0, priority="spider")
            crawler.settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
        crawler.signals.connect(spider._stop_sample_site, signal=signals.spider_closed)
        crawler.signals.connect(spider.link_thread.stop, signal=signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.is_sample:
            # No url: serve the bundled sample blog on 127.0.0.1 and crawl that, offline, under its
            # own stable address, routed to the local server (blogarchive/sample.py).
            self.sample_site = StaticSite(SAMPLE_SITE_DIR).start()
            self.logger.info("No -a url given: crawling the bundled sample blog, %s (served locally)", SAMPLE_HOME)
        remembered = getattr(self, "state", {}).get("platform")  # a resumed JOBDIR crawl knows it already
        if remembered and not self.platform and len(self.homes) == 1:
            self.use_profile(for_platform(remembered))
        # Fetched on every start, resumes included: it says which platform the blog runs on.
        for home in self.homes:
            meta = {"blog": home, **({"platform": self.platform} if self.platform else {})}
            yield scrapy.Request(
                home, callback=self.parse_home, errback=self.request_failed, dont_filter=True, meta=meta
            )

    # Which blog a request belongs to: its meta says (home, platform), for any worker of a job.

    def blog(self, home: str, platform: str | None = None) -> Blog:
        key = (home, platform or "")
        if key not in self._blogs:
            profile = for_platform(platform or self.platform or DEFAULT_PLATFORM)
            self._blogs[key] = Blog(home, profile, BlogScope.from_home(home, profile.urls))
        return self._blogs[key]

    def blog_of(self, meta: dict[str, Any]) -> Blog:
        home = meta.get("blog")
        if home is None:  # a request of an older JOBDIR: the crawl's one blog
            return Blog(self.home_url, self.profile, self.scope)
        if home == self.home_url and meta.get("platform") in (None, self.profile.name):
            return Blog(home, self.profile, self.scope)
        return self.blog(home, meta.get("platform"))

    @staticmethod
    def blog_meta(blog: Blog) -> dict[str, str]:
        return {"blog": blog.home, "platform": blog.profile.name}

    # The home page: which platform, then every listing.

    def parse_home(self, response: Response) -> Iterator[Any]:
        page = raw_page(response)
        if page.status != 200:  # the blog itself is not there: the run has failed, say so
            self.crawler.stats.set_value("source/unreachable", f"{page.url} answered HTTP {page.status}")
        profile = self.choose_profile(page)
        if profile is None:
            yield from self.unsupported(page)
            return
        home = response.meta.get("blog", self.home_url)
        if home == self.home_url:
            self.use_profile(profile)
        blog = self.blog(home, profile.name)
        self.logger.info("Platform %s (%s profile) for %s", profile.platform, profile.name, blog.scope.home)
        for path in profile.urls.entry_points:
            # Guessed entry points: platform defaults most blogs have but need not link.
            meta = {"guess": True, **self.blog_meta(blog)}
            yield scrapy.Request(blog.scope.absolute(path), callback=self.parse_listing, meta=meta)
        yield from self.listing_output(page, blog, page_problem(page, expect_html=False))

    def use_profile(self, profile: Profile) -> None:
        self.profile = profile
        self.scope = BlogScope.from_home(self.home_url, profile.urls)
        self.placed.clear()  # placed under the previous profile's URL shapes
        if isinstance(getattr(self, "state", None), dict):  # JOBDIR: kept for a resumed crawl
            self.state["platform"] = profile.name

    def choose_profile(self, home: RawPage) -> Profile | None:
        """`-a platform`, else what the home page says: its generator or markup, the platform's
        host, or the shapes of the post addresses it links to; None when nothing says.

        A home page that did not answer says nothing: the default platform's entry points are
        tried (the failure is recorded as the source's)."""
        if self.platform:
            return for_platform(self.platform)
        if home.status != 200:
            return for_platform(DEFAULT_PLATFORM)
        home_path = BlogScope.from_home(home.url, for_platform(DEFAULT_PLATFORM).urls).prefix
        return (
            detect_page_profile(home.url, home.body, home.headers)
            or hinted_by_host(urlsplit(home.url).hostname or "")
            or voted_by_urls(page_links(home), home_path)
        )

    def unsupported(self, home: RawPage) -> Iterator[SkippedPage]:
        """No profile reads this blog: one recorded skip, and nothing crawled on a guess."""
        self.crawler.stats.set_value("platform/unsupported", home.url)
        self.logger.warning("No platform profile reads %s: nothing crawled (-a platform=NAME forces one)", home.url)
        detail = "no generator, template markup, host or post address of a known platform"
        yield SkippedPage(home.url, "unsupported_platform", detail, status=home.status, fetched_at=home.fetched_at)

    # Listings: home and its pager, archives, months, categories, feeds.

    async def parse_listing(self, response: Response) -> AsyncIterator[Any]:
        page, blog = raw_page(response), self.blog_of(response.meta)
        problem = page_problem(page, expect_html=False)
        links = None if problem else await self.located_links_off_thread(page, blog)
        for output in self.listing_output(page, blog, problem, links, guessed=response.meta.get("guess", False)):
            yield output

    def listing_output(
        self,
        page: RawPage,
        blog: Blog,
        problem: tuple[str, str] | None,
        links: list[Located | None] | None = None,
        guessed: bool = False,
    ) -> Iterator[Any]:
        """The pages a listing leads to (`links`, else read here), or why it leads nowhere (a
        guessed entry point that is not there is only counted)."""
        if problem and guessed:
            self.crawler.stats.inc_value(f"discovery/guess_missing/{problem[0]}")
            return
        if problem:
            yield SkippedPage(page.url, *problem, status=page.status, fetched_at=page.fetched_at)
            return
        yield from self.follow_links(page, blog, links)

    # Posts, and the comment pages that travel with them.

    async def parse_post(self, response: Response) -> AsyncIterator[Any]:
        page = raw_page(response)
        blog = self.blog_of(response.meta)
        located = blog.scope.locate(page.url)
        links = await self.located_links_off_thread(page, blog)  # read once: posts to follow, comment pages
        if page_problem(page) is None:
            for request in self.follow_links(page, blog, links):
                yield request
        comment_pages = self.comment_pages(page, located, {}, blog, links)
        for output in self.continue_post(Capture([page]), located, comment_pages, blog):
            yield output

    async def parse_comment_page(self, response: Response) -> AsyncIterator[Any]:
        capture, located, known = response.meta["capture"], response.meta["post"], response.meta["known"]
        blog = self.blog_of(response.meta)
        page = raw_page(response)
        capture.pages.append(page)
        links = await self.located_links_off_thread(page, blog) if located is not None and page.status == 200 else []
        for output in self.continue_post(capture, located, self.comment_pages(page, located, known, blog, links), blog):
            yield output

    def comment_page_failed(self, failure: Failure) -> Iterator[Any]:
        meta = failure.request.meta
        reason = failure_reason(failure)
        meta["capture"].missing.append(MissingPage(failure.request.url, reason, failure.getErrorMessage()))
        yield from self.continue_post(meta["capture"], meta["post"], meta["known"], self.blog_of(meta))

    async def located_links_off_thread(self, page: RawPage, blog: Blog) -> list[Located | None]:
        """`located_links`, the page parsed for them on the link thread (spiders/link_thread.py)."""
        return self.located_links(page, blog, await self.link_thread.hrefs(page))

    def located_links(self, page: RawPage, blog: Blog, hrefs: list[str] | None = None) -> list[Located | None]:
        """Every distinct link of the page (`hrefs`, else read here), in document order, where the
        blog's scope places it (None: out)."""
        placed, bases = self.placed_in(blog), JoinBases(page.url)
        links = []
        for href in dict.fromkeys(page_hrefs(page) if hrefs is None else hrefs):  # a repeated link adds nothing
            key = (base := bases.of(href), href)
            located = placed.get(key, _UNPLACED)
            if located is _UNPLACED:
                located = placed[key] = blog.scope.locate(absolute_link(page.url, href, base))
            links.append(located)
        return links

    def placed_in(self, blog: Blog) -> dict[tuple[str, str], Located | None]:
        """Links of `blog` already placed by `scope.locate`: every page of a blog links to the
        same sidebar, pager and neighbours, and joining and placing a link (its shape against the
        platform's) is most of reading it. Remembered under the part of the page's URL the link
        depends on (`join_base`); at most _PLACED links are kept, so memory does not grow with the blog."""
        if sum(map(len, self.placed.values())) >= _PLACED:
            self.placed.clear()
        return self.placed.setdefault((blog.home, blog.profile.name), {})

    def comment_pages(
        self,
        page: RawPage,
        post: Located | None,
        known: dict[int, str],
        blog: Blog,
        links: list[Located | None] | None = None,
    ) -> dict[int, str]:
        """Every comment page of this post that `page` links to, by number, added to `known`."""
        if post is None or page.status != 200:
            return known
        for located in self.located_links(page, blog) if links is None else links:
            if located and located.kind is PageKind.COMMENT_PAGE and located.post_key == post.post_key:
                known.setdefault(located.page_number, located.url)
        return known

    def continue_post(self, capture: Capture, post: Located | None, known: dict[int, str], blog: Blog) -> Iterator[Any]:
        """Fetch the lowest-numbered comment page not yet tried, or hand the finished post over.

        A page that fails does not stop the walk: the next known page is still fetched, and the
        reader records the gap (extraction/reader.py).
        """
        tried = {p.url for p in capture.pages} | {m.url for m in capture.missing}
        pending = [n for n in sorted(known) if n > 1 and known[n] not in tried]
        if not pending:
            yield PostCaptures(url=capture.pages[0].url, captures=[capture])
            return
        meta = {"capture": capture, "post": post, "known": known, FEEDS_POST: True, **self.blog_meta(blog)}
        yield scrapy.Request(
            known[pending[0]], callback=self.parse_comment_page, errback=self.comment_page_failed, meta=meta
        )

    # Discovery shared by every page kind.

    def follow_links(
        self, page: RawPage, blog: Blog, links: list[Located | None] | None = None
    ) -> Iterator[scrapy.Request]:
        """Posts, listings and feeds the page links to, within the traps' bounds.

        Bounds: a dated URL must be a real month of a blogging year; a pager page (`page/N`) that
        lists no post is the end of that pager, its further pages are not asked for (decided by
        the page alone, so two crawls of a blog ask for the same pages); and a blog gets at most
        MAX_PAGES_PER_BLOG requests. Each bound is counted in the stats.
        """
        links = self.located_links(page, blog) if links is None else links
        # A URL already asked for was wanted then: only new ones are weighed (a hundred links a page).
        wanted = [
            located
            for found in links
            if (located := found if found and found.url in self.asked else self.wanted(found, blog)) is not None
        ]
        pager_ended = _PAGER.search(page.url) is not None and not any(p.kind is PageKind.POST for p in wanted)
        for located in wanted:
            if pager_ended and located.kind is PageKind.LISTING and _PAGER.search(located.url):
                self.crawler.stats.inc_value("discovery/pager_ended")
                continue
            if located.url in self.asked:
                continue
            if self.budget_spent():
                return
            self.asked.add(located.url)
            is_post = located.kind is PageKind.POST
            callback = self.parse_post if is_post else self.parse_listing
            meta = {FEEDS_POST: is_post, **self.blog_meta(blog)}
            yield scrapy.Request(located.url, callback=callback, errback=self.request_failed, meta=meta)

    def wanted(self, located: Located | None, blog: Blog) -> Located | None:
        if located is None or located.kind not in (PageKind.POST, PageKind.LISTING, PageKind.FEED):
            return None
        month = blog.scope.year_month(located.url)
        if month and not _PLAUSIBLE_MONTH.match(month):
            self.crawler.stats.inc_value("discovery/impossible_date")
            return None
        return located if self.in_period(located.url, blog) else None

    def budget_spent(self) -> bool:
        """True once MAX_PAGES_PER_BLOG requests were made: a trap must not run forever."""
        budget = self.crawler.settings.getint("MAX_PAGES_PER_BLOG")
        spent = self.crawler.stats.get_value("scheduler/enqueued", 0)
        if budget and spent >= budget:
            if not self.crawler.stats.get_value("discovery/page_budget_reached"):
                self.logger.warning("MAX_PAGES_PER_BLOG (%d) reached: no further page is asked for", budget)
            self.crawler.stats.set_value("discovery/page_budget_reached", 1)
            return True
        return False

    def in_period(self, url: str, blog: Blog) -> bool:
        month = blog.scope.year_month(url)
        if month is None:
            return True
        return (self.since is None or month >= self.since) and (self.until is None or month <= self.until)

    def request_failed(self, failure: Failure) -> Iterator[SkippedPage]:
        """Connection refused, DNS failure, timeout after retries: counted, never silent."""
        if failure.request.meta.get("guess"):
            self.crawler.stats.inc_value("discovery/guess_missing/download_error")
            return
        home = failure.request.meta.get("blog", self.home_url)
        if failure.request.url == home:
            self.crawler.stats.set_value("source/unreachable", f"{home}: {failure.getErrorMessage()}")
        request = failure.request
        yield SkippedPage(
            url=(request.meta.get("redirect_urls") or [request.url])[0],  # the page that redirected
            reason=failure_reason(failure),
            detail=failure.getErrorMessage(),
        )

    def _stop_sample_site(self) -> None:
        if self.sample_site is not None:
            # Counted at the server: what the crawl really fetched (an HTTP cache replay fetches nothing).
            self.crawler.stats.set_value("sample/requests_served", sum(self.sample_site.requests.values()))
            self.crawler.stats.set_value("sample/connections", self.sample_site.connections)  # kept alive: fewer
            self.sample_site.stop()


class TypePadSpider(BlogSpider):
    """`scrapy crawl typepad`: the live spider under its round-1 name (TypePad URL shapes by default)."""

    name = "typepad"
