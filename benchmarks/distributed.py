"""Pages per second for 1, 2 and 4 workers of one distributed job, on a loopback blog.

`PYTHONPATH=. .venv/bin/python benchmarks/distributed.py [--posts 2000] [--workers 0 1 2 4]` (0: plain)

The blog is the sample TypePad blog plus `--posts` generated posts (copies of one sample post
under their own addresses, listed by month archives the home page links to), served on
127.0.0.1 by `StaticSite`; a `redis-server` is started on a free port for the run. For each
worker count, a fresh job writes a fresh dataset; the figure is pages served by the site divided
by the time between the first and the last request it answered (counted at the server, so the
workers' start-up and their final idle wait are left out), and the wall time is given beside it;
the ratio is to one worker. `0` runs the same crawl without Redis, the reference for one worker.
The workers' CPU time is printed too: on a machine whose cores are busy with other work, the
pages per CPU-second say what the workers cost, where the pages per second cannot scale.
Loopback sites, no politeness delay: this measures the workers, not a real blog's patience.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blogarchive.static_site import StaticSite  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "sites" / "typepad-fr-sample"
TEMPLATE = "mon_blog/2010/01/les_reseaux_soc.html"  # a post with its comments on one page
PER_MONTH = 100


class TimedSite(StaticSite):
    """A StaticSite that notes when it answered its first and its last request."""

    first = last = 0.0

    def _respond(self, handler: object) -> None:
        super()._respond(handler)
        now = time.monotonic()
        self.first = self.first or now
        self.last = now


def build_blog(folder: Path, posts: int) -> int:
    """The sample blog plus `posts` generated posts; the number of posts in all."""
    shutil.copytree(SAMPLE / "root", folder / "root")
    shutil.copyfile(SAMPLE / "headers.json", folder / "headers.json")
    template = (SAMPLE / "root" / TEMPLATE).read_bytes()
    months: dict[str, list[str]] = {}
    for number in range(posts):
        year, month = 2011 + number // PER_MONTH // 12, number // PER_MONTH % 12 + 1
        path = f"/mon_blog/{year}/{month:02d}/bench_{number:05d}.html"
        (folder / "root" / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (folder / "root" / path.lstrip("/")).write_bytes(template)
        months.setdefault(f"/mon_blog/{year}/{month:02d}/", []).append(path)
    for month, paths in months.items():
        links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in paths)
        page = f"<html><head><title>{month}</title></head><body><ul>{links}</ul></body></html>"
        (folder / "root" / month.lstrip("/") / "index.html").write_text(page, encoding="utf-8")
    home = folder / "root" / "mon_blog" / "index.html"
    extra = "".join(f'<a href="{m}">{m}</a>' for m in months).encode()
    home.write_bytes(home.read_bytes().replace(b"</body>", extra + b"</body>"))
    return posts + 32


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    binary = shutil.which("redis-server") or sys.exit("redis-server is needed (apt-get install redis-server)")
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                                "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)  # fmt: skip
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


def run_job(site: TimedSite, redis_url: str, workers: int, folder: Path) -> dict[str, float]:
    site.first = site.last = 0.0
    site.requests.clear()
    """`workers` processes of one job; 0: one plain crawl without Redis (the reference)."""
    settings = {"REDIS_URL": redis_url, "JOB_NAME": f"bench-{uuid.uuid4().hex[:8]}", "REDIS_IDLE_SECONDS": "2",
                "DATASET_DIR": str(folder / f"dataset-{workers}"), "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0",
                "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "REDIS_PREFETCH": "8", "KEEP_PAGES": "0",
                "LOG_LEVEL": "WARNING", "PROGRESS_INTERVAL_SECONDS": "60"}  # fmt: skip
    if workers == 0:
        del settings["REDIS_URL"]
    command = [sys.executable, "-m", "scrapy", "crawl", "blog", "-a", f"url={site.url('/mon_blog/')}"]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    started, cpu_before = time.monotonic(), _children_cpu()
    log = (folder / f"workers-{workers}.log").open("ab")
    processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
                 for _ in range(max(1, workers))]  # fmt: skip
    codes = [p.wait() for p in processes]
    log.close()
    if any(codes):
        print((folder / f"workers-{workers}.log").read_text(errors="replace")[-2000:], file=sys.stderr)
    wall = time.monotonic() - started
    pages, seconds = sum(site.requests.values()), site.last - site.first
    failed, cpu = sum(code != 0 for code in codes), _children_cpu() - cpu_before
    return {"workers": workers, "pages": pages, "seconds": seconds, "wall": wall, "cpu": cpu,
            "pages_per_second": pages / max(1e-9, seconds), "failed": failed}  # fmt: skip


def _children_cpu() -> float:
    """User + system seconds of the worker processes that have ended (start-up included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="0: a plain crawl, no Redis")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="blogarchive-bench-") as temp:
        folder = Path(temp)
        total = build_blog(folder / "site", options.posts)
        redis, url = start_redis(folder)
        try:
            with TimedSite(folder / "site") as site:
                results = [run_job(site, url, n, folder) for n in options.workers]
        finally:
            redis.terminate()
            redis.wait()
    base = next(r["pages_per_second"] for r in results if r["workers"] == 1) if 1 in options.workers else 1.0
    print(f"loopback blog of {total} posts; {len(results)} jobs; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print("workers  pages  seconds  pages/s  ratio  wall_s  cpu_s  pages/cpu_s  failed_workers")
    for r in results:
        print(f"{r['workers'] or 'plain':>7}  {r['pages']:>5}  {r['seconds']:>7.1f}  {r['pages_per_second']:>7.1f}  "
              f"{r['pages_per_second'] / base:>5.2f}  {r['wall']:>6.1f}  {r['cpu']:>5.0f}  "
              f"{r['pages'] / max(1e-9, r['cpu']):>11.1f}  {r['failed']:>14}")  # fmt: skip


if __name__ == "__main__":
    main()
