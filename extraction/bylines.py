"""Who and when, read from a byline: "Rédigé par : Thierry | 16 juin 2010 à 10:56".

Bylines across platforms share one shape: an optional verb ("Rédigé par", "Posted by", "Par",
"By", "Posté par"), the author (often a link to their site), a separator or "le"/"on", the date,
and on post footers "dans"/"in" followed by category links. So the date is found first, and what
stands before it is the author, what follows it the categories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from extraction.dates import ParsedDate, find_date
from extraction.text import inline_text
from extraction.tree import Element
from extraction.urls import parts_of

_LEADING_VERB = re.compile(
    r"^(?:#\s*)?(?:(?:posted|written|eingestellt|ver[öo]ffentlicht|r[ée]dig[ée]e?|publi[ée]e?|post[ée]e?|[ée]crite?)\b"
    r"\s*(?:par|by|von)?|par|by|von)\b\s*:?\s*",
    re.IGNORECASE,
)
_TRAILING_GLUE = re.compile(
    r"(?:\s*(?:\||[-–,:·•@]|\ble\b|\bon\b|\bà\b|\bat\b|\bum\b|\bam\b|\bthe\b|\bdans\b|\bin\b"
    r"|\b(?:a dit|dit|said|says|wrote|a écrit|schrieb)\s*[.…:]*))+\s*$",
    re.IGNORECASE,
)
_AFTER_AUTHOR = re.compile(r"\s(?:dans|in)\s.*$|\s*\|.*$|\s(?:à|at|um)\s\d{1,2}\s?[h:]\s?\d{2}.*$")
# Dotclear numbers its comments ("1. Le 16/06/2010 … par X"), Over-blog too ("Commentaire n°3 posté par X").
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|commentaire\s+n\s?[°o]\s?\d+)\s*", re.IGNORECASE)
# Labels some themes print before the date or the name ("Datum: 13. April 2017 Autor: X"), never names.
_NOT_NAMES = frozenset({"le", "la", "on", "the", "am", "datum", "date", "autor", "auteur", "author", "publié",
                        "veröffentlicht", "posted", "par", "by", "von"})  # fmt: skip
# The weekday printed before a date belongs to the date, not to the name before it: Dotclear's
# "Par X le lundi 4 janvier 2010", "Le lundi 4 janvier 2010, 11:07 par X" (date_format %A %e %B %Y).
_WEEKDAY_END = re.compile(
    r"\s*\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\s*,?\s*$",
    re.IGNORECASE,
)
# A day column printing the weekday short above the date ("Lun / 16 juin 2008", "Fri / Aug 18"),
# as customised MT 4 templates do: alone before the date, it is no name.
_WEEKDAY_ALONE = re.compile(
    r"^\s*(?:lun|mar|mer|jeu|ven|sam|dim|mon|tue|wed|thu|fri|sat|sun)\.?\s*,?\s*$", re.IGNORECASE
)
TIME_OF_DAY = re.compile(r"(?<![\d/.])(\d{1,2})\s?[h:]\s?(\d{2})(?![\d/])")
_PERMALINK_HREF = re.compile(r"#comment|[?&]cid=|[?&]showComment=|#c\d|/comments?/|#more|#comments")
# Unrendered template tags (Blogger's hidden backlink template: "posted by <$BlogBacklinkAuthor$>")
# and permalink marks ("¶", "#") are never part of a name.
_NOT_NAME_PARTS = re.compile(r"<\$\w+\$>|^[\s¶#]+")


# A footer's links after the date that are never categories: feeds and the feed-reader badges
# of 2005–2010 ("Add to Netvibes", Google Reader's fusion.google.com/add?feedurl=, Bloglines' /sub/).
_FEED_HREF = re.compile(
    r"(?:atom|rss|index)\.(?:xml|rdf)$|/feeds?(?:/|$)|/rss/?$|[?&](?:feed(?:url)?|url)=|/sub/https?:", re.IGNORECASE
)


def category_links(links: list[Element], page_url: str) -> list[Element]:
    """Of a footer's links after its date, those that can be the post's categories: pages of the
    same site that are neither the post itself ("Lien permanent", "Permalien [#]"), a part of it
    ("#comments", "#trackback"), nor a feed or a feed-reader badge."""
    here = urlsplit(page_url)
    kept = []
    for link in links:
        target = parts_of((link.get("href") or "").strip(), page_url)
        if target is None:
            continue
        same_site = _site(target.hostname) == _site(here.hostname)
        itself = (target.path, target.query) == (here.path, here.query)
        if same_site and not itself and not target.fragment and not _FEED_HREF.search(target.geturl()):
            kept.append(link)
    return kept


def _site(host: str | None) -> str:
    """The host without "www.": a blog's links name it with or without, whichever way it was read."""
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


@dataclass
class Byline:
    author: str | None = None
    author_url: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    links_after_date: list[Element] = field(default_factory=list)
    time_only: re.Match[str] | None = None  # "à 18:20" with no day: the day is in a day header


