"""`wayback` against a fake archive on 127.0.0.1, built from the sample blog's pages."""

from __future__ import annotations

import itertools
import json
import re
import signal
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from dataset_folder.parts import warc_files
from spiders.wayback_cdx import Capture, archive_moment, captures_to_read, parse_cdx, parse_snapshot_url
from tests.crawling import PROJECT_ROOT, SITES, ChildStderr, CrawlResult, child_env, crawl, crawl_command, dispatch_log
from tests.fake_wayback import FakeCapture, FakeWayback
from tests.warc_writer import site_pages

SAMPLE = SITES / "typepad-fr-sample"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text("utf-8"))
HOST = "http://exemple.typepad.fr"
LATE = "20100801120000"
_COMMENT = re.compile(rb'<a id="c[0-9a-f]+"></a>\s*<div class="comment font-entrybody".*?</p>\s*</div>', re.DOTALL)
CDX_RATE, SNAPSHOT_RATE = 4.0, 40.0


def _without_last_comments(body: bytes, count: int) -> bytes:
    for match in list(_COMMENT.finditer(body))[-count:][::-1]:
        body = body[: match.start()] + body[match.end() :]
    return body


def _build_archive() -> tuple[FakeWayback, dict[str, str]]:
    """Captures of the sample blog; returns the archive and, per post path, the capture to choose."""
    routes = json.loads((SAMPLE / "headers.json").read_text("utf-8"))
    captures, chosen = [], {}
    posts = {p["path"]: p for p in EXPECTED["posts"]}
    for file in sorted((SAMPLE / "root" / "mon_blog").rglob("*")):
        if not file.is_file():
            continue
        path = "/" + str(file.relative_to(SAMPLE / "root")).removesuffix("index.html")
        content_type = routes.get(path, {}).get("headers", {}).get("Content-Type", "text/html; charset=utf-8")
        mimetype = "application/atom+xml" if path.endswith(".xml") else "text/html"
        body = file.read_bytes()
        post = posts.get(path)
        capture = FakeCapture(
            HOST + path, LATE, 200, mimetype, body, content_type, indexed=bool(post is None or post["in_listings"])
        )
        captures.append(capture)
        chosen[path] = LATE
        if post and len(post["comments"]) >= 2 and post["in_listings"]:
            early = post["published"][:10].replace("-", "") + "230000"
            captures.append(
                FakeCapture(HOST + path, early, 200, mimetype, _without_last_comments(body, 1), content_type)
            )
    # One post whose latest capture lost comments: the earlier, fuller one must win.
    shrinking = next(p for p in EXPECTED["posts"] if len(p["comments"]) >= 3 and p["in_listings"])
    full = next(c for c in captures if c.original == HOST + shrinking["path"] and c.timestamp == LATE)
    captures.append(
        FakeCapture(
            full.original, "20100901120000", 200, "text/html", _without_last_comments(full.body, 2), full.content_type
        )
    )
    # One post deleted later: a 404 capture after the good one.
    deleted_later = EXPECTED["posts"][0]["path"]
    captures.append(FakeCapture(HOST + deleted_later, "20101101120000", 404, "text/html", b"<h1>404</h1>"))
    blog = f"{HOST}/mon_blog"
    captures += [
        FakeCapture(f"{blog}/2010/02/billet_supprim.html", "20100301120000", 404, "text/html", b"<h1>404</h1>"),
        FakeCapture(
            f"{blog}/2010/03/ancien_titre.html",
            "20100801110000",
            302,
            redirect_to=(LATE, HOST + EXPECTED["posts"][10]["path"]),
        ),
        FakeCapture(f"{blog}/2010/04/boucle_a.html", LATE, 302, redirect_to=(LATE, f"{blog}/2010/04/boucle_b.html")),
        FakeCapture(
            f"{blog}/2010/04/boucle_b.html",
            LATE,
            302,
            redirect_to=(LATE, f"{blog}/2010/04/boucle_a.html"),
            indexed=False,
        ),
        FakeCapture(f"{blog}/.a/6a00d8341c2c7653ef0133f1a2b3c4970b-pi", LATE, 200, "image/jpeg", b"\xff\xd8\xff"),
    ]
    chosen[shrinking["path"]] = LATE
    pushback = [
        (r"^/cdx/search/cdx\?(?!.*resumeKey)", [(429, "1")]),  # the first index request: wait as told
        (r"resumeKey", [(503, None)]),  # a later index page: back off, then retry
        (r"/2010/05/", [(429, None)]),  # a snapshot: no Retry-After, WAYBACK_429_PAUSE applies
        (r"/2010/06/", [(503, None), (503, None)]),
    ]
    return FakeWayback(captures, page_size=25, pushback=pushback), chosen


