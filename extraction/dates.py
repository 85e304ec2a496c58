"""Dates as blogs of 2005–2012 print them, read as naive wall-clock times.

Forms (notes/platforms.md §1.6): TypePad FR "16 juin 2010 à 10:56", MT4/5 FR "16 juin 2010 10h56",
MT3 FR "juin 16, 2010 10:56 AM", EN "June 16, 2010 at 10:56 AM", Blogger "mercredi 16 juin 2010",
numeric "16/06/2010" and "le 16/06/2010 à 10:56", and ISO 8601 from `abbr.published[title]` or
`time[datetime]`. No time zone is ever invented: an offset in an ISO date is dropped and the
wall-clock part kept, as the page printed it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

_FR_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
# German: Blogger and WordPress pages of German blogs ("10. September 2017 um 18:12").
_DE_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip
MONTHS = {**_DE_MONTHS, **_EN_MONTHS, **_FR_MONTHS}
_MONTH_ALT = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_TIME = r"(?P<hour>\d{1,2})\s?[h:]\s?(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s?min)?\s?(?P<ampm>[AaPp]\.?[Mm]\.?)?"
_TIME_GLUE = r"(?:\s?,)?\s(?:(?:à|a|at|um|@|-|–|\|)\s)?"
# A month is a word checked against MONTHS after the match (`_matches`), not an alternation of
# its 80 names: tried case-insensitively at every position, that alternation was half the cost
# of reading a date. The month is always followed by a dot, comma or space, so the word read is
# the whole run of letters the alternation would have had to match.
_MONTH = r"(?P<month>[^\W\d_]+)"

_PATTERNS = (
    # ISO 8601 from machine-readable markup: 2010-06-16T10:56:00+02:00
    re.compile(
        r"(?P<year>\d{4})-(?P<month_num>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    ),
    # 16 juin 2010 à 10:56 · mercredi 16 juin 2010 · 16 juin 2010 10h56 · 1er mars 2010
    re.compile(
        rf"(?P<day>\d{{1,2}})(?:er)?\.?\s{_MONTH}\.?,?\s(?P<year>\d{{4}})(?:{_TIME_GLUE}{_TIME})?",
        re.IGNORECASE,
    ),
    # June 16, 2010 at 10:56 AM · juin 16, 2010 10:56 AM (MT3 in French); the month a whole word,
    # as `_worth_trying` looks for it ("xjuin 16, 2010" holds no date)
    re.compile(
        rf"(?<![^\W\d_]){_MONTH}\.?\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<year>\d{{4}})(?:{_TIME_GLUE}{_TIME})?",
        re.IGNORECASE,
    ),
    # 16/06/2010 · le 16/06/2010 à 10:56 · 16.06.2010 10:56
    re.compile(rf"(?<!\d)(?P<first>\d{{1,2}})[/.](?P<other>\d{{1,2}})[/.](?P<year>\d{{4}})(?:{_TIME_GLUE}{_TIME})?"),
)


# What every "June 16, 2010" match holds from its month's last letter on: one letter to try at
# each position, where the pattern tries a whole word and backs off letter by letter (a third of
# a French byline's reading, where it never matches).
_MONTH_DAY_TAIL = re.compile(r"[^\W\d_]\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4}", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ParsedDate:
    value: datetime
    raw: str  # the exact substring that was read


def _normalise(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    text = text if text.isascii() else unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def _day_month(parts: dict[str, str | None], month_first: bool) -> tuple[int, int]:
    if parts.get("first"):
        first, other = int(parts["first"]), int(parts["other"])
        # Day first (French, German) unless the page is English or the reading is impossible.
        if (month_first and first <= 12) or other > 12:
            return other, first
        return first, other
    month = int(parts["month_num"]) if parts.get("month_num") else MONTHS[parts["month"].lower()]
    return int(parts["day"]), month


def _to_datetime(match: re.Match[str], month_first: bool = False) -> datetime | None:
    return _from_parts(match.groupdict(), month_first)


def _from_parts(parts: dict[str, str | None], month_first: bool = False) -> datetime | None:
    day, month = _day_month(parts, month_first)
    hour, minute = int(parts.get("hour") or 0), int(parts.get("minute") or 0)
    ampm = (parts.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return datetime(int(parts["year"]), month, day, hour, minute, int(parts.get("second") or 0))
    except ValueError:  # 31 février, 25h70: not a date after all
        return None


def _worth_trying(text: str) -> list[re.Pattern[str]]:
    """Only the patterns whose tell-tale the text has: a dash, a month name, a slash or dot.

    Bylines are read by the thousand; the month-name patterns are the costly ones.
    """
    iso, day_month, month_day, numeric = _PATTERNS
    wanted = [iso] if "-" in text else []
    if not MONTHS.keys().isdisjoint(_WORD.findall(text.lower())):
        wanted += [day_month, month_day] if _MONTH_DAY_TAIL.search(text) else [day_month]
    if "/" in text or "." in text:
        wanted.append(numeric)
    return wanted


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, where a match whose month word is no month name is no match:
    the search goes on from the next position, as it would have in front of an alternation."""
    if "month" not in pattern.groupindex:
        yield from pattern.finditer(text)
        return
    position = 0
    while (match := pattern.search(text, position)) is not None:
        if match["month"].lower() in MONTHS:
            yield match
            position = match.end()
        else:
            position = match.start() + 1


@lru_cache(maxsize=8192)  # bylines are read more than once (byline, its links, the author text)
def find_date(text: str, month_first: bool = False) -> ParsedDate | None:
    """The first date in `text` (earliest position; the longest reading on a tie).

    `month_first` reads ambiguous numeric dates as US English pages print them (5/13/2004).
    """
    if not _DIGIT.search(text):
        return None
    text = _normalise(text)
    best: tuple[int, int, str, datetime] | None = None
    for pattern in _worth_trying(text):
        for match in _matches(pattern, text):
            value = _to_datetime(match, month_first)
            if value is None:
                continue
            key = (match.start(), -len(match[0]))
            if best is None or key < best[:2]:
                best = (*key, match[0], value)
            break
    if best is None:
        return None
    return ParsedDate(best[3], best[2].strip())


# Comment dates printed without their year: WordPress.com's small.commentmetadata "Jun 20th at
# 2:41 am" (its corporate theme, 2019) and "20 juin à 2 h 41 min"; the year is the post's.
_YEARLESS = (
    re.compile(rf"(?P<month>{_MONTH_ALT})\.?\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_TIME_GLUE}{_TIME}", re.IGNORECASE),
    re.compile(rf"(?P<day>\d{{1,2}})(?:er)?\.?\s(?P<month>{_MONTH_ALT})\.?{_TIME_GLUE}{_TIME}", re.IGNORECASE),
)


def find_yearless_date(text: str, year: int) -> ParsedDate | None:
    """A day and time printed without a year ("Jun 20th at 2:41 am"), read in `year`."""
    text = _normalise(text)
    for pattern in _YEARLESS:
        match = pattern.search(text)
        if match is None:
            continue
        value = _from_parts({**match.groupdict(), "year": str(year)})
        if value is not None:
            return ParsedDate(value, match[0].strip())
    return None
