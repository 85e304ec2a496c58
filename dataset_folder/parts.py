"""How a dataset folder is laid out on disk, and how it is made whole again after a crash.

A run writes *segments*: one part file per table under the same name
(`posts/part-<run>-<seq>.parquet`, `comments/part-<run>-<seq>.parquet`, ...). Each file is
written under a hidden temporary name (`.part-….parquet.tmp`), which every reader skips, and
renamed when the segment is committed; the posts file is renamed last. A post and its comments
are always in the same segment, so the posts file is the segment's commit mark:

- a hidden `.tmp` file is a segment that was never committed (the process died): unreadable
  (no Parquet footer), ignored by readers and by `scrapy validate`, removed by the next run;
- a comments or skipped part whose posts part is missing is a commit cut between two renames:
  its rows belong to posts the dataset does not hold, and the next run removes it before it
  fetches those posts again.

The pages a crawl fetched are kept beside the tables as WARC (`warc/part-<run>-<seq>.warc.gz`,
see `warc_parts.py`), under the same rule: hidden (`.part-….warc.gz.tmp`) until complete.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, one crawl per folder is then up to the user
    fcntl = None  # type: ignore[assignment]

from schemas import POSTS, TABLES

logger = logging.getLogger(__name__)

PART_SUFFIX = ".parquet"
TEMP_SUFFIX = ".parquet.tmp"
LOCK_NAME = ".lock"
WARC_DIR = "warc"
WARC_SUFFIX = ".warc.gz"
WARC_TEMP_SUFFIX = ".warc.gz.tmp"


def new_run_id() -> str:
    """Sorts by start time; the random tail keeps two runs started in the same second apart."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def derived_run_id(kind: str, *inputs: str) -> str:
    """A run id that depends on what the run reads, not on when: the same inputs, the same part
    file names (`scrapy reextract`: byte-identical output)."""
    return f"{kind}-" + hashlib.sha1("\n".join(inputs).encode("utf-8")).hexdigest()[:16]


def worker_run_id(run_id: str, worker: str) -> str:
    """The run id of one worker of a distributed job: its parts (and their hidden temporary
    files) say which worker wrote them, so recovery can tell a dead worker's leftovers from a
    live one's files in progress."""
    return f"{run_id}_w{worker}"


_WORKER_IN_NAME = re.compile(r"_w([0-9a-f]{10})-\d{5}\b")


def worker_of(name: str) -> str | None:
    """The worker id in a part file's name (`worker_run_id`), or None for a single-process run."""
    found = _WORKER_IN_NAME.search(name)
    return found.group(1) if found else None


def part_name(run_id: str, sequence: int) -> str:
    return f"part-{run_id}-{sequence:05d}"


def final_path(folder: Path, table: str, name: str) -> Path:
    return folder / table / f"{name}{PART_SUFFIX}"


def temp_path(folder: Path, table: str, name: str) -> Path:
    return folder / table / f".{name}{TEMP_SUFFIX}"


def part_files(folder: Path, table: str) -> list[Path]:
    """The committed part files of one table, in write order: what every reader sees."""
    directory = folder / table
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob(f"*{PART_SUFFIX}") if not p.name.startswith((".", "_")))


def warc_files(folder: Path) -> list[Path]:
    """The complete WARC files of the pages kept, in write order (hidden files are not yet complete)."""
    directory = folder / WARC_DIR
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob(f"*{WARC_SUFFIX}") if not p.name.startswith((".", "_")))


def leftovers(folder: Path) -> list[Path]:
    """Hidden temporary files of segments, and of WARC files, that were never committed."""
    tables = [p for t in TABLES if (folder / t.name).is_dir() for p in (folder / t.name).glob(f".*{TEMP_SUFFIX}")]
    warc = sorted((folder / WARC_DIR).glob(f".*{WARC_TEMP_SUFFIX}")) if (folder / WARC_DIR).is_dir() else []
    return sorted(tables) + warc


