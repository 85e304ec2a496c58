"""Every byline date form of the notes, read to a naive wall-clock time, raw string kept."""

from datetime import datetime

import pytest

from extraction.bylines import clean_author, read_byline
from extraction.dates import find_date, find_yearless_date
from extraction.tree import parse_html


@pytest.mark.parametrize(
    ("text", "expected", "raw"),
    [
        ("Rédigé par : Thierry | 16 juin 2010 à 10:56", datetime(2010, 6, 16, 10, 56), "16 juin 2010 à 10:56"),
        ("Par Claire le 16 juin 2010 10h56", datetime(2010, 6, 16, 10, 56), "16 juin 2010 10h56"),
        ("Posté par x le  6 juin 2010  9h05", datetime(2010, 6, 6, 9, 5), "6 juin 2010 9h05"),
        ("juin 16, 2010 10:56 AM", datetime(2010, 6, 16, 10, 56), "juin 16, 2010 10:56 AM"),
        ("June 16, 2010 at 10:56 PM", datetime(2010, 6, 16, 22, 56), "June 16, 2010 at 10:56 PM"),
        ("June 16, 2010 at 12:05 AM", datetime(2010, 6, 16, 0, 5), "June 16, 2010 at 12:05 AM"),
        ("mercredi 16 juin 2010", datetime(2010, 6, 16), "16 juin 2010"),
        ("1er février 2010", datetime(2010, 2, 1), "1er février 2010"),
        ("16 f\u00e9vrier 2010", datetime(2010, 2, 16), "16 février 2010"),
        ("16 fe\u0301vrier 2010", datetime(2010, 2, 16), "16 février 2010"),  # decomposed é
        ("Écrit par : Bob | 16/06/2010", datetime(2010, 6, 16), "16/06/2010"),
        ("le 16/06/2010 à 10:56", datetime(2010, 6, 16, 10, 56), "16/06/2010 à 10:56"),
        ("16\u00a0juin\u00a02010 à\u00a010:56", datetime(2010, 6, 16, 10, 56), "16 juin 2010 à 10:56"),
        ("2010-06-16T10:56:00+02:00", datetime(2010, 6, 16, 10, 56), "2010-06-16T10:56:00"),
    ],
)
def test_date_forms(text: str, expected: datetime, raw: str) -> None:
    found = find_date(text)
    assert found is not None
    assert (found.value, found.raw) == (expected, raw)


@pytest.mark.parametrize("text", ["", "Rédigé par : Thierry", "31 février 2010", "Commentaires (12)", "2010"])
def test_no_date_is_invented(text: str) -> None:
    assert find_date(text) is None


def _byline(html: str):
    root = parse_html(f"<html><body>{html}</body></html>")
    return read_byline(root.find(".//div"))


def test_overblog_date_line_ends_with_the_time() -> None:
    """ "Lundi 15 décembre 2014 1 15 /12 /Déc /2014 00:26" (platforms.md §3): the day, then the time last."""
    byline = _byline('<div class="date"><span>Lundi 15 décembre 2014</span> 1 15 /12 /Déc /2014 00:26</div>')
    assert byline.published == datetime(2014, 12, 15, 0, 26)
    assert byline.published_raw == "15 décembre 2014 00:26"


def test_a_printed_time_is_not_replaced_by_a_later_one() -> None:
    byline = _byline("<div>Posté par Eva le 28 février 2009 à 11:10 - 69 commentaires - 12:30</div>")
    assert byline.published == datetime(2009, 2, 28, 11, 10)


def test_numbered_comment_bylines_give_the_name() -> None:
    assert clean_author("Commentaire n°3 posté par Thierry le ") == "Thierry"
    byline = _byline(
        '<div>Commentaire n°12 posté par <a href="http://sophie.example.fr/">Sophie</a> le 04/01/2010 à 11h07</div>'
    )
    assert (byline.author, byline.author_url) == ("Sophie", "http://sophie.example.fr/")
    assert byline.published == datetime(2010, 1, 4, 11, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jun 20th at 2:41 am", datetime(2010, 6, 20, 2, 41)),  # WordPress.com's small.commentmetadata
        ("Jun 20th at 12:50 pm", datetime(2010, 6, 20, 12, 50)),
        ("20 juin à 14 h 05 min", datetime(2010, 6, 20, 14, 5)),
        ("20 juin", None),  # a day with no time is too loose to read without its year
    ],
)
def test_date_printed_without_year_is_read_in_the_posts_year(text: str, expected: datetime | None) -> None:
    found = find_yearless_date(text, 2010)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize("label", ["Datum: ", "Publié par ", "Veröffentlicht von ", "Autor:"])
def test_a_themes_label_is_no_author(label: str) -> None:
    assert clean_author(label) is None


def _every_pattern_tried(text: str, month_first: bool = False):
    """find_date's rule with no shortcut: every pattern tried on every text."""
    from extraction import dates

    text = dates._normalise(text)
    found = []
    for pattern in dates._PATTERNS:
        for match in dates._matches(pattern, text):
            value = dates._to_datetime(match, month_first)
            if value is not None:
                found.append(((match.start(), -len(match[0])), match[0].strip(), value))
                break
    return min(found, key=lambda f: f[0])[1:] if found else None


def _lines_with_digits() -> list[str]:
    import re
    from pathlib import Path

    pages = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))
    lines = set()
    for page in pages:
        text = re.sub(r"<[^>]+>", " ", page.read_text("utf-8", errors="replace"))
        lines.update(line.strip() for line in text.splitlines() if any(c.isdigit() for c in line))
    return sorted(lines)


def test_the_shortcuts_never_change_the_date_found() -> None:
    """find_date skips patterns whose tell-tale a text lacks; on every line of the fixture pages
    with a digit, and on made-up near misses, it finds what trying every pattern finds."""
    near_misses = [
        "juin 16 2010", "Juin 16th, 2010", "xjuin 16, 2010", "le 3 mars, 2010", "March 3rd,2010",
        "mars. 16, 2010 10:56", "Bruno, 04 février 2006 à 07:29 June 5, 2007", "dec 1, 1999 - 2010-01-01",
    ]  # fmt: skip
    lines = _lines_with_digits() + near_misses
    assert len(lines) > 300
    for month_first in (False, True):
        for line in lines:
            found = find_date.__wrapped__(line, month_first)
            assert ((found.raw, found.value) if found else None) == _every_pattern_tried(line, month_first), line
