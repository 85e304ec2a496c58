"""What a job is doing, from Redis alone: `scrapy jobstatus NAME -s REDIS_URL=...` prints it.

Each worker also rewrites its own `crawl-status-<worker>.json` in the dataset folder (the
progress figures of `blogarchive/progress.py`); this is the job-wide view: requests queued,
each live worker's requests in flight and finished-but-uncommitted, rows claimed so far.
"""

from __future__ import annotations

from typing import Any

from distributed.job import Job


def job_status(job: Job) -> dict[str, Any]:
    server = job.server
    workers = {}
    for worker in job.workers():
        workers[worker] = {
            "alive": job.alive(worker) if worker != job.worker else bool(server.exists(job.heartbeat_key(worker))),
            "in_flight": server.zcard(job.leases_key(worker)),
            "awaiting_commit": server.zcard(job.done_key(worker)),
        }
    return {
        "job": job.name,
        "queued": server.zcard(job.queue_key),
        "requests_seen": server.scard(job.key("dupefilter")),
        "rows_claimed": server.hlen(job.key("claims")),
        "workers": workers,
    }


def status_lines(status: dict[str, Any]) -> list[str]:
    lines = [f"job {status['job']}: {status['queued']} requests queued, {status['requests_seen']} seen, "
             f"{status['rows_claimed']} posts and skipped pages claimed by workers"]  # fmt: skip
    for worker, figures in sorted(status["workers"].items()):
        state = "alive" if figures["alive"] else "dead (its leases go back to the queue)"
        lines.append(f"  worker {worker}: {state}, {figures['in_flight']} requests in flight, "
                     f"{figures['awaiting_commit']} finished awaiting a commit")  # fmt: skip
    if not status["workers"]:
        lines.append("  no worker: the job is finished, or not started (run `scrapy crawl` with the same -s JOB_NAME)")
    return lines
