"""The lease and claim rules of a distributed job, against the real Redis server (no crawl):
what a worker takes stays leased until released, a dead worker's leases go back to the queue,
a live worker's stay put, and a post is claimed by one worker unless its claimant died before
committing it."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dataset_folder.parts import final_path, part_name, worker_run_id
from distributed.claims import Claims
from distributed.job import Job, connect
from distributed.leases import LeaseBook
from schemas import POSTS


@pytest.fixture
def job_name() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def _worker(redis_url: str, job_name: str, lease_seconds: float = 30.0) -> Job:
    job = Job(job_name, connect(redis_url), lease_seconds=lease_seconds)
    job.beat()
    return job


def _queue(job: Job, *entries: str) -> None:
    job.server.zadd(job.queue_key, {entry: float(i) for i, entry in enumerate(entries)})


def _die(job: Job) -> None:
    """SIGKILL, as the others see it: the heartbeat expires."""
    job.server.delete(job.heartbeat_key())


def test_a_taken_request_is_leased_not_gone(redis_url: str, job_name: str) -> None:
    job = _worker(redis_url, job_name)
    _queue(job, "a", "b", "c")
    book = LeaseBook(job)
    assert book.take() == (b"a", 0.0)
    assert job.server.zrange(job.queue_key, 0, -1) == [b"b", b"c"]
    assert job.server.zrange(job.leases_key(), 0, -1) == [b"a"]
    assert not book.frontier_empty()


def test_a_dead_workers_leases_and_uncommitted_work_go_back(redis_url: str, job_name: str) -> None:
    dead, survivor = _worker(redis_url, job_name), _worker(redis_url, job_name)
    _queue(dead, "a", "b", "c")
    book = LeaseBook(dead)
    for _ in range(2):
        entry, score = book.take()
        book.hold(entry, entry, score)  # the entry stands for its request
    book.settle(running={b"b"})  # `a` is finished, waiting for a commit; `b` still runs
    assert dead.server.zrange(dead.done_key(), 0, -1) == [b"a"]
    _die(dead)
    assert LeaseBook(survivor).reclaim_dead() == 2
    assert survivor.server.zrange(survivor.queue_key, 0, -1, withscores=True) == [(b"a", 0.0), (b"b", 1.0), (b"c", 2.0)]
    assert dead.worker not in survivor.workers()


def test_a_live_workers_leases_stay(redis_url: str, job_name: str) -> None:
    busy, other = _worker(redis_url, job_name), _worker(redis_url, job_name)
    _queue(busy, "a")
    LeaseBook(busy).take()
    assert LeaseBook(other).reclaim_dead() == 0
    assert busy.server.zcard(busy.leases_key()) == 1
    assert not LeaseBook(other).frontier_empty()  # `a` may still yield requests


def test_an_expired_heartbeat_is_death(redis_url: str, job_name: str) -> None:
    short = _worker(redis_url, job_name, lease_seconds=0.2)
    assert short.beat()
    time.sleep(0.3)
    observer = _worker(redis_url, job_name)
    assert not observer.alive(short.worker)
    assert not short.beat()  # it notices it was presumed dead


def test_committed_leases_are_released_and_the_frontier_empties(redis_url: str, job_name: str) -> None:
    job = _worker(redis_url, job_name)
    _queue(job, "a")
    book = LeaseBook(job)
    entry, score = book.take()
    book.hold(entry, entry, score)
    book.settle(running=set())
    assert book.frontier_empty()  # finished: it can yield no more requests
    assert book.release() == 1
    assert job.server.zcard(job.done_key()) == 0


def test_give_back_requeues_what_was_not_committed(redis_url: str, job_name: str) -> None:
    job = _worker(redis_url, job_name)
    _queue(job, "a", "b")
    book = LeaseBook(job)
    for _ in range(2):
        entry, score = book.take()
        book.hold(entry, entry, score)
    book.settle(running={b"b"})
    assert book.give_back() == 2
    assert job.server.zrange(job.queue_key, 0, -1) == [b"a", b"b"]
    assert job.server.zcard(job.leases_key()) == job.server.zcard(job.done_key()) == 0


def _committed_post(folder: Path, worker: str, post_id: str) -> None:
    path = final_path(folder, POSTS.name, part_name(worker_run_id("20261201T000000-00000000", worker), 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({POSTS.primary_key: [post_id]}), path)


def test_a_post_is_claimed_by_one_live_worker(redis_url: str, job_name: str, tmp_path: Path) -> None:
    first, second = _worker(redis_url, job_name), _worker(redis_url, job_name)
    assert Claims(first, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")
    assert not Claims(second, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")
    assert Claims(first, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")  # its own claim


def test_a_dead_claimants_uncommitted_post_passes_to_one_other(redis_url: str, job_name: str, tmp_path: Path) -> None:
    dead, second, third = (_worker(redis_url, job_name) for _ in range(3))
    assert Claims(dead, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")
    _die(dead)
    assert Claims(second, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")
    assert not Claims(third, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")


def test_a_dead_claimants_committed_post_stays_its(redis_url: str, job_name: str, tmp_path: Path) -> None:
    dead, second = _worker(redis_url, job_name), _worker(redis_url, job_name)
    assert Claims(dead, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")
    _committed_post(tmp_path, dead.worker, "p1")
    _die(dead)
    assert not Claims(second, tmp_path).claim(POSTS.name, POSTS.primary_key, "p1")


def test_turns_are_spaced_by_the_interval_across_workers(redis_url: str, job_name: str) -> None:
    from distributed.budget import ArchiveBudget

    budgets = [ArchiveBudget(_worker(redis_url, job_name)) for _ in range(2)]
    waits = [budgets[i % 2].turn("snapshots", 0.5) for i in range(6)]  # two workers, alternating
    # Each turn comes half a second after the previous one, whichever worker took it (the few
    # milliseconds between the calls shorten each wait a little, never lengthen it).
    for number, wait in enumerate(waits):
        assert number * 0.5 - 0.25 < wait <= number * 0.5, waits


def test_no_turn_is_given_inside_a_pause(redis_url: str, job_name: str) -> None:
    from distributed.budget import ArchiveBudget

    pausing, other = (ArchiveBudget(_worker(redis_url, job_name)) for _ in range(2))
    pausing.pause(60)
    assert 59 < other.paused_for() <= 60
    assert 59 < other.turn("snapshots", 0.1) <= 60
    pausing.pause(1)  # a shorter pause does not shorten the current one
    assert other.paused_for() > 59
