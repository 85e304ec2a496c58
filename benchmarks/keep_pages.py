"""What keeping the pages costs a crawl: time and disk with KEEP_PAGES=1 against KEEP_PAGES=0.

    .venv/bin/python benchmarks/keep_pages.py                   # 1,000 posts, best of 3
    .venv/bin/python benchmarks/keep_pages.py --posts 2000 --rounds 2

A WordPress blog of N posts (the platform fixture model, `tests/fixtures/sites/platform_blogs/`,
grown to N posts with their comments and comment pages) is written to a temporary folder and
served on 127.0.0.1; `scrapy crawl blog` runs over it as a subprocess, with and without pages
kept, the two interleaved round after round so that a busy machine slows both alike. Reported,
for the run of each that used the least CPU: its CPU time (user + system of the crawl process,
which a loaded machine inflates far less than the wall clock), wall time (start-up included),
pages per second, the dataset folder's size on disk, and the ratios kept / not kept.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "sites"))

from platform_blogs import site as site_files  # noqa: E402
from platform_blogs import wordpress  # noqa: E402
from platform_blogs.model import (  # noqa: E402
    CATEGORIES,
    COMMENT_COUNTS,
    SENTENCES,
    TAGS,
    TITLES,
    Blog,
    Post,
    _comments,
    _paragraphs,
    slugify,
)

from blogarchive.static_site import StaticSite  # noqa: E402

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}


def big_blog(posts: int) -> Blog:
    """`posts` posts, one every two days from January 2010, with the fixture's comment counts in turn."""
    start, made = datetime(2010, 1, 4, 9, 30), []
    for index in range(posts):
        title = f"{TITLES[index % len(TITLES)]} ({index + 1})"
        post = Post(
            index=index,
            number=12_603_374 + index * 1_117,
            slug=slugify(title),
            title=title,
            author="Claire Dubois",
            published=start + timedelta(days=2 * index, hours=index % 5, minutes=(index * 13) % 60),
            categories=[CATEGORIES[index % len(CATEGORIES)]],
            tags=[TAGS[index % len(TAGS)], TAGS[(index + 2) % len(TAGS)]],
            paragraphs=_paragraphs(index, 2 + index % 3, SENTENCES, 3),
        )
        post.comments = _comments(post, COMMENT_COUNTS[index % len(COMMENT_COUNTS)], threads=True)
        made.append(post)
    return Blog("Chroniques d’une Parisienne", "Carnet de bord d’une Parisienne pressée", "Claire Dubois", made)


def disk_bytes(folder: Path) -> int:
    """Bytes the folder's files occupy on disk (blocks, as `du` counts them)."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def crawl(home: str, folder: Path, keep: bool) -> dict:
    shutil.rmtree(folder, ignore_errors=True)
    stats = folder.parent / f"{folder.name}-stats.json"
    command = [sys.executable, "-m", "scrapy", "crawl", "blog", "-a", f"url={home}", "-L", "WARNING"]
    settings = {**FAST, "DATASET_DIR": str(folder), "STATS_FILE": str(stats), "KEEP_PAGES": "1" if keep else "0"}
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    began, used = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - began, _children_cpu() - used
    if done.returncode != 0:
        raise SystemExit(f"crawl failed ({done.returncode}): {done.stderr[-2000:]}")
    figures = json.loads(stats.read_text("utf-8"))
    return {
        "seconds": seconds,
        "cpu": cpu,
        "pages": figures.get("response_received_count", 0),
        "posts": figures.get("dataset/posts", 0),
        "disk": disk_bytes(folder),
        "warc": disk_bytes(folder / "warc") if (folder / "warc").is_dir() else 0,
    }


def _children_cpu() -> float:
    """User + system seconds of the finished children: what the crawl cost, whatever else the machine ran."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="keep-pages-") as work:
        work_dir = Path(work)
        blog = big_blog(options.posts)
        site_files.write(wordpress.render(blog), blog, work_dir / "site")
        best: dict[bool, dict] = {}
        with StaticSite(work_dir / "site") as site:
            home = site.url("/")
            for round_number in range(options.rounds):
                for keep in (True, False):
                    run = crawl(home, work_dir / ("kept" if keep else "bare"), keep)
                    label = "KEEP_PAGES=1" if keep else "KEEP_PAGES=0"
                    print(f"round {round_number + 1} {label}: {run['seconds']:.1f} s ({run['cpu']:.1f} s CPU), "
                          f"{run['pages']} pages, "
                          f"{run['posts']} posts, {run['disk'] / 1e6:.1f} MB", flush=True)  # fmt: skip
                    if keep not in best or run["cpu"] < best[keep]["cpu"]:
                        best[keep] = run
        report(best, options.posts)


def report(best: dict[bool, dict], posts: int) -> None:
    kept, bare = best[True], best[False]
    print(f"\nblog of {posts} posts, best of each (least CPU):")
    for label, run in (("KEEP_PAGES=1", kept), ("KEEP_PAGES=0", bare)):
        print(f"  {label}: {run['seconds']:.1f} s wall, {run['cpu']:.1f} s CPU, "
              f"{run['pages'] / run['seconds']:.1f} pages/s wall, {run['pages'] / run['cpu']:.1f} pages/CPU-s, "
              f"{run['disk'] / 1e6:.1f} MB on disk (WARC {run['warc'] / 1e6:.1f} MB)")  # fmt: skip
    print(f"  ratio kept / not kept: CPU time {kept['cpu'] / bare['cpu']:.2f}, "
          f"wall time {kept['seconds'] / bare['seconds']:.2f}, disk {kept['disk'] / bare['disk']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
