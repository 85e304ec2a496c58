"""The reader's stitching rule on any mix of comment pages a source may hand over.

The three comment pages of the `typepad-fr-comment-pages` fixture post (50, 50 and 7 comments),
given in any order, any subset, with duplicates, pages that answered 404 or were cut short, and
failures the source recorded: the result is always the post (or a reasoned skip), comments keep
their positions on the post, and every page not read is listed as missing, once.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from blogarchive.items import Capture, MissingPage, PostCaptures, RawPage
from extraction.reader import read_post
from extraction.records import ReadPost
from tests.crawling import SITES

SITE = SITES / "typepad-fr-comment-pages"
HOST = "http://exemple.typepad.fr"
LONG = next(p for p in json.loads((SITE / "expected.json").read_text("utf-8"))["posts"] if len(p["comment_pages"]) == 3)
WHEN = datetime(2011, 3, 1, tzinfo=timezone.utc)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _file(path: str) -> bytes:
    return (SITE / "root" / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))).read_bytes()


def _page(number: int, state: str = "ok") -> RawPage:
    path = LONG["comment_pages"][number - 1]
    body = _file(path)
    if state == "404":
        return RawPage(HOST + path, 404, HTML, b"<h1>404</h1>", WHEN)
    if state == "cut":
        return RawPage(HOST + path, 200, HTML, body[: len(body) // 2], WHEN)
    return RawPage(HOST + path, 200, HTML, body, WHEN)


pages_given = st.lists(
    st.tuples(st.sampled_from([2, 3]), st.sampled_from(["ok", "ok", "404", "cut", "recorded"])), max_size=5
)


@settings(max_examples=60, deadline=None)
@given(given_pages=pages_given)
def test_any_mix_of_comment_pages_gives_positions_on_the_post(given_pages: list[tuple[int, str]]) -> None:
    capture = Capture([_page(1)])
    for number, state in given_pages:
        if state == "recorded":  # the source asked and got nothing
            capture.missing.append(MissingPage(HOST + LONG["comment_pages"][number - 1], "download_error/TimeoutError"))
        else:
            capture.pages.append(_page(number, state))
    result = read_post(PostCaptures(HOST + LONG["path"], [capture]))
    assert isinstance(result, ReadPost)
    readable = {n for n, state in given_pages if state == "ok"}
    read_numbers = [page.number for page in result.pages]
    assert read_numbers == [1, *sorted(readable)]
    expected_positions = [*range(1, 51)] + ([*range(51, 101)] if 2 in readable else []) + (
        [*range(101, 108)] if 3 in readable else []
    )  # fmt: skip
    assert [c.position for c in result.record.comments] == expected_positions
    missing_numbers = sorted(int(m.url.rstrip("/").rsplit("/", 1)[1]) for m in result.missing)
    # A page not read is missing if the source tried it or a later page shows the gap.
    tried = {n for n, _state in given_pages}
    want_missing = sorted(n for n in (2, 3) if n not in readable and (n in tried or any(m > n for m in readable)))
    assert missing_numbers == want_missing
    assert len({m.url for m in result.missing}) == len(result.missing)


def test_the_capture_with_most_comments_wins_then_the_latest() -> None:
    full = Capture([_page(1), _page(2), _page(3)])
    partial = Capture([_page(1)])
    for page in partial.pages:
        page.archive_timestamp = "20120101000000"  # later, but fewer comments
    for page in full.pages:
        page.archive_timestamp = "20110101000000"
    result = read_post(PostCaptures(HOST + LONG["path"], [partial, full]))
    assert isinstance(result, ReadPost)
    assert len(result.record.comments) == 107 and result.other_captures == ["20120101000000"]
    same = Capture([_page(1)])
    for page in same.pages:
        page.archive_timestamp = "20130101000000"
    result = read_post(PostCaptures(HOST + LONG["path"], [partial, same]))
    assert isinstance(result, ReadPost) and result.first.raw.archive_timestamp == "20130101000000"


def test_no_readable_capture_gives_the_first_reason() -> None:
    result = read_post(PostCaptures(HOST + LONG["path"], [Capture([_page(1, "404")]), Capture([_page(1, "cut")])]))
    assert not isinstance(result, ReadPost)
    assert (result.reason, result.status) == ("http_404", 404)
