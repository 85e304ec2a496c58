"""KEEP_PAGES: a crawl keeps what it fetched as WARC in its dataset folder, complete or hidden,
and the project's own `warc` spider reads the same posts and comments back from it."""

from __future__ import annotations

import io
import random
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from blogarchive.reextract import READ_FROM
from dataset_folder.card import write_card
from dataset_folder.parts import leftovers, part_files, recover, unlock, warc_files
from dataset_folder.validation import validate
from dataset_folder.warc_parts import WarcParts, payload_digest
from dataset_folder.warc_record import http_head, new_record_id, warc_record
from tests.crawling import SITES, CrawlResult, HeldSite, crawl


def _records(folder: Path) -> list:
    """(type, URI, WARC headers, HTTP headers, payload) of every record, file by file."""
    records = []
    for file in warc_files(folder):
        with file.open("rb") as stream:
            for record in ArchiveIterator(stream):
                payload = record.content_stream().read()
                records.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                                record.rec_headers, record.http_headers, payload))  # fmt: skip
    return records


def test_a_crawl_leaves_complete_warc_files_and_no_hidden_one(sample_blog) -> None:
    dataset = sample_blog.result.dataset
    files = warc_files(dataset)
    assert files and all(f.name.endswith(".warc.gz") for f in files)
    assert not leftovers(dataset)
    assert not [p for p in (dataset / "warc").iterdir() if p.name.startswith(".")]


def test_every_fetched_page_has_a_response_and_a_request_record(sample_blog) -> None:
    records = _records(sample_blog.result.dataset)
    responses = {uri for kind, uri, *_ in records if kind == "response"}
    requests = {uri for kind, uri, *_ in records if kind == "request"}
    assert responses == requests
    fetched = {sample_blog.site.url(path) for path in sample_blog.requests}
    assert fetched <= responses | {u.split("?")[0] for u in responses}
    assert sum(kind == "response" for kind, *_ in records) == sum(sample_blog.requests.values())


def test_every_record_passes_warcios_digest_check(sample_blog) -> None:
    checked = 0
    for file in warc_files(sample_blog.result.dataset):
        with file.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests="raise"):  # a wrong digest raises
                record.content_stream().read()
                checked += record.digest_checker.passed is True
    assert checked == 2 * sum(sample_blog.requests.values())  # block and payload digests of each response


def test_a_record_is_the_one_warcio_would_write() -> None:
    """Same fields and the same bytes after them, a Latin-1 header value %-encoded as warcio does."""
    body, headers = "<p>Été</p>".encode(), [("Content-Type", "text/html"), ("X-Auteur", "Hélène")]
    fields = {"WARC-Date": "2011-03-01T00:00:00Z"}
    ours = warc_record("response", "http://b.example/1", "<urn:uuid:1>", fields,
                       http_head("HTTP/1.1 200 OK", headers), body, payload_digest(body))  # fmt: skip
    theirs = io.BytesIO()
    http = StatusAndHeaders("200 OK", list(headers), protocol="HTTP/1.1")
    record = WARCWriter(None).create_warc_record(
        "http://b.example/1", "response", payload=io.BytesIO(body), http_headers=http,
        warc_headers_dict={"WARC-Record-ID": "<urn:uuid:1>", **fields},
    )  # fmt: skip
    WARCWriter(theirs, gzip=False).write_record(record)
    record.raw_stream.close()  # warcio spools the payload to a temporary file it never closes
    split = [b.split(b"\r\n\r\n", 1) for b in (ours, theirs.getvalue())]
    assert sorted(split[0][0].split(b"\r\n")) == sorted(split[1][0].split(b"\r\n"))
    assert split[0][1] == split[1][1] and b"X-Auteur: H%C3%A9l%C3%A8ne" in split[0][1]


def test_response_headers_describe_the_body_as_stored(sample_blog) -> None:
    for kind, _uri, _warc, http, payload in _records(sample_blog.result.dataset):
        if kind != "response":
            continue
        assert http.get_header("Content-Encoding") is None and http.get_header("Transfer-Encoding") is None
        assert int(http.get_header("Content-Length")) == len(payload)


def test_the_warc_spider_reads_the_same_posts_and_comments_back(sample_blog, tmp_path) -> None:
    original = sample_blog.result
    again = crawl("warc", tmp_path / "again", {"path": str(original.dataset / "warc") + "/", "url": sample_blog.home})
    assert again.returncode == 0, again.log[-3000:]
    assert not (tmp_path / "again" / "warc").exists()  # its input is not copied

    def rows(result: CrawlResult, table: str, key: str) -> dict:
        """Every column but where the bytes were read (blogarchive.reextract.READ_FROM)."""
        return {r[key]: {k: v for k, v in r.items() if k not in READ_FROM} for r in result.rows(table)}

    posts = rows(original, "posts", "post_id")
    assert rows(again, "posts", "post_id") == posts and len(posts) >= 30
    assert rows(again, "comments", "comment_id") == rows(original, "comments", "comment_id")
    assert {p["source_kind"] for p in again.rows("posts")} == {"live"}  # as fetched, not "warc"


