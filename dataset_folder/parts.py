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
import uuid
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


def lock(folder: Path) -> None:
    """Hold the folder for this process: one crawl at a time writes into a dataset folder.

    An advisory `flock` on `.lock`: the system drops it when the process ends, even on SIGKILL,
    so a crash never leaves the folder locked. Taken once per process (idempotent).
    """
    key = str(folder.resolve())
    if key in _LOCKS or fcntl is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle = (folder / LOCK_NAME).open("a", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as busy:
        handle.close()
        message = f"{folder} is being written by another crawl; wait for it, or choose another DATASET_DIR"
        raise DatasetBusy(message) from busy
    _LOCKS[key] = handle


def busy(folder: Path) -> bool:
    """True when another process holds the folder's lock (a crawl writing into it), now."""
    if fcntl is None or not (folder / LOCK_NAME).is_file() or str(folder.resolve()) in _LOCKS:
        return False
    with (folder / LOCK_NAME).open("a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def unlock(folder: Path) -> None:
    handle = _LOCKS.pop(str(folder.resolve()), None)
    if handle is not None:
        handle.close()  # closing the file releases the flock


def recover(folder: Path) -> list[Path]:
    """Remove what a killed run left half-done, so its posts are fetched and written again.

    Runs when a crawl opens the folder, under its lock: the hidden files it removes cannot be
    those of a crawl still writing.
    """
    lock(folder)
    removed = [*leftovers(folder), *uncommitted_parts(folder)]
    for path in removed:
        logger.warning("Removing %s: left by a run that did not finish; its posts will be written again", path)
        path.unlink(missing_ok=True)
    return removed
