"""Pages past libxml2's limits, and pages slow to read: read whole, or refused with a reason.

Never a confident wrong row: a tree the parser cut is not written as a post with fewer comments,
and a page over its time budget is skipped as `too_slow` (tested with an injected clock, never
with wall-clock time).
"""

from __future__ import annotations

import itertools
import time

import pytest

from blogarchive.items import SkippedPage
from extraction import detect_page_profile
from extraction.limits import TimeBudget, TooSlow, check_time, start_page, time_budget
from extraction.prefilter import MAX_ATTRIBUTES, trim_attribute_storms
from extraction.records import ReadPost
from extraction.text import text_of
from extraction.tree import TruncatedParse, parse_html
from schemas.enums import SKIP_REASONS
from tests.page_mutations import (
    after_start,
    attribute_storm,
    before_end,
    comment_count,
    fixtures,
    huge_text,
    nesting,
    read,
)

TYPEPAD = next(f for f in fixtures() if f.name == "typepad-en-classic")


@pytest.mark.parametrize("depth", [300, 2000])
def test_nesting_deeper_than_libxml2s_default_keeps_the_comments_after_it(depth: int) -> None:
    assert comment_count(read(TYPEPAD, after_start(TYPEPAD.body, nesting(depth)))) == TYPEPAD.comments


def test_unclosed_nesting_before_the_comments_keeps_them() -> None:
    assert comment_count(read(TYPEPAD, after_start(TYPEPAD.body, nesting(300, closed=False)))) == TYPEPAD.comments


def test_nesting_past_every_limit_is_skipped_as_truncated_not_read_in_part() -> None:
    result = read(TYPEPAD, after_start(TYPEPAD.body, nesting(3000, closed=False)))
    assert isinstance(result, SkippedPage) and result.reason == "truncated_parse", result
    assert "truncated_parse" in SKIP_REASONS and "2048" in result.detail


def test_parse_that_stops_early_raises_with_the_part_read() -> None:
    with pytest.raises(TruncatedParse) as raised:
        parse_html("<html><head><title>t</title></head><body>" + "<div>" * 3000 + "</body></html>")
    assert raised.value.partial.findtext(".//title") == "t"


def test_home_page_cut_by_the_parser_still_names_its_platform() -> None:
    body = after_start(TYPEPAD.body, nesting(3000, closed=False))
    profile = detect_page_profile(TYPEPAD.url, body, TYPEPAD.headers)
    assert profile is not None and profile.platform == "typepad"


def test_text_node_over_10_mb_keeps_the_comments_after_it() -> None:
    result = read(TYPEPAD, after_start(TYPEPAD.body, huge_text(12_000_000)))
    assert comment_count(result) == TYPEPAD.comments


def test_text_of_a_tree_nested_2000_deep_does_not_recurse() -> None:
    root = parse_html("<div>" * 2000 + "bottom" + "</div>" * 2000)
    assert text_of(root) == "bottom"


@pytest.mark.parametrize("where", [after_start, before_end])
def test_attribute_storm_is_trimmed_and_the_comments_kept(where) -> None:
    assert comment_count(read(TYPEPAD, where(TYPEPAD.body, attribute_storm(20_000)))) == TYPEPAD.comments


def test_storm_tag_keeps_its_first_attributes_and_what_follows() -> None:
    tag = "<div " + " ".join(f"a{i}='{i}'" for i in range(MAX_ATTRIBUTES + 50)) + ">after</div>"
    root = parse_html(trim_attribute_storms(f"<html><body>{tag}<p>next</p></body></html>"))
    div = root.find(".//div")
    assert len(div.attrib) == MAX_ATTRIBUTES and div.get("a0") == "0" and div.text == "after"
    assert root.findtext(".//p") == "next"


@pytest.mark.parametrize(
    "page",
    [
        TYPEPAD.body.decode("utf-8"),
        "<div " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES)) + ">x</div>",  # at the cap: kept
        "<p>" + "long text without markup " * 1000 + "</p>",
        "<img src='data:image/png;base64," + "A" * 100_000 + "'>",  # a long tag of one attribute
    ],
)
def test_pages_without_storms_are_not_changed(page: str) -> None:
    assert trim_attribute_storms(page) is page


def _ticking_clock() -> itertools.count:
    """A clock that moves one second each time it is read: budgets count clock readings."""
    return itertools.count()


def test_page_over_its_time_budget_is_skipped_as_too_slow() -> None:
    result = read(TYPEPAD, TYPEPAD.body, budget=TimeBudget(3, _ticking_clock().__next__))
    assert isinstance(result, SkippedPage) and result.reason == "too_slow", result
    assert "too_slow" in SKIP_REASONS


def test_zero_budget_refuses_every_page() -> None:
    result = read(TYPEPAD, TYPEPAD.body, budget=TimeBudget(0))
    assert isinstance(result, SkippedPage) and result.reason == "too_slow"


def test_page_within_its_time_budget_is_read() -> None:
    result = read(TYPEPAD, TYPEPAD.body, budget=TimeBudget(10_000, _ticking_clock().__next__))
    assert isinstance(result, ReadPost) and comment_count(result) == TYPEPAD.comments


def test_a_budget_on_the_threads_own_clock_stops_a_page_that_spends_it() -> None:
    """The default clock (CPU time), read only once the wall clock says it may have run out."""
    with time_budget(TimeBudget(0.02)):
        started = time.thread_time()
        with pytest.raises(TooSlow):
            for _ in range(10**7):  # a few seconds of CPU at most, if check_time never raised
                check_time()
                sum(range(200))
        assert time.thread_time() - started >= 0.02


def test_time_a_reader_spends_waiting_is_not_counted_against_its_budget() -> None:
    with time_budget(TimeBudget(0.02)):
        time.sleep(0.05)  # wall time passes, CPU time does not
        assert check_time() is None  # TooSlow otherwise
        start_page()
        assert check_time() is None


def test_budget_setting_of_zero_means_no_limit() -> None:
    assert TimeBudget.of(0) is None and TimeBudget.of(2.5) == TimeBudget(2.5)


def test_comment_id_with_a_control_character_does_not_stop_the_regrouping() -> None:
    blogger = next(f for f in fixtures() if f.name == "blogger-fr-classic")
    body = blogger.body.replace(b"id='c2950118827451820462'", b"id='c2950118827451820462\x01'")
    assert body != blogger.body and comment_count(read(blogger, body)) == blogger.comments
