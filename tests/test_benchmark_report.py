"""The benchmark's per-platform view: pages grouped by platform, each field counted right per tool."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))  # scripts, not a package

from report import group_by_platform, platform_cells, print_platforms
from scoring import PageScore


def _score(name: str, *, right: bool, comments: int = 2, leaks: tuple[str, ...] = ()) -> PageScore:
    return PageScore(
        name,
        title=right,
        author=None,
        published=right,
        published_day=True,
        start=True,
        end=right,
        count=right,
        comments_expected=comments,
        comment_authors_right=comments if right else 0,
        comment_dates_right=comments - 1,
        leaks=list(leaks),
    )


@pytest.fixture
def rows() -> list[tuple[str, PageScore, PageScore]]:
    return [
        ("wordpress", _score("wp-1", right=True), _score("wp-1", right=False, leaks=("a",))),
        ("canalblog", _score("cb-1", right=False), _score("cb-1", right=False)),
        ("wordpress", _score("wp-2", right=False), _score("wp-2", right=True)),
    ]


def test_pages_are_grouped_by_platform_in_name_order(rows: list[tuple[str, PageScore, PageScore]]) -> None:
    groups = group_by_platform(rows)
    assert list(groups) == ["canalblog", "wordpress"]
    assert [s.name for s in groups["wordpress"][0]] == ["wp-1", "wp-2"]


def test_each_cell_is_ours_then_trafilatura_percent(rows: list[tuple[str, PageScore, PageScore]]) -> None:
    ours, trafilatura = group_by_platform(rows)["wordpress"]
    title, author, date, day, start, end, count, c_author, c_date, clean = platform_cells(ours, trafilatura)
    assert (title, date, end, count) == ("50 50",) * 4
    assert author == "· ·"  # no page expects an author
    assert (day, start) == ("100 100", "100 100")
    assert c_author == "50 50"  # per comment: 2 of 4 each
    assert c_date == "50 50"
    assert clean == "100 50"  # trafilatura's wp-1 holds comment text


def test_the_table_ends_with_the_folder_total(
    rows: list[tuple[str, PageScore, PageScore]], capsys: pytest.CaptureFixture[str]
) -> None:
    print_platforms("By platform", group_by_platform(rows))
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[0] for line in lines[2:]] == ["canalblog", "wordpress", "total"]
    assert lines[-1].split()[1:4] == ["3", "33", "33"]  # pages, then title ours / trafilatura


def test_the_throughput_table_gives_the_rate_beyond_the_fixed_cost(capsys: pytest.CaptureFixture[str]) -> None:
    from report import print_throughput
    from throughput import Timing

    ours = Timing("ours", pages=1501, cpu_seconds=3.5, startup_cpu_seconds=0.5)
    trafilatura = Timing("trafilatura", pages=1501, cpu_seconds=15.3, startup_cpu_seconds=0.3)
    assert ours.pages_per_second_after_startup == pytest.approx(500.0)
    assert Timing("unmeasured", pages=10, cpu_seconds=1.0).pages_per_second_after_startup == 0.0
    print_throughput([ours, trafilatura], pinned=True)
    printed = capsys.readouterr().out
    assert "ours / trafilatura: 4.4×" in printed
    assert "start-up left out on both sides: 5.0×" in printed
    assert "0.50     500.0" in printed
