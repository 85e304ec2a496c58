"""Ctrl-C a crawl, run it again with the same JOBDIR: same dataset as one uninterrupted crawl."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pyarrow.dataset as ds

from blogarchive.static_site import StaticSite
from tests.crawling import PROJECT_ROOT, SITES, crawl, crawl_command

# Columns that describe the content, not the moment or run that fetched it.
_VOLATILE = {"fetched_at", "tool_version"}


def _content(dataset: Path, table: str, key: str) -> list[dict]:
    rows = ds.dataset(dataset / table, format="parquet").to_table().to_pylist()
    return sorted(({k: v for k, v in row.items() if k not in _VOLATILE} for row in rows), key=lambda r: r[key])


def test_interrupted_then_resumed_equals_uninterrupted(tmp_path: Path) -> None:
    with StaticSite(SITES / "typepad-fr-sample", delay=0.03) as site:
        home = site.url("/mon_blog/")
        reference = crawl("typepad", tmp_path / "reference", {"url": home})
        assert reference.returncode == 0, reference.log[-3000:]
        site.requests.clear()

        dataset, jobdir = tmp_path / "resumed", tmp_path / "job"
        settings = {"JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1", **_fast()}
        first = subprocess.Popen(
            crawl_command("typepad", dataset, {"url": home}, settings),
            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while sum(site.requests.values()) < 25 and time.monotonic() < deadline:
            time.sleep(0.02)
        first.send_signal(signal.SIGINT)
        _out, log = first.communicate(timeout=120)
        assert "shutting down gracefully" in log.lower()
        interrupted_posts = ds.dataset(dataset / "posts", format="parquet").count_rows()
        assert 0 < interrupted_posts < ds.dataset(reference.dataset / "posts").count_rows()

        resumed = crawl("typepad", dataset, {"url": home}, JOBDIR=str(jobdir))
        assert resumed.returncode == 0, resumed.log[-3000:]

        # Across both runs, each post page was fetched exactly once.
        post_paths = [p for p in site.requests if p.endswith(".html") and "/20" in p]
        assert post_paths and all(site.requests[p] == 1 for p in post_paths)

    for table, key in (("posts", "post_id"), ("comments", "comment_id")):
        assert _content(dataset, table, key) == _content(reference.dataset, table, key), table
    assert resumed.stats.get("posts/duplicate", 0) == 0


def _fast() -> dict[str, str]:
    return {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0"}
