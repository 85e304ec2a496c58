"""The switch: with `-s REDIS_URL`, the crawl's scheduler becomes the job's (a Scrapy add-on).

Add-ons run before the settings are frozen, after the command line's, so `-s REDIS_URL` alone is
enough and nothing changes without it. The frontier is then in Redis, whatever JOBDIR says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from distributed.job import redis_url

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


class DistributedJob:
    def update_settings(self, settings: BaseSettings) -> None:
        if redis_url(settings) is None:
            return
        try:
            import redis  # noqa: F401
            import scrapy_redis  # noqa: F401
        except ImportError as missing:
            raise RuntimeError(
                f"-s REDIS_URL needs the distributed extra ({missing.name} is not installed): "
                "pip install -e '.[distributed]'"
            ) from None
        # Queue, fingerprints and leases in Redis; the engine pulls a request only while fewer
        # than REDIS_PREFETCH are in flight in this worker (distributed/scheduler.py).
        settings.set("SCHEDULER", "distributed.scheduler.JobScheduler", priority="addon")
