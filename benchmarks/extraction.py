"""Extraction benchmark: `scrapy extract` against trafilatura, for accuracy and for speed.

Accuracy is scored field by field on folders of NAME.html + NAME.json pairs (expected values
written by a person); speed is whole-process pages per second on one core. Both tools run as
separate processes on the same files, so the numbers are what a user would see.

Usage (from the project root):
    .venv/bin/python benchmarks/extraction.py [FOLDER ...] [--throughput-pages 1000] [--skip-throughput]

Without FOLDER: ../shared/dev-pages and tests/fixtures/pages, whichever exist.
`--distinct N` also times the three tools over N distinct post pages (a Canalblog blog generated
like the platform fixture blogs, 0-80 comments a page, no page twice): the timed folder above
repeats its pages, which lets caches (dates, names) flatter every tool.
Needs the `bench` extra (trafilatura): .venv/bin/pip install -e '.[bench]'
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import report
import tools
from scoring import Page, PageScore, load_pages, score_page
from throughput import Timing, build_work_folder, pin_prefix, time_tools

DEFAULT_FOLDERS = [tools.ROOT.parent / "shared" / "dev-pages", tools.ROOT / "tests" / "fixtures" / "pages"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders of NAME.html + NAME.json pairs")
    parser.add_argument("--throughput-pages", type=int, default=1000, help="pages in the timed work folder")
    parser.add_argument("--skip-throughput", action="store_true", help="score only, do not time")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs per tool, interleaved; the fastest counts (shared machines)"
    )
    parser.add_argument("--distinct", type=int, default=0, help="also time N distinct generated post pages")
    parser.add_argument("--details", action="store_true", help="also list what ours got wrong, page by page")
    parser.add_argument("--keep-workdir", action="store_true", help="keep the timed work folder (its path is printed)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    folders = args.folders or [f for f in DEFAULT_FOLDERS if f.is_dir()]
    if not folders:
        defaults = ", ".join(map(str, DEFAULT_FOLDERS))
        raise SystemExit(f"no page folder given and none of the defaults exists: {defaults}")
    by_folder = {folder: load_pages(folder) for folder in folders}
    pages = [page for folder_pages in by_folder.values() for page in folder_pages]
    if not pages:
        raise SystemExit("no NAME.html + NAME.json pairs in " + ", ".join(map(str, folders)))
    commands: list[str] = []

    files = [str(page.html) for page in pages]
    ours, trafilatura = tools.ours(), tools.trafilatura()
    ours_records = tools.run_jsonl(ours, files)
    trafilatura_records = tools.run_jsonl(trafilatura, files)
    commands += [f"# scoring, {ours.name}: " + tools.shell_line(ours.argv, files)]
    commands += [f"# scoring, {trafilatura.name}: " + tools.shell_line(trafilatura.argv, files)]

    print(report.LEGEND)
    all_ours: list[PageScore] = []
    all_trafilatura: list[PageScore] = []
    for folder, folder_pages in by_folder.items():
        rows = [score_both(page, ours_records, trafilatura_records) for page in folder_pages]
        report.print_table(rows, f"{folder} ({len(rows)} pages)")
        all_ours += [row[0] for row in rows]
        all_trafilatura += [row[1] for row in rows]
        platforms = [
            (page.expected.get("platform") or "unknown", row[0], row[1])
            for page, row in zip(folder_pages, rows, strict=True)
        ]
        report.print_platforms(f"By platform, {folder}", report.group_by_platform(platforms))
        if len(by_folder) > 1:
            report.print_totals(f"Totals, {folder}", [r[0] for r in rows], [r[1] for r in rows])
    report.print_totals(f"Totals, all {len(pages)} pages", all_ours, all_trafilatura)
    if args.details:
        report.print_details(all_ours)

    if not args.skip_throughput:
        timings = measure_throughput(pages, args.throughput_pages, args.keep_workdir, args.repeat)
        report.print_throughput(timings, pinned=bool(pin_prefix()))
        commands += [f"# throughput, {t.tool}: {line}" for t in timings for line in t.commands]

    if args.distinct:
        timings = measure_distinct(args.distinct, args.repeat)
        report.print_throughput(
            timings, pinned=bool(pin_prefix()), title=f"Throughput on {args.distinct} distinct pages"
        )
        commands += [f"# distinct pages, {t.tool}: {line}" for t in timings for line in t.commands]

    print("\nCommands (run from " + str(tools.ROOT) + ")")
    print("\n".join(commands))


def score_both(
    page: Page, ours_records: dict[str, dict], trafilatura_records: dict[str, dict]
) -> tuple[PageScore, PageScore, int, int]:
    """Both tools' scores on one page, with the number of comments each extracted (for the table)."""
    ours = tools.from_ours(ours_records.get(str(page.html)))
    trafilatura = tools.from_trafilatura(trafilatura_records.get(str(page.html)))
    return score_page(page, ours), score_page(page, trafilatura), ours.comment_count, trafilatura.comment_count


def measure_throughput(pages: list[Page], count: int, keep: bool, repeat: int = 3) -> list[Timing]:
    """Time the three processes over one work folder of at least `count` page copies (`time_tools`)."""
    workdir = Path(tempfile.mkdtemp(prefix="extraction-bench-"))
    try:
        files = build_work_folder(pages, count, workdir)
        return time_tools(files, (tools.ours(), tools.trafilatura(), tools.lxml_parse()), repeat)
    finally:
        if keep:
            print(f"\nwork folder kept: {workdir}")
        else:
            shutil.rmtree(workdir)


def measure_distinct(count: int, repeat: int) -> list[Timing]:
    """The three tools over `count` distinct post pages, interleaved, the fastest run of each."""
    from crawl import distinct_post_pages

    workdir = Path(tempfile.mkdtemp(prefix="extraction-distinct-"))
    try:
        files = distinct_post_pages(count, workdir)
        return time_tools(files, (tools.ours(), tools.trafilatura(), tools.lxml_parse()), repeat)
    finally:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
