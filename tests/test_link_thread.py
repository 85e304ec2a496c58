"""Links are parsed on a thread of their own during a crawl (spiders/link_thread.py): the same
links, never on the reactor thread, each thread with its own parser, the thread gone at the end."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from blogarchive.items import RawPage
from spiders import link_thread
from spiders.pages import page_hrefs
from tests.crawling import crawl
from tests.page_mutations import fixtures
from tests.test_page_links import page


def test_pages_parsed_on_four_threads_at_once_give_the_links_of_one() -> None:
    """lxml parsers must not be shared between threads: with one parser each, parsing the
    fixtures on four threads at once gives what one thread gives, page by page."""
    pages = [page(f.body.decode("utf-8", "replace").encode()) for f in fixtures()] * 8
    alone = [list(page_hrefs(p)) for p in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda p: list(page_hrefs(p)), pages))
    assert together == alone
    assert sum(map(len, alone)) > 1000


def test_a_crawl_reads_links_off_the_reactor_thread(sample_blog, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    read = link_thread._listed_hrefs

    def recorded(raw: RawPage) -> list[str]:
        threads.append(threading.current_thread().name)
        return read(raw)

    monkeypatch.setattr(link_thread, "_listed_hrefs", recorded)
    result = crawl("typepad", tmp_path / "dataset", {"url": sample_blog.home})
    assert result.returncode == 0, result.log[-3000:]
    assert len(result.rows("posts")) == len(sample_blog.result.rows("posts"))  # the same crawl
    assert len(threads) >= result.stats["downloader/response_count"] // 2  # posts and listings
    assert set(threads) == {threads[0]} and "page-links" in threads[0]
    assert not [t for t in threading.enumerate() if "page-links" in t.name]  # stopped with the crawl
