"""Every platform's fixture blog (tests/fixtures/sites/*-fr-blog, from platform_blogs/make.py),
crawled with `scrapy crawl blog -a url=HOME` and no platform named: the home page picks the
profile, and every post is found once with every comment, its author, date, position and reply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogarchive.static_site import StaticSite
from extraction import detect_page_profile
from tests.crawling import SITES, CrawlResult, crawl
from tests.fake_wayback import FakeCapture, FakeWayback
from tests.warc_writer import site_pages

BLOGS = sorted(p for p in SITES.glob("*-fr-blog") if (p / "expected.json").is_file())
POST_FIELDS = ("title", "author", "published", "categories", "tags", "text")


@pytest.fixture(scope="module", params=BLOGS, ids=lambda p: p.name)
def blog(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, dict, Path]:
    folder: Path = request.param
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    with StaticSite(folder) as site:
        result = crawl("blog", tmp_path_factory.mktemp(folder.name) / "dataset", {"url": site.url(expected["home"])})
    return result, expected, folder


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _posts(result: CrawlResult) -> dict[str, dict]:
    return {_path(row["url"]): row for row in result.rows("posts")}


def test_the_home_page_names_the_platform(blog) -> None:
    result, expected, folder = blog
    assert {row["platform"] for row in result.rows("posts")} == {expected["platform"]}
    home = folder / "root" / expected["home"].lstrip("/") / "index.html"
    profile = detect_page_profile(f"http://127.0.0.1{expected['home']}", home.read_bytes(), {})
    assert profile is not None and profile.platform == expected["platform"]


def test_every_post_exactly_once(blog) -> None:
    result, expected, _site = blog
    urls = [_path(row["url"]) for row in result.rows("posts")]
    assert sorted(urls) == sorted(p["path"] for p in expected["posts"])
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize("field", POST_FIELDS)
def test_post_fields(blog, field: str) -> None:
    result, expected, _site = blog
    if field in ("author", "categories", "tags") and field not in expected["shows"]:
        pytest.skip(f"{expected['platform']}'s pages print no {field}")
    posts = _posts(result)
    for want in expected["posts"]:
        got = posts[want["path"]][field]
        got = got.isoformat() if hasattr(got, "isoformat") else got
        assert got == want[field], (want["path"], field)


def test_every_comment_with_author_date_position_and_reply(blog) -> None:
    result, expected, _site = blog
    posts = _posts(result)
    by_post: dict[str, list[dict]] = {}
    for row in result.rows("comments"):
        by_post.setdefault(row["post_id"], []).append(row)
    for want in expected["posts"]:
        rows = sorted(by_post.get(posts[want["path"]]["post_id"], []), key=lambda r: r["position"])
        position_of = {r["comment_id"]: r["position"] for r in rows}
        got = [
            {
                "position": r["position"],
                "author": r["author"],
                "author_url": r["author_url"] if "author_url" in expected["shows"] else None,
                "published": r["published"].isoformat() if r["published"] else None,
                "text": r["text"],
                "reply_to": position_of.get(r["reply_to"]) if expected["threads"] else None,
            }
            for r in rows
        ]
        shown = [
            {**c, "author_url": c["author_url"] if "author_url" in expected["shows"] else None,
             "reply_to": c["reply_to"] if expected["threads"] else None}
            for c in want["comments"]
        ]  # fmt: skip
        assert got == shown, want["path"]
        assert posts[want["path"]]["comment_pages_missing"] == []


def test_nothing_skipped_nothing_off_site(blog) -> None:
    result, expected, _site = blog
    assert result.rows("skipped") == []
    posts = result.rows("posts")
    assert {row["profile"] for row in posts} <= _profile_names(expected["platform"])
    assert [row["warnings"] for row in posts] == [[]] * len(posts)  # nothing here to doubt
    assert result.returncode == 0, result.log[-3000:]


@pytest.mark.parametrize("folder", BLOGS, ids=lambda p: p.name)
def test_the_wayback_machine_harvests_the_blog_with_the_same_profile(folder: Path, tmp_path: Path) -> None:
    """The blog archived under a custom domain (no host hint): the index's addresses choose the
    profile, and the archived posts, their comment pages and the post only prev/next links
    reach all come back with every comment."""
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    host = "http://www.chroniques-parisiennes.fr"
    captures = [
        FakeCapture(host + path, "20100801120000", 200, "text/html" if "xml" not in ctype else "application/rss+xml",
                    body, ctype, indexed=not _unlisted(path, expected))
        for path, body, ctype in site_pages(folder)
    ]  # fmt: skip
    archive = FakeWayback(captures)
    site = "www.chroniques-parisiennes.fr" + expected["home"]
    try:
        result = crawl("wayback", tmp_path / "dataset", {"site": site}, WAYBACK_BASE_URL=archive.base,
                       WAYBACK_CDX_RATE="50", WAYBACK_SNAPSHOT_RATE="200")  # fmt: skip
    finally:
        archive.stop()
    assert result.stats["platform/detected"] in _profile_names(expected["platform"])
    posts = {row["url"].removeprefix(host): row for row in result.rows("posts")}
    assert sorted(posts) == sorted(p["path"] for p in expected["posts"])
    counts: dict[str, int] = {}
    for row in result.rows("comments"):
        counts[row["post_id"]] = counts.get(row["post_id"], 0) + 1
    for want in expected["posts"]:
        assert counts.get(posts[want["path"]]["post_id"], 0) == len(want["comments"]), want["path"]


def _unlisted(path: str, expected: dict) -> bool:
    """The post no listing links is missing from the index too: only links lead to it."""
    return any(p["path"] == path and not p["listed"] for p in expected["posts"])


def _profile_names(platform: str) -> set[str]:
    from extraction.platforms import profiles

    return {p.name for p in profiles() if p.platform == platform}
