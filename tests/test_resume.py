"""Ctrl-C a crawl, run it again with the same JOBDIR: same dataset as one uninterrupted crawl."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pyarrow.dataset as ds

from tests.crawling import PROJECT_ROOT, ChildStderr, child_env, crawl, crawl_command

# Columns that describe the content, not the moment or run that fetched it.
_VOLATILE = {"fetched_at", "tool_version"}


def _content(dataset: Path, table: str, key: str) -> list[dict]:
    rows = ds.dataset(dataset / table, format="parquet").to_table().to_pylist()
    return sorted(({k: v for k, v in row.items() if k not in _VOLATILE} for row in rows), key=lambda r: r[key])


def test_interrupted_then_resumed_equals_uninterrupted(tmp_path: Path, sample_blog) -> None:
    site, home, reference = sample_blog.site, sample_blog.home, sample_blog.result  # one uninterrupted crawl
    site.requests.clear()
    dataset, jobdir = tmp_path / "resumed", tmp_path / "job"
    settings = {"JOBDIR": str(jobdir), "CONCURRENT_REQUESTS": "1"}
    site.hold_after(posts=10)  # the crawl stops there, however slow or fast it runs
    try:
        with subprocess.Popen(
            crawl_command("typepad", dataset, {"url": home}, settings),
            cwd=PROJECT_ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        ) as first:  # fmt: skip
            stderr = ChildStderr(first)
            try:
                assert site.holding.wait(timeout=120), "the crawl never asked for more than 10 post pages"
                first.send_signal(signal.SIGINT)
                # Answer the request in flight once Scrapy has seen the Ctrl-C: a graceful stop waits for it.
                assert stderr.seen("shutting down gracefully", timeout=60), stderr.text(0)
                site.release()
                first.wait(timeout=120)
            finally:
                first.kill()
            log = stderr.text(timeout=30)
    finally:
        site.release()
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
