"""One blog, three sources, the same rows: the contract every source shares.

The fixture blog `typepad-fr-comment-pages` (a post with 107 comments over three comment pages)
is read live (served on 127.0.0.1 under its real host name, through an HTTP proxy), from a WARC
file holding all its pages, and from a Wayback Machine whose index lacks the post's second
comment page. Posts and comments must be identical across the three, except that the Wayback
copy lacks exactly the comments of the missing page and says so, with every other comment at
the same position and under the same id (the gap rule, extraction/reader.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from blogarchive.static_site import StaticSite
from tests.crawling import SITES, CrawlResult, crawl
from tests.fake_wayback import FakeCapture, FakeWayback
from tests.warc_writer import HOST, ArchiveWriter, site_pages

SITE = SITES / "typepad-fr-comment-pages"
EXPECTED = json.loads((SITE / "expected.json").read_text("utf-8"))
LONG = next(p for p in EXPECTED["posts"] if len(p["comment_pages"]) == 3)
MISSING_PAGE = LONG["comment_pages"][1]  # `/paroles/2010/09/quitter_son_cdi/comments/page/2/`
POST_FIELDS = ("post_id", "url", "title", "author", "published", "text", "categories", "tags", "platform")
COMMENT_FIELDS = ("comment_id", "post_id", "position", "author", "author_url", "published", "text", "reply_to")
FAST_ARCHIVE = {"WAYBACK_CDX_RATE": "50", "WAYBACK_SNAPSHOT_RATE": "200"}


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, CrawlResult]]:
    folder = tmp_path_factory.mktemp("sources")
    with pytest.MonkeyPatch.context() as env, StaticSite(SITE) as site:
        # The live blog under its own host name: every request goes through the local server.
        env.setenv("http_proxy", f"http://127.0.0.1:{site.port}")
        env.delenv("no_proxy", raising=False)
        live = crawl("blog", folder / "live", {"url": f"{HOST}/paroles/"})
    warc = folder / "paroles.warc.gz"
    with warc.open("wb") as stream:
        writer = ArchiveWriter(stream, gzip=True)
        for path, body, content_type in site_pages(SITE):
            writer.response(path, body, content_type)
    archived = crawl("warc", folder / "warc", {"path": str(warc), "url": f"{HOST}/paroles/"})
    captures = [
        FakeCapture(HOST + path, "20110301120000", 200, "text/html", body, content_type)
        for path, body, content_type in site_pages(SITE)
        if path != MISSING_PAGE and not path.endswith((".xml", ".txt"))
    ]
    archive = FakeWayback(captures)
    try:
        wayback = crawl(
            "wayback", folder / "wayback", {"site": "exemple.typepad.fr/paroles/"},
            WAYBACK_BASE_URL=archive.base, **FAST_ARCHIVE,
        )  # fmt: skip
    finally:
        archive.stop()
    results = {"live": live, "warc": archived, "wayback": wayback}
    for name, result in results.items():
        assert result.returncode == 0, (name, result.log[-3000:])
    yield results


def _posts(result: CrawlResult) -> dict[str, tuple]:
    return {row["post_id"]: tuple(row[f] for f in POST_FIELDS) for row in result.rows("posts")}


def _comments(result: CrawlResult) -> dict[str, tuple]:
    return {row["comment_id"]: tuple(row[f] for f in COMMENT_FIELDS) for row in result.rows("comments")}


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_live_crawl_reads_the_blog_as_its_pages_say(sources) -> None:
    live = sources["live"]
    posts = {_path(row["url"]): row for row in live.rows("posts")}
    assert set(posts) == {p["path"] for p in EXPECTED["posts"]}
    for want in EXPECTED["posts"]:
        got = posts[want["path"]]
        assert (got["title"], got["author"], got["text"]) == (want["title"], want["author"], want["text"])
        assert got["published"] == datetime.fromisoformat(want["published"])
        assert got["comment_count_extracted"] == len(want["comments"])
    long_post = posts[LONG["path"]]
    pages = [_path(r["page_url"]) for r in sorted(live.rows("comments"), key=lambda r: r["position"])
             if r["post_id"] == long_post["post_id"]]  # fmt: skip
    assert pages == [LONG["comment_pages"][0]] * 50 + [MISSING_PAGE] * 50 + [LONG["comment_pages"][2]] * 7


@pytest.mark.parametrize("source", ["warc", "wayback"])
def test_every_source_gives_the_same_posts(sources, source: str) -> None:
    assert _posts(sources[source]) == _posts(sources["live"])


def test_a_warc_of_the_blog_gives_the_same_comments(sources) -> None:
    assert _comments(sources["warc"]) == _comments(sources["live"])


def test_a_missing_comment_page_costs_its_comments_and_nothing_else(sources) -> None:
    live_rows = sources["live"].rows("comments")
    on_missing_page = {r["comment_id"] for r in live_rows if _path(r["page_url"]) == MISSING_PAGE}
    assert len(on_missing_page) == 50
    live = _comments(sources["live"])
    wayback = _comments(sources["wayback"])
    assert wayback == {key: row for key, row in live.items() if key not in on_missing_page}
    # The comments read after the gap keep their positions on the post: 101 to 107.
    long_id = next(r["post_id"] for r in sources["live"].rows("posts") if _path(r["url"]) == LONG["path"])
    positions = sorted(row[2] for row in wayback.values() if row[1] == long_id)
    assert positions == [*range(1, 51), *range(101, 108)]


def test_the_gap_is_recorded_on_the_post_and_counted(sources) -> None:
    wayback = sources["wayback"]
    post = next(r for r in wayback.rows("posts") if _path(r["url"]) == LONG["path"])
    assert post["comment_pages_missing"] == [HOST + MISSING_PAGE]
    assert post["comment_pages"] == 2  # the permalink page and page 3
    assert post["comment_count_extracted"] == 57
    assert wayback.stats["comment_pages_missing/not_captured"] == 1
    for name in ("live", "warc"):
        full = next(r for r in sources[name].rows("posts") if _path(r["url"]) == LONG["path"])
        assert (full["comment_pages_missing"], full["comment_pages"]) == ([], 3), name


def test_provenance_says_where_each_copy_came_from(sources) -> None:
    kinds = {name: {r["source_kind"] for r in result.rows("comments")} for name, result in sources.items()}
    assert kinds == {"live": {"live"}, "warc": {"warc"}, "wayback": {"wayback"}}
    assert all(r["archive_timestamp"] == "20110301120000" for r in sources["wayback"].rows("posts"))
    assert all(r["source_file"] and r["source_offset"] is not None for r in sources["warc"].rows("posts"))


def test_nothing_is_written_outside_the_test_folders(sources) -> None:
    for result in sources.values():
        assert Path(result.dataset).is_relative_to(Path(sources["live"].dataset).parent)
