"""Wayback utilisation: requests/s the fake archive receives from `scrapy crawl wayback`, against the configured rates.

    .venv/bin/python benchmarks/wayback_rate.py                     # 400 posts: ~100 s at the default rates
    .venv/bin/python benchmarks/wayback_rate.py --quick             # 60 posts: ~30 s
    .venv/bin/python benchmarks/wayback_rate.py --snapshot-rate 20 --cdx-rate 1   # other rates
    .venv/bin/python benchmarks/wayback_rate.py --released          # and the downloader's own clock

The archive is the tests' fake Wayback Machine (tests/fake_wayback.py) on 127.0.0.1, serving in a
thread of this process, which does nothing else while the crawl runs. It holds one capture of every
page of a Canalblog blog generated like the crawl benchmark's (benchmarks/crawl.py: listings paged
by 10, 50 comments a comment page, 0-80 comments a post), so each post is one snapshot request, or
two with its second comment page, plus the archived listings. The index is split into
`--cdx-pages` pages (resumeKey paging), so that the CDX rate is measured on several requests and
not one.

The crawl is the real command a user types, in a subprocess from the project root:
`scrapy crawl wayback -a site=exemple.canalblog.com/ -s WAYBACK_BASE_URL=...`, with the project's
rates (WAYBACK_CDX_RATE, WAYBACK_SNAPSHOT_RATE from blogarchive/settings.py) unless
--snapshot-rate/--cdx-rate are given. The archive logs each request's arrival (time.monotonic());
per kind (CDX, snapshot) the rate is the intervals between the first and last arrival over that
span, (n - 1) / span, since n requests held 1/rate apart span (n - 1)/rate. The target: at least
0.95 of the configured snapshot rate, and never above it. The fastest stretch of any `--window`
consecutive requests is printed too, to show whether a burst goes past the rate. At the archive
that figure also carries the jitter between a request's release and its arrival (tens of ms on a
loaded machine: a 10-request window at 8/s spans 1.1 s, so 40 ms late then on time reads about
4 % above); `--released` adds the tests' DispatchLog download handler (tests/crawling.py), which
notes when the downloader released each request, and prints the same window on that clock, where
the rate is decided. The machine's load average is printed before and after, since the machine is
shared. A short crawl (--quick) reads lower than a long one: a one-off gap of about 1 s early on
(seen at the first post pages in the runs so far) weighs more in a span of 13 s than in one of 80.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crawl import ROOT, generate

sys.path.insert(0, str(ROOT))

from tests.fake_wayback import FakeCapture, FakeWayback
from tests.warc_writer import site_pages

HOST = "exemple.canalblog.com"  # the host the generated Canalblog blog's links name
CAPTURED = "20100801120000"
TARGET = 0.95  # of the configured snapshot rate, at least; and never above it
KINDS = ("cdx", "snapshot")


def span_rate(arrivals: Sequence[float]) -> float:
    """Requests per second over the span from the first arrival to the last: (n - 1) / span.

    Intervals, not requests, over the span: n requests exactly 1/rate apart give `rate`. Zero
    when there are fewer than two requests or they came at the same instant."""
    if len(arrivals) < 2 or arrivals[-1] <= arrivals[0]:
        return 0.0
    return (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])


def max_window_rate(arrivals: Sequence[float], window: int) -> float:
    """The fastest `window` consecutive requests, as a rate: a burst the span's average hides.

    Fewer requests than `window`: the whole series is the one window."""
    size = min(window, len(arrivals))
    if size < 2:
        return 0.0
    return max(span_rate(arrivals[i : i + size]) for i in range(len(arrivals) - size + 1))


@dataclass
class KindFigures:
    kind: str
    requests: int
    span: float
    rate: float
    burst: float  # the fastest window's rate, at the archive
    configured: float
    released_burst: float | None = None  # the fastest window as the downloader released them (--released)

    @property
    def ratio(self) -> float:
        return self.rate / self.configured


def figures(
    kind: str, arrivals: Sequence[float], configured: float, window: int, released: Sequence[float] | None = None
) -> KindFigures:
    """A kind's figures; arrivals are sorted first (the archive's threads log in the order they get its lock)."""
    ordered = sorted(arrivals)
    span = ordered[-1] - ordered[0] if ordered else 0.0
    row = KindFigures(kind, len(ordered), span, span_rate(ordered), max_window_rate(ordered, window), configured)
    if released is not None:
        row.released_burst = max_window_rate(sorted(released), window)
    return row


def verdict(snapshots: KindFigures) -> str:
    """The issue's target, in words: at least TARGET of the snapshot rate over the span, never above it."""
    if snapshots.ratio > 1:
        return "ABOVE THE RATE"
    return "ok" if snapshots.ratio >= TARGET else "UNDER TARGET"


