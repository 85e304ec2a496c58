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
    """When the page's budget runs out on its clock, and until when (on the wall clock) it cannot have.

    Reading a thread's CPU clock is a system call (0.5 µs), and the loops call `check_time` for
    every element of a page: that was 6 % of a reader's time. A thread cannot use more CPU time
    than the wall time that passes, so until `unchecked_until` (the wall clock, read in 0.1 µs)
    the budget cannot be spent and its clock is not read. A clock a test injects is always read."""

    budget: TimeBudget
    at: float
    unchecked_until: float = 0.0

    @classmethod
    def starting_now(cls, budget: TimeBudget) -> _Deadline:
        deadline = cls(budget, 0.0)
        deadline.restart()
        return deadline

    def restart(self) -> None:
        self.at = self.budget.clock() + self.budget.seconds
        if self.budget.clock is time.thread_time:
            self.unchecked_until = time.perf_counter() + self.budget.seconds

    def passed(self) -> bool:
        if time.perf_counter() < self.unchecked_until:
            return False
        now = self.budget.clock()
        if self.budget.clock is time.thread_time:
            self.unchecked_until = time.perf_counter() + (self.at - now)
        return now >= self.at


_DEADLINE: ContextVar[_Deadline | None] = ContextVar("page_deadline", default=None)


@contextmanager
def time_budget(budget: TimeBudget | None) -> Iterator[None]:
    """Within this block, `check_time()` enforces `budget` (None: no limit) from `start_page()`."""
    token = _DEADLINE.set(_Deadline.starting_now(budget) if budget else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def start_page() -> None:
    """The next page's reading starts now: its deadline is the budget from here."""
    deadline = _DEADLINE.get()
    if deadline is not None:
        deadline.restart()


def check_time() -> None:
    """Raise `TooSlow` once the current page has used up its budget (no budget: never)."""
    deadline = _DEADLINE.get()
    if deadline is not None and deadline.passed():
        raise TooSlow(f"reading the page took over its budget of {deadline.budget.seconds:g} s")
