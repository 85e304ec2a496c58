"""A platform is one profile: register a module that defines one, and the crawl reads its blogs.

`tests/toy_platform.py` describes "Carnet", a platform no spider knows of (its URL shapes and its
selectors); `tests/fixtures/sites/carnet-toy-platform/` is a small blog of it (a paged summary,
a feed, a post whose comments run over two pages). Nothing in spiders/ changes for it.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from blogarchive.items import Capture, PostCaptures, RawPage
from blogarchive.static_site import StaticSite
from dataset_folder.validation import validate
from extraction import platforms
from extraction.reader import read_post
from extraction.records import ReadPost
from tests.crawling import SITES, CrawlResult, crawl
from tests.toy_platform import CARNET

SITE = SITES / "carnet-toy-platform"
EXPECTED = json.loads((SITE / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def carnet_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, StaticSite]:
    with StaticSite(SITE) as site:
        result = crawl(
            "blog", tmp_path_factory.mktemp("carnet") / "dataset", {"url": site.url("/carnet/")},
            PLATFORM_MODULES="tests.toy_platform",
        )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    return result, site


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_every_post_of_the_toy_platform_is_found_once(carnet_crawl) -> None:
    result, site = carnet_crawl
    posts = result.rows("posts")
    assert sorted(_path(p["url"]) for p in posts) == sorted(p["path"] for p in EXPECTED["posts"])
    assert {p["platform"] for p in posts} == {"carnet"}
    for want in EXPECTED["posts"]:
        assert site.requests[want["path"]] == 1, want["path"]
    assert not [path for path in site.requests if path.startswith(tuple(EXPECTED["never_requested"]))]


@pytest.mark.parametrize("field", ["title", "author", "categories", "text", "published"])
def test_post_fields(carnet_crawl, field: str) -> None:
    result, _site = carnet_crawl
    posts = {_path(p["url"]): p for p in result.rows("posts")}
    for want in EXPECTED["posts"]:
        expected = datetime.fromisoformat(want[field]) if field == "published" else want[field]
        assert posts[want["path"]][field] == expected, want["path"]


def test_comments_over_the_platforms_own_comment_pages(carnet_crawl) -> None:
    result, _site = carnet_crawl
    posts = {p["post_id"]: _path(p["url"]) for p in result.rows("posts")}
    comments: dict[str, list[dict]] = {}
    for row in sorted(result.rows("comments"), key=lambda r: r["position"]):
        comments.setdefault(posts[row["post_id"]], []).append(row)
    for want in EXPECTED["posts"]:
        got = comments[want["path"]]
        assert [c["position"] for c in got] == list(range(1, len(want["comments"]) + 1))
        for g, w in zip(got, want["comments"], strict=True):
            assert (g["platform_comment_id"], g["author"], g["author_url"], g["text"]) == (
                w["platform_comment_id"], w["author"], w["author_url"], w["text"]
            )  # fmt: skip
            assert g["published"] == datetime.fromisoformat(w["published"])
    paged = next(p for p in EXPECTED["posts"] if p["comment_pages"] == 2)
    row = next(p for p in result.rows("posts") if _path(p["url"]) == paged["path"])
    assert (row["comment_pages"], row["comment_count_announced"], row["comment_pages_missing"]) == (2, 5, [])


def test_validate_accepts_the_platforms_it_knows_only(carnet_crawl) -> None:
    result, _site = carnet_crawl
    platforms.unregister(CARNET.name)  # the crawl ran in this process and loaded it
    assert "posts.platform" in " ".join(str(p) for p in validate(result.dataset).problems)
    platforms.register(CARNET)  # what `scrapy validate -s PLATFORM_MODULES=tests.toy_platform` does
    try:
        report = validate(result.dataset)
    finally:
        platforms.unregister(CARNET.name)
    assert report.ok, report.problems


def test_a_registered_profile_reads_pages_outside_a_crawl() -> None:
    want = next(p for p in EXPECTED["posts"] if p["comment_pages"] == 1)
    body = (SITE / "root" / want["path"].lstrip("/")).read_bytes()
    page = RawPage("http://carnet.example.fr" + want["path"], 200, {"Content-Type": "text/html"}, body,
                   datetime(2026, 1, 1))  # fmt: skip
    platforms.register(CARNET)
    try:
        result = read_post(PostCaptures(page.url, [Capture([page])]))
    finally:
        platforms.unregister(CARNET.name)
    assert isinstance(result, ReadPost) and result.record.platform == "carnet"
    assert [c.author for c in result.record.comments] == [c["author"] for c in want["comments"]]
    # Unregistered, the same page is no longer read as a carnet post.
    again = read_post(PostCaptures(page.url, [Capture([page])]))
    assert not (isinstance(again, ReadPost) and again.record.platform == "carnet")
