"""A crawl stays inside the blog, and inside its size cap, even when the blog's own pages send it away: redirects (301,
302) and meta refreshes to another port, a cloud-metadata address or another host are refused
before anything connects, and recorded as skipped; so are redirect loops and URLs too long to send."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyarrow.parquet as pq

from blogarchive.static_site import StaticSite
from tests.crawling import PROJECT_ROOT, SITES, child_env, crawl, crawl_command

SITE = SITES / "typepad-scope-traps"
EXPECTED = json.loads((SITE / "expected.json").read_text("utf-8"))


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_redirects_and_refreshes_out_of_the_blog_are_refused_and_recorded(tmp_path) -> None:
    with StaticSite(SITE) as site:
        result = crawl("blog", tmp_path / "dataset", {"url": site.url("/blog/")}, RETRY_ENABLED="0")
    posts = sorted(_path(row["url"]) for row in result.rows("posts"))
    assert posts == EXPECTED["posts"]  # the page refreshing itself every ten minutes is no loop
    assert all(row["url"].startswith(site.url("/blog/")) for row in result.rows("posts"))
    skipped = {_path(row["url"]): row["reason"] for row in result.rows("skipped")}
    for path, reason in EXPECTED["skipped"].items():
        assert skipped.get(path) == reason, (path, skipped)
    # Refused before connecting: no timeout, no connection error to the addresses they name.
    assert not [r for r in result.rows("skipped") if r["reason"].startswith("download_error/")]
    assert result.stats["scope/redirects_refused"] == 3
    assert result.stats["scope/redirect_loops"] == 1 and result.stats["scope/urls_too_long"] == 1
    assert not [path for path in site.requests if len(path) > 2000]  # the long URL was never sent
    assert "169.254.169.254" not in " ".join(str(k) for k in result.stats)


def test_a_response_over_the_size_cap_is_cut_and_recorded(tmp_path) -> None:
    root = tmp_path / "site" / "root" / "blog"
    (root / "2010" / "06").mkdir(parents=True)
    (root / "index.html").write_text('<html><body><a href="/blog/2010/06/enorme.html">x</a></body></html>')
    (root / "2010" / "06" / "enorme.html").write_bytes(b"<html><body>" + b"<p>bla bla</p>" * 20_000 + b"</body></html>")
    (tmp_path / "site" / "headers.json").write_text("{}")
    with StaticSite(tmp_path / "site") as site:
        result = crawl("blog", tmp_path / "dataset", {"url": site.url("/blog/")}, DOWNLOAD_MAXSIZE="100000")
    assert [(_path(r["url"]), r["reason"]) for r in result.rows("skipped")] == [
        ("/blog/2010/06/enorme.html", "too_large")
    ]
    assert result.returncode == 1  # nothing harvested


def _page(links: list[str]) -> str:
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return f'<html><head><meta name="generator" content="http://www.typepad.com/"></head><body><ul>{anchors}</ul></body></html>'


def test_pager_and_calendar_traps_are_bounded(tmp_path) -> None:
    """A pager that goes on for ever stops at its first page listing no post; impossible months are
    never asked for; a page budget stops the rest."""
    site = tmp_path / "site"
    post = (SITES / "typepad-bad-pages" / "root" / "blog" / "2010" / "01" / "premier_bilan_a.html").read_bytes()
    files = {"blog/index.html": _page(["/blog/2010/01/a.html", "/blog/page/2/", "/blog/2010/13/", "/blog/0001/01/"])}
    files["blog/page/2/index.html"] = _page(["/blog/2010/01/a.html", "/blog/2010/01/b.html", "/blog/page/3/"])
    for n in range(3, 40):  # from page 3 on: no post, for ever (a pager run past the blog's end)
        files[f"blog/page/{n}/index.html"] = _page(["/blog/", f"/blog/page/{n + 1}/"])
    for path, text in files.items():
        (site / "root" / path).parent.mkdir(parents=True, exist_ok=True)
        (site / "root" / path).write_text(text)
    (site / "root" / "blog" / "2010" / "01").mkdir(parents=True)
    for name in ("a", "b"):
        (site / "root" / "blog" / "2010" / "01" / f"{name}.html").write_bytes(post)
    (site / "headers.json").write_text("{}")
    with StaticSite(site) as server:
        result = crawl("blog", tmp_path / "dataset", {"url": server.url("/blog/")})
        budget = crawl("blog", tmp_path / "budget", {"url": server.url("/blog/")}, MAX_PAGES_PER_BLOG="3")
    asked = set(server.requests)
    assert "/blog/page/3/" in asked and "/blog/page/4/" not in asked  # page 3 lists no post: the end
    assert not {"/blog/2010/13/", "/blog/0001/01/"} & asked
    assert result.stats["discovery/impossible_date"] >= 2 and result.stats["discovery/pager_ended"] >= 1
    assert sorted(_path(r["url"]) for r in result.rows("posts")) == ["/blog/2010/01/a.html", "/blog/2010/01/b.html"]
    assert budget.stats["discovery/page_budget_reached"] == 1
    assert budget.stats["scheduler/enqueued"] <= 3 + 3  # the budget; the home and its two guessed entry points


class _HugePages:
    """A blog whose two posts are 500 MB each: one announced by Content-Length, one streamed with
    no length (the case a size check of the headers cannot catch). Counts the bytes it sent."""

    SIZE = 500 * 1024 * 1024

    def __init__(self) -> None:
        self.sent = 0
        pages = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # a body without Content-Length ends when the connection does

            def do_GET(self) -> None:
                if self.path == "/blog/":
                    body = _page(["/blog/2010/06/annonce.html", "/blog/2010/06/sans_longueur.html"]).encode()
                    self._head({"Content-Length": str(len(body))})
                    self.wfile.write(body)
                elif self.path in ("/blog/2010/06/annonce.html", "/blog/2010/06/sans_longueur.html"):
                    announced = self.path.endswith("annonce.html")
                    self._head({"Content-Length": str(pages.SIZE)} if announced else {})
                    self._stream()
                else:
                    self.send_error(404)

            def _head(self, headers: dict[str, str]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()

            def _stream(self) -> None:
                chunk = b"<p>" + b"bla " * 262_143 + b"</p>"  # 1 MiB
                try:
                    for _ in range(pages.SIZE // len(chunk)):
                        self.wfile.write(chunk)
                        pages.sent += len(chunk)
                except OSError:  # the crawl hung up: what it was meant to do
                    pass

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_500_mb_response_is_cut_at_the_default_cap_with_memory_bounded(tmp_path) -> None:
    """With the project's defaults: both posts recorded as too_large, the stream cut after a few
    MB, and the crawl process's peak RSS (from the kernel, for that process alone) under 1 GiB."""
    pages = _HugePages()
    try:
        command = crawl_command("blog", tmp_path / "dataset", {"url": pages.url("/blog/")},
                                {"STATS_FILE": str(tmp_path / "stats.json")})  # fmt: skip
        with (tmp_path / "log.txt").open("wb") as log:
            process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=child_env(), stdout=log, stderr=log)
            _pid, _status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(_status)
    finally:
        pages.stop()
    assert process.returncode == 1, (tmp_path / "log.txt").read_text()[-3000:]  # nothing harvested
    peak_bytes = usage.ru_maxrss * 1024  # kilobytes on Linux
    skipped = pq.read_table(tmp_path / "dataset" / "skipped").to_pylist()
    assert sorted((_path(r["url"]), r["reason"]) for r in skipped) == [
        ("/blog/2010/06/annonce.html", "too_large"),
        ("/blog/2010/06/sans_longueur.html", "too_large"),
    ]
    assert pages.sent < 64 * 1024 * 1024, pages.sent  # cut at DOWNLOAD_MAXSIZE (16 MiB), plus what was in flight
    print(f"sent {pages.sent / 2**20:.0f} MiB of 2 x 500 MiB; crawl peak RSS {peak_bytes / 2**20:.0f} MiB")
    assert peak_bytes < 1024**3, peak_bytes


def test_the_wayback_spider_keeps_the_project_guards() -> None:
    """A spider's DOWNLOADER_MIDDLEWARES replaces the project's: the Wayback crawl must list the
    guards again (too-long URLs, redirects out of the blog, loops) and the job's shared turns."""
    from scrapy.settings import Settings

    from blogarchive import settings as project
    from spiders.wayback import WaybackSpider

    settings = Settings()
    settings.setmodule(project, priority="project")
    WaybackSpider.update_settings(settings)
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert "blogarchive.scope.ScopeGuard" in middlewares
    assert "blogarchive.scope.RedirectLoopGuard" in middlewares
    assert "distributed.budget.SharedTurns" in middlewares
    assert "spiders.wayback_throttle.ArchiveBackoffMiddleware" in middlewares