@pytest.fixture(scope="module")
def wayback_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, FakeWayback, dict[str, str]]:
    archive, chosen = _build_archive()
    folder = tmp_path_factory.mktemp("wayback")
    try:
        result = crawl(
            "wayback",
            folder / "dataset",
            {"site": "exemple.typepad.fr/mon_blog/"},
            **dispatch_log(folder / "dispatch.json"),
            WAYBACK_BASE_URL=archive.base,
            WAYBACK_CDX_RATE=str(CDX_RATE),
            WAYBACK_SNAPSHOT_RATE=str(SNAPSHOT_RATE),
            WAYBACK_CDX_PAGE_SIZE="25",
            WAYBACK_429_PAUSE="1",
            WAYBACK_BACKOFF_BASE="0.3",
        )
    finally:
        archive.stop()
    assert result.returncode == 3, result.log[-3000:]
    return result, archive, chosen


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_every_post_and_comment_from_the_archive(wayback_crawl) -> None:
    result, _archive, _chosen = wayback_crawl
    posts = {_path(p["url"]): p for p in result.rows("posts")}
    assert sorted(posts) == sorted(p["path"] for p in EXPECTED["posts"])  # the orphan too, via prev/next
    comments = result.rows("comments")
    for want in EXPECTED["posts"]:
        got = posts[want["path"]]
        assert (got["title"], got["text"]) == (want["title"], want["text"])
        own = sorted((c for c in comments if c["post_id"] == got["post_id"]), key=lambda c: c["position"])
        assert [(c["author"], c["text"]) for c in own] == [(c["author"], c["text"]) for c in want["comments"]]
        assert got["source_kind"] == "wayback" and got["url"].startswith(HOST)
        assert got["archive_url"].startswith(f"{_archive.base}/web/{got['archive_timestamp']}id_/")


