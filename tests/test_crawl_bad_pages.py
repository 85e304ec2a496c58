"""Pages that yield nothing are counted by reason, logged and kept in `skipped`; the crawl goes on."""

from __future__ import annotations

import json
from pathlib import Path

from blogarchive.static_site import StaticSite
from tests.crawling import SITES, crawl


def test_each_bad_page_is_counted_with_its_reason(tmp_path: Path) -> None:
    folder = SITES / "typepad-bad-pages"
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    with StaticSite(folder) as site:
        result = crawl("typepad", tmp_path / "dataset", {"url": site.url(expected["blog_path"])})

    assert result.returncode == 3, result.log[-3000:]
    assert result.stats["finish_reason"] == "finished"
    # The good posts all made it, bad pages notwithstanding.
    got_posts = {"/" + p["url"].split("/", 3)[3] for p in result.rows("posts")}
    assert got_posts == {p["path"] for p in expected["posts"]}
    # Each bad page: one row in `skipped` with its reason, one count in the stats, one log line.
    skipped = {"/" + row["url"].split("/", 3)[3]: row["reason"] for row in result.rows("skipped")}
    assert skipped == expected["bad"]
    for path, reason in expected["bad"].items():
        assert result.stats.get(f"skipped/{reason}", 0) >= 1, reason
        assert f"{reason}" in result.log and path in result.log
    assert result.stats["skipped/total"] == len(expected["bad"])
