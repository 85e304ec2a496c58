"""What may make a post row less complete or less right than the post was: `posts.warnings`.

Computed once, by the reader, from the post as read (pure code: the same rows from every source).
Each value is declared in `schemas.enums.WARNINGS` with its meaning; a row carries each at most
once, sorted, so `list_contains(warnings, 'no_date')` filters and the card counts posts.
A warning is a reason to doubt a row, never to drop it: the researcher decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from blogarchive.items import SkippedPage
from extraction.generic import GENERIC_PROFILE
from extraction.records import ReadPost

FEWER_THAN_ANNOUNCED = "comments_fewer_than_announced"
MORE_THAN_ANNOUNCED = "comments_more_than_announced"
PAGES_MISSING = "comment_pages_missing"
TITLE_MISSING = "title_missing"
TITLE_IS_BLOG_NAME = "title_is_blog_name"
NO_DATE = "no_date"
SHORT_ARTICLE = "short_article"
GENERIC_READER = "generic_reader"
CAPTURE_UNREAD = "capture_unread/"  # + the skip reason of the capture lost

# Fewer words than this is a sentence or two: what a reader that took a caption, a teaser or the
# "Lire la suite »" link instead of the article leaves. Real posts this short exist (a photo and
# its caption), hence a warning; the shortest fixture articles of every platform hold 20 and more.
SHORT_ARTICLE_WORDS = 20

_WORD = re.compile(r"\w")
_EDGE_PUNCTUATION = " \t\n\xa0\u202f.:;,!?-–—|»«\"'()[]"


def post_warnings(post: ReadPost, unread: Iterable[SkippedPage] = ()) -> list[str]:
    """Every warning that holds for the post, sorted; `unread` are the captures that were lost."""
    record = post.record
    found = {f"{CAPTURE_UNREAD}{skip.reason}" for skip in unread}
    found.update(_count_warnings(post))
    if post.missing:
        found.add(PAGES_MISSING)
    if not (record.title or "").strip():
        found.add(TITLE_MISSING)
    elif record.site_name and _same_name(record.title or "", record.site_name):
        found.add(TITLE_IS_BLOG_NAME)
    if record.published is None:
        found.add(NO_DATE)
    if word_count(record.text) < SHORT_ARTICLE_WORDS:
        found.add(SHORT_ARTICLE)
    if record.profile == GENERIC_PROFILE:
        found.add(GENERIC_READER)
    return sorted(found)


def _count_warnings(post: ReadPost) -> set[str]:
    """Announced against extracted. Fewer is expected when comment pages are missing (that is
    `comment_pages_missing`), so it is a warning of its own only when every page was read:
    comments the reader did not find, or a count that includes trackbacks or unpublished ones.
    More is never expected: comments read twice, trackbacks read as comments, or a stale count."""
    announced, extracted = post.record.comment_count_announced, len(post.record.comments)
    if announced is None or announced == extracted:
        return set()
    if extracted > announced:
        return {MORE_THAN_ANNOUNCED}
    return set() if post.missing else {FEWER_THAN_ANNOUNCED}


def word_count(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit (a lone "–" or "»" is no word)."""
    return sum(1 for token in text.split() if _WORD.search(token))


def _same_name(title: str, name: str) -> bool:
    """Equal once case, spacing (NBSP too) and surrounding punctuation are set aside."""

    def key(text: str) -> str:
        return " ".join(text.replace("\xa0", " ").split()).strip(_EDGE_PUNCTUATION).casefold()

    return bool(key(name)) and key(title) == key(name)
