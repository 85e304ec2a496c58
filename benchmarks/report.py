"""Printing: the per-page table (ours and trafilatura side by side in each cell) and the totals with targets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scoring import PageScore
from throughput import Timing

RIGHT, WRONG, NOT_SCORED = "✓", "✗", "·"
PAGE_WIDTH = 42
COLUMNS = {"title": 8, "author": 8, "date": 8, "start": 8, "end": 8, "comments": 14, "count": 10, "leak": 10}
LEGEND = (
    "each cell: ours, then trafilatura.  ✓ right  ✗ wrong  · not scored.  comments: expected comments found with the"
    " right author and date;\ncount: comments extracted, ✓ when it equals the expected number (trafilatura: one blob"
    " or none);  leak: ✗N = N expected comment\nfirst/last fragments found in the article text."
)

Counter = Callable[[Sequence[PageScore]], tuple[int, int]]  # (right, scored)


def _pages(attr: str) -> Counter:
    def count(scores: Sequence[PageScore]) -> tuple[int, int]:
        values = [getattr(s, attr) for s in scores]
        return sum(v is True for v in values), sum(v is not None for v in values)

    return count


def _comments(right: str, total: str) -> Counter:
    def count(scores: Sequence[PageScore]) -> tuple[int, int]:
        return sum(getattr(s, right) for s in scores), sum(getattr(s, total) for s in scores)

    return count


@dataclass(frozen=True)
class Metric:
    label: str
    count: Counter
    target: float | None = None  # minimum percentage for ours
    always: bool = True  # shown even when no page has the expected key


METRICS = [
    Metric("title exact", _pages("title")),
    Metric("author exact", _pages("author")),
    Metric("published right", _pages("published")),
    Metric("  published: day right", _pages("published_day")),
    Metric("article start right", _pages("start"), 95.0),
    Metric("article end right", _pages("end"), 95.0),
    Metric("comments: author + date right", _comments("comments_right", "comments_expected"), 98.0),
    Metric("  comments: author right", _comments("comment_authors_right", "comments_expected")),
    Metric("  comments: date right", _comments("comment_dates_right", "comments_expected")),
    Metric("comment count exact (pages)", _pages("count"), 95.0),
    Metric("not-a-post pages answered with an error", _pages("error_right"), always=False),
    Metric("article text exact (fixtures)", _pages("text_exact"), always=False),
    Metric("announced comment count exact (fixtures)", _pages("announced"), always=False),
    Metric("comment text exact (fixtures)", _comments("comment_texts_right", "comment_texts_expected"), always=False),
]


def mark(value: bool | None) -> str:
    return NOT_SCORED if value is None else RIGHT if value else WRONG


def _pair(a: str, b: str, column: str) -> str:
    return f"{a} {b}".ljust(COLUMNS[column] - 1) + " "


def _comment_cell(s: PageScore) -> str:
    return f"{s.comments_right}/{s.comments_expected}" if s.count is not None else NOT_SCORED


def _count_cell(s: PageScore, extracted: int) -> str:
    return NOT_SCORED if s.count is None else f"{extracted}{mark(s.count)}"


def _leak_cell(s: PageScore) -> str:
    if s.count is None:
        return NOT_SCORED
    return f"{WRONG}{len(s.leaks)}" if s.leaks else RIGHT


def _note(o: PageScore, t: PageScore) -> str:
    if o.expects_error:
        return f"expects an error: ours {mark(o.error_right)} ({o.got_error}), trafilatura {mark(t.error_right)}"
    errors = [f"{name} error: {s.got_error}" for name, s in (("ours", o), ("trafilatura", t)) if s.got_error]
    return "; ".join(errors)


def print_table(rows: Sequence[tuple[PageScore, PageScore, int, int]], folder: str) -> None:
    """One line per page: (ours, trafilatura, ours' comment count, trafilatura's comment count)."""
    print(f"\n{folder}")
    print("page".ljust(PAGE_WIDTH) + "".join(c.ljust(w) for c, w in COLUMNS.items()) + "note")
    for o, t, o_count, t_count in rows:
        name = o.name if len(o.name) <= PAGE_WIDTH - 2 else o.name[: PAGE_WIDTH - 3] + "…"
        cells = [
            _pair(mark(o.title), mark(t.title), "title"),
            _pair(mark(o.author), mark(t.author), "author"),
            _pair(mark(o.published), mark(t.published), "date"),
            _pair(mark(o.start), mark(t.start), "start"),
            _pair(mark(o.end), mark(t.end), "end"),
            _pair(_comment_cell(o), _comment_cell(t), "comments"),
            _pair(_count_cell(o, o_count), _count_cell(t, t_count), "count"),
            _pair(_leak_cell(o), _leak_cell(t), "leak"),
        ]
        print(name.ljust(PAGE_WIDTH) + "".join(cells) + _note(o, t))


def _ratio(right: int, total: int) -> str:
    return f"{right}/{total}".rjust(9) + (f"{100 * right / total:7.1f} %" if total else "    n/a  ")


def print_totals(title: str, ours: Sequence[PageScore], trafilatura: Sequence[PageScore]) -> None:
    print(f"\n{title}")
    print("metric".ljust(44) + "ours".rjust(18) + "trafilatura".rjust(20) + "   target (ours)")
    for metric in METRICS:
        o, t = metric.count(ours), metric.count(trafilatura)
        if not metric.always and not o[1] and not t[1]:
            continue
        target = ""
        if metric.target is not None:
            met = o[1] > 0 and 100 * o[0] / o[1] >= metric.target
            target = f"≥ {metric.target:.0f} %  {'met' if met else 'NOT met'}"
        print(metric.label.ljust(44) + _ratio(*o).rjust(18) + _ratio(*t).rjust(20) + "   " + target)
    o_leaks = sum(bool(s.leaks) for s in ours if s.count is not None)
    t_leaks = sum(bool(s.leaks) for s in trafilatura if s.count is not None)
    met = "met" if o_leaks == 0 else "NOT met"
    label = "pages with comment text in the article"
    print(label.ljust(44) + f"{o_leaks}".rjust(18) + f"{t_leaks}".rjust(20) + f"   0 pages  {met}")


def print_details(ours: Sequence[PageScore]) -> None:
    """What ours got wrong, page by page: expected against extracted."""
    print("\nMismatches (ours)")
    for s in ours:
        for line in s.mismatches:
            print(f"  {s.name}: {line}")


def print_throughput(timings: Sequence[Timing], pinned: bool, title: str = "Throughput") -> None:
    print(f"\n{title}, whole process, {'one core (taskset -c 0)' if pinned else 'NOT pinned: taskset missing'}")
    print(
        "tool".ljust(20)
        + "pages".rjust(8)
        + "runs".rjust(6)
        + "wall s".rjust(10)
        + "CPU s".rjust(10)
        + "pages/s".rjust(10)
        + "start-up s".rjust(12)
        + "after it".rjust(10)
        + "  (pages per CPU second; start-up: CPU s on one page; after it: pages/s beyond the first)"
    )
    for t in timings:
        line = t.tool.ljust(20) + f"{t.pages:8d}{t.invocations:6d}{t.seconds:10.2f}{t.cpu_seconds:10.2f}"
        line += f"{t.pages_per_second:10.1f}{t.startup_cpu_seconds:12.2f}{t.pages_per_second_after_startup:10.1f}"
        print(line + ("   FAILED: " + "; ".join(t.failures) if t.failures else ""))
    by_name = {t.tool: t for t in timings}
    ours, trafilatura = by_name.get("ours"), by_name.get("trafilatura")
    if ours and trafilatura and trafilatura.pages_per_second:
        ratio = ours.pages_per_second / trafilatura.pages_per_second
        print(f"ours / trafilatura: {ratio:.1f}×   target ≥ 10×  {'met' if ratio >= 10 else 'NOT met'}")
        if ours.pages_per_second_after_startup and trafilatura.pages_per_second_after_startup:
            beyond = ours.pages_per_second_after_startup / trafilatura.pages_per_second_after_startup
            print(f"  start-up left out on both sides: {beyond:.1f}×")
    floor = by_name.get("lxml parse only")
    if ours and floor and floor.pages_per_second:
        share = ours.pages_per_second / floor.pages_per_second
        print(f"ours / lxml parse only: {share:.2f}   target ≥ 0.3  {'met' if share >= 0.3 else 'NOT met'}")


def _clean(scores: Sequence[PageScore]) -> tuple[int, int]:
    """Pages with comments expected whose article holds none of their text."""
    scored = [s for s in scores if s.count is not None]
    return sum(not s.leaks for s in scored), len(scored)


# The per-platform view: one column per field, ours then trafilatura in each cell (percent right).
PLATFORM_FIELDS: dict[str, Counter] = {
    "title": _pages("title"),
    "author": _pages("author"),
    "date": _pages("published"),
    "day": _pages("published_day"),  # the date alone: trafilatura gives no time of day
    "start": _pages("start"),
    "end": _pages("end"),
    "count": _pages("count"),
    "c.author": _comments("comment_authors_right", "comments_expected"),
    "c.date": _comments("comment_dates_right", "comments_expected"),
    "no leak": _clean,
}
Group = tuple[list[PageScore], list[PageScore]]  # ours, trafilatura


def group_by_platform(rows: Sequence[tuple[str, PageScore, PageScore]]) -> dict[str, Group]:
    """(platform, ours, trafilatura) rows as each platform's two score lists, platforms in name order."""
    groups: dict[str, Group] = {}
    for platform, ours, trafilatura in rows:
        group = groups.setdefault(platform, ([], []))
        group[0].append(ours)
        group[1].append(trafilatura)
    return dict(sorted(groups.items()))


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:.0f}" if total else NOT_SCORED


def platform_cells(ours: Sequence[PageScore], trafilatura: Sequence[PageScore]) -> list[str]:
    """Each field as 'ours trafilatura' percentages, `·` where no page scores it."""
    return [f"{percent(*count(ours))} {percent(*count(trafilatura))}" for count in PLATFORM_FIELDS.values()]


def print_platforms(title: str, groups: dict[str, Group]) -> None:
    """Per platform and per field, ours then trafilatura, with the folder's total as the last line."""
    print(f"\n{title} (each cell: ours % then trafilatura %; c.author / c.date per comment, others per page)")
    width = 12
    print("platform".ljust(16) + "pages".rjust(6) + "  " + "".join(f.ljust(width) for f in PLATFORM_FIELDS))
    everyone: Group = ([], [])
    for platform, (ours, trafilatura) in [*groups.items(), ("total", everyone)]:
        if platform != "total":
            everyone[0].extend(ours)
            everyone[1].extend(trafilatura)
        cells = "".join(c.ljust(width) for c in platform_cells(ours, trafilatura))
        print(platform.ljust(16) + f"{len(ours):6d}  " + cells)