def test_a_folder_with_warc_files_validates_and_gets_its_card(sample_blog) -> None:
    dataset = sample_blog.result.dataset
    report = validate(dataset)
    assert not report.problems, [str(p) for p in report.problems]
    assert write_card(dataset).is_file()


def test_keep_pages_off_writes_no_warc_folder(tmp_path) -> None:
    with HeldSite(SITES / "typepad-fr-sample") as site:
        result = crawl("typepad", tmp_path / "dataset", {"url": site.url("/mon_blog/")}, KEEP_PAGES="0")
    assert result.returncode == 0, result.log[-3000:]
    assert result.rows("posts")
    assert not (tmp_path / "dataset" / "warc").exists()


def test_a_crawl_rotates_its_files_and_never_splits_a_fetch(tmp_path) -> None:
    with HeldSite(SITES / "typepad-fr-sample") as site:
        result = crawl("typepad", tmp_path / "dataset", {"url": site.url("/mon_blog/")}, KEEP_PAGES_MAX_BYTES="60000")
    assert result.returncode == 0, result.log[-3000:]
    files = warc_files(result.dataset)
    assert len(files) > 2 and not leftovers(result.dataset)
    assert result.stats["keep_pages/files"] == len(files)
    for file in files:
        with file.open("rb") as stream:
            kinds = [record.rec_type for record in ArchiveIterator(stream)]
        assert kinds == ["response", "request"] * (len(kinds) // 2), file.name  # each fetch whole in one file


def _record(number: int) -> bytes:
    http = http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html")])
    body = b"<p>%d</p>" % number + random.Random(number).randbytes(2000)  # incompressible
    date = {"WARC-Date": datetime(2011, 3, 1, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    uri = f"http://b.example/{number}"
    return warc_record("response", uri, new_record_id(), date, http, body, payload_digest(body))


def test_files_rotate_at_the_size_limit_and_stay_hidden_until_complete(tmp_path) -> None:
    parts = WarcParts(tmp_path, "20110301T000000-abcdef12", max_bytes=600)
    parts.write([_record(1)])
    assert len(parts.committed) == 1  # over 600 bytes: renamed into view at once
    parts.max_bytes = 10_000
    parts.write([_record(2)])
    assert len(warc_files(tmp_path)) == 1 and len(leftovers(tmp_path)) == 1  # the second is still hidden
    parts.commit()
    assert [f.name for f in warc_files(tmp_path)] == [
        "part-20110301T000000-abcdef12-00001.warc.gz",
        "part-20110301T000000-abcdef12-00002.warc.gz",
    ]
    assert not leftovers(tmp_path)
    assert [uri for _k, uri, *_ in _records(tmp_path)] == ["http://b.example/1", "http://b.example/2"]


def test_a_hidden_warc_file_left_by_a_killed_run_is_removed(tmp_path) -> None:
    hidden = tmp_path / "warc" / ".part-20110301T000000-abcdef12-00001.warc.gz.tmp"
    hidden.parent.mkdir()
    hidden.write_bytes(b"\x1f\x8b half a record")
    try:
        assert recover(tmp_path) == [hidden]
    finally:
        unlock(tmp_path)
    assert not hidden.exists()


@pytest.mark.parametrize("spider", ["warc", "export"])
def test_file_sources_keep_no_copy_of_their_input(spider) -> None:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    assert SpiderLoader.from_settings(get_project_settings()).load(spider).keeps_pages is False


def test_a_keyed_crawl_keeps_its_pages_outside_the_dataset_folder(sample_blog, tmp_path: Path) -> None:
    """The pages hold every commenter's name in clear: with a pseudonymisation key they go to the
    sibling `<folder>.raw-pages/`, which the card names as not for publication."""
    key = tmp_path / "key"
    key.write_text("secret-k\n", encoding="utf-8")
    dataset = tmp_path / "dataset"
    result = crawl("typepad", dataset, {"url": sample_blog.home}, PSEUDONYMISE_KEY_FILE=str(key))
    assert result.returncode == 0, result.log[-3000:]
    assert not (dataset / "warc").exists()
    assert warc_files(tmp_path / "dataset.raw-pages")
    card = (dataset / "README.md").read_text("utf-8")
    assert "dataset.raw-pages/" in card and "not for publication" in card


def test_a_keyed_dataset_published_without_its_raw_pages_still_validates(sample_blog, tmp_path: Path) -> None:
    """The published folder is whole without the sibling it must not ship with: its pages rows
    point there, and validate says they were not checked instead of failing. Moved elsewhere, a
    missing WARC file is still a failure."""
    import shutil

    key = tmp_path / "key"
    key.write_text("secret-k\n", encoding="utf-8")
    published = tmp_path / "published"
    published.mkdir()
    dataset = published / "dataset"
    assert crawl("typepad", dataset, {"url": sample_blog.home}, PSEUDONYMISE_KEY_FILE=str(key)).returncode == 0
    kept = validate(dataset)
    assert kept.ok, kept.problems
    shutil.move(published / "dataset.raw-pages", tmp_path / "elsewhere")
    report = validate(dataset)
    assert report.ok, report.problems
    assert any("dataset.raw-pages/" in note and "not checked" in note for note in report.notes)
    (tmp_path / "elsewhere" / "warc").rename(tmp_path / "moved-warc")
    shutil.move(tmp_path / "elsewhere", published / "dataset.raw-pages")
    assert not validate(dataset).ok  # the sibling is there but its files are gone: a real loss


# The pages table: one row per record kept, pointing at it; a post's pages commit with the post.


def test_every_kept_response_has_one_pages_row_pointing_at_its_record(sample_blog) -> None:
    dataset = sample_blog.result.dataset
    pages = sample_blog.result.rows("pages")
    responses = [r for r in _records(dataset) if r[0] == "response"]
    assert len(pages) == len(responses) == len({p["record_id"] for p in pages})
    for page in pages:
        with (dataset / page["warc_file"]).open("rb") as stream:
            stream.seek(page["warc_offset"])
            record = next(iter(ArchiveIterator(stream)))
            body = record.content_stream().read()
        assert record.rec_headers.get_header("WARC-Record-ID") == page["record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == page["url"]
        assert record.rec_headers.get_header("WARC-Payload-Digest") == page["payload_digest"]
        assert page["payload_digest"] == payload_digest(body)


def test_each_post_points_at_its_pages_and_listings_at_none(sample_blog) -> None:
    result = sample_blog.result
    pages, posts = result.rows("pages"), {p["post_id"]: p for p in result.rows("posts")}
    fed: dict[str, list] = {}
    for page in pages:
        fed.setdefault(page["post_id"], []).append(page)
    assert set(posts) <= set(fed)
    for post_id, post in posts.items():
        assert len(fed[post_id]) == post["comment_pages"]  # the permalink page and its comment pages
        assert {p["fetched_at"] for p in fed[post_id]} >= {post["fetched_at"]}
        assert all(p["charset_used"] for p in fed[post_id])
    listings = fed[None]
    assert any(p["url"] == sample_blog.home for p in listings)
    assert all(p["charset_used"] is None for p in listings)


def test_no_segment_points_into_a_hidden_warc_file(tmp_path) -> None:
    """The WARC file is committed before each segment: with a segment every 3 posts, every file
    a committed pages row names is complete, and there are several. Read in place: with a reading
    worker, a fast machine downloads the whole blog before the first segment commits (one file)."""
    with HeldSite(SITES / "typepad-fr-sample") as site:
        settings = {"PARQUET_COMMIT_POSTS": "3", "EXTRACT_WORKERS": "0"}
        result = crawl("typepad", tmp_path / "dataset", {"url": site.url("/mon_blog/")}, **settings)
    assert result.returncode == 0, result.log[-3000:]
    named = {p["warc_file"] for p in result.rows("pages")}
    assert len(named) > 3
    assert named == {str(f.relative_to(result.dataset)) for f in warc_files(result.dataset)}
    report = validate(result.dataset)
    assert not report.problems, [str(p) for p in report.problems]
    # A post's pages are in its own segment; listings' rows go with the next segment committed.
    listed_before_the_end = 0
    segments = part_files(result.dataset, "pages")
    for pages_part in segments:
        posts_part = result.dataset / "posts" / pages_part.name
        fed = set(pq.read_table(pages_part, columns=["post_id"]).column("post_id").drop_null().to_pylist())
        assert fed <= set(pq.read_table(posts_part, columns=["post_id"]).column("post_id").to_pylist())
        if pages_part != segments[-1]:
            listed_before_the_end += pq.read_table(pages_part, columns=["post_id"]).column("post_id").null_count
    assert listed_before_the_end > 0
