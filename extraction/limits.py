"""Pages that must not be read: refused with a reason, never half-read or read for ever.

Two kinds, both raised from deep inside extraction and turned into a `NotAPost` (then a skipped
row) by `extract_post`: a parse that stopped before the end of the page (`tree.TruncatedParse`),
and a page whose reading overruns its time budget (`TooSlow`).

Pure Python cannot be interrupted from outside, and a crawl reads pages on the reactor thread,
so the budget is cooperative: the loops whose length grows with the page (comments, comment
blocks, candidate containers) call `check_time()`, which raises once the page's deadline has
passed. The C parse itself cannot be stopped, but the prefilter (`prefilter.py`) keeps it linear.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

# Seconds one page may take to read (EXTRACT_TIME_BUDGET); a normal page takes milliseconds.
DEFAULT_SECONDS = 10.0


class PageRefused(Exception):
    """A page extraction declines to read; `reason` is a skip reason of schemas.enums."""

    reason = "extraction_error"

    @property
    def detail(self) -> str:
        return str(self)


class TooSlow(PageRefused):
    reason = "too_slow"


@dataclass(frozen=True)
class TimeBudget:
    """Seconds allowed per page, and the clock they are measured on (tests inject their own).

    The clock is the reading thread's CPU time, not the wall: a page is declined for what it
    costs to read, not for how busy the machine was, so a loaded machine and an idle one (and
    two re-extractions of the same pages) decline the same pages.
    """

    seconds: float = DEFAULT_SECONDS
    clock: Callable[[], float] = time.thread_time

    @classmethod
    def of(cls, seconds: float) -> TimeBudget | None:
        """The budget of a setting in seconds, where 0 (or less) means no limit."""
        return cls(seconds) if seconds > 0 else None


@dataclass
class _Deadline:
    budget: TimeBudget
    at: float


_DEADLINE: ContextVar[_Deadline | None] = ContextVar("page_deadline", default=None)


@contextmanager
def time_budget(budget: TimeBudget | None) -> Iterator[None]:
    """Within this block, `check_time()` enforces `budget` (None: no limit) from `start_page()`."""
    token = _DEADLINE.set(_Deadline(budget, budget.clock() + budget.seconds) if budget else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def start_page() -> None:
    """The next page's reading starts now: its deadline is the budget from here."""
    deadline = _DEADLINE.get()
    if deadline is not None:
        deadline.at = deadline.budget.clock() + deadline.budget.seconds


def check_time() -> None:
    """Raise `TooSlow` once the current page has used up its budget (no budget: never)."""
    deadline = _DEADLINE.get()
    if deadline is not None and deadline.budget.clock() >= deadline.at:
        raise TooSlow(f"reading the page took over its budget of {deadline.budget.seconds:g} s")
