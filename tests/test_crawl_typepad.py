"""The whole path once: a fixture TypePad blog on 127.0.0.1, crawled through Scrapy's engine,
read back from Parquet and compared with what its pages say (expected.json, written from the
generator's own data, not by the extractor)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from blogarchive.static_site import StaticSite
from tests.crawling import CrawlResult, crawl


@pytest.fixture(scope="module")
def sample_crawl(sample_blog) -> tuple[CrawlResult, object]:
    """The session's crawl of the sample blog, and (`.requests`) what it asked the site for."""
    return sample_blog.result, sample_blog


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_every_post_exactly_once(sample_crawl, sample_expected) -> None:
    result, site = sample_crawl
    posts = result.rows("posts")
    expected_paths = [post["path"] for post in sample_expected["posts"]]
    assert len(expected_paths) >= 30
    assert Counter(_path(p["url"]) for p in posts) == Counter(expected_paths)
    assert len({p["post_id"] for p in posts}) == len(posts)
    for path in expected_paths:  # fetched once, however many listings link to it
        assert site.requests[path] == 1, path


def test_post_fields_match_the_page(sample_crawl, sample_expected) -> None:
    result, _site = sample_crawl
    posts = {_path(p["url"]): p for p in result.rows("posts")}
    for want in sample_expected["posts"]:
        got = posts[want["path"]]
        assert got["title"] == want["title"]
        assert got["author"] == want["author"]
        assert got["published"] == datetime.fromisoformat(want["published"])
        assert got["published_raw"] == want["published_raw"]
        assert got["categories"] == want["categories"]
        assert got["text"] == want["text"], want["path"]
        assert got["comment_count_extracted"] == len(want["comments"])


def test_every_comment_with_author_date_and_position(sample_crawl, sample_expected) -> None:
    result, _site = sample_crawl
    posts = {p["post_id"]: _path(p["url"]) for p in result.rows("posts")}
    by_post: dict[str, list[dict]] = {}
    for comment in sorted(result.rows("comments"), key=lambda c: (c["post_id"], c["position"])):
        by_post.setdefault(posts[comment["post_id"]], []).append(comment)
    total = 0
    for want in sample_expected["posts"]:
        got = by_post.get(want["path"], [])
        assert [c["position"] for c in got] == list(range(1, len(want["comments"]) + 1)), want["path"]
        for g, w in zip(got, want["comments"], strict=True):
            assert (g["author"], g["author_url"], g["text"]) == (w["author"], w["author_url"], w["text"])
            assert g["published"] == datetime.fromisoformat(w["published"])
            assert g["platform_comment_id"] == w["platform_comment_id"]
        total += len(got)
    assert total == result.table("comments").num_rows


def test_comments_over_two_pages_merge_in_page_order(sample_crawl, sample_expected) -> None:
    result, _site = sample_crawl
    long_post = next(p for p in sample_expected["posts"] if len(p.get("comment_pages", [])) > 1)
    assert len(long_post["comments"]) > 50
    post = next(p for p in result.rows("posts") if _path(p["url"]) == long_post["path"])
    comments = [c for c in result.rows("comments") if c["post_id"] == post["post_id"]]
    assert post["comment_pages"] == len(long_post["comment_pages"])
    pages = [_path(c["page_url"]) for c in sorted(comments, key=lambda c: c["position"])]
    assert pages == [long_post["comment_pages"][0]] * 50 + [long_post["comment_pages"][1]] * (len(comments) - 50)


def test_post_linked_from_no_listing_is_found(sample_crawl, sample_expected) -> None:
    result, _site = sample_crawl
    orphans = [p["path"] for p in sample_expected["posts"] if not p["in_listings"]]
    assert orphans
    assert set(orphans) <= {_path(p["url"]) for p in result.rows("posts")}


def test_windows_1252_labelled_iso_8859_1_reads_right(sample_crawl, sample_expected) -> None:
    result, _site = sample_crawl
    want = next(p for p in sample_expected["posts"] if p["encoding"] != "utf-8")
    got = next(p for p in result.rows("posts") if _path(p["url"]) == want["path"])
    assert got["charset_header"] == "cp1252" and got["charset_used"] == "cp1252"
    assert any(ch in got["text"] for ch in "’œ€…")
    assert got["text"] == want["text"]


def test_a_link_repeated_on_many_pages_is_asked_for_once(sample_crawl) -> None:
    """Sidebars and pagers link every page to the same posts: the spider asks for each URL once
    rather than leaving ~30 repeats a page to Scrapy's duplicate filter (counted by the filter)."""
    result, site = sample_crawl
    fetched = sum(site.requests.values())
    # The few left: guessed entry points (asked before any page is read) that pages link to too.
    assert result.stats.get("dupefilter/filtered", 0) < fetched / 4
    assert result.stats["item_scraped_count"] >= 30


def test_never_leaves_the_blog(sample_crawl, sample_expected) -> None:
    _result, site = sample_crawl
    requested = set(site.requests)
    for prefix in sample_expected["never_requested"]:
        assert not [path for path in requested if path.startswith(prefix)], prefix
    assert all(path.startswith("/mon_blog/") or path == "/robots.txt" for path in requested)


def test_since_until_limits_the_months(tmp_path: Path, sample_site: StaticSite, sample_expected) -> None:
    args = {"url": sample_site.url("/mon_blog/"), "since": "2010-03", "until": "2010-04"}
    result = crawl("typepad", tmp_path / "dataset", args)
    assert result.returncode == 0, result.log[-3000:]
    got = {_path(p["url"]) for p in result.rows("posts")}
    want = {p["path"] for p in sample_expected["posts"] if p["published"][:7] in ("2010-03", "2010-04")}
    assert got == want


def test_http_cache_replays_a_crawl_without_the_network(tmp_path: Path, sample_site: StaticSite) -> None:
    args = {"url": sample_site.url("/mon_blog/")}
    cache = {"HTTPCACHE_ENABLED": "1", "HTTPCACHE_DIR": str(tmp_path / "cache")}
    first = crawl("typepad", tmp_path / "first", args, **cache)
    fetched = sum(sample_site.requests.values())
    second = crawl("typepad", tmp_path / "second", args, **cache)
    assert first.returncode == second.returncode == 0, second.log[-3000:]
    assert sum(sample_site.requests.values()) == fetched  # nothing new reached the server
    assert second.table("posts").num_rows == first.table("posts").num_rows >= 30


def test_french_blog_reads_french_and_its_readers_are_no_spammers(sample_crawl) -> None:
    result, _site = sample_crawl
    assert {p["language"] for p in result.rows("posts")} == {"fr"}
    comments = result.rows("comments")
    assert {c["language"] for c in comments} <= {"fr", "und"} and [c["spam_reasons"] for c in comments].count(
        []
    ) == len(comments)
    assert sum(c["author_placeholder"] for c in comments) == sum(c["author"] == "Anonyme" for c in comments) > 0
