"""Who is who in a job: its name, this worker's id, the Redis keys they share, liveness.

A worker is alive while its heartbeat key exists: it is set with an expiry of
`REDIS_LEASE_SECONDS` and renewed every third of that, so a worker killed (SIGKILL, power cut)
stops being alive at most that long after its last beat, and whatever it held goes back to the
others (`leases.py`, `claims.py`). The job name is the namespace of every key, so several jobs
share one Redis server without seeing each other.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import uuid
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

KEY_PREFIX = "blogarchive"
DEFAULT_LEASE_SECONDS = 30.0
# Worker ids are in part file names (dataset_folder/parts.py reads them back): hex only.
_WORKER_ID = re.compile(r"^[0-9a-f]{10}$")


def redis_url(settings: BaseSettings) -> str | None:
    """The job's server, or None: a plain single-process crawl."""
    return settings.get("REDIS_URL") or None


def job_name(settings: BaseSettings, spider_name: str, arguments: dict[str, str]) -> str:
    """`-s JOB_NAME`, else the spider and a digest of its arguments: the same command on every
    machine names the same job, a different blog list a different one."""
    explicit = settings.get("JOB_NAME")
    if explicit:
        return str(explicit)
    digest = hashlib.sha1(json.dumps(arguments, sort_keys=True).encode()).hexdigest()[:12]
    return f"{spider_name}-{digest}"


def planned_job_name(spider_class: type, arguments: dict[str, str], settings: BaseSettings) -> str | None:
    """The job a `scrapy crawl` will be a worker of, before it starts; None without REDIS_URL."""
    if redis_url(settings) is None:
        return None
    from blogarchive.crawl import spider_arguments

    spider = spider_class(**arguments)
    return job_name(settings, spider.name, spider_arguments(spider))


def redis_problem(settings: BaseSettings) -> str | None:
    """Why the job's Redis server cannot be used (one line for the user), or None: fine, or no job."""
    url = redis_url(settings)
    if url is None:
        return None
    try:
        import redis

        connect(url).ping()
    except ImportError:
        return "-s REDIS_URL needs the distributed extra: pip install -e '.[distributed]'"
    except (redis.RedisError, ValueError) as error:
        return f"-s REDIS_URL={url}: the job's Redis server cannot be used ({error})"
    return None


def new_worker_id() -> str:
    return uuid.uuid4().hex[:10]


def is_worker_id(text: str) -> bool:
    return bool(_WORKER_ID.match(text))


@dataclass
class Job:
    """One job on one Redis server, seen from one worker."""

    name: str
    server: redis.Redis
    worker: str = field(default_factory=new_worker_id)
    lease_seconds: float = DEFAULT_LEASE_SECONDS

    def key(self, *parts: str) -> str:
        return ":".join((KEY_PREFIX, self.name, *parts))

    @property
    def queue_key(self) -> str:
        return self.key("requests")

    @property
    def workers_key(self) -> str:
        return self.key("workers")

    def heartbeat_key(self, worker: str | None = None) -> str:
        return self.key("alive", worker or self.worker)

    def leases_key(self, worker: str | None = None) -> str:
        """Requests a worker took and has not finished: they may still produce requests."""
        return self.key("leases", worker or self.worker)

    def done_key(self, worker: str | None = None) -> str:
        """Requests a worker finished whose items are not yet committed to Parquet."""
        return self.key("done", worker or self.worker)

    def beat(self) -> bool:
        """Renew this worker's heartbeat; False if it had expired (others may have taken its leases)."""
        milliseconds = int(self.lease_seconds * 1000)
        pipe = self.server.pipeline()
        pipe.exists(self.heartbeat_key())
        pipe.set(self.heartbeat_key(), json.dumps({"host": socket.gethostname()}), px=milliseconds)
        pipe.sadd(self.workers_key, self.worker)
        existed, _, _ = pipe.execute()
        return bool(existed)

    def alive(self, worker: str) -> bool:
        return worker == self.worker or bool(self.server.exists(self.heartbeat_key(worker)))

    def workers(self) -> list[str]:
        return sorted(w.decode() if isinstance(w, bytes) else w for w in self.server.smembers(self.workers_key))

    def leave(self) -> None:
        """A clean exit: this worker holds nothing any more (leases were settled before)."""
        pipe = self.server.pipeline()
        pipe.delete(self.heartbeat_key(), self.leases_key(), self.done_key())
        pipe.srem(self.workers_key, self.worker)
        pipe.execute()


def connect(url: str) -> redis.Redis:
    import redis

    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)


_JOBS: weakref.WeakKeyDictionary[Any, Job] = weakref.WeakKeyDictionary()


def job_of(crawler: Crawler) -> Job | None:
    """The job this crawl is a worker of (one per crawler, shared by its components), or None."""
    url = redis_url(crawler.settings)
    if url is None:
        return None
    if crawler not in _JOBS:
        from blogarchive.crawl import spider_arguments

        spider = crawler.spider
        name = job_name(crawler.settings, getattr(spider, "name", "") or "", spider_arguments(spider))
        lease = crawler.settings.getfloat("REDIS_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)
        _JOBS[crawler] = Job(name, connect(url), lease_seconds=lease)
    return _JOBS[crawler]
