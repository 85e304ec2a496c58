"""The bundled sample behaves like a real blog (stable URLs, so the HTTP cache and JOBDIR resume
work on it), and a crawl reports progress in posts and comments, with percent and time left
where the source knows its total."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from blogarchive.progress import progress_line, status_of
from blogarchive.sample import SAMPLE_HOME
from blogarchive.static_site import StaticSite
from tests.crawling import SITES, CrawlResult, crawl
from tests.fake_wayback import FakeCapture, FakeWayback
from tests.warc_writer import HOST, site_pages

SAMPLE = SITES / "typepad-fr-sample"
POSTS = len(json.loads((SAMPLE / "expected.json").read_text("utf-8"))["posts"])


def _urls(result: CrawlResult) -> list[str]:
    return sorted(row["url"] for row in result.rows("posts"))


def test_the_sample_replays_from_the_http_cache_with_the_same_urls(tmp_path: Path) -> None:
    cache = {"HTTPCACHE_ENABLED": "1", "HTTPCACHE_DIR": str(tmp_path / "cache")}
    first = crawl("typepad", tmp_path / "first", **cache)
    second = crawl("typepad", tmp_path / "second", **cache)
    assert first.returncode == second.returncode == 0, second.log[-3000:]
    assert first.stats["sample/requests_served"] > POSTS
    assert first.stats["sample/connections"] < first.stats["sample/requests_served"]  # kept alive
    assert second.stats.get("sample/requests_served", 0) == 0  # counted at the server: nothing reached it
    assert _urls(first) == _urls(second) and len(_urls(first)) == POSTS
    assert all(url.startswith(SAMPLE_HOME) for url in _urls(first))


def test_a_stopped_sample_crawl_resumes_from_its_jobdir_without_bogus_skips(tmp_path: Path) -> None:
    # Read in place: with a reading process, every post already downloaded is still read and
    # written once the item count is reached, and the sample is small enough to be all of them.
    settings = {"JOBDIR": str(tmp_path / "job"), "EXTRACT_WORKERS": "0"}
    dataset = tmp_path / "dataset"
    stopped = crawl("typepad", dataset, CLOSESPIDER_ITEMCOUNT="8", **settings)  # stops early, state saved
    assert stopped.stats["finish_reason"] == "closespider_itemcount"
    assert 8 <= stopped.stats["dataset/posts"] < POSTS
    resumed = crawl("typepad", dataset, **settings)  # a new server port: the stable URLs do not care
    assert resumed.returncode == 0, resumed.log[-3000:]
    assert resumed.stats.get("skipped/total", 0) == 0
    assert stopped.stats["dataset/posts"] + resumed.stats["dataset/posts"] == POSTS
    assert len(_urls(resumed)) == len(set(_urls(resumed))) == POSTS


def _watch(folder: Path, stop: threading.Event, seen: list[dict]) -> None:
    """Read the status file as a second terminal would, until told to stop."""
    path = folder / "crawl-status.json"
    while not stop.is_set():
        if path.exists():
            try:
                seen.append(json.loads(path.read_text("utf-8")))
            except json.JSONDecodeError:  # never: the file is replaced atomically
                seen.append({"state": "torn"})
        stop.wait(0.05)


def _crawl_watched(spider: str, dataset: Path, args: dict[str, str], **settings: str) -> tuple[CrawlResult, list]:
    seen: list[dict] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(dataset, stop, seen), daemon=True)
    watcher.start()
    try:
        result = crawl(spider, dataset, args, PROGRESS_INTERVAL_SECONDS="0.2", **settings)
    finally:
        stop.set()
        watcher.join()
    return result, [*seen, json.loads((dataset / "crawl-status.json").read_text("utf-8"))]


def test_the_status_file_shows_posts_and_comments_grow(tmp_path: Path) -> None:
    with StaticSite(SAMPLE, delay=0.03) as site:  # a few seconds of crawl: several progress ticks
        result, seen = _crawl_watched(
            "typepad", tmp_path / "dataset", {"url": site.url("/mon_blog/")}, CONCURRENT_REQUESTS_PER_DOMAIN="2"
        )
    assert result.returncode == 0, result.log[-3000:]
    assert all(s["state"] in ("running", "finished") for s in seen)
    running = [s for s in seen if s["state"] == "running"]
    posts = [s["posts"] for s in running]
    assert posts == sorted(posts) and len(set(posts)) >= 2, posts
    assert [s["comments"] for s in running] == sorted(s["comments"] for s in running)
    final = seen[-1]
    assert (final["state"], final["exit_code"], final["posts"]) == ("finished", 0, POSTS)
    assert final["percent"] is None  # a live blog does not say how many posts it has
    assert "Progress: " in result.log


def test_on_an_archive_the_status_file_gives_percent_and_time_left(tmp_path: Path) -> None:
    captures = [
        FakeCapture(HOST + path, "20100801120000", 200, "text/html", body, content_type)
        for path, body, content_type in site_pages(SAMPLE)
        if path.endswith(".html") and "/20" in path
    ]
    archive = FakeWayback(captures)
    try:
        result, seen = _crawl_watched(
            "wayback", tmp_path / "dataset", {"site": "exemple.typepad.fr/mon_blog/"},
            WAYBACK_BASE_URL=archive.base, WAYBACK_CDX_RATE="50", WAYBACK_SNAPSHOT_RATE="15",
        )  # fmt: skip
    finally:
        archive.stop()
    assert result.returncode in (0, 3), result.log[-3000:]
    midway = [s for s in seen if s["state"] == "running" and s["percent"] is not None and 0 < s["percent"] < 100]
    assert midway, [(s["state"], s["percent"]) for s in seen]
    assert all(s["posts_expected"] >= POSTS - 1 and s["eta_seconds"] is not None for s in midway)
    assert [s["percent"] for s in midway] == sorted(s["percent"] for s in midway)
    assert seen[-1]["percent"] == 100.0


def test_status_figures_and_line_from_stats() -> None:
    stats = {
        "dataset/posts": 30, "dataset/comments": 400, "progress/posts_read": 40, "progress/posts_expected": 160,
        "response_received_count": 90, "scheduler/enqueued": 130, "scheduler/dequeued": 100,
        "skipped/total": 3, "skipped/http_404": 2, "skipped/not_html": 1,
        "pause/until": time.time() + 42, "pause/reason": "HTTP 429 on …",
    }  # fmt: skip
    status = status_of(stats, elapsed=100.0, in_flight=2)
    assert (status["percent"], status["eta_seconds"], status["pages_pending"]) == (25.0, 300.0, 32)
    assert status["skipped"] == {"http_404": 2, "not_html": 1}
    assert 40 <= status["paused_for_seconds"] <= 42
    line = progress_line(status)
    assert line.startswith("30 posts, 400 comments written · 90 pages fetched, 32 pending · 3 skipped (http_404 2")
    assert "25 % of 160 posts, about 5 min left" in line and "paused 4" in line


@pytest.mark.parametrize("interval", ["0"])
def test_progress_can_be_turned_off(tmp_path: Path, interval: str) -> None:
    with StaticSite(SITES / "typepad-bad-pages") as site:
        result = crawl("typepad", tmp_path / "dataset", {"url": site.url("/blog/")}, PROGRESS_INTERVAL_SECONDS=interval)
    assert "Progress: " not in result.log and not (tmp_path / "dataset" / "crawl-status.json").exists()
