"""The `warc` source: the sample blog written into WARC and ARC files here, the way crawlers store
pages (gzip members, chunked and gzip-encoded payloads, revisits, 404s, images), read back
offline by `scrapy crawl warc`, must give the very rows a live crawl of that blog gives, with
the provenance columns saying which record of which file each row came from."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zlib
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders

from extraction.platforms.movabletype import MOVABLE_TYPE_URLS
from extraction.urls import Located, PageKind, comment_page_url, locate
from spiders.captures import latest_distinct
from spiders.warc_records import PayloadTooLarge, index_archives, read_page
from tests.crawling import SITES, CrawlResult, crawl
from tests.warc_writer import HOST, JPEG, ArchiveWriter, misdeclared, site_pages

SAMPLE = SITES / "typepad-fr-sample"

LONG_POST = "/mon_blog/2010/03/fautil_payer_po.html"  # 50 + more comments, over two pages
COMMENT_PAGE_2 = "/mon_blog/2010/03/fautil_payer_po/comments/page/2/"
REVISITED = "/mon_blog/2010/01/les_reseaux_soc.html"  # captured twice, the second time as a revisit
GONE = "/mon_blog/2010/08/billet_supprime.html"  # a post-shaped URL the archive saw as a 404
MISLABELLED = "/mon_blog/2010/08/photo_du_salon.html"  # a post-shaped URL that served a JPEG
LOST = "/mon_blog/2010/09/billet_perdu.html"  # a revisit whose original is in no file
IMAGE = "/mon_blog/.a/6a00d8341c4fe353ef0133f1f0b1b2970b-800wi"


def sample_pages() -> list[tuple[str, bytes, str]]:
    return site_pages(SAMPLE)


def write_sample_warc(target: Path) -> ArchiveWriter:
    pages = sample_pages()
    # Comment pages first: the spider must find them wherever they sit in the file.
    pages.sort(key=lambda page: "/comments/page/" not in page[0])
    with target.open("wb") as stream:
        archive = ArchiveWriter(stream, gzip=True)
        archive.write("warcinfo", "warcinfo", payload=io.BytesIO(b"software: tests/test_warc.py\r\n"))
        for number, (path, body, content_type) in enumerate(pages):
            archive.response(path, body, content_type, ("chunked", "gzip", "")[number % 3])
        archive.revisit(REVISITED, archive.digests[REVISITED], refers_to=REVISITED)
        archive.response(IMAGE, JPEG, "image/jpeg")
        archive.response(GONE, b"<html><body><h1>404</h1></body></html>", "text/html", status="404 Not Found")
        archive.response(MISLABELLED, JPEG, "image/jpeg")
        archive.revisit(LOST, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refers_to=None)
    return archive


@pytest.fixture(scope="module")
def crawls(
    tmp_path_factory: pytest.TempPathFactory, sample_blog
) -> tuple[CrawlResult, CrawlResult, ArchiveWriter, Path]:
    folder = tmp_path_factory.mktemp("warc")
    warc = folder / "exemple.warc.gz"
    archive = write_sample_warc(warc)
    live = sample_blog.result  # the session's live crawl of the same blog
    archived = crawl("warc", folder / "archived", {"path": str(warc), "url": f"{HOST}/mon_blog/"})
    assert archived.returncode == 3, archived.log[-3000:]
    return live, archived, archive, warc


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def content(result: CrawlResult) -> tuple[dict[str, tuple], list[tuple]]:
    """What the pages say, without where they were read: posts by path, comments in order."""
    posts = result.rows("posts")
    paths = {post["post_id"]: _path(post["url"]) for post in posts}
    fields = ("title", "author", "published", "text", "categories")
    by_path = {_path(post["url"]): tuple(post[name] for name in fields) for post in posts}
    comments = sorted(
        (paths[c["post_id"]], c["position"], c["author"], c["published"], c["text"]) for c in result.rows("comments")
    )
    return by_path, comments


def test_same_posts_and_comments_as_a_live_crawl(crawls, sample_expected) -> None:
    live, archived, _archive, _warc = crawls
    live_posts, live_comments = content(live)
    archived_posts, archived_comments = content(archived)
    assert set(archived_posts) == {post["path"] for post in sample_expected["posts"]}
    assert archived_posts == live_posts
    assert archived_comments == live_comments
    assert len(archived_comments) == sum(len(post["comments"]) for post in sample_expected["posts"])


def test_every_row_says_which_record_it_came_from(crawls) -> None:
    _live, archived, archive, warc = crawls
    for post in archived.rows("posts"):
        path = _path(post["url"])
        assert post["url"] == HOST + path and post["fetched_url"] == post["url"]
        assert (post["source_kind"], post["source_file"]) == ("warc", str(warc))
        assert post["source_offset"] == archive.offsets[path]
        assert post["archive_timestamp"] == archive.dates[path].strftime("%Y%m%d%H%M%S")
        assert post["fetched_at"] == archive.dates[path]
    long_post = next(p for p in archived.rows("posts") if _path(p["url"]) == LONG_POST)
    assert long_post["comment_pages"] == 2 and long_post["comment_pages_missing"] == []
    comments = [c for c in archived.rows("comments") if c["post_id"] == long_post["post_id"]]
    second_page = [c for c in comments if c["position"] > 50]
    assert second_page and all(_path(c["page_url"]) == COMMENT_PAGE_2 for c in second_page)
    assert {c["source_offset"] for c in second_page} == {archive.offsets[COMMENT_PAGE_2]}
    assert all(c["source_kind"] == "warc" for c in archived.rows("comments"))


def test_revisit_reads_the_original_payload_under_its_own_date(crawls) -> None:
    _live, archived, archive, _warc = crawls
    post = next(p for p in archived.rows("posts") if _path(p["url"]) == REVISITED)
    assert post["archive_timestamp"] == archive.dates[REVISITED].strftime("%Y%m%d%H%M%S")
    assert post["source_offset"] == archive.offsets[REVISITED]  # the revisit record, read through
    assert archived.stats["warc/older_captures"] == 1  # the original response of that URL


def test_what_is_not_a_post_is_counted(crawls, sample_expected) -> None:
    _live, archived, archive, _warc = crawls
    skipped = {_path(row["url"]): row["reason"] for row in archived.rows("skipped")}
    assert skipped == {GONE: "http_404", MISLABELLED: "not_html", LOST: "revisit_unresolved"}
    for reason in ("http_404", "not_html", "revisit_unresolved"):
        assert archived.stats[f"skipped/{reason}"] == 1
    # Listings, feeds, robots.txt, another blog and the image: counted, never read as posts.
    read = {post["path"] for post in sample_expected["posts"]} | {COMMENT_PAGE_2, GONE, MISLABELLED, LOST}
    assert IMAGE in archive.offsets
    assert archived.stats["warc/records_ignored"] == len(set(archive.offsets) - read - {"warcinfo"})
    assert archived.stats["warc/records_other_types"] == 1  # warcinfo
    assert "Traceback" not in archived.log


# Other shapes of archive: uncompressed WARC, ARC, a damaged file, in one folder.


def write_arc(target: Path, pages: list[tuple[str, bytes, str]], stamp: str) -> None:
    """ARC v1, as the Internet Archive stored pages before WARC: one text line heads each record."""
    block = b"1 0 tests\nURL IP-address Archive-date Content-type Archive-length\n"
    name = target.name.encode()
    records = [b"filedesc://%s 0.0.0.0 %s text/plain %d\n%s\n" % (name, stamp.encode(), len(block), block)]
    for path, body, content_type in pages:
        http = b"HTTP/1.0 200 OK\r\nContent-Type: %s\r\n\r\n%s" % (content_type.encode(), body)
        header = b"%s%s 192.0.2.1 %s text/html %d\n" % (HOST.encode(), path.encode(), stamp.encode(), len(http))
        records.append(header + http + b"\n")
    target.write_bytes(b"".join(records))


def test_uncompressed_warc_arc_and_a_damaged_file_in_one_folder(tmp_path: Path, sample_expected) -> None:
    pages = {path: (path, body, content_type) for path, body, content_type in sample_pages()}
    posts = [post["path"] for post in sample_expected["posts"]]
    in_arc, in_warc, in_broken = [LONG_POST, posts[0]], [COMMENT_PAGE_2, posts[1], "/mon_blog/"], [posts[2], posts[3]]
    folder = tmp_path / "archives"
    folder.mkdir()
    write_arc(folder / "old.arc", [pages[path] for path in in_arc], "20100601120000")
    with (folder / "plain.warc").open("wb") as stream:
        archive = ArchiveWriter(stream, gzip=False)
        for path in in_warc:
            archive.response(*pages[path])
        gap = posts[1].removesuffix(".html") + "/comments/page/3/"  # page 2 of its comments never captured
        archive.response(gap, b"<html><body>page 3</body></html>", "text/html")
    with (folder / "broken.warc.gz").open("wb") as stream:
        broken = ArchiveWriter(stream, gzip=True)
        for path in in_broken:
            broken.response(*pages[path])
    data = (folder / "broken.warc.gz").read_bytes()
    (folder / "broken.warc.gz").write_bytes(data[: broken.offsets[posts[3]] + 300])  # cut inside the last record

    result = crawl("warc", tmp_path / "dataset", {"path": str(folder)})  # no -a url: any post-shaped URL

    assert result.returncode == 3, result.log[-3000:]  # finished, the damaged file recorded as skipped
    rows = {_path(post["url"]): post for post in result.rows("posts")}
    assert set(rows) == {LONG_POST, posts[0], posts[1], posts[2]}
    assert rows[LONG_POST]["source_file"] == str(folder / "old.arc")
    assert rows[LONG_POST]["archive_timestamp"] == "20100601120000"
    assert rows[posts[1]]["source_file"] == str(folder / "plain.warc")
    # The gap rule: page 2 is recorded missing, page 3 is still read.
    assert [_path(url) for url in rows[posts[1]]["comment_pages_missing"]] == [gap.replace("/3/", "/2/")]
    assert rows[posts[1]]["comment_pages"] == 2
    assert result.stats["comment_pages_missing/not_captured"] == 1
    # The ARC's post and the WARC's second comment page make one post.
    want = next(post for post in sample_expected["posts"] if post["path"] == LONG_POST)
    assert rows[LONG_POST]["comment_count_extracted"] == len(want["comments"]) > 50
    skipped = result.rows("skipped")
    assert [(row["url"], row["reason"]) for row in skipped] == [(str(folder / "broken.warc.gz"), "warc_corrupt")]
    cut = broken.offsets[posts[3]]
    assert f"broken.warc.gz: bytes {cut}-{cut + 300} damaged, skipped" in skipped[0]["detail"]
    assert "Traceback" not in result.log


def test_a_path_that_matches_nothing_fails_cleanly(tmp_path: Path) -> None:
    result = crawl("warc", tmp_path / "dataset", {"path": str(tmp_path / "nowhere" / "*.warc.gz")})
    assert result.returncode in (0, 1)
    assert "no such file, no WARC/ARC file under it, nothing matches" in result.log
    assert result.stats["skipped/warc_missing"] == 1
    assert "Traceback" not in result.log


# The pure parts, without Scrapy.


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://exemple.typepad.fr/mon_blog/2010/06/les_reseaux_soc.html", PageKind.POST),
        ("http://blog.example.fr/2010/06/15/mon-billet.html", PageKind.POST),
        ("http://exemple.typepad.fr/mon_blog/2010/06/mon-billet/index.html", PageKind.POST),
        ("http://exemple.typepad.fr/mon_blog/2010/06/slug/comments/page/2/", PageKind.COMMENT_PAGE),
        ("http://exemple.typepad.fr/mon_blog/2010/06/index.html", None),
        ("http://exemple.typepad.fr/mon_blog/2010/06/15/index.html", None),
        ("http://exemple.typepad.fr/mon_blog/2010/06/page/2/index.html", None),
        ("http://exemple.typepad.fr/mon_blog/2010/06/slug.html?cid=6a00", None),
        ("http://exemple.typepad.fr/mon_blog/.a/2010/06/photo.html", None),
        ("http://exemple.typepad.fr/mon_blog/2010/06/photo.jpg", None),
        ("http://exemple.typepad.fr/mon_blog/", None),
    ],
)
def test_post_shaped_urls_in_any_blog(url: str, kind: PageKind | None) -> None:
    located = _post_or_comment_page(url)
    assert (located.kind if located else None) is kind


def _post_or_comment_page(url: str) -> Located | None:
    return locate(url, MOVABLE_TYPE_URLS)


def test_comment_page_urls_keep_their_shape() -> None:
    page = _post_or_comment_page("http://h/b/2010/06/s/comments/page/4/")
    assert page is not None and comment_page_url(page, MOVABLE_TYPE_URLS, 3) == "http://h/b/2010/06/s/comments/page/3/"
    page = _post_or_comment_page("http://h/2010/06/s/comment-page-4")
    assert page is not None and comment_page_url(page, MOVABLE_TYPE_URLS, 2) == "http://h/2010/06/s/comment-page-2"


def test_latest_readable_capture_wins_and_a_revisit_may_name_only_a_digest(tmp_path: Path) -> None:
    path, body, content_type = next(page for page in sample_pages() if page[0] == REVISITED)
    copy = "/mon_blog/.a/copie-du-billet.html"  # the same bytes under a URL that is no post
    with (tmp_path / "captures.warc.gz").open("wb") as stream:
        archive = ArchiveWriter(stream, gzip=True)
        archive.response(copy, body, content_type, "gzip")
        archive.response(path, b"<html><body>404</body></html>", "text/html", status="404 Not Found")
        archive.revisit(path, archive.digests[copy])  # names no URL, no date: only the payload digest
        revisit_offset, revisit_date = archive.offsets[path], archive.dates[path]
        archive.response(path, b"<html><body>404</body></html>", "text/html", status="404 Not Found")

    index = index_archives([tmp_path / "captures.warc.gz"], _post_or_comment_page)
    captures = index.captures[HOST + path]
    usable = [c for c in captures if index.usable(c)]
    [chosen] = latest_distinct(usable, 3, moment=lambda c: c.date, digest=lambda c: c.digest)
    assert chosen.offset == revisit_offset  # a later 404 does not hide the capture taken while the blog lived
    assert (len(captures), len(usable), index.counts["records_ignored"]) == (3, 1, 1)
    page = read_page(chosen, index)
    assert (page.url, page.status, page.body) == (HOST + path, 200, body)
    assert (page.fetched_at, page.source_offset) == (revisit_date, revisit_offset)
    assert "Content-Encoding" not in page.headers


# Damaged files: every sound record is still read, each damaged stretch is a row naming its bytes.

DAMAGED = "/mon_blog/2010/02/viadeo_ou_linke.html"  # a post with comments, written in the middle


def _garble(data: bytes, extent: tuple[int, int]) -> bytes:
    """64 bytes in the middle of a record (of its gzip member) overwritten."""
    middle = sum(extent) // 2
    return data[:middle] + b"\x00\xff" * 32 + data[middle + 64 :]


def _junk() -> bytes:
    """A zero-filled hole, random bytes, and a WARC version line with no header after it."""
    return bytes(200_000) + bytes(range(256)) * 8 + b"WARC/1.0\r\nnot a header\r\n\r\n" + b"\x8b\x1f\x08" * 10


# name: (gzip, DAMAGED written last, damage(data, extent of DAMAGED) -> data, DAMAGED's record lost)
DAMAGE = {
    "garbled-gzip-member": (True, False, _garble, True),
    "length-too-small-warc": (False, False, lambda d, e: misdeclared(d, e, -40, gzipped=False), True),
    "length-too-small-warc-gz": (True, False, lambda d, e: misdeclared(d, e, -40, gzipped=True), True),
    "length-too-large-warc": (False, False, lambda d, e: misdeclared(d, e, 40, gzipped=False), True),
    "length-too-large-warc-gz": (True, False, lambda d, e: misdeclared(d, e, 40, gzipped=True), True),
    "length-huge-warc": (False, False, lambda d, e: misdeclared(d, e, 10**12, gzipped=False), True),
    "length-huge-warc-gz": (True, False, lambda d, e: misdeclared(d, e, 10**12, gzipped=True), True),
    "cut-short-warc": (False, True, lambda d, e: d[: e[0] + 700], True),
    "cut-short-warc-gz": (True, True, lambda d, e: d[: e[0] + 700], True),
    "junk-between-records-warc": (False, False, lambda d, e: d[: e[0]] + _junk() + d[e[0] :], False),
    "junk-between-records-warc-gz": (True, False, lambda d, e: d[: e[0]] + _junk() + d[e[0] :], False),
}


def write_site_archive(target: Path, gzip: bool, damaged_last: bool) -> ArchiveWriter:
    """Every page of the sample blog, DAMAGED in the middle of the file or at its end."""
    pages = [page for page in sample_pages() if page[0] != DAMAGED]
    damaged = next(page for page in sample_pages() if page[0] == DAMAGED)
    pages.insert(len(pages) if damaged_last else len(pages) // 2, damaged)
    with target.open("wb") as stream:
        archive = ArchiveWriter(stream, gzip=gzip)
        for number, page in enumerate(pages):
            archive.response(*page, ("chunked", "gzip", "")[number % 3])
    return archive


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_stretch_costs_only_its_own_records(tmp_path: Path, sample_expected, kind: str) -> None:
    gzipped, last, damage, lost = DAMAGE[kind]
    warc = tmp_path / ("damaged.warc.gz" if gzipped else "damaged.warc")
    archive = write_site_archive(warc, gzipped, last)
    sound = warc.read_bytes()
    warc.write_bytes(damage(sound, archive.extents[DAMAGED]))
    shift = warc.stat().st_size - len(sound)  # of the records after the damage

    result = crawl("warc", tmp_path / "dataset", {"path": str(warc), "url": f"{HOST}/mon_blog/"})

    assert result.returncode == 3, result.log[-3000:]
    want = {post["path"]: len(post["comments"]) for post in sample_expected["posts"]}
    intact = {path: count for path, count in want.items() if not (lost and path == DAMAGED)}
    rows = {_path(post["url"]): post for post in result.rows("posts")}
    assert {path: row["comment_count_extracted"] for path, row in rows.items()} == intact
    comments = Counter(c["post_id"] for c in result.rows("comments"))
    assert {path: comments[row["post_id"]] for path, row in rows.items()} == intact
    start = archive.offsets[DAMAGED]
    for path, row in rows.items():  # still the true start of each record, after the damage too
        assert row["source_offset"] == archive.offsets[path] + (shift if archive.offsets[path] >= start else 0)
    [skipped] = result.rows("skipped")
    assert (skipped["url"], skipped["reason"]) == (str(warc), "warc_corrupt")
    end = warc.stat().st_size if last else archive.extents[DAMAGED][1] + shift if lost else start + shift
    assert f"{warc}: bytes {start}-{end} damaged, skipped" in skipped["detail"]
    assert result.stats["warc/damaged_regions"] == 1
    assert "Traceback" not in result.log


def test_two_damaged_stretches_are_two_rows(tmp_path: Path) -> None:
    warc = tmp_path / "twice.warc.gz"
    archive = write_site_archive(warc, gzip=True, damaged_last=False)
    extents = sorted(archive.extents[path] for path in (LONG_POST, DAMAGED))
    warc.write_bytes(_garble(_garble(warc.read_bytes(), extents[0]), extents[1]))
    index = index_archives([warc], _post_or_comment_page)
    assert [(p.reason, p.detail.split(" damaged")[0]) for p in index.problems] == [
        ("warc_corrupt", f"{warc}: bytes {start}-{end}") for start, end in extents
    ]
    read = {c.offset for captures in index.captures.values() for c in captures}
    posts_and_pages = {archive.offsets[path] for path in archive.offsets if _post_or_comment_page(HOST + path)}
    assert read == posts_and_pages - {start for start, _end in extents}
    assert index.counts["records"] == len(archive.starts) - 2


@pytest.mark.parametrize(("name", "data"), [("empty.warc.gz", b""), ("nothing.warc.gz", None), ("empty.warc", b"")])
def test_an_empty_file_is_a_row_and_a_failed_crawl(tmp_path: Path, name: str, data: bytes | None) -> None:
    warc = tmp_path / name
    warc.write_bytes(gzip.compress(b"", mtime=0) if data is None else data)
    result = crawl("warc", tmp_path / "dataset", {"path": str(warc)})
    assert result.returncode == 1, result.log[-3000:]  # nothing harvested
    [skipped] = result.rows("skipped")
    assert (skipped["url"], skipped["reason"]) == (str(warc), "warc_empty")
    assert skipped["detail"].startswith(f"{warc}: {warc.stat().st_size} bytes" if data is None else f"{warc}: 0 bytes")
    assert "Traceback" not in result.log


# A payload over DOWNLOAD_MAXSIZE: a few hundred kilobytes of gzip that inflate to 128 MiB.

CAP = 64 * 1024
BOMB = 128 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ArchiveWriter]:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    body = packer.compress(b"<html><body>") + b"".join(packer.compress(zeros) for _ in range(BOMB >> 20))
    body += packer.flush()
    warc = tmp_path_factory.mktemp("bomb") / "bomb.warc.gz"
    with warc.open("wb") as stream:
        archive = ArchiveWriter(stream, gzip=True)
        for page in sample_pages():
            if page[0] != DAMAGED:
                archive.response(*page)
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        archive.write(DAMAGED, "response", payload=io.BytesIO(body), http_headers=http)
    return warc, archive


def test_a_payload_over_the_cap_is_skipped_as_too_large(tmp_path: Path, bomb_archive, sample_expected) -> None:
    warc, archive = bomb_archive
    assert max(len(body) for _path, body, _type in sample_pages()) < CAP  # only the bomb is over it
    result = crawl(
        "warc", tmp_path / "dataset", {"path": str(warc), "url": f"{HOST}/mon_blog/"}, DOWNLOAD_MAXSIZE=str(CAP)
    )
    assert result.returncode == 3, result.log[-3000:]
    [skipped] = result.rows("skipped")
    assert (_path(skipped["url"]), skipped["reason"]) == (DAMAGED, "too_large")
    assert f"{warc} byte {archive.offsets[DAMAGED]}: " in skipped["detail"]
    assert f"more than DOWNLOAD_MAXSIZE ({CAP} bytes)" in skipped["detail"]
    assert result.stats["skipped/too_large"] == 1
    posts = {_path(post["url"]) for post in result.rows("posts")}
    assert posts == {post["path"] for post in sample_expected["posts"]} - {DAMAGED}


def test_an_over_cap_payload_is_never_held_whole(bomb_archive) -> None:
    warc, _archive = bomb_archive
    index = index_archives([warc], _post_or_comment_page)
    [capture] = index.captures[HOST + DAMAGED]
    tracemalloc.start()
    try:
        with pytest.raises(PayloadTooLarge):
            read_page(capture, index, CAP)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The cap and a few blocks of warcio's reader inflated (16 KiB of zeros make 16 MiB): not the payload.
    assert peak < BOMB // 2


def test_a_payload_of_exactly_the_cap_is_read(tmp_path: Path) -> None:
    path, body, content_type = next(page for page in sample_pages() if page[0] == REVISITED)
    with (tmp_path / "one.warc").open("wb") as stream:
        ArchiveWriter(stream, gzip=False).response(path, body, content_type, "gzip")
    index = index_archives([tmp_path / "one.warc"], _post_or_comment_page)
    [capture] = index.captures[HOST + path]
    assert read_page(capture, index, len(body)).body == body  # the decoded size counts, not the stored one
    with pytest.raises(PayloadTooLarge):
        read_page(capture, index, len(body) - 1)
