"""Each template family and date form, one fixture page each: bytes + headers in, exact fields out.

Expected values (`NAME.json` beside `NAME.html`) were written by reading the pages, never by
running the extractor. Pages go through `extraction.reader.read_post`, the one reader every
source uses. One test per field and page, so one wrong field does not hide the others; every
post fixture is checked both ways: the article is right, and no comment text is inside it.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest

from blogarchive.items import Capture, PostCaptures, RawPage, SkippedPage
from extraction import decode_page
from extraction.reader import read_post
from extraction.records import PostRecord, ReadPost

PAGES = Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.json"))


def _expected(name: str) -> dict:
    return json.loads((PAGES / f"{name}.json").read_text("utf-8"))


@functools.cache
def _read(name: str) -> ReadPost | SkippedPage:
    want = _expected(name)
    body = (PAGES / f"{name}.html").read_bytes()
    page = RawPage(want["url"], 200, want.get("headers", {}), body, datetime(2026, 1, 1, tzinfo=timezone.utc))
    return read_post(PostCaptures(page.url, [Capture([page])]))


def _extract(name: str) -> tuple[dict, PostRecord | SkippedPage]:
    result = _read(name)
    return _expected(name), result.record if isinstance(result, ReadPost) else result


def _wall_clock(value: str | None) -> datetime | None:
    """Expected ISO value at the precision it gives; an offset is dropped (ours are naive)."""
    if value is None:
        return None
    return datetime.fromisoformat(value[:19] if len(value) > 19 else value)


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


POSTS = [n for n in CASES if "error" not in _expected(n)]
POST_FIELDS = ("title", "author", "published", "published_month", "categories", "tags", "text", "platform",
               "profile", "comment_count_announced")  # fmt: skip
COMMENT_FIELDS = ("position", "author", "author_url", "published", "platform_comment_id", "text", "reply_to")


@pytest.mark.parametrize("name", [n for n in CASES if "error" in _expected(n)])
def test_page_that_is_no_post_is_declined_with_its_reason(name: str) -> None:
    want, got = _extract(name)
    assert isinstance(got, SkippedPage) and got.reason == want["error"], got


def _wanted_post_field(want: dict, field: str) -> object:
    if field == "published":
        return _wall_clock(want["published"])
    if field == "published_month":
        return want.get("published_month", (want["published"] or "")[:7] or None)
    if field == "text":
        return want["article_text"]
    return want.get(field, _ABSENT)


_ABSENT = object()


@pytest.mark.parametrize("field", POST_FIELDS)
@pytest.mark.parametrize("name", POSTS)
def test_post_field(name: str, field: str) -> None:
    want, got = _extract(name)
    assert isinstance(got, PostRecord), got
    expected = _wanted_post_field(want, field)
    if expected is _ABSENT:
        pytest.skip(f"{name}.json states no {field}")
    assert getattr(got, field) == expected


@pytest.mark.parametrize("name", POSTS)
def test_post_warnings(name: str) -> None:
    """The reasons to doubt each fixture's row: a pingback in WordPress's count, MT4's last 50 of
    63, a date only in the URL, the generic reader; none on the others."""
    result = _read(name)
    assert isinstance(result, ReadPost), result
    assert result.warnings == _expected(name)["warnings"]


@pytest.mark.parametrize("field", COMMENT_FIELDS)
@pytest.mark.parametrize("name", POSTS)
def test_comment_field(name: str, field: str) -> None:
    want, got = _extract(name)
    assert isinstance(got, PostRecord), got
    assert len(got.comments) == len(want["comments"])
    by_platform_id = {c.platform_comment_id: c for c in got.comments}
    for position, (g, w) in enumerate(zip(got.comments, want["comments"], strict=True), start=1):
        if field == "position":
            assert g.position == position
        elif field == "published":
            assert g.published == _wall_clock(w["published"]), position
        elif field == "reply_to":
            parent = by_platform_id.get(w["reply_to"]) if w.get("reply_to") else None
            assert g.reply_to is parent, position
        else:
            assert getattr(g, field) == w[field], position


@pytest.mark.parametrize("name", POSTS)
def test_no_comment_text_inside_the_article(name: str) -> None:
    want, got = _extract(name)
    assert isinstance(got, PostRecord), got
    article = _flat(got.text)
    for comment in want["comments"]:
        for fragment in (comment["first"], comment["last"]):
            assert _flat(fragment) not in article, fragment


# Every byline date form of the notes, with the fixture page that prints it; the page tests
# above check that each is read to the right value.
DATE_FORMS = [
    (r"\b\d{1,2} [a-zéû]+ \d{4} à \d{2}:\d{2}\b", "typepad-fr-classic-comments-after-body"),
    (r"\b\d{1,2} [a-zéû]+ \d{4} \d{1,2}h\d{2}\b", "mt5-fr-printed-date-10h56"),
    (r"\b[a-zéû]+ \d{1,2}, \d{4} \d{2}:\d{2} [AP]M\b", "mt3-fr-default"),
    (r"\b[A-Z][a-z]+ \d{2}, \d{4} at \d{2}:\d{2} [AP]M\b", "typepad-en-classic"),
    (r"\b(?:(?:lun|mar|mercre|jeu|vendre|same)di|dimanche) \d{1,2} [a-zéû]+ \d{4}\b", "blogger-fr-day-header-only"),
    (r"\b\d{2}/\d{2}/\d{4}\b", "hautetfort-fr-numeric-dates"),
    (r"\ble \d{2}/\d{2}/\d{4} à \d{2}:\d{2}\b", "generic-fr-le-date-a-heure"),
]


@pytest.mark.parametrize(("form", "name"), DATE_FORMS)
def test_each_date_form_has_a_fixture(form: str, name: str) -> None:
    want, got = _extract(name)
    page = decode_page(want["url"], (PAGES / f"{name}.html").read_bytes(), want["headers"])
    assert re.search(form, " ".join(page.text.replace("\xa0", " ").split()))
    assert isinstance(got, PostRecord)
    dates = [got.published, *(c.published for c in got.comments)]
    assert dates == [_wall_clock(want["published"]), *(_wall_clock(c["published"]) for c in want["comments"])]


def test_a_comments_container_id_is_not_a_comment_id() -> None:
    """`div#comments` around id-less comments must not give them all the id "s" (and merge them)."""
    from extraction.page import comment_id
    from extraction.tree import parse_html

    root = parse_html('<div id="comments"><div class="c">a</div><a id="c123"></a><div class="c">b</div></div>')
    first, second = root.iter("div").__next__().findall("div")
    assert comment_id(first) is None
    assert comment_id(second) == "123"