def above(rate: float, configured: float) -> str:
    return "ABOVE" if rate > configured else "not above"


def archive_of(posts: int, folder: Path) -> list[FakeCapture]:
    """One capture of every page of a generated blog of `posts` posts (robots.txt aside)."""
    generate(posts, folder)
    return [
        FakeCapture(f"http://{HOST}{path}", CAPTURED, 200, "text/html", body, content_type)
        for path, body, content_type in site_pages(folder)
        if not path.endswith(".txt")
    ]


def configured_rates(snapshot_rate: float | None, cdx_rate: float | None) -> dict[str, float]:
    """The rates the crawl will hold: the project's settings, or the ones asked for."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    return {
        "cdx": cdx_rate if cdx_rate is not None else settings.getfloat("WAYBACK_CDX_RATE"),
        "snapshot": snapshot_rate if snapshot_rate is not None else settings.getfloat("WAYBACK_SNAPSHOT_RATE"),
    }


def released_settings(work: Path) -> dict[str, str]:
    """The tests' DispatchLog download handler: when the downloader let each request go, on its clock.

    Free of the delays between that moment and the request's arrival (the reactor busy with a
    page, a new connection, the archive's threads on a loaded machine), which can shorten one gap
    at the archive by tens of milliseconds: enough to put a window of 10 requests above the rate
    when the downloader never released two requests less than 1/rate apart."""
    from tests.crawling import dispatch_log

    return dispatch_log(work / "released.json")


def released_moments(work: Path) -> dict[str, list[float]]:
    entries = json.loads((work / "released.json").read_text("utf-8"))
    return {kind: [e["released"] for e in entries if ("/cdx/" in e["url"]) == (kind == "cdx")] for kind in KINDS}


def crawl_command(base: str, work: Path, page_size: int, overrides: dict[str, str]) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "wayback", "-a", f"site={HOST}/",
               "-s", f"WAYBACK_BASE_URL={base}", "-s", f"WAYBACK_CDX_PAGE_SIZE={page_size}",
               "-s", f"DATASET_DIR={work / 'dataset'}", "-s", f"STATS_FILE={work / 'stats.json'}"]  # fmt: skip
    for key, value in overrides.items():
        command += ["-s", f"{key}={value}"]
    return command


def run_crawl(command: list[str], work: Path) -> tuple[int, dict]:
    """The crawl in a subprocess from the project root; its exit code and final stats."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    log = work / "log.txt"
    with log.open("wb") as out:
        code = subprocess.run(command, cwd=ROOT, stdout=out, stderr=out, env=env).returncode
    stats = work / "stats.json"
    if not stats.exists():
        raise SystemExit(f"the crawl failed (exit {code}): {log.read_text()[-3000:]}")
    return code, json.loads(stats.read_text())


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def report(rows: list[KindFigures], window: int) -> None:
    print(f"{'kind':>9} {'requests':>8} {'span s':>7} {'req/s':>7} {'configured':>10} {'ratio':>6} "
          f"{f'max/{window} req':>11}")  # fmt: skip
    for row in rows:
        released = "" if row.released_burst is None else f"  (released by the downloader: {row.released_burst:.3f})"
        print(f"{row.kind:>9} {row.requests:>8} {row.span:>7.1f} {row.rate:>7.3f} {row.configured:>10.3f} "
              f"{row.ratio:>6.3f} {row.burst:>11.3f}{released}")  # fmt: skip
    snap = rows[KINDS.index("snapshot")]
    print(f"snapshots: {snap.ratio:.3f} of the configured rate over the span (target ≥ {TARGET}, "
          f"never above: {verdict(snap)})")  # fmt: skip
    print(f"fastest {window} snapshot requests in a row: {snap.burst / snap.configured:.3f} of the rate at the "
          f"archive ({above(snap.burst, snap.configured)})", end="")  # fmt: skip
    if snap.released_burst is not None:
        share = snap.released_burst / snap.configured
        print(f", {share:.3f} as the downloader released them ({above(snap.released_burst, snap.configured)})", end="")
    print()


