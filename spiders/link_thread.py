"""Pages' links read on a thread of their own, beside the reactor thread.

On a fast crawl (WARC and cache replays, loopback blogs) the reactor thread is the busiest of
the crawl, and parsing each page for its links was a tenth of it. libxml2 lets go of the GIL
while it parses, so on its own thread the parse runs beside the engine instead of holding it:
the 5,000-post benchmark blog crawls 3 to 11 % faster. One thread, so pages are parsed one at
a time in the order asked, and no parser is shared between threads (`spiders.pages` keeps one
per thread, as lxml requires). What the spider does with the links does not change.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from scrapy.utils.defer import maybe_deferred_to_future

from spiders.pages import page_hrefs

if TYPE_CHECKING:
    from twisted.python.threadpool import ThreadPool

    from blogarchive.items import RawPage


def _listed_hrefs(page: RawPage) -> list[str]:
    return list(page_hrefs(page))


class LinkThread:
    """`page_hrefs` on one thread; started on first use, stopped with the crawl."""

    def __init__(self) -> None:
        self._pool: ThreadPool | None = None
        self._on_shutdown: object = None  # the reactor trigger that stops a crawl stopped mid-way

    async def hrefs(self, page: RawPage) -> list[str]:
        """The page's links as `page_hrefs` gives them, read off the reactor thread."""
        from twisted.internet import reactor  # imported late: Scrapy installs its reactor first
        from twisted.internet.threads import deferToThreadPool

        return await maybe_deferred_to_future(deferToThreadPool(reactor, self._started(), _listed_hrefs, page))

    def _started(self) -> ThreadPool:
        if self._pool is None:
            from twisted.internet import reactor
            from twisted.python.threadpool import ThreadPool

            self._pool = ThreadPool(minthreads=1, maxthreads=1, name="page-links")
            self._pool.start()
            self._on_shutdown = reactor.addSystemEventTrigger("during", "shutdown", self.stop)
        return self._pool

    def stop(self) -> None:
        if self._pool is None:
            return
        from twisted.internet import reactor

        self._pool.stop()
        self._pool = None
        with contextlib.suppress(ValueError, KeyError):  # already run: the reactor is shutting down
            reactor.removeSystemEventTrigger(self._on_shutdown)
