"""Which archived captures of a post a source hands over: one rule for the Wayback and WARC sources.

An archive may hold a post many times. The most recent distinct contents (one per payload
digest) are read, up to `CAPTURES_PER_POST`, and the reader keeps the one with the most comments
(extraction/reader.py). Each capture of the post goes with, for every comment-page number, the
capture of that page closest to it in time: the comments of one state of the post.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")


def latest_distinct(
    captures: Iterable[T], limit: int, *, moment: Callable[[T], datetime], digest: Callable[[T], str | None]
) -> list[T]:
    """The `limit` most recent captures with distinct contents, latest first."""
    seen: set[str] = set()
    chosen = []
    for capture in sorted(captures, key=moment, reverse=True):
        key = digest(capture)
        if key and key in seen:
            continue
        if key:
            seen.add(key)
        chosen.append(capture)
        if len(chosen) == limit:
            break
    return chosen


def nearest_in_time(candidates: Sequence[T], when: datetime, *, moment: Callable[[T], datetime]) -> T:
    return min(candidates, key=lambda c: abs(moment(c) - when))
