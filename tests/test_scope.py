"""A crawl stays inside the blog, and inside its size cap, even when the blog's own pages send it away: redirects (301,
302) and meta refreshes to another port, a cloud-metadata address or another host are refused
before anything connects, and recorded as skipped; so are redirect loops and URLs too long to send."""

from __future__ import annotations

import json

from blogarchive.static_site import StaticSite
from tests.crawling import SITES, crawl

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
