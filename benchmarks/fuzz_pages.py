"""Fuzz benchmark: mutated fixture pages through the one reader, with the campaign's worst pages.

Every page goes through `extraction.reader.read_post` with the crawl's time budget. Printed:
pages read, crashes (an exception, or an `extraction_error` skip: must be 0), the slowest page
(must stay under the budget), pages whose intact comment markup lost comments without a recorded
reason (must be 0), outcomes by reason, throughput and peak RSS. Each crash and each
`extraction_error` prints its page's label (fixture/mutation/number: rerun with the same
--seed to get the page back) and the last frames of its traceback, so a count is never
all one learns.

Usage (from the project root):
    .venv/bin/python benchmarks/fuzz_pages.py [--pages 20000] [--seed 1] [FOLDER]

FOLDER holds NAME.html + NAME.json pairs (default tests/fixtures/pages). Besides the random
mutations, the named worst cases always run: 300-level nesting, a 125,000-attribute tag, a
12 MB text node, and a 20 MB page of comment blocks.
"""

from __future__ import annotations

import argparse
import logging
import random
import resource
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blogarchive.items import SkippedPage  # noqa: E402
from extraction.limits import DEFAULT_SECONDS, TimeBudget  # noqa: E402
from tests import page_mutations as m  # noqa: E402


def worst_cases(typepad: m.Fixture) -> Iterator[tuple[str, bytes, int]]:
    """(name, body, expected comments) of the pages the robustness campaign measured."""
    body, count = typepad.body, typepad.comments or 0
    yield "nesting_300", m.after_start(body, m.nesting(300)), count
    yield "attributes_125000", m.before_end(body, m.attribute_storm(125_000)), count
    yield "text_node_12MB", m.after_start(body, m.huge_text(12_000_000)), count
    blocks = 20_000_000 // len(m.many_typepad_comments(b'<div class="comments-content">', 1))
    yield "comment_blocks_20MB", m.many_typepad_comments(body, blocks), count + blocks


LAST_FRAMES = 6  # of a crash's traceback: where it was raised, and what called it


class _Failures(logging.Handler):
    """The tracebacks `read_capture` logs when it turns an exception into `extraction_error`."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        taken, self.records = self.records, []
        return taken


def _last_frames(error: BaseException) -> str:
    lines = traceback.format_exception(type(error), error, error.__traceback__, limit=-LAST_FRAMES)
    return "".join(lines).rstrip()


class Tally:
    def __init__(self) -> None:
        self.pages = self.crashes = self.lost = 0
        self.slowest = (0.0, "")
        self.outcomes: Counter[str] = Counter()
        self.seconds = 0.0
        self.failures = _Failures()
        logging.getLogger("extraction.reader").addHandler(self.failures)

    def read(self, label: str, fixture: m.Fixture, body: bytes, expected: int | None, **kwargs: object) -> float:
        """Read one page, count its outcome; the seconds it took."""
        start = time.perf_counter()
        self.failures.take()
        try:
            result = m.read(fixture, body, budget=TimeBudget(DEFAULT_SECONDS), **kwargs)
        except Exception as error:  # a crash is what this benchmark counts
            self.crashes += 1
            print(f"CRASH {label}: {type(error).__name__}: {error}\n{_last_frames(error)}", file=sys.stderr)
            return time.perf_counter() - start
        finally:
            elapsed = time.perf_counter() - start
            self.pages, self.seconds = self.pages + 1, self.seconds + elapsed
            self.slowest = max(self.slowest, (elapsed, label))
        reason = result.reason if isinstance(result, SkippedPage) else "read"
        self.outcomes[reason] += 1
        if reason == "extraction_error":
            self.crashes += 1
            logged = [r.exc_info[1] for r in self.failures.take() if r.exc_info and r.exc_info[1]]
            frames = "\n".join(_last_frames(error) for error in logged) or "(no traceback logged)"
            print(f"EXTRACTION_ERROR {label}: {result.detail}\n{frames}", file=sys.stderr)
        if expected is not None and reason not in m.CANNOT_READ and m.comment_count(result) != expected:
            self.lost += 1
            print(f"LOST {label}: {m.comment_count(result)} of {expected} comments ({reason})", file=sys.stderr)
        return elapsed

    def report(self, wall: float) -> None:
        print(f"pages                    {self.pages}")
        print(f"crashes                  {self.crashes}")
        print(f"max seconds per page     {self.slowest[0]:.2f} ({self.slowest[1]})")
        print(f"comments lost, no reason {self.lost}")
        print("outcomes                 " + ", ".join(f"{k}: {v}" for k, v in self.outcomes.most_common()))
        rate = self.pages / wall
        print(f"throughput               {rate:.1f} pages/s ({self.seconds:.0f} s reading, {wall:.0f} s wall)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
        print(f"peak RSS                 {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=m.PAGES)
    parser.add_argument("--pages", type=int, default=20_000, help="random mutations, besides the worst cases")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # Each trimmed attribute storm is logged (a crawl's log should say so); here the counts say it.
    logging.getLogger("extraction").setLevel(logging.ERROR)
    fixtures = m.fixtures(args.folder)
    typepad = next(f for f in m.fixtures() if f.name == "typepad-en-classic")
    tally, rng, wall = Tally(), random.Random(args.seed), time.perf_counter()
    for name, body, expected in worst_cases(typepad):
        seconds = tally.read(name, typepad, body, expected)
        print(f"{name:<24} {len(body) / 1e6:5.1f} MB  {seconds:6.2f} s  {tally.outcomes.most_common()}", flush=True)
    for number in range(args.pages):
        fixture = rng.choice(fixtures)
        if rng.random() < 0.5:
            scale = 10 if rng.random() < 0.02 else 1  # a few pages ten times the size
            kind, body = m.mutate_intact(fixture.body, rng, scale=scale)
            tally.read(f"{fixture.name}/{kind}/{number}", fixture, body, fixture.comments)
        else:
            kind, body, headers = m.mutate_damaging(fixture.body, rng)
            tally.read(f"{fixture.name}/{kind}/{number}", fixture, body, None, headers=headers)
    tally.report(time.perf_counter() - wall)


if __name__ == "__main__":
    main()
