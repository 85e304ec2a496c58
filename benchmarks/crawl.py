"""Crawl overhead: the project's `blog` spider against a bare Scrapy spider on the same loopback blog.

    .venv/bin/python benchmarks/crawl.py                          # 5,000 posts, best of 3, interleaved
    .venv/bin/python benchmarks/crawl.py --posts 1000 10000 --runs 1   # peak RSS as the blog grows

The blog is generated like the platform fixture blogs (tests/fixtures/sites/platform_blogs/: the
model's posts and comments, rendered by the Canalblog renderer: listings paged by 10, 50 comments
a comment page), with as many posts as asked and 0-80 comments each (40 on average), and served
by `StaticSite` in a process of its own, so the server's CPU is not counted against the crawls.

The bare spider follows every link of the blog's host from every page and does nothing else (each
URL yielded once, as the project's spider does: without it Scrapy's duplicate filter sees every
link of every page, and the bare crawl slows as the blog grows, flattering the ratio); the
project's spider runs with the project's settings and components (extraction, dedupe, Parquet,
WARC). Both get the same overrides: no delay, no AutoThrottle, CONCURRENT_REQUESTS and
CONCURRENT_REQUESTS_PER_DOMAIN 16, CONCURRENT_ITEMS 8, robots.txt obeyed. Each run is a
subprocess: pages/s is its responses (Scrapy's `downloader/response_count`) over its crawl time
(`elapsed_time_seconds`); CPU s (user + system, the post reader's included) and peak RSS (the
largest process's) come from the kernel (`wait4`); tree MiB is the peak PSS of the crawl and its
post reader together, sampled every 0.25 s: the memory the crawl needs. Runs alternate project, bare,
project, bare...; the best pages/s of each is kept. The target is a ratio of at least 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "fixtures" / "sites"
TARGET = 0.8
COMMON = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "CONCURRENT_ITEMS": "8",  # the project's own value; Scrapy's 100 costs 100 asyncio tasks a response
    "ROBOTSTXT_OBEY": "1",
    "LOG_LEVEL": "INFO",
    "REMOTE_CONTROL_ENABLED": "0",
    "TELNETCONSOLE_ENABLED": "0",
}


def generate(posts: int, folder: Path) -> None:
    """A Canalblog blog of `posts` posts written to `folder` (root/ and headers.json)."""
    sys.path.insert(0, str(SITES))
    from platform_blogs import canalblog
    from platform_blogs import site as site_files
    from platform_blogs.model import (
        CATEGORIES,
        COMMENT_SENTENCES,
        COMMENTERS,
        SENTENCES,
        TITLES,
        Blog,
        Comment,
        Post,
        _paragraphs,
    )

    start = datetime(2006, 1, 2, 9, 30)
    made = []
    for index in range(posts):
        published = start + timedelta(hours=14 * index + index % 5, minutes=(index * 13) % 60)
        post = Post(
            index=index, number=12_603_374 + index * 1_117, slug=f"billet-{index}",
            title=f"{TITLES[index % len(TITLES)]} ({index})", author="Claire Dubois", published=published,
            categories=[CATEGORIES[index % len(CATEGORIES)]], tags=[],  # the renderer pages no tag past 10 posts
            paragraphs=_paragraphs(index, 3 + index % 4, SENTENCES, 4),
        )  # fmt: skip
        post.comments = [
            Comment(
                number=post.number * 100 + i + 1,
                author=COMMENTERS[(index + i) % len(COMMENTERS)],
                author_url=None,
                published=published + timedelta(minutes=97 * (i + 1)),
                paragraphs=_paragraphs(index + i, 1 + i % 2, COMMENT_SENTENCES, 2),
            )
            for i in range(index * 37 % 81)
        ]
        made.append(post)
    blog = Blog("Chroniques d’une Parisienne", "Carnet de bord d’une Parisienne pressée", "Claire Dubois", made)
    site = canalblog.render(blog)
    for path, body in site.pages.items():
        target = folder / "root" / site_files.file_of(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    (folder / "headers.json").write_text(json.dumps(site.headers))


def distinct_post_pages(count: int, folder: Path) -> list[str]:
    """`count` distinct post pages (NAME.html + NAME.json giving its URL), for `scrapy extract`."""
    generate(count, folder / "site")
    files = []
    for number, page in enumerate(sorted((folder / "site" / "root" / "archives").glob("*/*/*/*.html"))):
        if "-p" in page.name:  # a post's second comment page: the permalink pages are the set
            continue
        html = folder / f"d{number:05d}.html"
        page.rename(html)
        url = f"http://exemple.canalblog.com/{page.relative_to(folder / 'site' / 'root')}"
        html.with_suffix(".json").write_text(json.dumps({"url": url}))
        files.append(str(html))
    subprocess.run(["rm", "-rf", str(folder / "site")], check=True)
    return files


def serve(folder: Path) -> tuple[subprocess.Popen, int]:
    """StaticSite over `folder` in its own process; returns it and its port."""
    code = (
        "import sys, time; from blogarchive.static_site import StaticSite; "
        "site = StaticSite(sys.argv[1]).start(); print(site.port, flush=True); time.sleep(10**6)"
    )
    server = subprocess.Popen([sys.executable, "-c", code, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    return server, int(server.stdout.readline())


@dataclass
class Run:
    who: str
    pages: int
    seconds: float  # the crawl's own elapsed time
    cpu: float
    peak_mib: float  # the largest process's peak RSS (the kernel's)
    tree_peak_mib: float  # the whole process tree's peak PSS, sampled every 0.25 s

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def run(who: str, home: str, work: Path, project: Path = ROOT) -> Run:
    stats = work / f"{who}-stats.json"
    cwd, env = ROOT, {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if who == "project":
        cwd, env["PYTHONPATH"] = project, str(project)  # another checkout's spider: a before/after
        command = [sys.executable, "-m", "scrapy", "crawl", "blog", "-a", f"url={home}",
                   "-s", f"DATASET_DIR={work / 'dataset'}", "-s", f"STATS_FILE={stats}"]  # fmt: skip
        for key, value in COMMON.items():
            command += ["-s", f"{key}={value}"]
    else:
        command = [sys.executable, __file__, "--bare", home, "--stats", str(stats)]
    with (work / f"{who}-log.txt").open("wb") as log:
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log, env=env)
        status, usage, tree_peak = _wait_sampling(process.pid)
    if os.waitstatus_to_exitcode(status) not in (0, 1) or not stats.exists():
        raise SystemExit(f"{who} crawl failed: {(work / f'{who}-log.txt').read_text()[-3000:]}")
    values = json.loads(stats.read_text())
    subprocess.run(["rm", "-rf", str(work / "dataset"), str(stats)], check=True)
    return Run(
        who, values["downloader/response_count"], values["elapsed_time_seconds"],
        usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree_peak / 1024,
    )  # fmt: skip


def _wait_sampling(pid: int) -> tuple[int, Any, float]:
    """wait4 for the crawl, sampling its process tree's proportional set size (PSS, KiB) meanwhile.

    The kernel's peak RSS is the largest single process's: the project's post reader is a process
    of its own, so the tree's peak is the memory a user must have. PSS counts pages the forked
    reader shares with the crawl once, not twice."""
    peak = 0.0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, peak
        peak = max(peak, sum(_pss_kib(member) for member in _tree(pid)))
        time.sleep(0.25)


def _tree(pid: int) -> list[int]:
    members, index = [pid], 0
    while index < len(members):
        try:
            children = Path(f"/proc/{members[index]}/task/{members[index]}/children").read_text().split()
        except OSError:
            children = []
        members += [int(child) for child in children]
        index += 1
    return members


def _pss_kib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def bare_crawl(home: str, stats_path: Path) -> None:
    """A plain Scrapy spider: every link of the blog's host, nothing read, nothing kept."""
    from urllib.parse import urlsplit

    import scrapy
    from scrapy.crawler import CrawlerProcess

    host = urlsplit(home).netloc

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self) -> Any:
            yield scrapy.Request(home, callback=self.parse)

        asked: ClassVar[set[str]] = set()  # a URL once, not once per link to it, as the project asks

        def parse(self, response: Any) -> Any:
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href).split("#", 1)[0]
                if url not in self.asked and urlsplit(url).netloc == host:
                    self.asked.add(url)
                    yield scrapy.Request(url, callback=self.parse)

    process = CrawlerProcess(settings={**COMMON, "HTTPERROR_ALLOW_ALL": True})
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    stats_path.write_text(json.dumps({k: v for k, v in stats.items() if isinstance(v, (int, float))}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[5000])
    parser.add_argument("--runs", type=int, default=3, help="runs of each spider, interleaved; the best is kept")
    parser.add_argument("--only", choices=["project", "bare"], help="run one side only")
    parser.add_argument("--project-root", type=Path, default=ROOT, help="the checkout whose spider runs")
    parser.add_argument("--bare", help=argparse.SUPPRESS)
    parser.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate:
        generate(options.generate, options.folder)
        return
    if options.bare:
        bare_crawl(options.bare, options.stats)
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    columns = ("seconds", "pages/s", "CPU s", "peak MiB", "tree MiB")
    print(f"{'posts':>6} {'spider':>8} {'pages':>6} " + " ".join(f"{c:>9}" for c in columns))
    for posts in options.posts:
        with tempfile.TemporaryDirectory(prefix="bench-crawl-") as scratch:
            work = Path(scratch)
            started = time.perf_counter()
            # In a child: the blog's pages held by this process would count in every crawl's
            # peak RSS (a forked child starts with its parent's resident pages).
            command = [sys.executable, __file__, "--generate", str(posts), "--folder", str(work / "site")]
            subprocess.run(command, cwd=ROOT, check=True)
            print(f"# {posts} posts generated in {time.perf_counter() - started:.0f} s", flush=True)
            server, port = serve(work / "site")
            best: dict[str, Run] = {}
            try:
                for _ in range(options.runs):
                    for who in [options.only] if options.only else ["project", "bare"]:
                        result = run(who, f"http://127.0.0.1:{port}/", work, options.project_root)
                        figures = (result.seconds, result.rate, result.cpu, result.peak_mib, result.tree_peak_mib)
                        print(f"{posts:>6} {who:>8} {result.pages:>6} " + " ".join(f"{f:>9.1f}" for f in figures),
                              flush=True)  # fmt: skip
                        if who not in best or result.rate > best[who].rate:
                            best[who] = result
            finally:
                server.kill()
                server.wait()
            if len(best) == 2:
                ratio = best["project"].rate / best["bare"].rate
                verdict = "ok" if ratio >= TARGET else "UNDER TARGET"
                print(f"{posts:>6} best: project {best['project'].rate:.1f} pages/s, bare {best['bare'].rate:.1f}: "
                      f"ratio {ratio:.2f} (target ≥ {TARGET}, {verdict})", flush=True)  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
