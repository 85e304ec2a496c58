"""Normalisation and field-by-field scoring of one extraction against a page's expected values.

The expected values (NAME.json beside NAME.html) are written by a person reading the page; see the
README of the page folders. Text is compared after Unicode NFC and collapsing every run of whitespace
(NBSP included) to one space, so that markup layout and paragraph separators never decide a score.
Both tools are reduced to the same `Extraction` shape first, so one scorer serves both.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Wall-clock part of an ISO 8601 value, at whatever precision it has; fraction and UTC offset dropped.
_ISO = re.compile(
    r"(\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)?)?)(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)

Same = Callable[[str | None, str | None], bool]


@dataclass(frozen=True)
class Page:
    """One page with expected values: NAME.html and the NAME.json sidecar beside it."""

    name: str
    html: Path
    sidecar: Path
    expected: dict[str, Any]


@dataclass(frozen=True)
class Comment:
    author: str | None
    published: str | None
    text: str


@dataclass(frozen=True)
class Extraction:
    """What a tool returned for a page, in one shape for both tools.

    `segmented` is False for a tool that returns comments as one blob (trafilatura): it then has no
    per-comment author, date or text, and no announced comment count.
    """

    error: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    text: str = ""
    comments: tuple[Comment, ...] = ()
    comment_count: int = 0
    segmented: bool = True
    comment_count_announced: int | None = None


@dataclass
class PageScore:
    """One tool's score on one page. None means the field was not scored (no expected value)."""

    name: str
    expects_error: bool = False
    got_error: str | None = None
    title: bool | None = None
    author: bool | None = None
    published: bool | None = None
    published_day: bool | None = None  # the date alone, for tools that give no time (trafilatura)
    start: bool | None = None
    end: bool | None = None
    comments_expected: int = 0
    comments_right: int = 0  # author and date both right
    comment_authors_right: int = 0
    comment_dates_right: int = 0
    count: bool | None = None
    leaks: list[str] = field(default_factory=list)
    # Exact keys of the hand-made fixtures.
    error_right: bool | None = None
    text_exact: bool | None = None
    announced: bool | None = None
    comment_texts_expected: int = 0
    comment_texts_right: int = 0
    mismatches: list[str] = field(default_factory=list)


def load_pages(folder: Path) -> list[Page]:
    """Every NAME.html of a folder that has a NAME.json beside it, in name order."""
    pages = []
    for html in sorted(folder.glob("*.html")):
        sidecar = html.with_suffix(".json")
        if not sidecar.is_file():
            print(f"warning: {html} has no {sidecar.name}; skipped", file=sys.stderr)
            continue
        pages.append(Page(html.stem, html.resolve(), sidecar.resolve(), json.loads(sidecar.read_text("utf-8"))))
    return pages


