"""Where a crawl's dataset lives: `-s DATASET_DIR=...`, else `datasets/<spider>-<blog>`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any


def dataset_dir(crawler: Any) -> Path:
    explicit = crawler.settings.get("DATASET_DIR")
    if explicit:
        return Path(explicit)
    spider = crawler.spider
    name = getattr(spider, "dataset_name", None)
    if not name:
        scope = getattr(spider, "scope", None)
        blog = f"{scope.netloc}{scope.prefix}" if scope else "blog"
        name = f"{spider.name}-" + re.sub(r"[^A-Za-z0-9._-]+", "_", blog).strip("_")
    return Path(crawler.settings.get("DATASETS_ROOT")) / name


def planned_dataset_dir(spider_class: type, arguments: dict[str, str], settings: Any) -> Path:
    """The folder a crawl of `spider_class` with these arguments will write, before it starts
    (spiders' constructors only read their arguments)."""
    from types import SimpleNamespace

    return dataset_dir(SimpleNamespace(settings=settings, spider=spider_class(**arguments)))


def folder_job(crawler: Any) -> tuple[str | None, Callable[[str], bool] | None]:
    """Who shares the folder: the job's name and its liveness test when the crawl is a worker of
    a distributed job (`-s REDIS_URL`), else (None, None): the folder is this crawl's alone."""
    from distributed.job import job_of

    job = job_of(crawler)
    return (job.name, job.alive) if job is not None else (None, None)
