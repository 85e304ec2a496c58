"""A crawl stays inside the blog, and inside its size cap, even when the blog's own pages send it away: redirects (301,
302) and meta refreshes to another port, a cloud-metadata address or another host are refused
before anything connects, and recorded as skipped."""

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
    posts = [_path(row["url"]) for row in result.rows("posts")]
    assert posts == EXPECTED["posts"]
    assert all(row["url"].startswith(site.url("/blog/")) for row in result.rows("posts"))
    skipped = {_path(row["url"]): row["reason"] for row in result.rows("skipped")}
    for path, reason in EXPECTED["skipped"].items():
        assert skipped.get(path) == reason, (path, skipped)
    # Refused before connecting: no timeout, no connection error to the addresses they name.
    assert not [r for r in result.rows("skipped") if r["reason"].startswith("download_error/")]
    assert result.stats["scope/redirects_refused"] == 3
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