def uncommitted_parts(folder: Path) -> list[Path]:
    """Visible parts of other tables whose segment has no posts part: a commit cut short."""
    committed = {p.name for p in part_files(folder, POSTS.name)}
    return [p for t in TABLES if t is not POSTS for p in part_files(folder, t.name) if p.name not in committed]


class DatasetBusy(RuntimeError):
    """Another crawl is writing into this folder: two writers would undo each other's recovery."""


_LOCKS: dict[str, IO[str]] = {}
JOB_NAME_FILE = ".lock-job"
_GUARD_NAME = ".lock-guard"


def lock(folder: Path, job: str | None = None) -> None:
    """Hold the folder for this process: one crawl, or the workers of one job, write into it.

    An advisory `flock` on `.lock`: the system drops it when the process ends, even on SIGKILL,
    so a crash never leaves the folder locked. A plain crawl holds it exclusively; the workers of
    a distributed job hold it shared, and `.lock-job` names the job, so a worker of another job
    (or a plain crawl) is refused while any of them runs. Taken once per process (idempotent).
    """
    key = str(folder.resolve())
    if key in _LOCKS or fcntl is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle = (folder / LOCK_NAME).open("a", encoding="utf-8")
    try:
        if job is None:
            _take(handle, fcntl.LOCK_EX, folder, "another crawl")
        else:
            _take_for_job(handle, folder, job)
    except DatasetBusy:
        handle.close()
        raise
    _LOCKS[key] = handle


def _take(handle: IO[str], mode: int, folder: Path, who: str) -> None:
    try:
        fcntl.flock(handle, mode | fcntl.LOCK_NB)
    except BlockingIOError as busy:
        message = f"{folder} is being written by {who}; wait for it, or choose another DATASET_DIR"
        raise DatasetBusy(message) from busy


def _take_for_job(handle: IO[str], folder: Path, job: str) -> None:
    """Shared, under a short exclusive guard so two jobs cannot both find the folder free."""
    with (folder / _GUARD_NAME).open("a", encoding="utf-8") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # held for the few lines below, by one process at a time
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _take(handle, fcntl.LOCK_SH, folder, "a plain crawl")
            holder = _job_holding(folder)
            if holder != job:
                raise DatasetBusy(f"{folder} is being written by the workers of job {holder!r}, not {job!r}") from None
            return
        (folder / JOB_NAME_FILE).write_text(job, encoding="utf-8")  # the first worker: the job's folder now
        _take(handle, fcntl.LOCK_SH, folder, "a plain crawl")


def _job_holding(folder: Path) -> str:
    path = folder / JOB_NAME_FILE
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def busy(folder: Path, job: str | None = None) -> bool:
    """True when another process holds the folder's lock in a way that excludes this crawl
    (for a job's worker: a plain crawl, or another job's workers), now."""
    if fcntl is None or not (folder / LOCK_NAME).is_file() or str(folder.resolve()) in _LOCKS:
        return False
    with (folder / LOCK_NAME).open("a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if job is None:
                return True
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return _job_holding(folder) != job
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def unlock(folder: Path) -> None:
    handle = _LOCKS.pop(str(folder.resolve()), None)
    if handle is not None:
        handle.close()  # closing the file releases the flock


def recover(folder: Path, job: str | None = None, alive: Callable[[str], bool] | None = None) -> list[Path]:
    """Remove what a killed run left half-done, so its posts are fetched and written again.

    Runs when a crawl opens the folder, under its lock: the hidden files it removes cannot be
    those of a crawl still writing. A job's workers share the lock, so for them only the files
    of dead workers (`alive(worker)` false, see `worker_of`) and of single-process runs go.
    """
    lock(folder, job)
    removed = [*leftovers(folder), *uncommitted_parts(folder)]
    if alive is not None:
        removed = [p for p in removed if not ((worker := worker_of(p.name)) and alive(worker))]
    for path in removed:
        logger.warning("Removing %s: left by a run that did not finish; its posts will be written again", path)
        path.unlink(missing_ok=True)
    return removed