@lru_cache(maxsize=8192)  # names repeat across a page (the blog's author, "Anonyme", regulars)
def clean_author(text: str) -> str | None:
    """A name without the verb before it, the glue after it, or a date ("Posté par X," → "X")."""
    text = _NOT_NAME_PARTS.sub("", text.replace("\xa0", " ")).strip()
    found = find_date(text)
    if found and found.raw in text:
        text = text[: text.find(found.raw)]
    # A time of day is never part of a name (Hautetfort's footer "10:56 Publié dans …").
    text = _WEEKDAY_END.sub("", TIME_OF_DAY.sub("", _NUMBERING.sub("", text)))
    text = _WEEKDAY_ALONE.sub("", text)
    text = _LEADING_VERB.sub("", text.lstrip(" ,;:|·–-"))
    text = _TRAILING_GLUE.sub("", text).strip(" \xa0")
    named = any(ch.isalnum() for ch in text)  # "[" before "[16.06.2008 à 11:42]" is no name
    return text if named and text.lower() not in _NOT_NAMES else None


def is_permalink(href: str) -> bool:
    """A link to a comment or a post's comments, never a commenter's site."""
    return bool(_PERMALINK_HREF.search(href))


def read_byline(element: Element | None, machine_date: str | None = None, month_first: bool = False) -> Byline:
    """Author, author link and date from a byline element; `machine_date` wins over printed text."""
    machine = find_date(machine_date) if machine_date else None
    if element is None:
        return Byline(published=machine.value if machine else None, published_raw=machine_date if machine else None)
    text = inline_text(element).replace("\xa0", " ")
    printed = find_date(text, month_first)
    date = machine or printed
    date_at = text.find(printed.raw) if printed else -1
    before = text[:date_at] if date_at >= 0 else _AFTER_AUTHOR.sub("", text)
    author = clean_author(before)
    if author is None and printed is not None and date_at >= 0:  # "Le 16/06/2010, 11:20 par X"
        author = clean_author(text[date_at + len(printed.raw) :])
    byline = Byline(
        author=author,
        published=date.value if date else None,
        published_raw=machine_date if machine else (printed.raw if printed else None),
    )
    if date is None:
        byline.time_only = TIME_OF_DAY.search(text)
    elif printed is date and date_at >= 0:
        _with_time_after(byline, printed, text[date_at + len(printed.raw) :])
    for link in element.iter("a"):
        link_text = inline_text(link).replace("\xa0", " ")
        href = (link.get("href") or "").strip()
        if not link_text or is_permalink(href):
            continue
        if (printed and link_text in printed.raw) or find_date(link_text):  # the date's own link
            continue
        if byline.author_url is None and byline.author and link_text in byline.author:
            byline.author, byline.author_url = clean_author(link_text), href or None
        elif date_at >= 0 and text.find(link_text) > date_at:
            byline.links_after_date.append(link)
    return byline


def _with_time_after(byline: Byline, printed: ParsedDate, rest: str) -> None:
    """A day printed without its time, the time further on: Over-blog's date line "Lundi 15
    décembre 2014 1 15 /12 /Déc /2014 00:26" (platforms.md §3) ends with it."""
    if TIME_OF_DAY.search(printed.raw):
        return
    time = TIME_OF_DAY.search(rest)
    if time and int(time[1]) < 24 and int(time[2]) < 60:
        byline.published = printed.value.replace(hour=int(time[1]), minute=int(time[2]))
        byline.published_raw = f"{printed.raw} {time[0]}"


def with_day_header(byline: Byline, day_header: str | None) -> None:
    """Blogger and Canalblog print the day once above the post and only the time in its footer."""
    day = find_date(day_header) if day_header and byline.published is None else None
    if day is None:
        return
    byline.published, byline.published_raw = day.value, day.raw
    if byline.time_only:
        hour, minute = int(byline.time_only[1]), int(byline.time_only[2])
        if hour < 24 and minute < 60:
            byline.published = day.value.replace(hour=hour, minute=minute)
            byline.published_raw = f"{day.raw} {byline.time_only[0]}"


_URL_DAY = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")


def with_fallback_date(byline: Byline, machine: str | None, url: str | None) -> None:
    """A post that prints no date: a page-wide machine date (article:published_time), else the
    day of its permalink's /YYYY/MM/DD/ (WordPress), at day precision (midnight, raw "YYYY/MM/DD")."""
    found = find_date(machine) if machine else None
    if found is not None:
        byline.published, byline.published_raw = found.value, machine
        return
    match = _URL_DAY.search(url or "")
    if match:
        try:
            byline.published = datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:  # /2010/13/45/: a slug, not a day
            return
        byline.published_raw = "/".join(match.groups())


def with_draft_date(byline: Byline, draft: str | None) -> None:
    """A draft's creation date (Canalblog's `dateCreated`, weeks before publication on some posts)
    is read only where the page prints no date, or to give the time of the very day it prints."""
    found = find_date(draft) if draft else None
    if found is None:
        return
    printed = byline.published
    day_only = printed is not None and not TIME_OF_DAY.search(byline.published_raw or "")
    if printed is None or (day_only and found.value.date() == printed.date()):
        byline.published, byline.published_raw = found.value, draft
