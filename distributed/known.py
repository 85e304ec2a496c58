"""A set the workers of a job share (in Redis), for what a spider must know job-wide.

The Wayback spider remembers which posts it already has a chain of requests for (listed in the
index, or found by a link): in one process a Python set; across workers this, so that a post
found by a link on another worker's page is not fetched once per worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from distributed.job import job_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from distributed.job import Job


class JobSet:
    def __init__(self, job: Job, name: str) -> None:
        self.server = job.server
        self.key = job.key("known", name)

    def __contains__(self, value: object) -> bool:
        return bool(self.server.sismember(self.key, str(value)))

    def add(self, value: str) -> None:
        self.server.sadd(self.key, value)

    def update(self, values: Iterable[str]) -> None:
        values = list(values)
        if values:
            self.server.sadd(self.key, *values)


def known_set(crawler: Crawler, name: str) -> JobSet | set[str]:
    """The job's set called `name` when the crawl is a job's worker, else a set of this process."""
    job = job_of(crawler)
    return JobSet(job, name) if job is not None else set()
