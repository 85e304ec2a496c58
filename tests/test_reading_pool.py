"""Posts read in a worker process: the same dataset as reading in place, and a worker's death costs
only the post that killed it (counted), never the posts it held beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blogarchive import reading_pool
from blogarchive.static_site import StaticSite
from tests.crawling import SITES, crawl

_TABLES = ("posts", "comments", "skipped")


def _rows(result, table: str) -> list[dict]:
    """A table's rows without what differs between two runs, sorted (downloads finish in any order)."""
    varying = {"run_id", "fetched_at", "crawled_at", "warc_file", "warc_offset", "record_id"}
    rows = [{k: v for k, v in row.items() if k not in varying} for row in result.rows(table)]
    return sorted(rows, key=repr)


def test_a_crawl_read_by_a_worker_writes_the_dataset_of_a_crawl_read_in_place(tmp_path: Path, sample_blog) -> None:
    in_place = sample_blog.result  # the session's crawl; EXTRACT_WORKERS=0 below is its twin
    assert in_place.stats.get("progress/posts_read", 0) >= 30
    with StaticSite(SITES / "typepad-fr-sample") as site:
        by_worker = crawl("typepad", tmp_path / "w", {"url": site.url("/mon_blog/")}, EXTRACT_WORKERS="1")
        reread = crawl("typepad", tmp_path / "p", {"url": site.url("/mon_blog/")}, EXTRACT_WORKERS="0")
    assert by_worker.returncode == reread.returncode == 0, by_worker.log[-3000:]
    for table in _TABLES:
        assert _rows(by_worker, table) == _rows(reread, table), table
    assert by_worker.stats["progress/posts_read"] == reread.stats["progress/posts_read"]


def _dies_on_one_post(item, budget):
    """read_post, except on the post whose URL names it: there the reading process dies."""
    if "coworking_lessa" in item.url:
        os._exit(9)
    return _real_read_post(item, budget)


_real_read_post = reading_pool.read_post


def test_a_post_that_kills_its_reader_is_skipped_and_the_others_are_read(
    tmp_path: Path, sample_blog, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected_posts = sample_blog.result.table("posts").num_rows
    doomed = [row["url"] for row in sample_blog.result.rows("posts") if "coworking_lessa" in row["url"]]
    assert len(doomed) == 1, doomed  # the fixture blog has one such post
    monkeypatch.setattr(reading_pool, "read_post", _dies_on_one_post)  # workers are forked: they inherit it
    with StaticSite(SITES / "typepad-fr-sample") as site:
        result = crawl("typepad", tmp_path / "d", {"url": site.url("/mon_blog/")}, EXTRACT_WORKERS="1")
    assert result.returncode == 3, result.log[-3000:]  # finished, with a skip
    assert result.table("posts").num_rows == expected_posts - 1
    skipped = [row for row in result.rows("skipped") if row["reason"] == "extraction_crashed"]
    assert [row["url"].rsplit("/", 1)[-1] for row in skipped] == [doomed[0].rsplit("/", 1)[-1]]
    assert result.stats["skipped/extraction_crashed"] == 1


def _slower_for_earlier_posts(item, budget):
    """Each post answered later the earlier it came: the pool must hand them back in order anyway."""
    import time

    time.sleep(0.05 * (5 - int(item.url.rsplit("/", 1)[-1])))
    return reading_pool.SkippedPage(item.url, "not_a_post", "stand-in answer")


def test_answers_come_back_in_the_order_the_posts_came(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import Future

    from twisted.internet import reactor

    from blogarchive.items import PostCaptures
    from tests.crawling import start_reactor

    start_reactor()
    monkeypatch.setattr(reading_pool, "read_post", _slower_for_earlier_posts)
    pool = reading_pool.ReadingPool(workers=2, budget=None)
    released: list[str] = []
    everything: Future[None] = Future()

    def submit_all() -> None:
        for number in range(5):
            answer = pool.read(PostCaptures(url=f"http://blog.example/{number}", captures=[]))
            answer.addCallback(lambda skipped: released.append(skipped.url.rsplit("/", 1)[-1]))
        answer.addBoth(lambda _: everything.set_result(None))

    reactor.callFromThread(submit_all)
    everything.result(timeout=60)
    pool.close()
    assert released == ["0", "1", "2", "3", "4"]
