"""One row per post job-wide: a post (or skipped page) is written by the worker that claimed it.

The dedupe rule (`schemas.policy.DEDUPE_RULE`) holds inside one process through a set in memory;
across workers, a Redis hash maps each post_id (and skipped URL) to the worker that claimed it,
before the row goes to the writer. A claim by a live worker stands: it will commit the row (or
die). A claim by a dead worker stands only if that worker's committed parts hold the row; if
not (it died before its segment was committed), the claim passes, atomically, to the first
worker that asks, and the row is written again, once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dataset_folder.parts import part_files, worker_of

if TYPE_CHECKING:
    from distributed.job import Job

# KEYS: claims; ARGV: field, worker. The holder, this worker if nobody held it.
_CLAIM = """
local holder = redis.call('HGET', KEYS[1], ARGV[1])
if holder then return holder end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return ARGV[2]
"""
# KEYS: claims; ARGV: field, dead holder, worker. 1 if this worker took the claim over.
_TAKE_OVER = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
"""


class Claims:
    def __init__(self, job: Job, folder: Path) -> None:
        self.job = job
        self.folder = folder
        self.key = job.key("claims")
        self._claim = job.server.register_script(_CLAIM)
        self._take_over = job.server.register_script(_TAKE_OVER)
        self._committed: dict[tuple[str, str, str], set[str]] = {}  # (worker, table, column) -> values

    def claim(self, table: str, column: str, value: str) -> bool:
        """True: this worker writes the row. False: another worker has written it, or will."""
        field = f"{table}:{value}"
        holder = self._claim(keys=[self.key], args=[field, self.job.worker])
        holder = holder.decode() if isinstance(holder, bytes) else str(holder)
        if holder == self.job.worker:
            return True
        if self.job.alive(holder) or value in self.committed_by(holder, table, column):
            return False
        return bool(self._take_over(keys=[self.key], args=[field, holder, self.job.worker]))

    def committed_by(self, worker: str, table: str, column: str) -> set[str]:
        """The values of `column` in the committed parts a (dead) worker wrote: final, so cached."""
        cached = (worker, table, column)
        if cached not in self._committed:
            import pyarrow.parquet as pq

            files = [p for p in part_files(self.folder, table) if worker_of(p.name) == worker]
            self._committed[cached] = {v for p in files for v in pq.read_table(p, columns=[column])[column].to_pylist()}
        return self._committed[cached]
