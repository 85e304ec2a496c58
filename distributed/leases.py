"""Requests on loan: taken from the shared queue, given back unless their items were committed.

scrapy-redis pops a request destructively, so a worker killed mid-fetch takes it to the grave
(rmax/scrapy-redis#177: it is in the dupefilter, never queued again). Here a pop moves the
request, atomically, from the queue into this worker's *leases* (a sorted set, the score is the
request's queue priority). A lease whose request the engine has finished with (every request it
yielded is queued, every item it yielded has passed the pipelines) moves to the worker's *done*
set; the items are then in a Parquet segment not yet committed, so the lease is only deleted
when the next segment commits. A worker whose heartbeat expired has both sets put back into the
queue by whichever worker notices first (`reclaim`): what it had fetched is fetched again, and
the job-wide claims (`claims.py`) keep any post it did commit from being written twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed.job import Job

# KEYS: queue, leases. The first request by priority, moved into the leases with its score.
_TAKE = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return false end
redis.call('ZREM', KEYS[1], first[1])
redis.call('ZADD', KEYS[2], first[2], first[1])
return first
"""

# KEYS: queue, leases, done, heartbeat, workers; ARGV: worker. Nothing if the worker is alive.
_RECLAIM = """
if redis.call('EXISTS', KEYS[4]) == 1 then return -1 end
local count = redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])
if count > 0 then
  redis.call('ZUNIONSTORE', KEYS[1], 3, KEYS[1], KEYS[2], KEYS[3], 'AGGREGATE', 'MIN')
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SREM', KEYS[5], ARGV[1])
return count
"""


class LeaseBook:
    """This worker's leases: which request holds which queue entry, and what is settled."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.held: dict[Any, tuple[bytes, float]] = {}  # request -> (queue entry, score)
        self.finished: dict[bytes, float] = {}  # entries in `done`, waiting for a commit
        self._take = job.server.register_script(_TAKE)
        self._reclaim = job.server.register_script(_RECLAIM)

    def take(self) -> tuple[bytes, float] | None:
        """The next queue entry, leased to this worker; None when the queue is empty."""
        found = self._take(keys=[self.job.queue_key, self.job.leases_key()])
        if not found:
            return None
        entry, score = found
        return bytes(entry), float(score)

    def hold(self, request: Any, entry: bytes, score: float) -> None:
        self.held[request] = (entry, score)

    def in_flight(self, running: set[Any]) -> int:
        return sum(1 for request in self.held if request in running)

    def settle(self, running: set[Any]) -> int:
        """Move the leases of requests the engine no longer runs into `done`; how many moved."""
        over = [request for request in self.held if request not in running]
        if not over:
            return 0
        pipe = self.job.server.pipeline()
        for request in over:
            entry, score = self.held[request]
            pipe.zadd(self.job.done_key(), {entry: score})
            pipe.zrem(self.job.leases_key(), entry)
        pipe.execute()  # first Redis, then this book: a failed call leaves both as they were
        for request in over:
            entry, score = self.held.pop(request)
            self.finished[entry] = score
        return len(over)

    def release(self) -> int:
        """A segment was committed: the finished leases' items are safe on disk, the leases go."""
        if not self.finished:
            return 0
        entries = list(self.finished)
        self.job.server.zrem(self.job.done_key(), *entries)
        self.finished.clear()
        return len(entries)

    def give_back(self) -> int:
        """Every lease still here goes back to the queue (a stop before its items were committed)."""
        entries = {**{e: s for e, s in self.held.values()}, **self.finished}
        if entries:
            pipe = self.job.server.pipeline()
            pipe.zadd(self.job.queue_key, entries)
            pipe.zrem(self.job.leases_key(), *entries)
            pipe.zrem(self.job.done_key(), *entries)
            pipe.execute()
        self.held.clear()
        self.finished.clear()
        return len(entries)

    def reclaim(self, worker: str) -> int:
        """Put a dead worker's leases back into the queue: how many (-1: it is alive after all)."""
        job = self.job
        keys = [job.queue_key, job.leases_key(worker), job.done_key(worker), job.heartbeat_key(worker), job.workers_key]
        return int(self._reclaim(keys=keys, args=[worker]))

    def reclaim_dead(self) -> int:
        """Reclaim every worker of the job whose heartbeat has expired; the number of requests."""
        total = 0
        for worker in self.job.workers():
            if worker != self.job.worker and not self.job.alive(worker):
                total += max(0, self.reclaim(worker))
        return total

    def frontier_empty(self) -> bool:
        """No request queued, and none leased by a live worker that could still yield more."""
        job = self.job
        if job.server.zcard(job.queue_key):
            return False
        return not any(job.server.zcard(job.leases_key(w)) for w in job.workers() if job.alive(w))
