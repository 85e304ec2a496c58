"""SIGKILL a crawl mid-way: the folder stays valid, and resuming with the same JOBDIR gives the
dataset an uninterrupted crawl gives, nothing lost and nothing doubled.

SIGKILL runs no shutdown code: the segment being written stays a hidden `.tmp` file, and
Scrapy's JOBDIR is left with an unsaved queue and a seen-set that remembers posts the dataset
never got (see pipelines/jobdir.py for why it is then discarded).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter

from dataset_folder.parts import leftovers, part_files, warc_files
from tests.crawling import PROJECT_ROOT, HeldSite, child_env, crawl, crawl_command, wait_for

# Columns that describe the moment or the run that fetched a row, not its content.
_VOLATILE = {"fetched_at", "tool_version"}
_KEYS = {"posts": "post_id", "comments": "comment_id", "skipped": "url"}
_SMALL_PARTS = {"CONCURRENT_REQUESTS": "1", "PARQUET_ROW_GROUP_SIZE": "2", "PARQUET_COMMIT_POSTS": "2"}


def _content(dataset: Path, table: str) -> list[dict]:
    rows = ds.dataset(dataset / table, format="parquet").to_table().to_pylist()
    key = _KEYS[table]
    return sorted(({k: v for k, v in row.items() if k not in _VOLATILE} for row in rows), key=lambda r: r[key])


def _validate_command(dataset: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "validate", str(dataset)]


def _validate(dataset: Path) -> subprocess.CompletedProcess:
    command = _validate_command(dataset)
    return subprocess.run(command, cwd=PROJECT_ROOT, env=child_env(), capture_output=True, text=True, timeout=120)


def _validating(dataset: Path) -> subprocess.Popen:
    """`scrapy validate` started in the background: `communicate()` gives its output."""
    return subprocess.Popen(
        _validate_command(dataset), cwd=PROJECT_ROOT, env=child_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _kill_after_commits(command: list[str], site: HeldSite, dataset: Path, posts: int, parts: int) -> None:
    """Start the crawl, let the site serve `posts` post pages, SIGKILL the crawl once `parts` are committed.

    Held at the site, the crawl can neither finish nor fetch more posts first: the kill comes at
    that point whatever the machine's load.
    """
    site.hold_after(posts)
    with subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as crawl_process:
        try:
            assert site.holding.wait(timeout=120), f"the crawl never asked for more than {posts} post pages"
            wait_for(lambda: len(part_files(dataset, "posts")) >= parts, 120, f"{parts} committed parts")
            assert crawl_process.poll() is None, "the crawl ended before it could be killed"
        finally:
            crawl_process.kill()  # SIGKILL
            crawl_process.wait(timeout=30)
            site.release(answer=False)  # the requests it left waiting die with it


def _seen_as_a_longer_crawl_leaves_it(jobdir: Path, urls: list[str]) -> None:
    """Put the killed run's requests in JOBDIR's seen-set, as the kill of any longer crawl does.

    Scrapy appends fingerprints to `requests.seen` through an 8 KiB buffer, so a killed crawl
    leaves all of them on disk but the last few hundred; this small blog fits in the buffer.
    """
    seen = RFPDupeFilter(path=str(jobdir))
    for url in urls:
        seen.request_seen(Request(url))
    seen.close("killed")


def test_killed_crawl_leaves_a_valid_folder_and_resumes_exactly(tmp_path: Path, sample_blog) -> None:
    site, home, reference = sample_blog.site, sample_blog.home, sample_blog.result  # one uninterrupted crawl
    total = reference.table("posts").num_rows

    dataset, jobdir = tmp_path / "killed", tmp_path / "job"
    settings = {"JOBDIR": str(jobdir), **_SMALL_PARTS}
    # 8 post pages: at most one of them waits for a comment page, 7 posts make 3 parts of 2.
    command = crawl_command("typepad", dataset, {"url": home}, settings)
    _kill_after_commits(command, site, dataset, posts=8, parts=3)
    _seen_as_a_longer_crawl_leaves_it(jobdir, [site.url(path) for path in site.requests])

    # What the killed run committed is readable and valid; the rest is hidden and ignored.
    kept = ds.dataset(dataset / "posts", format="parquet").count_rows()
    assert 6 <= kept < total
    # `scrapy validate` reads a copy of the folder as the kill left it, while the crawl resumes.
    as_left = tmp_path / "as-left"
    shutil.copytree(dataset, as_left)
    with _validating(as_left) as validating:
        resumed = crawl("typepad", dataset, {"url": home}, **settings)
        out, err = validating.communicate(timeout=120)
    assert validating.returncode == 0, out + err
    assert out.startswith("OK ")
    if leftovers(as_left):
        assert "incomplete leftover(s), ignored" in err
    # The pages of the committed segments were committed before them: complete, and named by their
    # pages rows (which `scrapy validate` found in place above); later pages are hidden, if any.
    assert warc_files(as_left) and ds.dataset(as_left / "pages", format="parquet").count_rows() >= kept
    assert resumed.returncode == 0, resumed.log[-3000:]

    assert resumed.stats.get("jobdir/reset_after_unclean_stop") == 1
    assert resumed.stats.get("posts/already_in_dataset") == kept  # fetched again, not written again
    assert not leftovers(dataset)
    assert warc_files(dataset)  # the resumed run's pages, complete
    for table in _KEYS:
        assert _content(dataset, table) == _content(reference.dataset, table), table
    checked = _validate(dataset)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr == ""
