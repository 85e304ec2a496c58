"""One worker of a distributed job (`-s REDIS_URL`) crawls a blog exactly as a plain crawl does:
every post once, each page fetched once, and what it leaves in Redis is the job's memory (queue
empty, fingerprints kept), nothing of its own (no lease, no heartbeat)."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest

from dataset_folder.parts import part_files, worker_of
from dataset_folder.validation import validate
from distributed.job import KEY_PREFIX, Job, connect
from distributed.status import job_status
from tests.crawling import POST_PAGE, SITES, HeldSite, crawl


def _job() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def site() -> Iterator[HeldSite]:
    with HeldSite(SITES / "typepad-fr-sample") as served:
        yield served


@pytest.fixture(scope="module")
def worker_run(redis_url: str, site: HeldSite, tmp_path_factory: pytest.TempPathFactory):
    job = _job()
    settings = {"REDIS_URL": redis_url, "JOB_NAME": job, "REDIS_IDLE_SECONDS": "0"}
    result = crawl("blog", tmp_path_factory.mktemp("job") / "dataset", {"url": site.url("/mon_blog/")}, **settings)
    assert result.returncode == 0, result.log[-3000:]
    return result, Counter(site.requests), job


def test_one_worker_writes_every_post_and_comment_once(worker_run, sample_expected: dict) -> None:
    result, _requests, _job_name = worker_run
    posts = result.rows("posts")
    assert sorted(p["url"].split("/", 3)[3] for p in posts) == sorted(
        p["path"].lstrip("/") for p in sample_expected["posts"]
    )
    assert len(result.rows("comments")) == sum(len(p["comments"]) for p in sample_expected["posts"])


def test_each_page_is_fetched_once_through_the_shared_queue(worker_run) -> None:
    result, requests, _job_name = worker_run
    posts = {path: n for path, n in requests.items() if POST_PAGE.search(path)}
    assert posts and set(posts.values()) == {1}
    assert result.stats["scheduler/dequeued/redis"] == result.stats["scheduler/enqueued/redis"]


def test_the_parts_name_the_worker_and_the_folder_validates(worker_run) -> None:
    result, _requests, _job_name = worker_run
    workers = {worker_of(p.name) for p in part_files(result.dataset, "posts")}
    assert workers == {result.stats["job/worker"]}
    assert validate(result.dataset).ok


def test_redis_keeps_the_job_not_the_worker(worker_run, redis_url: str) -> None:
    _result, _requests, job = worker_run
    server = connect(redis_url)
    keys = {k.decode().removeprefix(f"{KEY_PREFIX}:{job}:") for k in server.keys(f"{KEY_PREFIX}:{job}:*")}
    assert keys == {"dupefilter", "claims"}  # no queue left, no lease, no heartbeat, no worker
    assert server.scard(f"{KEY_PREFIX}:{job}:dupefilter") > 32


def test_the_job_status_and_the_workers_status_file(worker_run, redis_url: str) -> None:
    result, _requests, job = worker_run
    status = job_status(Job(job, connect(redis_url), worker="-"))
    assert status["queued"] == 0 and status["workers"] == {}
    assert status["rows_claimed"] == len(result.rows("posts")) + len(result.rows("skipped"))
    worker_file = json.loads((result.dataset / f"crawl-status-{result.stats['job/worker']}.json").read_text())
    assert worker_file["state"] == "finished" and worker_file["posts"] == len(result.rows("posts"))


def test_a_second_run_of_a_finished_job_fetches_only_the_home(worker_run, redis_url: str, site: HeldSite) -> None:
    result, first, job = worker_run
    settings = {"REDIS_URL": redis_url, "JOB_NAME": job, "REDIS_IDLE_SECONDS": "0"}
    again = crawl("blog", result.dataset, {"url": site.url("/mon_blog/")}, **settings)
    assert again.returncode == 0, again.log[-3000:]
    assert Counter(site.requests) - first == Counter({"/mon_blog/": 1, "/robots.txt": 1})
    assert len(again.rows("posts")) == len(result.rows("posts"))


def test_a_redis_server_that_does_not_answer_is_one_clear_line(tmp_path) -> None:
    import subprocess

    from tests.crawling import child_env, crawl_command

    command = crawl_command("blog", tmp_path / "dataset", {"url": "http://127.0.0.1:9/blog/"},
                            {"REDIS_URL": "redis://127.0.0.1:1/0"})  # fmt: skip
    done = subprocess.run(command, env=child_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "the job's Redis server cannot be used" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "dataset").exists()
