"""`scrapy crawl export` on a WordPress WXR file and a Blogger Atom backup (fixtures made by
`tests/fixtures/exports/make_xml_exports.py`): every post and comment, threads as `reply_to`,
drafts skipped, moderated comments and pingbacks not written, no e-mail or IP address anywhere."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from extraction.wxr import read_wxr
from spiders.export import _entries_of
from tests.crawling import PROJECT_ROOT, CrawlResult, crawl

EXPORTS = PROJECT_ROOT / "tests" / "fixtures" / "exports"
FILES = {"wxr": EXPORTS / "wordpress-fr.wxr.xml", "blogger": EXPORTS / "blogger-fr.atom.xml"}
EXPECTED = json.loads((EXPORTS / "xml-exports.expected.json").read_text("utf-8"))
PLATFORMS = {"wxr": "wordpress", "blogger": "blogger"}


@pytest.fixture(scope="module", params=sorted(FILES))
def exported(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, CrawlResult]:
    folder = tmp_path_factory.mktemp(f"export-{request.param}")
    return request.param, crawl("export", folder / "dataset", {"path": str(FILES[request.param])})


def _by_url(result: CrawlResult) -> dict[str, dict]:
    return {row["url"]: row for row in result.rows("posts")}


def test_every_published_post_and_the_draft_skipped(exported) -> None:
    kind, result = exported
    assert result.returncode == 3, result.log[-3000:]  # finished, one entry skipped (the draft)
    assert [r["reason"] for r in result.rows("skipped")] == ["draft"]
    posts = _by_url(result)
    assert sorted(posts) == sorted(p["url"] for p in EXPECTED[kind]["posts"])
    for want in EXPECTED[kind]["posts"]:
        row = posts[want["url"]]
        assert (row["title"], row["text"], row["published"].isoformat()) == (
            want["title"],
            want["text"],
            want["published"],
        )
        assert (row["platform"], row["source_kind"], row["source_file"]) == (
            PLATFORMS[kind],
            "export",
            str(FILES[kind]),
        )
        assert row["comment_count_extracted"] == len(want["comments"])


def test_source_offset_is_the_entry_line(exported) -> None:
    kind, result = exported
    raw = FILES[kind].read_bytes()
    tag = b"<item>" if kind == "wxr" else b"<entry>"
    for row in result.rows("posts"):
        assert raw[row["source_offset"] :].lstrip().startswith(tag)
        assert row["url"].encode() in raw[row["source_offset"] :][:4000]


def test_every_comment_with_its_thread(exported) -> None:
    kind, result = exported
    posts = _by_url(result)
    rows = result.rows("comments")
    by_id = {r["comment_id"]: r for r in rows}
    for want in EXPECTED[kind]["posts"]:
        post_id = posts[want["url"]]["post_id"]
        got = sorted((r for r in rows if r["post_id"] == post_id), key=lambda r: r["position"])
        assert sorted(r["text"] for r in got) == sorted(c["text"] for c in want["comments"])
        text_of = {c["id"]: c["text"] for c in want["comments"]}
        for comment in want["comments"]:
            (row,) = [r for r in got if r["text"] == comment["text"]]
            assert (row["author"], row["author_url"], row["published"].isoformat()) == (
                comment["author"],
                comment["author_url"],
                comment["published"],
            )
            parent = by_id[row["reply_to"]]["text"] if row["reply_to"] else None
            assert parent == (text_of[comment["parent"]] if comment["parent"] else None), comment["text"]
        positions = {r["text"]: r["position"] for r in got}
        for comment in want["comments"]:  # a reply comes after the comment it answers
            if comment["parent"]:
                assert positions[comment["text"]] > positions[text_of[comment["parent"]]]


def test_a_reply_to_a_reply_is_threaded(exported) -> None:
    _kind, result = exported
    by_text = {r["text"]: r for r in result.rows("comments")}
    ids = {r["comment_id"]: r["text"] for r in result.rows("comments")}
    assert ids[by_text["Sage décision."]["reply_to"]] == "Par le plus court, évidemment."


def test_moderated_comments_and_pingbacks_are_not_written(exported) -> None:
    kind, result = exported
    texts = {r["text"] for r in result.rows("comments")}
    assert not texts & {"Achetez !", "Message en attente.", "[...] cité [...]"}
    if kind == "wxr":
        assert result.stats["export/unapproved_not_written"] == EXPECTED["wxr"]["unapproved"]
        assert result.stats["export/pings_not_written"] == EXPECTED["wxr"]["pings"]


def test_no_email_or_ip_address_in_any_table_log_or_card(exported) -> None:
    kind, result = exported
    assert result.stats["export/personal_fields_dropped"] > 0
    raw = FILES[kind].read_text("utf-8")
    held = [value for value in EXPECTED["personal"] if value in raw]
    assert held and (kind != "wxr" or any(v.startswith("192.0.2.") for v in held))
    tables = {name: json.dumps(result.rows(name), default=str) for name in ("posts", "comments", "skipped")}
    card = (result.dataset / "README.md").read_text("utf-8")
    for value in [*held, "noreply@blogger.com"]:
        for name, text in tables.items():
            assert value not in text, (name, value)
        assert value not in result.log and value not in card, value


def test_formats_are_sniffed_through_gzip(tmp_path: Path) -> None:
    for kind, file in FILES.items():
        packed = tmp_path / f"{kind}.bin"
        packed.write_bytes(gzip.compress(file.read_bytes()))
        entries = list(_entries_of(packed))
        assert {type(e).__name__ for e in entries} == {"XmlPost"} and entries[0].format == kind


def test_pages_and_attachments_are_no_posts() -> None:
    assert [p.status for p in read_wxr(FILES["wxr"])] == ["publish"] * 3 + ["draft"]
