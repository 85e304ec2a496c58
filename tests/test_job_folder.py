"""One dataset folder, many writers: the workers of one job share it, anyone else is refused;
recovery removes only what dead workers (or single-process runs) left half-done."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dataset_folder.parts import DatasetBusy, busy, lock, recover, temp_path, unlock, worker_of, worker_run_id
from tests.crawling import PROJECT_ROOT

RUN = "20261201T000000-00000000"


@contextmanager
def _held(folder: Path, job: str | None) -> Iterator[None]:
    """Another process holding the folder, as a crawl (job None) or a job's worker does."""
    holder = "import sys, time; from pathlib import Path; from dataset_folder.parts import lock; "
    holder += "lock(Path(sys.argv[1]), sys.argv[2] or None); print('held', flush=True); time.sleep(60)"
    other = subprocess.Popen([sys.executable, "-c", holder, str(folder), job or ""], cwd=PROJECT_ROOT,
                             stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert other.stdout.readline() == b"held\n"
        yield
    finally:
        other.kill()
        other.wait()
        other.stdout.close()


def _can_lock(folder: Path, job: str | None) -> bool:
    try:
        lock(folder, job)
    except DatasetBusy:
        return False
    unlock(folder)
    return True


def test_workers_of_one_job_share_the_folder(tmp_path: Path) -> None:
    with _held(tmp_path, "job-a"), _held(tmp_path, "job-a"):  # two workers already
        assert not busy(tmp_path, "job-a")
        assert _can_lock(tmp_path, "job-a")


def test_another_job_or_a_plain_crawl_is_refused_while_a_job_writes(tmp_path: Path) -> None:
    with _held(tmp_path, "job-a"):
        assert busy(tmp_path) and busy(tmp_path, "job-b")
        assert not _can_lock(tmp_path, None)
        assert not _can_lock(tmp_path, "job-b")


def test_a_job_is_refused_while_a_plain_crawl_writes(tmp_path: Path) -> None:
    with _held(tmp_path, None):
        assert busy(tmp_path, "job-a")
        assert not _can_lock(tmp_path, "job-a")


def test_a_folder_a_job_left_is_free_for_another(tmp_path: Path) -> None:
    with _held(tmp_path, "job-a"):
        pass
    assert _can_lock(tmp_path, "job-b")
    assert _can_lock(tmp_path, None)


def _leftover(folder: Path, worker: str | None) -> Path:
    run = worker_run_id(RUN, worker) if worker else RUN
    path = temp_path(folder, "posts", f"part-{run}-00001")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"half a parquet file")
    return path


def test_recovery_keeps_a_live_workers_files_in_progress(tmp_path: Path) -> None:
    live, dead = _leftover(tmp_path, "aaaaaaaaaa"), _leftover(tmp_path, "bbbbbbbbbb")
    single = _leftover(tmp_path, None)
    assert worker_of(live.name) == "aaaaaaaaaa" and worker_of(single.name) is None
    try:
        removed = recover(tmp_path, "job-a", alive=lambda worker: worker == "aaaaaaaaaa")
    finally:
        unlock(tmp_path)
    assert sorted(removed) == sorted([dead, single])
    assert live.exists() and not dead.exists() and not single.exists()


@pytest.mark.parametrize("name", ["part-20261201T000000-00000000-00001.parquet", "part-x_wZZ-00001.parquet"])
def test_a_part_of_no_worker_names_none(name: str) -> None:
    assert worker_of(name) is None
