"""Mutated fixture pages through the one reader: it never raises, and never loses comments silently.

Seeded mutations (tests/page_mutations.py), a few per fixture, so the run is the same every time
and stays within seconds. Every result is a post or a skip with a declared reason; where the
mutation left the comment markup intact, the post has exactly the fixture's comments, or the
reader said it could not read the page (`truncated_parse`, `too_slow`).
"""

from __future__ import annotations

import random

import pytest

from blogarchive.items import SkippedPage
from extraction.records import ReadPost
from schemas.enums import SKIP_REASONS
from tests.page_mutations import (
    CANNOT_READ,
    INTACT,
    comment_count,
    fixtures,
    many_typepad_comments,
    mutate_damaging,
    mutate_intact,
    read,
)

FIXTURES = fixtures()
POSTS = [f for f in FIXTURES if f.comments is not None]
ROUNDS = 3  # of each kind per fixture and mutation


@pytest.mark.parametrize("fixture", POSTS, ids=lambda f: f.name)
def test_intact_comment_markup_keeps_every_comment_or_says_why(fixture) -> None:
    rng = random.Random(f"intact-{fixture.name}")
    for _ in range(ROUNDS * len(INTACT)):
        kind, body = mutate_intact(fixture.body, rng)
        result = read(fixture, body)
        if isinstance(result, SkippedPage):
            assert result.reason in CANNOT_READ, (kind, result)
        else:
            assert comment_count(result) == fixture.comments, kind


def test_thousands_of_comment_blocks_are_all_read() -> None:
    typepad = next(f for f in POSTS if f.name == "typepad-en-classic")
    assert comment_count(read(typepad, many_typepad_comments(typepad.body, 3000))) == typepad.comments + 3000


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_damaged_pages_give_a_post_or_a_declared_reason(fixture) -> None:
    rng = random.Random(f"damaging-{fixture.name}")
    for _ in range(ROUNDS * 6):
        kind, body, headers = mutate_damaging(fixture.body, rng)
        result = read(fixture, body, headers)
        assert isinstance(result, (ReadPost, SkippedPage)), kind
        if isinstance(result, SkippedPage):
            assert result.reason in SKIP_REASONS and result.reason != "extraction_error", (kind, result)
        else:
            assert result.record.text and [c.position for c in result.record.comments] == list(
                range(1, len(result.record.comments) + 1)
            ), kind
