"""Several `scrapy crawl` processes, one job, against the real Redis server: a worker SIGKILLed
mid-crawl loses nothing (what it had taken goes back to the queue), writes nothing twice (its
uncommitted posts are written once by another), and the workers share the work."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from dataset_folder.parts import part_files, worker_of
from dataset_folder.validation import validate
from tests.crawling import SITES, HeldSite, wait_for
from tests.job_workers import TIMEOUT, Workers


@pytest.fixture
def workers(redis_url: str, tmp_path: Path) -> Iterator[tuple[Workers, HeldSite]]:
    with HeldSite(SITES / "typepad-fr-sample") as site:
        site.delay = 0.05  # a page takes a moment: the workers overlap
        team = Workers(tmp_path, redis_url, {"url": site.url("/mon_blog/")}, tmp_path / "dataset")
        try:
            yield team, site
        finally:
            team.stop()


def _rows(dataset: Path, table: str) -> list[dict]:
    return ds.dataset(dataset / table, format="parquet").to_table().to_pylist()


def test_a_killed_worker_is_replaced_and_nothing_is_lost_or_doubled(workers, sample_expected: dict) -> None:
    team, site = workers
    site.hold_after(3)  # the first worker gets three posts, then the site keeps it waiting
    # No timed commit for the victim: on a busy machine the wait for the two other workers below
    # can pass PARQUET_COMMIT_SECONDS, and a victim that committed its posts leaves nothing to reclaim.
    victim = team.start(PARQUET_COMMIT_SECONDS="3600")
    wait_for(site.holding.is_set, TIMEOUT, "the first worker to take three posts")
    (victim_id,) = team.registered()
    wait_for(lambda: team.server.zcard(team.key("done", victim_id)) >= 3, TIMEOUT, "posts finished, not committed")
    assert team.server.zcard(team.key("leases", victim_id)) > 0  # and requests in flight
    team.start()
    team.start()
    wait_for(lambda: len(team.registered()) == 3, TIMEOUT, "two more workers")
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    team.start()  # the replacement
    site.release()
    for process in team.processes[1:]:
        assert process.wait(timeout=TIMEOUT) == 0, team.log(team.processes.index(process))

    posts, comments = _rows(team.dataset, "posts"), _rows(team.dataset, "comments")
    assert sorted(p["url"].split("/", 3)[3] for p in posts) == sorted(
        p["path"].lstrip("/") for p in sample_expected["posts"]
    )
    assert len({c["comment_id"] for c in comments}) == len(comments)
    assert len(comments) == sum(len(p["comments"]) for p in sample_expected["posts"])
    assert validate(team.dataset).ok

    # What the victim had taken went back to the queue and was fetched again.
    assert sum(team.stats(n).get("job/requests_reclaimed", 0) for n in (1, 2, 3)) > 0
    assert victim_id not in {worker_of(p.name) for p in part_files(team.dataset, "posts")}
    # Both surviving workers did part of the work: rows in their own parts.
    rows = Counter()
    for part in part_files(team.dataset, "posts"):
        rows[worker_of(part.name)] += ds.dataset(part, format="parquet").count_rows()
    for number in (1, 2):
        assert rows[team.stats(number)["job/worker"]] > 0, rows
    assert not team.registered()  # every live worker left the job cleanly


def test_one_worker_does_not_drain_the_queue(workers, sample_expected: dict) -> None:
    team, site = workers
    site.hold_after(1)  # listings answered, one post, then the site keeps every request waiting
    team.start(CONCURRENT_REQUESTS="16", CONCURRENT_REQUESTS_PER_DOMAIN="16", REDIS_PREFETCH="2")
    wait_for(site.holding.is_set, TIMEOUT, "the worker to wait on the site")
    (worker,) = team.registered()
    # Not a timing assertion: a wait long enough for Scrapy's engine to fill 16 download slots,
    # after which Redis says how many requests this worker took and how many it left queued.
    time.sleep(2)
    assert 0 < team.server.zcard(team.key("leases", worker)) <= 2
    assert team.server.zcard(team.key("requests")) > 10
    site.release()
    assert team.processes[0].wait(timeout=TIMEOUT) == 0, team.log(0)
