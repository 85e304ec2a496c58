"""Each template family and date form, one fixture page each: bytes + headers in, exact fields out.

Expected values (`NAME.json` beside `NAME.html`) were written by reading the pages, never by
running the extractor. Every post fixture is checked both ways: the article is right, and no
comment text is inside it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from extraction import NotAPost, decode_page, extract_post
from extraction.records import PostRecord

PAGES = Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.json"))


def _expected(name: str) -> dict:
    return json.loads((PAGES / f"{name}.json").read_text("utf-8"))


def _extract(name: str) -> tuple[dict, PostRecord | NotAPost]:
    want = _expected(name)
    page = decode_page(want["url"], (PAGES / f"{name}.html").read_bytes(), want.get("headers", {}))
    return want, extract_post([page])


def _wall_clock(value: str | None) -> datetime | None:
    """Expected ISO value at the precision it gives; an offset is dropped (ours are naive)."""
    if value is None:
        return None
    return datetime.fromisoformat(value[:19] if len(value) > 19 else value)


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("name", CASES)
def test_fixture_page(name: str) -> None:
    want, got = _extract(name)
    if "error" in want:
        assert isinstance(got, NotAPost) and got.reason == want["error"], got
        return
    assert isinstance(got, PostRecord), got
    assert got.title == want["title"]
    assert got.author == want["author"]
    assert got.published == _wall_clock(want["published"])
    assert got.published_month == want.get("published_month", (want["published"] or "")[:7] or None)
    for key in ("categories", "tags"):
        if key in want:
            assert getattr(got, key) == want[key], key
    assert got.text == want["article_text"]
    assert got.comment_count_announced == want["comment_count_announced"]
    assert len(got.comments) == len(want["comments"])
    by_platform_id = {c.platform_comment_id: c for c in got.comments}
    for position, (g, w) in enumerate(zip(got.comments, want["comments"], strict=True), start=1):
        assert g.position == position
        assert (g.author, g.author_url) == (w["author"], w["author_url"]), position
        assert g.published == _wall_clock(w["published"]), position
        assert g.platform_comment_id == w["platform_comment_id"], position
        assert g.text == w["text"], position
        parent = by_platform_id.get(w["reply_to"]) if w.get("reply_to") else None
        assert g.reply_to is parent, position


@pytest.mark.parametrize("name", [n for n in CASES if "error" not in _expected(n)])
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