def test_snapshots_are_kept_under_their_original_url_and_capture_time(wayback_crawl) -> None:
    result, archive, _chosen = wayback_crawl
    kept = set()
    for file in warc_files(result.dataset):
        with file.open("rb") as stream:
            for record in ArchiveIterator(stream):
                headers = record.rec_headers
                kept.add((record.rec_type, headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date")))
    snapshots = {(uri, date) for kind, uri, date in kept if kind == "response" and not uri.startswith(archive.base)}
    assert snapshots and all(uri.startswith(HOST) for uri, _date in snapshots)
    for post in result.rows("posts"):
        moment = archive_moment(post["archive_timestamp"]).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert (post["url"], moment) in snapshots, post["url"]


def test_the_warc_spider_reads_a_wayback_crawl_back(wayback_crawl, tmp_path) -> None:
    result, _archive, _chosen = wayback_crawl
    again = crawl("warc", tmp_path / "again", {"path": str(result.dataset / "warc"), "url": HOST + "/mon_blog/"})
    assert again.returncode == 3, again.log[-3000:]  # the archived redirects are kept as what they are: 302s
    assert {s["reason"] for s in again.rows("skipped")} == {"http_302"}
    posts = {(p["post_id"], p["title"], p["text"]) for p in result.rows("posts")}
    assert {(p["post_id"], p["title"], p["text"]) for p in again.rows("posts")} == posts
    comments = {(c["comment_id"], c["author"], c["text"]) for c in result.rows("comments")}
    assert {(c["comment_id"], c["author"], c["text"]) for c in again.rows("comments")} == comments


def test_the_capture_with_most_comments_is_chosen(wayback_crawl) -> None:
    result, _archive, chosen = wayback_crawl
    posts = {_path(p["url"]): p for p in result.rows("posts")}
    for path, post in posts.items():
        assert post["archive_timestamp"] == chosen[path], path
    several = [p for p in posts.values() if p["other_captures"]]
    assert len(several) >= 10 and all(LATE not in p["other_captures"] for p in several)


def test_skips_redirects_and_pushback_are_counted(wayback_crawl) -> None:
    result, archive, _chosen = wayback_crawl
    skipped = {_path(row["url"]): row["reason"] for row in result.rows("skipped")}
    assert skipped["/mon_blog/2010/02/billet_supprim.html"] == "http_404"
    assert skipped["/mon_blog/2010/04/boucle_a.html"] == "redirect_loop"
    assert result.stats["wayback/redirects_followed"] == 1  # boucle_a → boucle_b, then back: a loop
    assert result.stats["wayback/redirect_to_indexed_post"] == 1  # ancien_titre → a post read on its own
    assert result.stats.get("posts/duplicate", 0) == 0
    assert archive.requested(".a/6a00d8341") == 0  # images are filtered out at the index
    assert result.stats["wayback/pushback/429"] == 2 and result.stats["wayback/pushback/503"] == 3
    assert result.stats["wayback/cdx_pages"] >= 3  # resumeKey paging
    assert "wayback/pushback/gave_up" not in result.stats


@pytest.fixture(scope="module")
def released(wayback_crawl) -> dict[str, list[float]]:
    """Per kind of request, when the downloader let each one go, on its own clock (see DispatchLog)."""
    result, _archive, _chosen = wayback_crawl
    entries = json.loads((result.dataset.parent / "dispatch.json").read_text("utf-8"))
    moments: dict[str, list[float]] = {"cdx": [], "snapshot": []}
    for entry in entries:
        moments["cdx" if "/cdx/" in entry["url"] else "snapshot"].append(entry["released"])
    return moments


def _slots() -> dict[str, dict[str, float]]:
    from scrapy.utils.project import get_project_settings

    from spiders.wayback import CDX_SLOT, SNAPSHOT_SLOT, download_slots

    settings = get_project_settings()
    settings.setdict({"WAYBACK_CDX_RATE": CDX_RATE, "WAYBACK_SNAPSHOT_RATE": SNAPSHOT_RATE})
    slots = download_slots(settings)
    return {"cdx": slots[CDX_SLOT], "snapshot": slots[SNAPSHOT_SLOT]}


def test_requests_never_exceed_the_configured_rates(wayback_crawl, released) -> None:
    """Checked where the rate is decided, on the downloader's clock: never two requests of a kind
    less than 1/rate apart. At the archive, arrival times also carry the delays of sockets and
    threads, so there the count in any stretch of time is checked against the rate, plus a burst
    of what one second of such delays could bunch up."""
    _result, archive, _chosen = wayback_crawl
    for kind, rate in (("cdx", CDX_RATE), ("snapshot", SNAPSHOT_RATE)):
        moments = released[kind]
        assert len(moments) == len(archive.arrivals(kind)) >= 5, kind  # every request the archive saw
        gaps = [b - a for a, b in itertools.pairwise(moments)]
        assert min(gaps) >= (1 / rate) * (1 - 1e-9), (kind, min(gaps))
        arrivals = archive.arrivals(kind)
        burst = 1 + rate * 1.0
        for i, j in itertools.combinations(range(len(arrivals)), 2):
            assert j - i + 1 <= rate * (arrivals[j] - arrivals[i]) + burst, (kind, i, j)


def _pauses(result: CrawlResult) -> list[tuple[float, float, str]]:
    """(start, seconds, reason) of each pause, as the crawl logged it when it began."""
    found = []
    for line in result.lines:
        match = re.match(r"Archive pushback \((.*)\): pausing all requests for ([0-9.]+) s", line.message)
        if match:
            found.append((line.at, float(match[2]), match[1]))
    return found


def test_a_429_pauses_every_request(wayback_crawl, released) -> None:
    """After each 429, nothing leaves the downloader for the pause (its first half is checked, so
    that no lag of the machine can stretch a request into it); the archive sees in that time only
    requests already on their way when the pause began: at most the slot's concurrency (the other
    request in flight, and one that took the freed connection before the 429 was handled)."""
    result, archive, _chosen = wayback_crawl
    slots = _slots()
    pauses = [(at, seconds, reason) for at, seconds, reason in _pauses(result) if reason.startswith("HTTP 429 ")]
    kinds = ["cdx" if "/cdx/" in reason else "snapshot" for _at, _seconds, reason in pauses]
    assert kinds == ["cdx", "snapshot"], pauses
    assert "/2010/05/" in pauses[1][2]
    for (start, seconds, _reason), kind in zip(pauses, kinds, strict=True):
        end = start + seconds / 2
        assert seconds >= 1
        left = [m for moments in released.values() for m in moments if start < m <= end]
        assert left == [], (kind, left)
        within = [path for moment, _kind, path in archive.log if start < moment <= end]
        assert len(within) <= slots[kind]["concurrency"], (kind, within)


def test_retry_after_header() -> None:
    from scrapy.http import Response

    from spiders.wayback_throttle import retry_after_seconds

    assert retry_after_seconds(Response("http://x", headers={"Retry-After": "120"})) == 120
    assert retry_after_seconds(Response("http://x")) is None


def test_cdx_parsing_and_capture_rule() -> None:
    body = json.dumps([["original", "timestamp", "statuscode", "mimetype", "digest", "length"],
                       ["http://e.fr/b/2010/01/x.html", "20100105000000", "200", "text/html", "A", "10"],
                       ["http://e.fr/b/2010/01/x.html", "20100601000000", "200", "text/html", "B", "12"],
                       ["http://e.fr/b/2010/01/x.html", "20100701000000", "200", "text/html", "B", "12"],
                       ["http://e.fr/b/2010/01/x.html", "20101001000000", "404", "text/html", "C", "3"],
                       [], ["resume-key-1"]])  # fmt: skip
    captures, resume = parse_cdx(body)
    assert resume == "resume-key-1" and len(captures) == 4
    chosen = captures_to_read(captures, limit=3)
    assert [c.timestamp for c in chosen] == ["20100701000000", "20100105000000"]  # one per digest, 404 left out
    assert parse_snapshot_url("https://web.archive.org/web/20100601000000id_/http://e.fr/b/x.html") == (
        "20100601000000",
        "http://e.fr/b/x.html",
    )
    assert isinstance(chosen[0], Capture)


def test_default_rates_are_the_archives_limits() -> None:
    from scrapy.utils.project import get_project_settings

    from spiders.wayback import CDX_SLOT, SNAPSHOT_SLOT, download_slots

    slots = download_slots(get_project_settings())
    assert 1 / slots[CDX_SLOT]["delay"] <= 0.4 and slots[CDX_SLOT]["concurrency"] == 1
    assert 1 / slots[SNAPSHOT_SLOT]["delay"] <= 8  # one start per delay, whatever the concurrency
    assert slots[CDX_SLOT]["jitter"] == slots[SNAPSHOT_SLOT]["jitter"] == 0


def test_an_index_that_lists_no_post_still_gets_them_through_archived_listings(tmp_path) -> None:
    """The index knows only the home page: every post is found from it (then from post to post)."""
    captures = []
    for path, body, content_type in site_pages(SAMPLE):
        if path.endswith((".xml", ".txt")):
            continue
        captures.append(FakeCapture(HOST + path, LATE, 200, "text/html", body, content_type,
                                    indexed=path == "/mon_blog/"))  # fmt: skip
    archive = FakeWayback(captures)
    try:
        result = crawl("wayback", tmp_path / "dataset", {"site": "exemple.typepad.fr/mon_blog/"},
                       WAYBACK_BASE_URL=archive.base, WAYBACK_CDX_RATE="50", WAYBACK_SNAPSHOT_RATE="200")  # fmt: skip
    finally:
        archive.stop()
    found = {row["url"].removeprefix(HOST) for row in result.rows("posts")}
    assert found == {post["path"] for post in EXPECTED["posts"]}
    assert result.stats["wayback/posts_found_by_links"] == len(found)


def _two_captures_a_post(**archive_options: object) -> FakeWayback:
    """The sample blog with each post captured twice: late and whole, early with a comment fewer."""
    posts = {p["path"] for p in EXPECTED["posts"]}
    captures = []
    for path, body, content_type in site_pages(SAMPLE):
        if path.endswith((".xml", ".txt")):
            continue
        captures.append(FakeCapture(HOST + path, LATE, 200, "text/html", body, content_type))
        if path in posts and _COMMENT.search(body):
            early = _without_last_comments(body, 1)
            captures.append(FakeCapture(HOST + path, "20100701120000", 200, "text/html", early, content_type))
    return FakeWayback(captures, **archive_options)


def _archive_crawl(archive: FakeWayback, folder, **settings: str) -> CrawlResult:
    try:
        return crawl("wayback", folder / "dataset", {"site": "exemple.typepad.fr/mon_blog/"},
                     WAYBACK_BASE_URL=archive.base, WAYBACK_CDX_RATE="50", WAYBACK_SNAPSHOT_RATE="200",
                     WAYBACK_BACKOFF_BASE="0.05", **settings)  # fmt: skip
    finally:
        archive.stop()


def _comments_by_path(result: CrawlResult) -> dict[str, list[tuple[str, str]]]:
    paths = {p["post_id"]: p["url"].removeprefix(HOST) for p in result.rows("posts")}
    found: dict[str, list[tuple[int, str, str]]] = {path: [] for path in paths.values()}
    for c in result.rows("comments"):
        found[paths[c["post_id"]]].append((c["position"], c["author"], c["text"]))
    return {path: [(a, t) for _p, a, t in sorted(rows)] for path, rows in found.items()}


def test_dropped_connections_are_retried_and_lose_no_comment(tmp_path) -> None:
    """One snapshot request in ten dropped (before answering, or halfway through its body): each is
    retried after a backoff, so every post keeps its fullest capture and every comment."""
    archive = _two_captures_a_post(drop_rate=0.1)
    result = _archive_crawl(archive, tmp_path)
    assert archive.drops >= 5 and archive.drops_midway >= 2, archive.drops
    # Each drop halfway through a body is retried here: as a body cut short, or as a lost connection
    # when the reset outruns the bytes. One dropped before answering may be retried by Twisted's
    # connection pool on its own, unseen here.
    retried = {k: v for k, v in result.stats.items() if k.startswith("wayback/pushback/") and k[17:18].isalpha()}
    assert sum(retried.values()) >= archive.drops_midway, (retried, archive.drops_midway)
    assert "wayback/pushback/gave_up" not in result.stats
    want = {p["path"]: [(c["author"], c["text"]) for c in p["comments"]] for p in EXPECTED["posts"]}
    assert _comments_by_path(result) == want
    assert all(post["warnings"] == [] for post in result.rows("posts"))


def test_a_capture_that_never_downloads_is_named_on_the_row_read_from_another(tmp_path) -> None:
    """Retries spent on the latest capture of one post: the earlier capture (a comment fewer) is
    read, and the row says a capture was lost, with why, and that it holds fewer than it announces."""
    post = next(p for p in EXPECTED["posts"] if len(p["comments"]) >= 2 and p["in_listings"])
    archive = _two_captures_a_post(always_dropped=[re.escape(f"/web/{LATE}id_/{HOST}{post['path']}")])
    result = _archive_crawl(archive, tmp_path, WAYBACK_MAX_RETRIES="2")
    rows = {p["url"].removeprefix(HOST): p for p in result.rows("posts")}
    lost = rows[post["path"]]
    assert lost["archive_timestamp"] == "20100701120000"
    unread, count = lost["warnings"]  # the capture kept announces the comment it lacks
    assert unread.startswith("capture_unread/") and count == "comments_fewer_than_announced", lost["warnings"]
    # Cut short on its last try, the capture's bytes were read (listed among the other captures);
    # dropped before any answer, nothing of it was (its reason is the warning's).
    cut = unread == "capture_unread/truncated"
    assert (LATE in lost["other_captures"]) == cut, (unread, lost["other_captures"])
    assert len(_comments_by_path(result)[post["path"]]) == len(post["comments"]) - 1
    assert [p["warnings"] for path, p in rows.items() if path != post["path"]] == [[]] * (len(rows) - 1)
    assert result.stats["wayback/pushback/gave_up"] == 1
    # The first try and two retries (Twisted's pool may add its own retry of a request never answered).
    assert archive.requested(f"/web/{LATE}id_/{HOST}{post['path']}") >= 3


def test_a_429_on_the_last_try_still_pauses_as_told() -> None:
    """Retries spent, the 429 is passed on to be recorded, but its Retry-After still holds the
    other requests back: the archive asked every client to wait."""
    import time
    from types import SimpleNamespace

    from scrapy.http import Request, Response
    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    from spiders.wayback_throttle import ArchiveBackoffMiddleware

    slot = SimpleNamespace(lastseen=0.0)
    crawler = SimpleNamespace(
        settings=Settings({"WAYBACK_429_PAUSE": 60, "WAYBACK_BACKOFF_BASE": 5, "WAYBACK_MAX_RETRIES": 2}),
        engine=SimpleNamespace(downloader=SimpleNamespace(slots={"wayback-snapshots": slot})),
    )
    crawler.stats = MemoryStatsCollector(crawler)
    middleware = ArchiveBackoffMiddleware(crawler)
    request = Request("http://archive.test/web/2010id_/x", meta={"archive_attempt": 2})
    answer = Response(request.url, status=429, headers={"Retry-After": "30"}, request=request)
    assert middleware.process_response(request, answer) is answer
    assert slot.lastseen >= time.monotonic() + 25
    assert crawler.stats.get_value("wayback/pushback/gave_up") == 1


def test_ctrl_c_during_a_long_pause_stops_now_and_loses_nothing(tmp_path) -> None:
    """A 429 asks for ten minutes; Ctrl-C then stops the crawl without waiting them out (the held
    requests go back to the queue, none is recorded as failed), and a second run into the same
    folder completes the dataset."""
    archive = _two_captures_a_post(pushback=[(r"/2010/03/", [(429, "600")])])
    dataset = tmp_path / "dataset"
    settings = {"WAYBACK_BASE_URL": archive.base, "WAYBACK_CDX_RATE": "50", "WAYBACK_SNAPSHOT_RATE": "200"}
    command = crawl_command("wayback", dataset, {"site": "exemple.typepad.fr/mon_blog/"}, settings)
    try:
        with subprocess.Popen(command, cwd=PROJECT_ROOT, env=child_env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) as child:  # fmt: skip
            stderr = ChildStderr(child)
            try:
                assert stderr.seen("pausing all requests for 600.0 s", timeout=120), stderr.text(0)
                child.send_signal(signal.SIGINT)
                child.wait(timeout=300)  # a safeguard only: the pause alone would last 600 s
            finally:
                child.kill()
            log = stderr.text(timeout=30)
        assert child.returncode == 130, log[-3000:]
        assert "held requests handed back to the queue" in log, log[-3000:]
        first = pq.read_table(dataset / "posts").num_rows if (dataset / "posts").exists() else 0
        assert first < len(EXPECTED["posts"])
        assert not (dataset / "skipped").exists() or pq.read_table(dataset / "skipped").num_rows == 0
        archive.pushback.clear()
        resumed = crawl("wayback", dataset, {"site": "exemple.typepad.fr/mon_blog/"}, **settings)
    finally:
        archive.stop()
    assert resumed.returncode == 0, resumed.log[-3000:]
    paths = {p["url"].removeprefix(HOST) for p in pq.read_table(dataset / "posts").to_pylist()}
    assert paths == {p["path"] for p in EXPECTED["posts"]}


def test_a_reextraction_of_the_wayback_crawl_gives_its_posts_and_comments(wayback_crawl, tmp_path) -> None:
    """Offline, from the snapshots the crawl kept (the archive is stopped): the same rows, with
    the same provenance (wayback, snapshot URL and timestamp, fetch time), bar where they were read."""
    from blogarchive.reextract import READ_FROM

    result = wayback_crawl[0]
    command = [sys.executable, "-m", "scrapy", "reextract", str(result.dataset), "--out", str(tmp_path / "again")]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=child_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 3), done.stderr[-3000:]
    for table, key in (("posts", "post_id"), ("comments", "comment_id")):
        original = {r[key]: {k: v for k, v in r.items() if k not in READ_FROM} for r in result.rows(table)}
        rows = pq.read_table(tmp_path / "again" / table).to_pylist()
        assert {r[key]: {k: v for k, v in r.items() if k not in READ_FROM} for r in rows} == original, table
