"""The Wayback benchmark's arithmetic: a rate over a span of arrivals, and the fastest window in it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))  # scripts, not a package

from wayback_rate import KindFigures, figures, max_window_rate, span_rate, verdict


def test_requests_evenly_spaced_give_the_rate_they_are_held_to() -> None:
    """n requests 1/rate apart span (n - 1)/rate: counting requests, not intervals, would read high."""
    assert span_rate([i * 0.125 for i in range(9)]) == pytest.approx(8.0)


@pytest.mark.parametrize("arrivals", [[], [3.0], [2.0, 2.0]])
def test_too_few_requests_have_no_rate(arrivals: list[float]) -> None:
    assert span_rate(arrivals) == 0.0


def test_a_burst_shows_in_the_window_not_in_the_average() -> None:
    """Ten requests at 8/s, then a pause: the average is well under the rate, the burst is not."""
    arrivals = [i * 0.125 for i in range(10)] + [10.0 + i * 0.125 for i in range(10)]
    assert span_rate(arrivals) < 2
    assert max_window_rate(arrivals, 10) == pytest.approx(8.0)
    assert max_window_rate(arrivals, 5) == pytest.approx(8.0)


def test_the_fastest_window_is_found_wherever_it_is() -> None:
    arrivals = [0.0, 1.0, 2.0, 2.1, 2.2, 3.2]
    assert max_window_rate(arrivals, 3) == pytest.approx(2 / 0.2)


def test_a_window_longer_than_the_series_is_the_whole_series() -> None:
    assert max_window_rate([0.0, 2.5, 5.0], 10) == pytest.approx(0.4)


def test_figures_sort_arrivals_logged_out_of_order() -> None:
    """Threads of the archive append to its log as they get the lock, not always in arrival order."""
    row = figures("snapshot", [0.25, 0.0, 0.125], configured=8.0, window=10)
    assert (row.requests, row.span, row.rate, row.ratio) == (3, 0.25, 8.0, 1.0)


def test_the_downloaders_release_times_get_the_same_window() -> None:
    row = figures("snapshot", [0.0, 0.2, 0.25], configured=8.0, window=10, released=[0.25, 0.0, 0.125])
    assert row.burst == pytest.approx(8.0) and row.released_burst == pytest.approx(8.0)
    assert figures("snapshot", [0.0, 0.125], configured=8.0, window=10).released_burst is None


@pytest.mark.parametrize(
    ("rate", "expected"), [(7.9, "ok"), (7.6, "ok"), (7.5, "UNDER TARGET"), (8.1, "ABOVE THE RATE")]
)
def test_the_verdict_is_at_least_95_percent_and_never_above(rate: float, expected: str) -> None:
    assert verdict(KindFigures("snapshot", 100, 12.0, rate, 8.0, 8.0)) == expected