def normalise(text: str | None) -> str:
    """NFC, then every whitespace run (newlines, NBSP, narrow NBSP) as one space; None as ''."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).split())


def same_text(expected: str | None, got: str | None) -> bool:
    """Exact after normalisation; an expected null is right only when nothing was extracted."""
    if expected is None:
        return not normalise(got)
    return normalise(expected) == normalise(got)


def wall_clock(value: str | None) -> str | None:
    """'2010-05-29T11:42:07-08:00' -> '2010-05-29T11:42:07'; None if the value is not ISO 8601."""
    match = _ISO.fullmatch(value.strip()) if value else None
    return match.group(1).replace(" ", "T") if match else None


def same_date(expected: str | None, got: str | None) -> bool:
    """Right at the precision the expected value gives: '2014-08-23T06:55' accepts '2014-08-23T06:55:00'.

    An offset on either side is ignored (ours is naive wall-clock time); an expected null is right
    only when the tool has no date either.
    """
    if expected is None:
        return not got
    want, have = wall_clock(expected), wall_clock(got)
    if want is None:
        return normalise(expected) == normalise(got)
    return have is not None and have.startswith(want)


def same_day(expected: str | None, got: str | None) -> bool:
    """The calendar date alone: a fairer view of a tool that gives no time of day (trafilatura)."""
    if expected is None:
        return not got
    want, have = wall_clock(expected), wall_clock(got)
    return want is not None and have is not None and have[:10].startswith(want[:10])


def score_page(page: Page, got: Extraction) -> PageScore:
    """Score one extraction; an unexpected error scores every field of the page wrong."""
    exp = page.expected
    score = PageScore(page.name, got_error=got.error)
    if "error" in exp:
        score.expects_error = True
        score.error_right = got.error is not None
        return score
    failed = got.error is not None
    if failed:
        score.mismatches.append(f"error: {got.error}")
    text = normalise(got.text)
    score.title = _field(score, "title", exp, got.title, same_text, failed)
    score.author = _field(score, "author", exp, got.author, same_text, failed)
    score.published = _field(score, "published", exp, got.published, same_date, failed)
    if "published" in exp:
        score.published_day = not failed and same_day(exp["published"], got.published)
    if exp.get("article_first"):
        score.start = not failed and text.startswith(normalise(exp["article_first"]))
        _note(score, score.start, "start", exp["article_first"], text[:90])
    if exp.get("article_last"):
        score.end = not failed and text.endswith(normalise(exp["article_last"]))
        _note(score, score.end, "end", exp["article_last"], text[-90:])
    if "article_text" in exp:
        want_text = normalise(exp["article_text"])
        score.text_exact = not failed and want_text == text
        at = _first_difference(want_text, text)
        _note(score, score.text_exact, f"article_text (char {at})", want_text[at : at + 40], text[at : at + 40])
    if "comment_count_announced" in exp and got.segmented:
        announced = exp["comment_count_announced"]
        score.announced = not failed and announced == got.comment_count_announced
        _note(score, score.announced, "comment_count_announced", announced, got.comment_count_announced)
    if "comments" in exp:
        _score_comments(score, exp["comments"], got, text, failed)
    return score


def _field(score: PageScore, key: str, exp: dict[str, Any], got: str | None, same: Same, failed: bool) -> bool | None:
    if key not in exp:
        return None
    right = not failed and bool(same(exp[key], got))
    _note(score, right, key, exp[key], got)
    return right


def _score_comments(score: PageScore, expected: list[dict[str, Any]], got: Extraction, text: str, failed: bool) -> None:
    """Expected comments matched to extracted ones in page order (i-th to i-th)."""
    score.comments_expected = len(expected)
    if got.segmented:
        score.count = not failed and got.comment_count == len(expected)
    else:  # one blob or none: the count can only be right for pages with 0 or 1 comment
        score.count = not failed and len(expected) <= 1 and got.comment_count == len(expected)
    if not score.count and not failed:
        score.mismatches.append(f"count: want {len(expected)} got {got.comment_count}")
    for i, want in enumerate(expected):
        have = got.comments[i] if got.segmented and i < len(got.comments) else None
        author_ok = have is not None and same_text(want.get("author"), have.author)
        date_ok = have is not None and same_date(want.get("published"), have.published)
        score.comment_authors_right += author_ok
        score.comment_dates_right += date_ok
        score.comments_right += author_ok and date_ok
        if have is not None and not (author_ok and date_ok):
            wanted = (want.get("author"), want.get("published"))
            score.mismatches.append(f"comment {i + 1}: want {wanted!r} got {(have.author, have.published)!r}")
        if "text" in want and got.segmented:
            score.comment_texts_expected += 1
            text_ok = have is not None and normalise(want["text"]) == normalise(have.text)
            score.comment_texts_right += text_ok
            if have is not None and not text_ok:
                score.mismatches.append(f"comment {i + 1} text: want {want['text'][:60]!r} got {have.text[:60]!r}")
        for key in ("first", "last"):
            fragment = normalise(want.get(key))
            if fragment and fragment in text:
                score.leaks.append(fragment)
                score.mismatches.append(f"leak: comment {i + 1} {key} {fragment!r} is in the article text")


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _note(score: PageScore, right: bool | None, key: str, want: Any, got: Any) -> None:
    if right is False and score.got_error is None:
        score.mismatches.append(f"{key}: want {want!r} got {got!r}")
