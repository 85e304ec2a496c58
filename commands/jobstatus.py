"""`scrapy jobstatus NAME -s REDIS_URL=redis://HOST:PORT/DB`: a distributed job, seen from Redis.

The name is the job's (`-s JOB_NAME`, or the one its workers log at start: "Worker … of job
NAME"). `--json` prints the figures as JSON, for a script that watches the job.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser, Namespace

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # reads Redis only: no reactor, no spider

    def syntax(self) -> str:
        return "[--json] JOB_NAME"

    def short_desc(self) -> str:
        return "Print what a distributed job is doing: requests queued, workers alive and in flight"

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="the figures as JSON")

    def run(self, args: list[str], opts: Namespace) -> None:
        from distributed.job import Job, connect, redis_url
        from distributed.status import job_status, status_lines

        if len(args) != 1:
            raise UsageError("give one job name, e.g. blog-6cfe00d9aa0c")
        assert self.settings is not None
        url = redis_url(self.settings)
        if url is None:
            raise UsageError("-s REDIS_URL=redis://HOST:PORT/DB is needed: where the job lives")
        status = job_status(Job(args[0], connect(url), worker="-"))
        print(json.dumps(status, indent=1) if opts.json else "\n".join(status_lines(status)))
