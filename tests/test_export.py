"""`scrapy crawl export`: the sample blog's TypePad export file gives the posts a crawl gives.

The fixture (`tests/fixtures/exports/make_export.py`) holds the 32 posts of `typepad-fr-sample`
as TypePad exported them (windows-1252, trackbacks, a post of 63 comments, EXTENDED BODY,
blank lines in bodies), a draft, and one post of the export only with bare separator lines.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogarchive.arguments import BadArgument
from spiders.export import ExportSpider
from tests.crawling import PROJECT_ROOT, CrawlResult, crawl

EXPORTS = PROJECT_ROOT / "tests" / "fixtures" / "exports"
EXPORT = EXPORTS / "typepad-fr-sample.txt"
EXPECTED = json.loads((EXPORTS / "typepad-fr-sample.expected.json").read_text("utf-8"))
BY_PATH = {post["path"]: post for post in EXPECTED["posts"]}
SAME_FIELDS = ("url", "post_id", "title", "author", "published", "text", "categories", "platform")
COMMENT_FIELDS = ("post_id", "position", "author", "author_url", "published", "text")


@pytest.fixture(scope="module")
def exported(sample_blog, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawlResult]:
    folder = tmp_path_factory.mktemp("export")
    yield crawl("export", folder / "dataset", {"path": str(EXPORT), "url": sample_blog.home})


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _posts(result: CrawlResult) -> dict[str, dict]:
    return {_path(row["url"]): row for row in result.rows("posts")}


def _comments(result: CrawlResult) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in sorted(result.rows("comments"), key=lambda r: r["position"]):
        out.setdefault(row["post_id"], []).append(row)
    return out


def test_the_export_is_read_and_the_draft_skipped(exported) -> None:
    assert exported.returncode == 3, exported.log[-3000:]  # finished, one entry skipped (the draft)
    skipped = exported.rows("skipped")
    assert [(_path(r["url"]), r["reason"], r["source_kind"]) for r in skipped] == [
        (EXPECTED["drafts"][0], "draft", "export")
    ]
    assert exported.stats["export/entries"] == len(EXPECTED["posts"]) + 1


def test_every_post_as_expected(exported) -> None:
    posts = _posts(exported)
    assert sorted(posts) == sorted(BY_PATH)
    for path, want in BY_PATH.items():
        row = posts[path]
        got = {k: row[k] for k in ("title", "author", "categories", "text")}
        assert got == {k: want[k] for k in got}, path
        assert row["published"].isoformat() == want["published"], path
        assert (row["platform"], row["source_kind"], row["charset_used"]) == ("typepad", "export", "cp1252")
        assert row["source_file"] == str(EXPORT) and row["source_offset"] >= 0
        assert row["comment_count_extracted"] == row["comment_count_announced"] == len(want["comments"])


def test_every_comment_as_expected_in_date_order(exported) -> None:
    posts, comments = _posts(exported), _comments(exported)
    for path, want in BY_PATH.items():
        rows = comments.get(posts[path]["post_id"], [])
        got = [(r["position"], r["author"], r["author_url"], r["published"].isoformat(), r["text"]) for r in rows]
        wanted = [(c["position"], c["author"], c["author_url"], c["published"], c["text"]) for c in want["comments"]]
        assert got == wanted, path
    assert len(BY_PATH[EXPECTED["reversed_comments"]]["comments"]) > 1  # written newest first in the file
    assert max(len(p["comments"]) for p in EXPECTED["posts"]) > 50


def test_comment_ids_are_stable_and_unique(exported) -> None:
    ids = [row["comment_id"] for row in exported.rows("comments")]
    assert len(set(ids)) == len(ids)
    assert all(row["comment_id"].startswith(row["post_id"] + "-h") for row in exported.rows("comments"))


def test_bare_separator_lines_stay_in_the_post(exported) -> None:
    (path,) = EXPECTED["only_in_export"]
    text = _posts(exported)[path]["text"]
    assert "-----" in text and "--------" in text and text.endswith("La suite au prochain numéro.")


def test_trackbacks_are_not_comments(exported) -> None:
    assert exported.stats["export/pings_not_written"] == EXPECTED["pings"] > 0
    assert not any("Un billet qui cite celui-ci" in row["text"] for row in exported.rows("comments"))


def test_the_export_and_the_crawl_give_the_same_posts_and_comments(exported, sample_blog) -> None:
    crawled = _posts(sample_blog.result)
    posts = {path: row for path, row in _posts(exported).items() if path not in EXPECTED["only_in_export"]}
    assert sorted(posts) == sorted(crawled)
    for path, row in posts.items():
        assert {f: row[f] for f in SAME_FIELDS} == {f: crawled[path][f] for f in SAME_FIELDS}, path
    crawled_comments, comments = _comments(sample_blog.result), _comments(exported)
    for post_id, rows in crawled_comments.items():
        want = [tuple(r[f] for f in COMMENT_FIELDS) for r in rows]
        assert [tuple(r[f] for f in COMMENT_FIELDS) for r in comments[post_id]] == want, post_id


def test_no_email_or_ip_address_in_any_table_log_or_card(exported) -> None:
    assert exported.stats["export/personal_fields_dropped"] > 0
    raw = EXPORT.read_bytes()
    assert all(value.encode() in raw for value in EXPECTED["personal"])  # the file does hold them
    tables = {name: json.dumps(exported.rows(name), default=str) for name in ("posts", "comments", "skipped")}
    card = (exported.dataset / "README.md").read_text("utf-8")
    for value in EXPECTED["personal"]:
        for name, text in tables.items():
            assert value not in text, (name, value)
        assert value not in exported.log and value not in card, value
    assert "`EMAIL`, `IP`" in card and "dropped on reading" in card


def test_without_a_blog_home_the_unique_urls_are_the_permalinks(tmp_path: Path) -> None:
    result = crawl("export", tmp_path / "dataset", {"path": str(EXPORT)})
    urls = {row["url"] for row in result.rows("posts")}
    assert urls == {f"http://exemple.typepad.fr{path}" for path in BY_PATH}


def test_a_gzipped_export_reads_the_same_and_a_damaged_one_is_a_skip(tmp_path: Path) -> None:
    packed = tmp_path / "export.txt.gz"
    packed.write_bytes(gzip.compress(EXPORT.read_bytes()))
    cut = tmp_path / "cut.gz"
    cut.write_bytes(packed.read_bytes()[: packed.stat().st_size // 2])
    result = crawl("export", tmp_path / "dataset", {"path": str(tmp_path / "*.gz")})
    reasons = sorted(row["reason"] for row in result.rows("skipped"))
    assert reasons == ["draft", "export_unreadable"]
    assert len({row["url"] for row in result.rows("posts")}) == len(BY_PATH)


def test_arguments_are_checked_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(BadArgument, match="-a path"):
        ExportSpider.check_arguments(path=str(tmp_path / "none.txt"))
    with pytest.raises(BadArgument, match="-a url"):
        ExportSpider.check_arguments(path=str(EXPORT), url="exemple.typepad.fr")
    with pytest.raises(BadArgument, match="unknown argument"):
        ExportSpider.check_arguments(path=str(EXPORT), site="x")
