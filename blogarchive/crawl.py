"""The crawl a dataset part records: spider name, its `-a` arguments, a fresh run id."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogarchive.privacy import pseudonymiser_from
from dataset_folder.crawlinfo import CrawlInfo
from dataset_folder.parts import new_run_id, worker_run_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Options of `scrapy crawl` that take a value: the value is not a spider argument.
_VALUED_OPTIONS = {"-s", "--set", "-o", "--output", "-O", "--overwrite-output", "-t", "--output-format", "-L"}
_VALUED_OPTIONS |= {"--logfile", "--loglevel", "--pidfile"}


def crawl_info(crawler: Crawler, run_id: str | None = None) -> CrawlInfo:
    """What the run's part files say about it. `-s RUN_ID=...` (`scrapy reextract` derives one
    from its input) fixes the id and leaves the start time out: the files then depend on the
    input and the code only, not on when the run happened. A job worker's id names the worker."""
    from distributed.job import job_of

    spider = crawler.spider
    pseudonymiser = pseudonymiser_from(crawler.settings)
    fixed = crawler.settings.get("RUN_ID")
    job = job_of(crawler)
    run_id = run_id or fixed or new_run_id()
    return CrawlInfo(
        spider=getattr(spider, "name", "") or "",
        arguments=spider_arguments(spider),
        run_id=worker_run_id(run_id, job.worker) if job is not None else run_id,
        started_at="" if fixed else datetime.now(timezone.utc).isoformat(timespec="seconds"),
        key_fingerprint=pseudonymiser.fingerprint if pseudonymiser else "",
        bloggers_pseudonymised=bool(pseudonymiser and pseudonymiser.bloggers),
    )


def spider_arguments(spider: Any, argv: Sequence[str] | None = None) -> dict[str, str]:
    """The `-a NAME=VALUE` arguments the spider was started with.

    Scrapy hands them to the spider's constructor and keeps no copy, and spiders store them
    under their own names (`url` becomes `scope`), so a spider may declare them as a dict in
    `arguments`; otherwise they are read from the `scrapy crawl` command line.
    """
    declared = getattr(spider, "arguments", None)
    if isinstance(declared, dict):
        return {str(k): str(v) for k, v in declared.items() if v is not None}
    if argv is None:
        if not _run_by_scrapy_cli(sys.argv[0] if sys.argv else ""):
            return {}
        argv = sys.argv[1:]  # Scrapy has already removed the command name from it
    found: dict[str, str] = {}
    tokens = iter(list(argv))
    for token in tokens:
        if token in _VALUED_OPTIONS:
            next(tokens, None)
            continue
        if token == "-a":
            pair = next(tokens, "")
        elif token.startswith("-a") and not token.startswith("--"):
            pair = token[2:]
        else:
            continue
        name, equals, value = pair.partition("=")
        if equals:
            found[name] = value
    return found


def _run_by_scrapy_cli(program: str) -> bool:
    """`scrapy ...` or `python -m scrapy ...`: argv then holds this crawl's options, not a script's."""
    path = Path(program)
    return path.name == "scrapy" or (path.name == "__main__.py" and path.parent.name == "scrapy")