def measure(
    posts: int, cdx_pages: int, overrides: dict[str, str], released: bool
) -> tuple[dict[str, list[float]], dict[str, list[float]] | None]:
    """One crawl of a generated blog through the fake archive; per kind, the requests' arrivals
    (and, with `released`, their release by the downloader)."""
    with tempfile.TemporaryDirectory(prefix="bench-wayback-") as scratch:
        work = Path(scratch)
        captures = archive_of(posts, work / "site")
        page_size = -(-len(captures) // cdx_pages)
        archive = FakeWayback(captures)
        extra = released_settings(work) if released else {}
        command = crawl_command(archive.base, work, page_size, {**overrides, **extra})
        print(f"# {posts} posts, {len(captures)} captures, index pages of {page_size} rows", flush=True)
        print("# " + shlex.join(command).replace(str(work), "$TMP").replace(sys.executable, "python"), flush=True)
        print(f"load average before: {load()}", flush=True)
        started = time.perf_counter()
        try:
            code, stats = run_crawl(command, work)
        finally:
            archive.stop()
        responses = stats.get("downloader/response_count", 0)
        print(f"crawl: exit {code}, {time.perf_counter() - started:.1f} s wall, "
              f"{stats.get('item_scraped_count', 0)} items, {responses} responses")  # fmt: skip
        print(f"load average after: {load()}")
        arrivals = {kind: archive.arrivals(kind) for kind in KINDS}
        return arrivals, released_moments(work) if released else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=400, help="posts in the generated blog")
    parser.add_argument("--quick", action="store_true", help="60 posts: a look in ~30 s")
    parser.add_argument("--snapshot-rate", type=float, help="WAYBACK_SNAPSHOT_RATE (default: the project's)")
    parser.add_argument("--cdx-rate", type=float, help="WAYBACK_CDX_RATE (default: the project's)")
    parser.add_argument("--cdx-pages", type=int, default=6, help="pages the index is split into")
    parser.add_argument("--window", type=int, default=10, help="requests in the sliding window for bursts")
    parser.add_argument("--released", action="store_true", help="also log when the downloader released each request")
    options = parser.parse_args()
    given = {"cdx": options.cdx_rate, "snapshot": options.snapshot_rate}
    overrides = {f"WAYBACK_{kind.upper()}_RATE": str(rate) for kind, rate in given.items() if rate is not None}
    rates = configured_rates(options.snapshot_rate, options.cdx_rate)
    print(f"configured rates: snapshots {rates['snapshot']:g}/s, CDX {rates['cdx']:g}/s"
          f" ({'given' if overrides else 'the project default'})")  # fmt: skip
    arrivals, released = measure(60 if options.quick else options.posts, options.cdx_pages, overrides, options.released)
    rows = [
        figures(kind, arrivals[kind], rates[kind], options.window, released[kind] if released else None)
        for kind in KINDS
    ]
    report(rows, options.window)


if __name__ == "__main__":
    main()
